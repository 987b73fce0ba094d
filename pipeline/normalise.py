"""The analysis text: one spelling of Chinese, whatever script, width or junk the page had.

The original text is stored as published; everything that reads meaning (dedup,
recognition, extraction of agreements, search) reads this normalised form.
"""

from __future__ import annotations

import html
import re
import unicodedata

from pipeline.textnorm import cn_number, strip_invisible, to_simplified

_SPACE = re.compile(r"[^\S\n]+")
# A pinyin gloss after a character: 犍(qián)为, 綦(qí)江 — reading aids, not text. A tone
# mark is required so that 世界银行(World Bank) stays. Runs after NFKC: parentheses are ASCII.
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[^)]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
    r"(?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\s?){1,4}\)",
    re.IGNORECASE,
)
# The same gloss on a mis-encoded page, its character and "(" turned into "?", often with a
# stray letter after it: 叶永忠?guī)ш?duì)一行 (was 带(dài)队(duì)). Removing it keeps the
# sentence whole, where "?" would end it.
_MANGLED_GLOSS = re.compile(
    r"\?(?=[^)]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,6}\)"
    r"[^\s\u4e00-\u9fff\d,。?!:;、]?",
    re.IGNORECASE,
)
# HTML entities left in text copied from a page's source: "签署&nbsp;《…》", "&amp;".
_ENTITY = re.compile(r"&(?:[a-z]{2,8}|#\d{2,7}|#x[0-9a-f]{2,6});", re.IGNORECASE)
# Runs of decorative symbols left by share bars and dividers: ★★★, ———, ■■.
_DECORATION = re.compile(r"([★☆■□◆◇●○▲△▼▽※＊*=~—-])\1{2,}")
# An e-paper's page turn inside a story: "(上接第1版)", "(下转第2版)", "(紧接A1版)".
PAGE_TURN = re.compile(r"[(（](?:上接|下转|紧接|接|转)第?\s*[A-Z]?\d{1,2}\s*版[)）]")
# Spaces a CMS (or pangu.js-style typesetting) puts between Han text and Latin digits:
# "2024 年 5 月 16 日", "签署 3 份协议", "船山区 6 家企业", "《…建设 2.0 合作协议》". A number
# glued to a time, a date's dashes, a list's "6." or Latin letters keeps its spaces, and so
# does a table row's number
# ("2024-05-16 09:33 来源", "…学院 6.校地…", spam's "政府 3044am永利").
_SPACE_BEFORE_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff—]) +(?=\d+(?:\.\d+)?(?![\d:/.\-A-Za-z%]))")
_SPACE_AFTER_NUMBER = re.compile(r"(?<=[^\d:/.\-A-Za-z\s])(\d+(?:\.\d+)?) +(?=[\u4e00-\u9fff—])")
# The part of that a page's layout may undo before it is read: a date's or a count's, beside
# its unit. pipeline.extract's bylines are matched with the other spaces ("宜宾日报  2023年…").
_UNIT = "年月日号时点分秒个份项家所对名位届次批条万亿元余多市区县镇乡村街类轮期版小"
_SPACED_UNIT = re.compile(
    rf"(?<=\d) +(?=[{_UNIT}])|(?<=[年月第约近共计达超逾署订签了和与、]) +(?=\d)"
)


# A date in Chinese numerals, as official documents print it: "二〇二四年五月十六日". The
# analysis reads it as "2024年5月16日", so a year said in words orders events as digits do.
# A 《title》 keeps what it printed.
_CN_YEAR = re.compile(r"(?<![〇○零一二三四五六七八九十])([〇○零一二三四五六七八九]{4})(?=年)")
_CN_DAY = re.compile(
    r"(?<![〇○零一二三四五六七八九十])(十[一二]?|[一二三四五六七八九])月"
    r"([一二]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])(?=[日号])"
)
# A paper's "昨(12)日", "今(5)日": the day of the month, stated.
_BRACKETED_DAY = re.compile(r"[昨今前]\((\d{1,2})\)日")
_TITLE = re.compile(r"(《[^》\n]*》)")


