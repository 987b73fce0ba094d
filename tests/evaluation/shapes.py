"""Shapes a real copy of a report may come in that change nothing it says.

An e-paper or forum copy breaks lines inside sentences, a reprint is in Traditional script
or full-width digits, a CMS writes half-width punctuation, indents paragraphs with
ideographic spaces or spaces digits out ("2024 年 5 月 16 日"), a portal wraps the story in
navigation and footer lines or runs its breadcrumb into the headline, a search index keeps
the page's <title> and its HTML entities, a site sprinkles zero-width junk, an official
document writes its dates in words.
`bench/reports_robustness.py` scores the labelled reports in each shape side by side;
tests/pipeline/test_own_reports_gate.py checks that a sample reads the same in each.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_WIDTH = 76  # half-character cells a narrow e-paper column or a forum quote holds (38 Han)


def _wrap(text: str) -> str:
    # Broken where the page's column is full: a Han character or full-width mark takes two
    # cells, a digit or Latin letter one (the corpus's "," was "，" on the page).
    out = []
    for line in text.splitlines():
        piece, cells = "", 0
        for ch in line:
            wide = 2 if ch in ",;:()!?" or unicodedata.east_asian_width(ch) in "WF" else 1
            if cells + wide > _WIDTH:
                out.append(piece)
                piece, cells = "", 0
            piece, cells = piece + ch, cells + wide
        out.append(piece)
    return "\n".join(out)


def _wrap_characters(text: str) -> str:
    # A forum's or a mailer's copy cut at a count of characters, digits and all.
    width = _WIDTH // 2
    out = []
    for line in text.splitlines():
        out.extend(line[i : i + width] for i in range(0, max(len(line), 1), width))
    return "\n".join(out)


_HALF = str.maketrans("，：；（）！？", ",:;()!?")


def _halfwidth(text: str) -> str:
    return text.translate(_HALF)


def _traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


def _indent(text: str, indent: str = "\u3000\u3000") -> str:
    # Each paragraph opens with two ideographic spaces; a line a column cut goes on unindented.
    out, opens = [], True
    for line in text.splitlines():
        out.append(indent + line if opens and line.strip() else line)
        opens = not line.strip() or line.rstrip().endswith(("。", "!", "?", "”", ":"))
    return "\n".join(out)


_NAV = "首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流\n当前位置：首页 > 新闻中心 > 要闻动态\n"
_FOOT = (
    "\n【打印本页】【关闭窗口】\n主办单位：某某市人民政府办公室 版权所有\n"
    "网站标识码：5100000001 蜀ICP备12345678号 川公网安备 51010402000001号\n"
)


def _furniture(text: str) -> str:
    # Navigation goes after the headline, as portals print it under their masthead.
    head, _, rest = text.partition("\n")
    return head + "\n" + _NAV + rest + _FOOT


# Between a Han character and a digit run, either side; never beside punctuation.
_HAN_DIGITS = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])")


def _spaced(text: str) -> str:
    # Typesetting that spaces Han text from Latin digits (pangu.js and the CMSs that copy
    # it): "2024 年 5 月 16 日", "签署 3 份协议".
    return _HAN_DIGITS.sub(" ", text)


_FULL_WIDTH = str.maketrans(
    {**{chr(c): chr(c + 0xFEE0) for c in range(0x30, 0x3A)},
     **{chr(c): chr(c + 0xFEE0) for c in range(0x41, 0x5B)},
     **{chr(c): chr(c + 0xFEE0) for c in range(0x61, 0x7B)}}
)  # fmt: skip


def _fullwidth(text: str) -> str:
    # A reprint's full-width digits and letters: "２０２４年５月１６日", "ＡＩ".
    return text.translate(_FULL_WIDTH)


def _entities(text: str) -> str:
    # A page's source copied as text: "&nbsp;&nbsp;" indents, "&ldquo;", "&#12289;".
    text = text.replace("“", "&ldquo;").replace("”", "&rdquo;").replace("、", "&#12289;")
    return _indent(text, "&nbsp;&nbsp;")


def _zero_width(text: str) -> str:
    # Anti-copy junk: a zero-width space after every fifth character.
    return "".join(c + "\u200b" if i % 5 == 4 and c != "\n" else c for i, c in enumerate(text))


def _breadcrumb(text: str) -> str:
    # A breadcrumb run into the first line, as a search index joins them.
    return "当前位置：首页 > 新闻中心 > 要闻动态 > " + text


def _title_tag(text: str) -> str:
    # The page's <title> over its headline: "…协议_要闻动态_某某市人民政府网".
    head, _, rest = text.partition("\n")
    han = len(re.findall(r"[\u4e00-\u9fff]", head))
    if not 10 <= han <= 40 or re.search(r"[。|>]", head) or not _DATED.match(rest):
        return text  # the first line is not a headline with its byline under it (a masthead)
    return head + "_要闻动态_某某市人民政府网\n" + text


_DATED = re.compile(r"\s*\S{0,20}?\s*\d{4}\s*[-年/.]\s*\d{1,2}")


_CN = "〇一二三四五六七八九"


def _in_words(n: int) -> str:
    tens, ones = divmod(n, 10)
    if not tens:
        return _CN[n]
    return ("" if tens == 1 else _CN[tens]) + "十" + (_CN[ones] if ones else "")


def _year_in_words(m: re.Match[str]) -> str:
    return "".join(_CN[int(d)] for d in m[1]) + "年"


def _chinese_dates(text: str) -> str:
    # An official document's dates in words: "二〇二四年五月十六日"; a title keeps its own.
    def dates(part: str) -> str:
        part = re.sub(r"(?<!\d)(20\d\d)年", _year_in_words, part)
        return re.sub(
            r"(?<!\d)(\d{1,2})月(\d{1,2})日",
            lambda m: f"{_in_words(int(m[1]))}月{_in_words(int(m[2]))}日",
            part,
        )

    def line(text: str) -> str:
        parts = re.split(r"(《[^》]*》)", text)
        return "".join(p if p.startswith("《") else dates(p) for p in parts)

    # in prose only: a page's stamp and byline are machine-written in digits
    return "\n".join(line(t) if "。" in t else t for t in text.splitlines())


SHAPES: dict[str, Callable[[str], str]] = {
    "as labelled": lambda text: text,
    "wrapped": _wrap,
    "wrapped by characters": _wrap_characters,
    "half-width": _halfwidth,
    "traditional": _traditional,
    "indented": _indent,
    "furniture": _furniture,
    "spaced digits": _spaced,
    "full-width": _fullwidth,
    "entities": _entities,
    "zero-width": _zero_width,
    "breadcrumb": _breadcrumb,
    "title tag": _title_tag,
    "chinese dates": _chinese_dates,
}