# A title's marks as a reprint or a plain-text copy prints them: 〈…〉, ＜…＞ (NFKC: <…>),
# <<…>>. Read as 《…》 where no 《…》 holds them (there 〈…〉 is the title inside a title).
_OTHER_TITLE = re.compile(
    r"〈([^〈〉《》\n]{2,80})〉|<<?(?=[^<>\n]*[\u4e00-\u9fff]{2})([^<>\s][^<>\n]{0,78}[^<>\s])>>?"
    r"|<< (?=[^<>\n]*[\u4e00-\u9fff]{2})([^<>\s][^<>\n]{0,78}[^<>\s]) >>"  # "<< 川渝…协议 >>"
)


# The same marks around a title the layout broke over two lines: "签署<<成渝…协\n同发展…>>".
_BROKEN_MARKS = re.compile(r"<<([^<>\n]{1,78}\n[^<>\n]{1,78})>>")


def _title_marks(line: str) -> str:
    def marked(part: str) -> str:
        return _OTHER_TITLE.sub(lambda m: f"《{m[1] or m[2] or m[3]}》", part)

    return "".join(p if p.startswith("《") else marked(p) for p in _TITLE.split(line))


def _digit_dates(text: str) -> str:
    def plain(part: str) -> str:
        part = _CN_YEAR.sub(lambda m: str(cn_number(m[1])), part)
        return _CN_DAY.sub(lambda m: f"{cn_number(m[1])}月{cn_number(m[2])}", part)

    return "".join(p if p.startswith("《") else plain(p) for p in _TITLE.split(text))


# A month and day written with a slash between Han words: "一行8人5/10访问", "协会10/18与…".
_SLASHED_DAY = re.compile(
    r"(?<=[\u4e00-\u9fff)])(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])(?=[\u4e00-\u9fff])"
)


# What an OCR engine reads wrong in a scanned page, where only one reading makes sense: a
# digit's look-alike letter inside a number ("3月l6曰", "2O22年", "l0O%"; Latin words keep
# theirs: "G2O", "MoU"), 曰 after a day's number, 己 for 已 before what is done ("己完成",
# "己于2021年"; 自己, 知己 stay), 入 for 人 in a body's name ("区入民政府"), and a 《 lost
# before a signed document's name ("签署成渝…合作备忘录》").
# (a number of one digit is read only before a unit or after 第/年/月: "O3" is ozone)
_DIGIT_ALIKE = re.compile(
    r"(?<![A-Za-z])(?=[lO]*\d)(?:(?=[lO]*\d[lO]*\d)[\dlO]*[lO][\dlO]*"
    r"|(?<=[第年月])[\dlO]*[lO][\dlO]*"
    r"|[\dlO]*[lO][\dlO]*(?= ?[年月日曰号期版条个份项家余多%万亿元对名次周岁.:-]))"
    r"(?![A-Za-z])"
)
_DAY_ALIKE = re.compile(r"(?<=\d) ?曰")  # (a typesetter's space may come between)
_DONE_ALIKE = re.compile(
    r"(?<![自知异利舍克为律恕正一])己(?=经|于|完成|签|达|形成|成为|建成|开通|启动|累计|实现|初步|全面|基本|联合|与|在|被)"
)
_PERSON_ALIKE = re.compile(r"(?<=[省市州县区镇乡])入民(?=政府|医院|法院|检察院|代表大会)")
_LOST_OPEN = re.compile(r"(?<=签署|签订)(了?)(?=[^《》\n。,;:，；：]{4,60}》)")
_ALIKE_DIGITS = str.maketrans("lO", "10")
_ANY_ALIKE = re.compile(r"\d[lO]|[lO]\d")  # most pages have none: the costly scan is skipped


def repair_ocr(text: str) -> str:
    """`text` with a scanner's misreadings put right where the context allows one reading."""
    if _ANY_ALIKE.search(text):
        text = _DIGIT_ALIKE.sub(lambda m: m[0].translate(_ALIKE_DIGITS), text)
    if "曰" in text:
        text = _DAY_ALIKE.sub("日", text)
    if "己" in text:
        text = _DONE_ALIKE.sub("已", text)
    if "入民" in text:
        text = _PERSON_ALIKE.sub("人民", text)
    if text.count("》") > text.count("《"):
        text = "\n".join(
            _LOST_OPEN.sub(r"\1《", line) if line.count("》") > line.count("《") else line
            for line in text.split("\n")
        )
    return text


def unescape_entities(text: str) -> str:
    """ "&nbsp;&nbsp;巴南&#12289;温江" → "\xa0\xa0巴南、温江": a page's source copied as text."""
    return _ENTITY.sub(lambda m: html.unescape(m[0]), text) if "&" in text else text


def unspace_numbers(line: str) -> str:
    """ "2024 年 5 月 16 日 09:33 来源" → "2024年5月16日 09:33 来源": dates and counts only."""
    return _SPACED_UNIT.sub("", line) if " " in line else line


# A copy that puts a space between words ("合江县 白沙镇 与 重庆市 江津区 塘河镇 …", a
# segmenter's output or anti-copy junk): told by how many of its Han characters a space
# follows; a headline's one space ("万达开交通一体化再提速 三地…") or a list's few stay.
_HAN_GAP = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")
_MIN_GAPS, _GAP_SHARE = 6, 0.3  # words of two characters or so: about one gap in two
_WIDE_GAP = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])|(?<=[,.;:!?()]) | (?=[,.;:!?()])")


def _unspaced(line: str) -> str:
    if " " not in line:
        return line
    gaps = len(_HAN_GAP.findall(line))
    if gaps >= _MIN_GAPS and gaps >= _GAP_SHARE * sum("\u4e00" <= c <= "\u9fff" for c in line):
        line = _WIDE_GAP.sub("", line)
    # before, then after: "船山区 6 家" → "船山区6 家" → "船山区6家"; a row's number opening
    # a line keeps its space ("1 资大文旅…合作协议 资阳市…")
    line = _SPACE_AFTER_NUMBER.sub(r"\1", _SPACE_BEFORE_NUMBER.sub("", line))
    return _SPACED_UNIT.sub("", line) if " " in line else line


def normalise(text: str) -> str:
    """Simplified script, NFKC (full-width → half-width), junk removed, one space per run.

    Paragraph breaks survive as "\\n" because sentence-level analysis needs them.
    """
    text = unescape_entities(text)
    folded = unicodedata.normalize("NFKC", to_simplified(strip_invisible(text)))
    folded = repair_ocr(folded)
    folded = _DECORATION.sub("", _MANGLED_GLOSS.sub("", _PINYIN_GLOSS.sub("", folded)))
    folded = PAGE_TURN.sub("", folded)
    if "<<" in folded:
        folded = _BROKEN_MARKS.sub(r"《\1》", folded)
    lines = (_SPACE.sub(" ", line).strip() for line in folded.split("\n"))
    lines = (_unspaced(line) for line in lines)
    if "〈" in folded or "<" in folded:
        lines = (_title_marks(line) if "〈" in line or "<" in line else line for line in lines)
    if "月" in folded or "年" in folded:
        lines = (_digit_dates(line) if "月" in line or "年" in line else line for line in lines)
    if "/" in folded:  # outlets abroad write days as "5/10": "代表团一行5/10访问洛杉矶"
        lines = (_SLASHED_DAY.sub(r"\1月\2日", line) if "/" in line else line for line in lines)
    if ")日" in folded:
        lines = (_BRACKETED_DAY.sub(r"\1日", line) for line in lines)
    return "\n".join(line for line in lines if line)
