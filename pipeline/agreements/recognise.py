"""`recognise`: does an article report signed agreements, and which? One pass of the rules."""

from __future__ import annotations

import dataclasses
import itertools
import re
from datetime import date
from typing import NamedTuple, TypeGuard

from pipeline.agreements import parties as party_rules
from pipeline.agreements import regions
from pipeline.agreements.clauses import (
    CLOSED_TITLE,
    TITLE,
    Clause,
    Kind,
    find_clauses,
    signs_a_project,
)
from pipeline.agreements.dates import (
    DATE,
    Day,
    cn_number,
    find_dates,
    first_published,
    latest_date,
)
from pipeline.agreements.extract import (
    COUNTED_PAIRS,
    HOW_MANY,
    SELF,
    THAT_DAY,
    Draft,
    Reading,
    abbreviates,
    before_occasion,
    context_parties,
    drafts_from,
    is_history,
    lead_day,
    lead_occasion,
    names_in_short,
    states_a_year,
    without_topic,
)
from pipeline.agreements.results import Analysis, FoundAgreement
from pipeline.agreements.score import features, probability
from pipeline.agreements.sectors import ARTICLE_CHARS, SectorWeights, article_text
from pipeline.agreements.sentences import Sentence, split_sentences
from pipeline.agreements.titles import DOC_NOUN, MAX_TITLE, is_document_title, is_generic

# Beyond this the tail is comments and link lists; the longest real article in the
# fixtures is ~30,000 characters, a 5 MB body would cost seconds of regex.
MAX_CHARS = 200_000
# Below this share of Han characters among letters the text is not Chinese news.
_MIN_HAN_SHARE = 0.2
# Counted by deleting the rest: a sub is ~3x faster than findall's list of matches.
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")
_NOT_LETTER = re.compile(r"[\W\d_]+")
# A document phrase this short ("合作协议", "战略合作协议") may echo any agreement.
_GENERIC_DOC = 6
# A document that details a framework, never the framework itself.
_SPECIAL = re.compile(r"专项|子协议|分协议")
_SOME_BODIES = re.compile(r"相关|有关|各")
# At most this many sentences are shown to the review desk.
MAX_EVIDENCE = 5
THRESHOLD = 0.5
# A signing nobody can be named for ("一年来…签署合作协议上百份", "签订协议存款合同") stays
# below the threshold: on train no report was recognised without a named party. Parties
# known only as who visited whom ("A代表团赴B考察,双方签署了合作协议") count when the
# document is named.
_UNNAMED_CAP = 0.45
# Every signing verb holds one of these: 90 % of sentences skip the clause machinery.
_CUE = re.compile(r"签|缔结|订立|互换|交换|落笔|落款|手印|盖章|成约|达成《|》\w{2}生效")
# Clauses that report a signing as news, unless their own date makes it background.
_NEWS = (Kind.SIGNED, Kind.CEREMONY, Kind.COUNT)


def recognise(
    title: str,
    text: str,
    published: date | None,
    sector_model: SectorWeights | None = None,
    site: str | None = None,
    site_address: str | None = None,
) -> Analysis:
    """Whether the article reports signed cooperation agreements, and which.

    `sector_model`: sector weights refitted with reviewers' corrections; else the shipped.
    `site`: the body whose site published the page (`Page.site`), who its 我校 or 公司 is;
    `site_address`: where that body is, as the page's footer says (`Page.site_address`).
    """
    reason = _limit_reason(text)
    if reason in ("empty body", "not Chinese"):
        return Analysis(False, 0.0, (), (), reason)
    body = text[:MAX_CHARS]
    clauses, drafts = read_signings(title, body, published, sector_model)
    score = probability(features(title, body, clauses, drafts))
    if not any(_named(d) for d in drafts):
        score = min(score, _UNNAMED_CAP)
    article = f"{title}\n{body[:ARTICLE_CHARS]}"
    found = _finish(drafts, article, site, site_address) if score >= THRESHOLD else ()
    evidence = _evidence(clauses)
    return Analysis(score >= THRESHOLD, round(score, 4), evidence, found, reason)


# One party of a collective name signs with the others it names: "川渝两地", "三市"; a pair
# the rules could not split ("太阳官网与润州区政府") is two.
_COLLECTIVE_PARTY = re.compile(r"[两三四五六七八九十多双各与]")


def _named(d: Draft) -> bool:
    """Whether a signing names who signed: two parties, a collective one, or one and the
    document ("园区…签约" names one side of nothing; "A与B签约" both)."""
    if not d.parties or (d.inferred and not d.in_brackets):
        return False
    return d.in_brackets or len(d.parties) >= 2 or bool(_COLLECTIVE_PARTY.search(d.parties[0]))


_QUESTION_ANSWER = re.compile(
    r"(?:^|[\n。?!])\s*问[::][^\n]{2,200}?(?:[\n。?!]\s*)答[::]"
    # An interview: "记者:…?\n黄立新:2020年8月,两地签署了…"
    r"|(?:^|[\n。?!])\s*(?:记者|主持人)[::][^\n]{2,200}?[?？]\s*[\u4e00-\u9fff]{2,8}[::]"
    r"|问题描述|律师解答|律师回复|提问者[::]"  # a legal question site
)
_QA_CHARS = 3000
# A press conference's answer may tell its own day's signing: "答:今天,两地签署了…".
_NOW = re.compile(r"今天|今日|当天|此次|本次|这次|刚刚|刚才")
# "副院长某与以下4家医院负责人分别签订专科联盟合作协议:" and a partner on each line under it.
_PARTNERS_BELOW = re.compile(
    r"([^,,。;:\n]{2,40}?)(与|同|和)(?:以下|下列)(?:\d{1,2}|[两三四五六七八九十]{1,2})?(?:家|所|个|位)?[\u4e00-\u9fff]{0,6}?"
    r"(?:负责人|代表)?((?:分别)?(?:签订|签署|签约)[^:\n。]{0,40}):\n"
    r"((?:[^\n,,。;:]{4,30}(?:\n|$)){2,20})"
)


def _partners_inline(m: re.Match[str]) -> str:
    """The partners listed under the signing sentence, written into it with the body of
    the person who signed them ("我院与A、B、C分别签订…。"), when every line is a body's
    name."""
    names = m[4].split()
    if not all(party_rules.is_org(n) for n in names):
        return m[0]
    subject = party_rules.body_of_person(m[1]) or m[1]
    return f"{subject}{m[2]}{'、'.join(names)}{m[3]}。\n"


# "…分别签署专科联盟合作协议。结对医院名单如下:" and a pair on each line ("A—B").
_PAIRS_BELOW = re.compile(
    r"((?:签署|签订)了?(《?[^,,。;:\n《》]{2,30}?(?:协议书?|备忘录|意向书)》?)[^\n]{0,30}?:)\n"
    r"((?:[^\n,,。;:—–]{3,30}?(?:\s*(?:——|—|–|-)\s*|\s与\s)[^\n,,。;:—–]{3,30}(?:\n|$)){2,30})"
)
_DASH = re.compile(r"\s*(?:——|—|–|-)\s*|\s与\s")


# Pairs named before their count: "A与B、C与D、E与F等6对毗邻市区生态环境部门,分别签署了…"
# reads as "A与B、C与D、E与F分别签署了…" (the pairs not named are only counted).
_PAIRS_COUNTED = re.compile(
    r"((?:[^,。;:与、\n]{2,24}与[^,。;:与、\n]{2,24}、)+[^,。;:与、\n]{2,24}与[^,。;:与、\n]{2,24})"
    r"等[\d一二三四五六七八九十]+对[^,。;\n]{0,20}?,?(?=分别(?:签署|签订))"
)


def _pairs_inline(m: re.Match[str]) -> str:
    """The pairs listed under the signing sentence, each a signing of its own ("A与B、C与D
    分别签署专科联盟合作协议。"), when every line pairs two bodies' names."""
    pairs = [_DASH.split(line.strip()) for line in m[3].splitlines() if line.strip()]
    if not all(len(p) == 2 and all(map(party_rules.is_org, p)) for p in pairs):
        return m[0]
    return f"{m[1]}\n{'、'.join(f'{a}与{b}' for a, b in pairs)}分别签署{m[2]}。\n"


# A table of what was signed ("序号 | 协议名称 | 签约单位" over "1 | 《A》 | 甲局、乙局") and a
# page's box of one signing ("协议名称:《A》", "签约单位:甲、乙", "签约时间:…"): each row or box
# told as its signing sentence.
_CELL = r"(?:\s*[|｜\t]\s*|[ ]+)"  # a table's cells apart, by bars, tabs or spaces
_SIGNINGS_TABLE = re.compile(
    rf"^\s*序号{_CELL}(?:协议|项目|文件)名称{_CELL}签约(?:单位|双方|主体)\s*\n"
    rf"((?:[ ]*\d{{1,2}}{_CELL}(?:《[^《》\n]{{2,60}}》|[^|｜\t\n ]{{2,60}}){_CELL}"
    r"[^|｜\t\n]{4,80}(?:\n|$))+)",
    re.MULTILINE,
)
_TABLE_ROW = re.compile(
    rf"[ ]*\d{{1,2}}{_CELL}(《[^《》\n]{{2,60}}》|[^|｜\t\n ]{{2,60}}){_CELL}"
    r"([^|｜\t\n]{4,80}?)\s*$"
)
_SIGNING_BOX = re.compile(
    r"^\s*协议名称\s*[:：]\s*(\S[^\n]{1,80})\n\s*签约(?:单位|双方|主体)\s*[:：]\s*(\S[^\n]{3,80})"
    r"(?:\n\s*签约时间\s*[:：]\s*(\S[^\n]{3,30}))?",
    re.MULTILINE,
)


# "签约双方为内江经济技术开发区管理委员会和重庆荣昌高新技术产业开发区管理委员会。"
_SIGNERS_ARE = re.compile(
    r"签约(?:双方|各方|单位)(?:分别)?(?:为|是)[:：]?([^。;,\n]{4,120}?(?:和|与|、)[^。;,\n]{4,80})(?=[。;])"
)


def _signed_by(doc: str, signers: str, when: str = "") -> str:
    """A table row's or a box's signing as a sentence: "A、B与C签署《…》。"."""
    parties = re.split(r"\s*[、,]\s*", signers.strip())
    who = "、".join(parties[:-1]) + "与" + parties[-1] if len(parties) > 1 else parties[0]
    return f"{when + ',' if when else ''}{who}签署{doc.strip()}。"


def _listings_told(body: str) -> str:
    """The body with its tables and boxes of signings, and its "签约双方为A和B", told as
    signing sentences."""

    def rows(m: re.Match[str]) -> str:
        told = [
            _signed_by(row[1], row[2]) if (row := _TABLE_ROW.match(line)) else line
            for line in m[1].rstrip("\n").split("\n")
        ]
        return "\n".join(told) + "\n"

    body = _SIGNINGS_TABLE.sub(rows, body)
    body = _SIGNERS_ARE.sub(lambda m: f"{m[1].replace('和', '与', 1)}签约", body)
    return _SIGNING_BOX.sub(lambda m: _signed_by(m[1], m[2], m[3] or ""), body)


# (anywhere: a copy may have run the page's lines together; the two together are a paper's)
_ABSTRACT = re.compile(r"[\[【]摘\s*要[\]】]|摘\s*要\s*[:：]")
_KEYWORDS = re.compile(r"[\[【]关键[词字][\]】]|关键[词字]\s*[:：]")
_TO_BE_SIGNED = re.compile(r"(?:拟|将|计划|准备|待|即将)(?:集中)?(?:签约|签署|签订)")
# the same list's intro inside a line ("拟签约合作协议清单如下:《A》 签约方:…《B》…")
_LIST_AHEAD = re.compile(_TO_BE_SIGNED.pattern + r"[^。]{0,20}(?:如下|清单)[^。:]{0,6}:")
# A list of parties broken by the page's layout after its conjunction ("泸州市与\n永川区签署"):
# no sentence or headline ends so.
_BROKEN_LIST = re.compile(
    r"(?<=[\u4e00-\u9fff][与和及同、])\n\s*(?=[\u4e00-\u9fff])|\n\s*(?=与(?!会|此)[\u4e00-\u9fff])"
)
# A title broken over two or three lines by the page's layout ("《泸永江融合发展\n示范区合作
# 协议》", "《川渝知识产权\n行政保护协作\n框架协议》").
_BROKEN_TITLE = re.compile(r"《([^《》\n。]{0,79}(?:\n\s*[^《》\n。]{0,79}){1,2})》")
# A line of prose a print copy broke mid-sentence (a PDF's or an e-paper's hard wrap, "…重庆
# 市大足\n区文化和旅游发展委员会与…签\n署《…》"): a line that has begun a sentence (a clause
# mark in it) and stops without ending it, going on at the next line's first character.
_PROSE_MARKS = re.compile(r"[,、]")
# (NFKC made "…" "..."; a line of Latin prose ends with its own full stop: "…étudiante.")
_SENTENCE_ENDS = re.compile(r"[\s。!?;:”」》)】\]….]$")
# (or a number: a post's "11月23日,\n2023广安·重庆合作交流会\n在重庆市渝北区举行。")
_GOES_ON = re.compile(r"[\u4e00-\u9fff《“\d]")
_LINE_BREAK = re.compile(r"\n\s*")


def _prose_unwrapped(body: str) -> str:
    """The body with each line of prose broken mid-sentence joined to the next line."""
    lines = body.split("\n")
    out = [lines[0]]
    for line in lines[1:]:
        last = out[-1]
        if (
            _PROSE_MARKS.search(_LIST_MARK.sub("", last, count=1))  # not an item's "一、"
            and ":" not in last  # a field's line: "签约单位:A、B、C", "来源:…"
            and not _SENTENCE_ENDS.search(last)
            and _GOES_ON.match(line)
            and not _LIST_MARK.match(line)
        ):
            out[-1] = last + line
        else:
            out.append(line)
    return "\n".join(out)


# A picture set inside the paragraph, between a title's two lines: "[图片] 签约现场".
_PICTURE_LINE = re.compile(r"\n\s*(?:\[图片?\]|【图片?】|图片|图为)[^\n]*(?=\n)")
# A live text's time stamps: "【09:53】自贡市人民政府与…签署《…》".
_LIVE_STAMP = re.compile(r"(?m)^【\d{1,2}:\d{2}】")


def _joined_title(m: re.Match[str]) -> str:
    joined = _LINE_BREAK.sub("", _PICTURE_LINE.sub("", m[1]))
    return f"《{joined}》" if len(joined) <= MAX_TITLE else m[0]


# A sidebar or footer of links to other stories: "24小时热点", "相关阅读", "上一篇:…".
_LINK_HEAD = re.compile(
    r"(?:24小时|今日|本周|一周|本站|本网)?(?:热点|热门|相关|推荐|精彩|最新|猜你喜欢|往期|延伸阅读|"
    r"排行|更多|热读|点击排行|阅读排行)[\u4e00-\u9fff]{0,6}[::]?"
)
_LINK_LINE = re.compile(r"^\s*(?:上一篇|下一篇|上一条|下一条)[::]")
# A post's heading set between ornaments: "— 往期推荐 —", "▼ 相关阅读 ▼", "🔥猜你喜欢🔥".
_ORNAMENTS = re.compile(r"^[^\w\s]*\s*|\s*[^\w\s]*$")
_INLINE_LINKS = re.compile(
    r"(?:24小时热点|相关阅读|相关新闻|相关推荐|相关文章|推荐阅读|延伸阅读|热门文章|热门推荐|热点新闻|"
    r"猜你喜欢|往期推荐|往期回顾|精彩推荐|更多推荐|更多阅读|点击排行|阅读排行|上一篇|下一篇|上一条|下一条|相关链接|"
    r"相关报道)[::]?[^。\n]*"
)
_MAX_LINK = 64  # a digest's headline with its date and tagline runs to ~60
# Headlines run on one line between pipes: a list of links, never a sentence of the story.
_PIPED_LINKS = re.compile(r"[^。|｜]{4,64}(?:\s[|｜]\s[^。|｜]{4,64})+\s?[|｜]?")
# A sidebar's bulleted headlines ("· 永川区与西南大学签署战略合作协议"), on their lines or
# run together: other pages' stories. ("泸州·永川" has no space after its dot.)
_BULLET_LINE = re.compile(r"^\s*[·•▪] ")
_CONTENTS_LINE = re.compile(r"^[^。]{2,90}?\s*(?:\.{4,}|…{2,}|·{4,})\s*[(]?\d{1,3}[)]?$")
_BULLET_RUN = re.compile(r"(?:[·•▪] [^·•▪。\n]{4,50}){2,}")


def _without_link_lists(body: str) -> str:
    """The body with its lists of links to other stories blanked (offsets kept): their
    headlines ("1 宜宾泸州签署《…》") report other events, not this page's."""
    lines = body.split("\n")
    in_list = False
    items = False  # under a sentence that introduces a list: "会上,…签署合作协议6项,其中:"
    for i, line in enumerate(lines):
        text = line.strip()
        heading = _LINK_HEAD.fullmatch(_ORNAMENTS.sub("", text))
        items = (items and bool(_BULLET_LINE.match(line))) or (
            text.endswith(":") and _PROSE_MARKS.search(text) is not None
        )
        if items:
            continue  # "· 梁平区人民政府与开江县人民政府签署《…》;": the story's own items
        if heading or _LINK_LINE.match(text) or _BULLET_LINE.match(line):
            in_list = True
        elif _PIPED_LINKS.fullmatch(text) or _CONTENTS_LINE.match(text):
            # "A与B签署《…》 | C与D签订…": headlines, run on one line; a gazette's contents,
            # "开州开江签署一体化发展合作协议 ......(21)": its pieces' titles
            lines[i] = " " * len(line)
            continue
        elif not text or "。" in text or len(text) > _MAX_LINK:
            in_list = False
        if in_list:
            lines[i] = " " * len(line)
    # A page flattened to one line keeps its lists inline: "…(责任编辑:王小川)相关阅读·
    # 梁平区与大竹县签订…· …", up to the next full stop.
    blank = _INLINE_LINKS.sub(lambda m: " " * len(m[0]), "\n".join(lines))
    return _BULLET_RUN.sub(lambda m: " " * len(m[0]), blank)


def read_signings(
    title: str, body: str, published: date | None, sector_model: SectorWeights | None = None
) -> tuple[list[Clause], list[Draft]]:
    """Every signing clause of the body, and the agreements its signed clauses report.

    A ceremony that names no document ("…见证签约") reports an agreement only when no
    clause of the article names one: otherwise it is the same signing told again.
    """
    if not _CUE.search(body) and not (_CUE.search(title) and _cut_short(body)):
        return [], []  # most pages: nothing to read, and no per-article reading to build
    body = _BROKEN_LIST.sub("", _BROKEN_TITLE.sub(_joined_title, _without_link_lists(body)))
    body = _prose_unwrapped(_listings_told(_LIVE_STAMP.sub("", body)))
    body = _PAIRS_BELOW.sub(_pairs_inline, _PARTNERS_BELOW.sub(_partners_inline, body))
    body = _PAIRS_COUNTED.sub(r"\1", body)
    sentences = split_sentences(body)
    published = first_published(body, published) or published
    chronicle = _CHRONICLE.search(title)
    if chronicle and published and int(chronicle[1]) < published.year:
        published = date(int(chronicle[1]), 12, 31)
    reviewed = _reviewed_year(title, published)
    reading = Reading(
        title,
        sentences,
        published,
        None if published else latest_date(body),
        article_text(title, body),
        sector_model,
    )
    # A question-and-answer page explains what exists; an undated signing in it is
    # background ("问:川渝在社保方面有哪些合作?答:两地人社部门签署了《…》").
    explainer = bool(_QUESTION_ANSWER.search(body[:_QA_CHARS]))
    opening = body[:_OPENING]
    # A court's judgment tells what the litigants signed as facts of the case.
    # So does an announcement that ends an agreement ("关于终止与…签署的项目投资协议的公告"),
    # or denies one.
    judgment = bool(
        _JUDGMENT_NAME.search(title)
        or _JUDGMENT.search(_without_case_lists(body[:_QA_CHARS]))
        or _ENDED.search(title + opening)
        or _DENIED.search(title + opening)
    )
    # A body's work summary or plan tells its year: no signing in it is this page's news.
    # A research paper (its 摘要 and 关键词 under the title) studies signings, reports none.
    paper = bool(_ABSTRACT.search(opening) and _KEYWORDS.search(body[:_QA_CHARS]))
    review_only = paper or bool(_WORK_SUMMARY.search(title) or _COMMUNIQUE.search(title + opening))
    review = is_review(title, sentences) or bool(_SPEECH.search(title))
    # A notice or an invitation announces a ceremony: what it lists will be signed.
    # (a copy flattened to one line: the notice's title opens its text)
    notice = (
        bool(_NOTICE_HEAD.search(title) or _EVENT_NOTICE.search(opening))
        and not _SIGNED_NOTICE.search(title)
        and not _week_done(title, published)
        and not _HELD_SINCE.search(opening)
    )
    reply = bool(_REPLY_HEAD.search(title))
    # (a copy flattened to one line has no headline: the document's title opens its text)
    policy = bool(_POLICY_HEAD.search(title + opening))
    occasion = lead_occasion(sentences)
    hearing = bool(_HEARS_REPORT.search(title + opening))
    clauses: list[Clause] = []
    drafts: list[Draft] = []
    ceremonies: list[Draft] = []
    listing = False  # after "签约项目如下:", each line may name a pair and its document
    ahead = False  # the list is of signings to come ("拟签约合作协议清单如下:")
    list_left = ""  # who signed the list's documents, when its intro says
    item_at = -2  # the last list line that named a document ("签约项目三:…")
    counted = 0  # documents a count at this event left unnamed ("还签署了6个专项合作协议")
    unnamed_counts: list[Draft] = []  # "与会各方共签署合作协议9项": whose, the text says not
    business_at = -2  # the sentence that last told a signing of no cooperation ("…合同")
    table = False  # under a signing list's header row ("序号 协议名称 甲方 乙方")
    for index, sentence in enumerate(sentences):
        if table and (row := _table_row(sentence.text)):
            # "1 资大文旅…合作协议 资阳市文化广播电视和旅游局 重庆市大足区文化和旅游发展委员会",
            # "| 1 | 《…协议》 | A、B、C |"
            at = sentence.text.find(row.doc)
            kind = Kind.NOT_YET if row.pending else Kind.SIGNED  # a status column: "待签约"
            titles = (row.doc,) if row.titled else ()
            clause = Clause(sentence, kind, row.signers, at, titles, row.doc)
            clauses.append(clause)
            if not row.pending:
                made = drafts_from(clause, index, drafts, reading)
                drafts.extend(dataclasses.replace(d, day=row.day) if row.day else d for d in made)
            continue
        table = bool(_TABLE_HEAD.search(sentence.text)) or (
            table and not _PROSE_LINE.search(sentence.text)
        )
        units = _listed_units(sentence) if listing else None
        if units is not None:  # "1.《…》,签约单位:A、B;": the item names its signatories
            clauses.append(dataclasses.replace(units, kind=Kind.NOT_YET) if ahead else units)
            drafts.extend(() if ahead else drafts_from(units, index, drafts, reading))
            continue
        if (listing or item_at == index - 1) and _UNITS_LINE.match(sentence.text):
            continue  # the parties of the item above, read with it
        after = sentences[index + 1] if index + 1 < len(sentences) else None
        # "签约项目:《…》" names the item whatever its words: the list's own line
        own_line = bool(_ITEM_LINE.match(sentence.text))
        item = _listed_signing(sentence, after) if listing or own_line else None
        if item is not None or not _CUE.search(sentence.text):
            # A list goes on over its items' lines: the parties under a title, an item
            # that is a project rather than a document ("5.嘉陵江水上旅游航线联合开发项目").
            listing = listing and (
                item is not None
                or bool(_PARTY_LINE.match(sentence.text))
                or bool(_LIST_MARK.match(sentence.text))
            )
            if item is not None and not item.left:
                item = dataclasses.replace(item, left=list_left)  # the list's signatories
            if item is not None:
                clauses.append(dataclasses.replace(item, kind=Kind.NOT_YET) if ahead else item)
                drafts.extend(() if ahead else drafts_from(item, index, drafts, reading))
                item_at = index
            continue
        news_before = listing or bool(clauses and clauses[-1].kind in _NEWS)
        news = False
        for clause in find_clauses(sentence):
            if not clause.titles and (named := _named_above(clause.doc, body, sentence.start)):
                # "…签署了上述两项协议": the documents the text named before
                clause = dataclasses.replace(clause, titles=named, doc=named[-1])
            unnamed = clause.kind in (Kind.SIGNED, Kind.CEREMONY) and not clause.doc
            if (
                unnamed
                and not clause.titles
                and index - business_at <= 1
                and not signs_a_project(clause)
            ):
                # "双方签订…EPC总承包合同…,董事长某与某代表双方签字": that contract again
                clause = dataclasses.replace(clause, kind=Kind.NO_DOCUMENT)
            if clause.kind is Kind.NO_DOCUMENT and _BUSINESS.search(
                sentence.text[clause.verb_at - len(clause.left) : clause.verb_at + _OBJECT_CHARS]
            ):
                business_at = index
            elif clause.titles or clause.doc:
                business_at = -2
            # A name's year is not the signing's ("《2022年鲁渝东西部协作协议》签约仪式…").
            prefix = CLOSED_TITLE.sub(_blank_name, sentence.text[: clause.verb_at])
            # "…于5月底最终定稿,当日双方正式签订": the day reported, whatever came before
            today = bool(THAT_DAY.search(clause.left))
            if clause.kind in _NEWS and (
                (
                    not today
                    and not chronicle
                    and is_history(_at_the_event(prefix), published, reading.reference)
                    and not _dated_in(prefix, reviewed, published)
                )
                or (
                    not today
                    and not chronicle
                    and before_occasion(prefix, occasion, index, hearing)
                )
                or (explainer and not _anchored(prefix))
                or (
                    review
                    and (
                        not _anchored(prefix, sentences[index - 1] if index else None)
                        or _YEAR_NOT_DAY.search(prefix)
                    )
                )
                or judgment
                or review_only
                or (published is None and states_a_year(prefix) and not _NOW.search(prefix))
                or (
                    (_AT_THAT_SIGNING.match(prefix) or _THEREAFTER.match(prefix))
                    and _last_signing(clauses) is Kind.PAST
                )
                or _THEN.match(prefix)
                # a review's timeline: "2022年6月17日,…签署《…》;\n2024年12月18日,…签署《…》"
                # ends with its latest entry, as past as the ones before it
                or (
                    review
                    and index
                    and _YEAR_OPENS.match(prefix)
                    and _YEAR_OPENS.match(sentences[index - 1].text)
                    and _last_signing(clauses) is Kind.PAST
                )
                or _FILE_PHOTO.search(prefix)  # "资料图:去年6月9日,…签约现场": a past scene
                # "2017年7月1日,…签署《…》。七年过去,这份框架协议…": years ago, as written
                or (index + 1 < len(sentences) and _YEARS_PASSED.match(sentences[index + 1].text))
                or (
                    # "2020年12月,…批复《…》;\n随后,A与B签署…": after a past told before
                    _AFTERWARDS.match(prefix)
                    and index
                    and is_history(sentences[index - 1].text, published, reading.reference)
                )
            ):
                clause = dataclasses.replace(clause, kind=Kind.PAST)
            elif clause.kind in _NEWS and (
                (notice and not reply)
                or (reply and not DATE.search(prefix))
                or ahead
                or _LIST_AHEAD.search(sentence.text, 0, clause.verb_at)  # a list run into one line
                or (policy and not _DONE.search(_around_verb(sentence.text, clause)))
            ):
                clause = dataclasses.replace(clause, kind=Kind.NOT_YET)
            elif clause.kind is Kind.SIGNED and clause.titles:
                clause = _with_siblings(clause, body)
            elif clause.kind is Kind.SIGNED:
                clause = _enumerated(clause, body)
            if counted and _one_of_counted(clause, drafts, published, reading.reference):
                left = _ACCORDING.sub("", clause.left)
                clause = dataclasses.replace(clause, kind=Kind.SIGNED, left=left)
                counted -= 1
            elif clause.kind is Kind.SIGNED and not clause.titles:
                counted = max(counted, _count_of(clause))
            clauses.append(clause)
            news = news or clause.kind in _NEWS
            if clause.kind in (Kind.SIGNED, Kind.CEREMONY):
                into = drafts if clause.kind is Kind.SIGNED else ceremonies
                made = drafts_from(clause, index, drafts, reading)
                into.extend(made)
                subject = party_rules.clean_subject(clause.left)
                # "三地相关部门集中签署合作协议。其中,A局与B局签署《…》": the signings named
                told_after = sentences[index + 1].text if index + 1 < len(sentences) else ""
                counted_only = (
                    _count_of(clause) or told_after.startswith("其中")
                ) and _UNNAMED_SUBJECT.match(subject)
                # "四川与新疆、西藏等省区共签署区域合作协议14项。其中,…": a tally
                places = {d.code for _, _, d in regions.divisions_in(subject)}
                tally = _count_of(clause) >= _TALLY and len(places) > 2
                some = _SOME.search(subject)  # "川渝毗邻地区多个区县还分别签署了…"
                if not clause.titles and (
                    counted_only or tally or some or COUNTED_PAIRS.match(subject)
                ):
                    unnamed_counts.extend(made)
        listing = (
            (sentence.text.endswith(":") or bool(_LIST_OPENED.search(sentence.text)))
            and (news or news_before or bool(_SIGNING_INTRO.search(sentence.text)))
            and not _ROUND_UP.search(sentence.text)
        )
        if listing:  # "两地共签署“1+4”合作协议:": the items say which, as untitled
            unnamed_counts.extend(d for d in drafts if d.evidence == sentence.text and not d.title)
        # who signed what the list names: "A与B签署了以下合作文件:"
        signing = next((c for c in reversed(clauses) if c.sentence is sentence), None)
        list_left = signing.left if listing and signing else list_left if listing else ""
        # "拟签约合作协议清单如下:": the lines of the list under it are to be signed
        ahead = (sentence.text.endswith(":") and bool(_TO_BE_SIGNED.search(sentence.text))) or (
            ahead and not _PROSE_LINE.search(sentence.text)
        )
    if not drafts and not ceremonies and _cut_short(body):
        # A copy cut before its signing sentence ("…两地合作基础好、潜力大"): the headline
        # that reports the signing is all that tells it.
        for clause in find_clauses(Sentence(title, -1, 0)):
            if clause.kind is Kind.SIGNED:  # not a plan's ("将签署"): that clause is NOT_YET
                clauses.append(clause)
                day = lead_day(sentences, published)
                drafts.extend(
                    d if d.day else dataclasses.replace(d, day=day)
                    for d in drafts_from(clause, 0, drafts, reading)
                )
    drafts = _titled_by_reference(clauses, drafts, published, reading.reference)
    drafts = _titled_by_terms(sentences, drafts)
    others = [d for d in drafts if d not in unnamed_counts]
    if any(d.title for d in drafts) or any(len(d.parties) >= 2 for d in others):
        # The count is of the documents the article names, or of the pairs it names ("16对
        # 川渝区县签署…。其中,A与B、C与D…现场签约"), not one more agreement between them all.
        drafts = others
    # (a ceremony told as a signing names the sides too: "A与B友好交流合作意向书签署仪式…举行")
    held = [
        *ceremonies,
        *(e for e in drafts if _HELD.search(e.evidence) and "代表" not in e.evidence),
    ]
    drafts = [_as_the_ceremony_names(d, held) for d in drafts]
    if ceremonies and drafts:
        drafts = [*_headline_signing(title, drafts, ceremonies[0], reading), *drafts]
    if published and _LIVE_PAGE.search(title + opening):
        # a live blog or a live stream's record: what it saw signed, it saw that day (or on
        # the day its first line notes: "(2023年5月18日上午 根据现场录音整理)")
        noted = [d for _, d in find_dates(body.split("\n", 1)[0][:_NOTE_LINE], published) if d]
        seen_on = noted[0] if noted else Day(published.year, published.month, published.day)
        drafts = [d if d.day else dataclasses.replace(d, day=seen_on) for d in drafts]
    return clauses, _named_elsewhere(title, clauses, drafts or ceremonies[:1])


# A meeting that hears how a trip went: "市委常委会召开会议 听取党政代表团赴永川学习考察情况汇报".
_HEARS_REPORT = re.compile(r"听取[^。,]{0,30}(?:考察|学习|出访|访问|对接)[^。,]{0,12}(?:情况)?汇报")
_NOTE_LINE = 40
_LIVE_PAGE = re.compile(
    r"图文直播|现场直播|直播回放|(?:现场|直播)实录|录音整理|正在[^。]{0,30}直播|为您(?:带来|直播)"
)


# "签署上述两项协议", "签订了以上3份协议": as many documents as the text named before.
_ABOVE = re.compile(r"^(?:上述|以上|前述)(\d|[两二三四五])(?:项|份|个)(?:合作)?(?:协议|文件)")


_AGREEMENT_NAME = re.compile(r"协议|备忘录|协定|意向书")


def _named_above(doc: str, body: str, before: int) -> tuple[str, ...]:
    """The documents a back-reference by count ("上述两项协议") stands for: the last ones
    named before it, when there are that many."""
    m = _ABOVE.match(doc)
    if m is None:
        return ()
    count = cn_number(m[1])
    # (of the kind it says: "上述两项协议" are no 任务清单 named between)
    kind = _AGREEMENT_NAME if m[0].endswith("协议") else DOC_NOUN
    named = (t for t in TITLE.findall(body, 0, before) if is_document_title(t) and kind.search(t))
    titles = list(dict.fromkeys(named))
    return tuple(titles[-count:]) if len(titles) >= count else ()


def _headline_signing(
    headline: str, drafts: list[Draft], ceremony: Draft, reading: Reading
) -> list[Draft]:
    """The signing a headline reports, when the body tells only its ceremony and other
    documents signed at it ("A与B签署战略合作协议" over "双方举行签约仪式…。仪式上,A的
    某局与B的某院签署《…项目协议》"): that agreement, on the ceremony's day."""
    for clause in find_clauses(Sentence(headline, -1, 0)):
        if clause.kind is not Kind.SIGNED or not clause.doc:
            continue
        made = [
            d
            for d in drafts_from(clause, 0, [], reading)
            if len(d.parties) >= 2
            and not any(_same_bodies(d.parties, o.parties) for o in drafts)
            and not any(abbreviates(d.doc, o.doc) or abbreviates(o.doc, d.doc) for o in drafts)
        ]
        return [dataclasses.replace(d, day=ceremony.day, evidence=ceremony.evidence) for d in made]
    return []


def _blank_name(m: re.Match[str]) -> str:
    """A 《name》 of the same length with no words of time in it."""
    return "《" + "某" * (len(m[0]) - 2) + "》"


# A signing of business, not cooperation: "签订…EPC总承包合同", "重大项目集中签约".
_BUSINESS = re.compile(r"合同|项目|采购|订单|招商")
_OBJECT_CHARS = 40


# A paragraph cut mid-sentence: the page's text ends in prose without its full stop.
_CUT_END = re.compile(r"[\u4e00-\u9fff,、\w]�?\s*$|�\s*$|…\s*$")
_MIN_CUT_PROSE = 20


# "鉴于首轮协议已于2025年底到期,会上,A与B续签《…》": the meeting's signing, whatever day
# the clause before told.
# (not "2022年,在…联席会议上,": the named meeting's time is that date), or "会上签署了"
_AT_THE_EVENT = re.compile(
    r"(?:^|[,,;])(?:会上|仪式上|签约仪式上|活动现场|开幕式上)(?:[,,]|[^,,;。]{0,4}$)"
    # "继2021年签署《A》之后,昨日,…签署《B》": the year is the earlier signing's
    r"|(?:^|[,,;)】\s])继[^,,;。]{2,60}?(?:之后|以后|后)[,,]"
)


def _at_the_event(prefix: str) -> str:
    """The part of a signing clause's sentence that tells its time: after "会上," or a
    "继…之后," if any."""
    marks = list(_AT_THE_EVENT.finditer(prefix))
    return prefix[marks[-1].end() :] if marks else prefix


def _cut_short(body: str) -> bool:
    """Whether the text stops mid-sentence, as a search index's copy may."""
    last = body.rstrip().rsplit("\n", 1)[-1]
    han = sum("\u4e00" <= ch <= "\u9fff" for ch in last)
    return han >= _MIN_CUT_PROSE and bool(_CUT_END.search(last))


# "一年前的今天,双方签署《A》…。签约当天,双方还同步签订了《B》": B is as old as A.
_AT_THAT_SIGNING = re.compile(r"(?:签约|签署|签订)(?:当天|当日|之时|时|那天)")
# "2020年,两省市政府签署《A》…。此后,两地发展改革部门签署《B》": a story of those years.
_THEREAFTER = re.compile(r"(?:此后|之后|其后|后来|随后几年|此后几年)[,,]?")
_AFTERWARDS = re.compile(r"(?:随后|此后|之后|其后|后来)[,,]")
# "回头看,两地的合作始于2021年5月。当时,江津区与宜宾市签订了《…》": a time told before.
_THEN = re.compile(r"(?:当时|那时|彼时|那年|那一年|次年|翌年)[,,]")  # 次年: a story's next year
_FILE_PHOTO = re.compile(r"资料(?:图|照片|图片)")
_YEARS_PASSED = re.compile(r"(?:[一二两三四五六七八九十\d]+|多|几)年(?:时间)?过去(?:了)?[,,]")


def _last_signing(clauses: list[Clause]) -> Kind | None:
    """How the latest signing told before was read: as news or as background."""
    kinds = (c.kind for c in reversed(clauses) if c.kind in (*_NEWS, Kind.PAST))
    return next(kinds, None)


# A list after a round-up ("今年以来累计签约项目30个,部分如下:") is no one event's.
_ROUND_UP = re.compile(r"累计|共计|累积|先后|合计|总计|以来|年来|至今|迄今|截至|今年|年内|全年")
# "1.泸州市交通运输局与永川区交通局《交通互联互通合作协议》", "A、B:《…》": a listed signing.
_LIST_ITEM = re.compile(
    r"^(?:\d{1,2}[.、)]|[(]?[一二三四五六七八九十]{1,2}[)、]|[●·•-])?\s*"
    r"([^《::\n]{4,60}?)\s*(?:(?:共同|正式|分别)?(?:签署|签订)了?)?\s*[::]?\s*《([^《》]{2,80})》[。;,]?$"
)  # "1.A与B签署《…》;": the parties without their verb


# "1.《南充市 合川区嘉陵江流域协同发展合作框架协议》" with its parties on the line below,
# "南充市人民政府—重庆市合川区人民政府".
_LIST_MARK = re.compile(r"^(?:\d{1,2}[.、)]|[(]?[一二三四五六七八九十]{1,2}[)、]|[●·•-])")
# A list line naming the document, its parties on the next line: "《…》", "签约项目:《…》",
# "签约项目:生猪种业联合攻关合作协议".
_ITEM_HEAD = r"(?:签约(?:项目|协议|内容|文件)[一二三四五六七八九十\d]{0,3}[::]\s*)?"
# Such a line announces itself as a list's: "签约项目三:…", whatever came before it.
_ITEM_LINE = re.compile(r"^签约(?:项目|协议|内容|文件)[一二三四五六七八九十\d]{0,3}[::]")
# "签署了以下合作文件:1.《…》;": a list whose first item the sentence holds
_LIST_OPENED = re.compile(
    r"(?:以下|如下)[^:《》]{0,12}:\s*(?:\d{1,2}[.、)]|[(]?[一二三四五六七八九十]{1,2}[)、])\s*"
    r"《[^《》]{2,80}》[;。,]?$"
)
_LIST_TITLE = re.compile(
    f"(?:{_LIST_MARK.pattern})?" + r"\s*" + _ITEM_HEAD + r"《([^《》]{2,80})》[。;,]?$"
)
_LIST_DOC = re.compile(
    r"^签约(?:项目|协议|内容|文件)[一二三四五六七八九十\d]{0,3}[::]\s*"
    r"([^《》:,,。;]{4,60}?(?:协议书?|备忘录|合作框架|协定))[。;]?$"
)
# A list line of the pair, a dash between them, and what they signed after a colon.
_PAIR_DOC_LINE = re.compile(
    f"(?:{_LIST_MARK.pattern})?"
    + r"\s*([^《》:,。;]{2,40}?)\s*(?:—|–|－|——)\s*([^《》:,。;]{2,40}?)\s*[::]\s*"
    r"(?:《([^《》]{2,80})》|([^《》:,。;]{2,60}?(?:协议书?|备忘录|合作框架|协定|项目)))[。;,]?$"
)
_LIST_TOLD = re.compile(
    f"(?:{_LIST_MARK.pattern})?" + r"\s*([^《》:,。;]{4,60}?)(?:签约|签订|签署)的"
    r"(?:《([^《》]{2,80})》|([^,;。《》]{2,40}?项目))(?:[,;。]|$)"
)
_PARTY_LINE = re.compile(r"^([^《》:,。;]{2,40}?)\s*(?:—|-|–|－|与|和)\s*([^《》:,。;]{2,40})$")
# The parties under a title: "签约单位:安岳县文物保护中心  大足石刻研究院".
_UNITS_LINE = re.compile(r"^签约(?:单位|双方|各方|主体)[::]\s*([^《》:;。]{4,80})[;。]?$")


# "签约项目:", "签署协议如下:": the list's own intro, whatever was said before it.
_SIGNING_INTRO = re.compile(
    r"(?:签约|签署|签订)(?:项目|协议|文件|清单)?(?:\(部分\))?(?:,?(?:具体|详情)?如下)?:$"
)
_LIST_UNITS = re.compile(
    _LIST_MARK.pattern + r"\s*《([^《》]{2,80})》[,,;]?\s*签约(?:单位|双方|各方|主体)[::]"
    r"([^《》:;。]{4,80})[;。]?$"
)


def _listed_units(sentence: Sentence) -> Clause | None:
    """A list item naming its document, then its signatories: "2.《…协议》,签约单位:A、B;"."""
    m = _LIST_UNITS.match(sentence.text)
    if m is None or not is_document_title(m[1]):
        return None
    return Clause(sentence, Kind.SIGNED, m[2], m.start(1) - 1, (m[1],), m[1])


def _listed_signing(sentence: Sentence, after: Sentence | None = None) -> Clause | None:
    """A line of a list of signings: two or more parties, then the document they signed;
    or the document alone, its parties on the line `after` it."""
    titled = _LIST_TITLE.match(sentence.text)
    untitled = None if titled else _LIST_DOC.match(sentence.text)
    head = titled or untitled
    if head and after and (untitled or is_document_title(head[1])):
        pair, units = _PARTY_LINE.match(after.text), _UNITS_LINE.match(after.text)
        left = f"{pair[1]}、{pair[2]}" if pair else re.sub(r"\s+", "、", units[1]) if units else ""
        if left:
            at = head.start(1) - (1 if titled else 0)
            titles = (head[1],) if titled else ()
            return Clause(sentence, Kind.SIGNED, left, at, titles, head[1])
    pair_doc = _PAIR_DOC_LINE.match(sentence.text)
    if pair_doc and (pair_doc[4] or is_document_title(pair_doc[3])):
        # "1. 广安市人民政府 — 重庆市渝北区人民政府:《…》", "2. A — B:新能源汽车零部件生产基地项目"
        doc, titles = pair_doc[3] or pair_doc[4], (pair_doc[3],) if pair_doc[3] else ()
        left = f"{pair_doc[1]}、{pair_doc[2]}"
        return Clause(sentence, Kind.SIGNED, left, pair_doc.start(3 if titles else 4), titles, doc)
    told = _LIST_TOLD.match(sentence.text)
    if told and len(party_rules.split_parties(party_rules.clean_subject(told[1]))[0]) >= 2:
        # under "本次签约的4个项目分别是:", "A与B签约的智能农机装备生产基地项目,协议投资12亿元;"
        titles = (told[2],) if told[2] and is_document_title(told[2]) else ()
        doc = told[2] or told[3]
        return Clause(sentence, Kind.SIGNED, told[1], told.start(2 if told[2] else 3), titles, doc)
    m = _LIST_ITEM.match(sentence.text)
    if m is None and titled and _LIST_MARK.match(sentence.text) and is_document_title(titled[1]):
        # "…签署了以下合作文件:1.《A》;2.《B》;": signed by who signed the list's first
        return Clause(sentence, Kind.SIGNED, "", titled.start(1) - 1, (titled[1],), titled[1])
    if m is None or not is_document_title(m[2]):
        return None
    left = m[1]
    if len(spaced := left.split()) >= 2 and all(map(party_rules.is_org, spaced)):
        left = "、".join(spaced)  # "宜宾市人民政府 永川区人民政府《…》"
    if len(party_rules.split_parties(party_rules.clean_subject(left))[0]) < 2:
        return None
    return Clause(sentence, Kind.SIGNED, left, m.start(2) - 1, (m[2],), m[2])


# A signing list laid out as a table, flattened to text: its header, then one row a line.
_TABLE_HEAD = re.compile(r"协议名称|甲方\s+乙方|项目名称\s.*签约(?:双方|单位|主体)")
_TABLE_DOC = re.compile(r"《?(\S{4,60}?(?:协议书?|备忘录|意向书|合作框架|项目))(》?)")
# A row's other cells: the amount invested, or a dash for none ("12.0", "—").
_FIGURE_CELL = re.compile(r"(?<![\d.,—–-])[\d.,—–-]+$")


class _Row(NamedTuple):
    """A signing list's row."""

    doc: str
    titled: bool  # named in 《》
    signers: str  # joined by 、
    day: Day | None  # its date column: "2024年1月16日", "2022.02.18"
    pending: bool  # its status column says it is not signed yet: "待签约"


# A row's document last, in its marks; its date and status cells.
_TITLED_CELL = re.compile(r"《(\S{4,60}?(?:协议书?|备忘录|意向书|合作框架))》")
_DAY_CELL = re.compile(r"(\d{4})[-./年](\d{1,2})[-./月](\d{1,2})日?")
_STATUS_CELL = re.compile(r"(?:已|待|未|拟)签(?:约|署|订)|已完成|洽谈中")


def _day_cell(m: re.Match[str]) -> Day | None:
    """The day a date cell gives, None when there is no such day ("2022.02.30")."""
    try:
        date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None
    return Day(int(m[1]), int(m[2]), int(m[3]))


def _table_row(text: str) -> _Row | None:
    """A signing list's row: its number, the document, then the signatories in one column
    or several, the columns set apart by spaces or by "|" (a page's markdown or a CMS's
    export); other cells may give the amount, the day and the status."""
    line = text.strip()
    cells = [c.strip() for c in line.strip("|").split("|")] if "|" in line else line.split()
    if len(cells) >= 3 and (named := _TITLED_CELL.fullmatch(cells[-1])) and not cells[0].isdigit():
        # the signatories first, then the document: "四川大学 重庆大学 《…合作协议》"
        return _Row(named[1], True, "、".join(cells[:-1]), None, False)
    if len(cells) < 3 or not cells[0].isdigit() or len(cells[0]) > 2:
        return None
    doc = _TABLE_DOC.fullmatch(cells[1])
    days = [m for c in cells[2:] if (m := _DAY_CELL.fullmatch(c))]
    status = [c for c in cells[2:] if _STATUS_CELL.fullmatch(c)]
    # (a space before the amount may be gone: "成都瑞驰汽车零部件有限公司12.0")
    signers = [
        _FIGURE_CELL.sub("", c)
        for c in cells[2:]
        if c and not _FIGURE_CELL.fullmatch(c) and not _DAY_CELL.fullmatch(c) and c not in status
    ]
    if doc is None or not signers or any(len(c) > 120 for c in signers):
        return None
    day = _day_cell(days[0]) if days else None
    pending = bool(status) and not status[0].startswith("已")
    return _Row(doc[1], bool(doc[2]), "、".join(signers), day, pending)


_PROSE_LINE = re.compile(r"[,。;]")


# "2020年7月,在达州举行的推进会上,三地签署了…" in a review: a year and no day is then,
# whatever meeting it names.
_YEAR_NOT_DAY = re.compile(
    r"\d{4}年(?![\d一二三四五六七八九十]{1,2}月[\d一二三四五六七八九十]{1,3}[日号])"
    r"|(?:今年|去年)[\d一二三四五六七八九十]{1,2}月(?![\d一二三四五六七八九十]{1,3}[日号])"
)
# A notice or a request for an event to come (its title may open a copy flattened to one
# line); updated once its event was held: "【会后更新】本次交流会已于11月8日…举行。会上签署…"
_EVENT_NOTICE = re.compile(r"关于(?:举办|举行|召开)[^《》。,]{2,40}的(?:通知|请示)")
_HELD_SINCE = re.compile(r"会后更新|(?:本次|此次|本届)[^。]{0,20}已于[^。]{1,30}(?:举行|召开|举办)")
_NOTICE_HEAD = re.compile(
    r"采访通知|邀请(?:函|书)|^关于邀请|预告|活动安排|议程|日程安排|(?<!印发)(?<!的)通知$|公告$|遴选|招标|"
    + _EVENT_NOTICE.pattern
    + r"|彩排|预演"  # a ceremony rehearsed: the host's script read out before the day
    + r"|提案|议案"  # a proposal: what should be signed
)


def _week_done(title: str, published: date | None) -> bool:
    """Whether a schedule's headline names days all past when the page ran: "县领导活动安排
    (2023年11月13日—11月19日)" published on the 20th is a record of the week, no notice."""
    if published is None or not _SCHEDULE.search(title):
        return False
    days = [d.as_date() for _, d in find_dates(title, published) if d]
    return bool(days) and all(d is not None and d <= published for d in days)


_SCHEDULE = re.compile(r"活动安排|日程安排")
# A reply to a deputy's proposal tells what should be signed, and what was: a signing it
# gives a day ("收到建议后,…2024年5月16日,A与B签订《…》") stands, if recent.
_REPLY_HEAD = re.compile(r"建议的?(?:办理)?答复|办理答复|提案的?(?:办理)?答复")
# A listed firm's disclosure of a signing done: "关于与宜宾市叙州区人民政府签署投资合作框架协议
# 的公告", "…的进展公告", "…的自愿性信息披露公告" (not "关于拟签署…的公告").
_SIGNED_NOTICE = re.compile(r"关于[^拟将]{0,40}?(?:签署|签订)[^拟将]{2,60}的[^的]{0,10}公告$")
# A plan or policy issued ("关于印发《…实施方案》的通知"): its tasks and targets say what is
# to be signed ("与重庆区县签订产业合作协议30项以上"); a signing it tells as done stands
# ("两单位于近日会签了《…工作方案》,现印发给你们").
_POLICY_HEAD = re.compile(r"关于印发.{2,80}的通知")
_OPENING = 300
_DONE = re.compile(r"了|已|日前|近日|于\d{1,2}月")


def _around_verb(text: str, clause: Clause) -> str:
    return text[max(0, clause.verb_at - 12) : clause.verb_at + 4]


# A chronicle of a year ("2022年荣昌区大事记"): its dated entries are its news, however old,
# and their days are of that year.
_CHRONICLE = re.compile(r"(?<!\d)(\d{4})年?[\u4e00-\u9fff]{0,12}?(?:大事记|大事纪|纪事|记事)")
# A year's round-up ("盘点2022|…十个关键词", "2023年度十大新闻"): its signings dated in that year
# are its news, as in a chronicle; one of another year stays background.
_YEAR_IN_REVIEW = re.compile(
    r"(?:盘点|回望|回眸|回顾)\s*(\d{4})(?!年[^度终底]|\d)"
    r"|(\d{4})\s*年?(?:度|终|底)?(?:盘点|回眸|回望|关键词)"
    r"|(\d{4})年度?[\u4e00-\u9fff]{0,10}?(?:十大新闻|十件大事|十大事件)"  # "2021年江阳区十大新闻"
    r"|(\d{4})年[\u4e00-\u9fff]{0,30}?工作综述"  # "2021年江北区推动…建设工作综述"
)


# "年终盘点|十个关键词,读懂2025年川渝合作": the year named anywhere in the headline, else the
# one the page closes or has just closed.
_YEAR_END_REVIEW = re.compile(r"年终盘点|年度盘点|年终回眸|年终回望|年终特稿")
_YEAR_NAMED = re.compile(r"(?<!\d)(20\d\d)年")


def _reviewed_year(title: str, published: date | None) -> int | None:
    """The year a round-up reviews, if the headline says it is one."""
    if m := _YEAR_IN_REVIEW.search(title):
        return int(next(y for y in m.groups() if y))
    if not _YEAR_END_REVIEW.search(title):
        return None
    if named := _YEAR_NAMED.search(title):
        return int(named[1])
    if published is None:
        return None
    return published.year if published.month >= 7 else published.year - 1


def _dated_in(prefix: str, year: int | None, published: date | None) -> bool:
    """Whether the dates `prefix` states all fall in `year` (none stated: False)."""
    days = [d for _, d in find_dates(prefix, published) if d]
    return bool(year and days and all(d.year == year for d in days))


_JUDGMENT = re.compile(r"判决书|裁定书|调解书|民事判决|行政判决|审理终结|本院认为|本院经审理")
_JUDGMENT_NAME = re.compile(r"判决书|裁定书|调解书")
# A listed firm's denial of what media reported it signed: "关于媒体报道的澄清公告".
# And a paper's correction of its own report: "…“…签署…”表述有误", "特此更正".
_DENIED = re.compile(
    r"澄清(?:公告|说明|声明)|辟谣|关于网传|更正(?:启事|声明|说明|如下)|特此更正|表述有误"
)
_ENDED = re.compile(
    r"(?:终止|解除)[^,,。]{0,40}(?:协议|合同)[^,,。]{0,6}公告"
    # a report of it: "公司决定终止上述投资合作协议", "本次终止投资合作协议是基于…"
    r"|(?:本次|决定|宣布|同意)(?:终止|解除)[^,,。]{0,20}(?:协议|合同)"
)
# (not a month's: "清升镇2022年10月工作总结及11月工作计划" reports the month just ended)
# A listed firm's annual or half-year report ("2023年年度报告全文") lists the period's
# contracts, each signed before it.
_WORK_SUMMARY = re.compile(
    r"(?<!\d月)(?<!\d月份)(?:工作(?:总结|报告|亮点回顾)|述职(?:述责)?(?:述廉)?报告|年度总结"
    r"|\d{4}年(?:半)?年度报告)"
    r"(?!会|大会|暨)"
)
# A leader's speech reviews a year's work; what was signed "刚才" at its meeting stands (one
# at a signing ceremony tells its own).
_SPEECH = re.compile(r"^(?!.*签).{0,60}(?:上的讲话|讲话(?:摘要|全文))")
_COMMUNIQUE = re.compile(r"全体(?:扩大)?会议公报|全会公报")
# A court site's list of its judgments: "(2021)川71民终112号 某公司与某公司…纠纷二审民事判决书".
_CASE_LINE = re.compile(r"^\s*[(（]\d{4}[)）][^\n]{0,12}号[^\n]*$", re.M)


def _without_case_lists(text: str) -> str:
    """`text` without a court site's list of its judgments, which name no case of its own."""
    return _CASE_LINE.sub("", text)


# A progress review or a summary: "川渝检察协作不断深化", "…五周年:交通互联成效显著",
# "2024年工作总结", or a lead opening "近年来,我市…". It lists what exists; a signing it
# tells without a day is an achievement, not the news (unless the headline reports one).
_REVIEW_HEAD = re.compile(
    r"综述|总结|回眸|巡礼|纪实|盘点|成效|硕果|成果丰硕|结硕果|取得[^,。]{0,6}(?:进展|成果)|"
    r"不断深化|持续深化|走深走实|走深向实|周年|年来|以来|年间|这些年|一文读懂|一图读懂|"
    r"(?:回望|回顾)[^,。]{0,16}?[一二两三四五六七八九十\d]+年"  # "回望大湾区合作的七年"
)
# "泸州与永川签约五周年", "一年间,从“签下协议”到…": the headline marks a span of time since
# a signing, not a signing.
_ANNIVERSARY = re.compile(
    r"(?:签约|签署|签订)[^,。]{0,6}?(?:[一二三四五六七八九十\d]+)周年"
    r"|(?:[一二两三四五六七八九十\d]+|半)年(?:间|来|多来)"
)
_YEAR_OPENS = re.compile(r"^\d{4}年\d{1,2}月")
_REVIEW_LEAD = re.compile(r"^(?:[一二两三四五六七八九十多\d]+年来|近年来|多年来|这些年来?),")
# What ties a signing to the day reported: a date, "今天", "近日", "会上", a dateline.
_ANCHOR = re.compile(
    _NOW.pattern + r"|近日|日前|前不久|近期|昨天|昨日|上午|下午|晚上|会上|仪式上|活动中|"
    r"现场|期间|随后|同日|获悉|讯|电[(\s]"
)


# A report to a congress or a year's summary, named near the top of the page (a portal's
# headline is often lost among its furniture): "2022年邻水县人民政府工作报告".
_REVIEW_DOC = re.compile(
    r"政府工作报告|工作总结|工作回顾|述职(?:述责)?(?:述廉)?报告|年度总结|年终总结|工作情况报告"
)
_REVIEW_DOC_CHARS = 600
# "会议听取了…工作情况报告": a meeting's agenda item, not a page that is a report.
_HEARD = re.compile(r"听取|审议|讨论|学习|传达")


def is_review(headline: str, sentences: list[Sentence]) -> bool:
    """Whether the article reviews progress rather than reporting an event."""
    if _HEAD_SIGNING.search(headline) and not _ANNIVERSARY.search(headline):
        return False
    lead = sentences[0].text if sentences else ""
    head = "".join(
        s.text for s in itertools.takewhile(lambda s: s.start < _REVIEW_DOC_CHARS, sentences)
    )
    return bool(
        _REVIEW_HEAD.search(headline)
        or _REVIEW_DOC.search(headline)
        or _REVIEW_LEAD.match(lead)
        or any(
            not _HEARD.search(head, max(0, m.start() - 30), m.start())
            for m in _REVIEW_DOC.finditer(head)
        )
    )


def _anchored(prefix: str, before: Sentence | None = None) -> bool:
    """Whether the clause before a signing verb ties it to a day, or the sentence `before`
    it does ("近日,…签约仪式在燕窝镇举行。…燕窝镇与万隆镇签订了《…》")."""
    return any(DATE.search(t) or _ANCHOR.search(t) for t in (prefix, before.text if before else ""))


# "根据此次签署的《…》", "根据双方签订的《…》": this event's document named after the fact,
# unless a date or an earlier time is stated ("双方2020年签订的《…》").
_THIS_EVENT = re.compile(_NOW.pattern + r"|会上|现场|双方|两地|三方")
_OTHER_TIME = re.compile(r"\d{4}年|\d{1,2}月|去年|前年|此前|之前|早前|曾(?!家)|先前|以往|过去")
# (a headline's short "签": "两地友好组织签合作备忘录", "成都侨联与南加四川同乡会签MOU")
_HEAD_SIGNING = re.compile(
    r"签署|签订|签约|签下|缔结|签(?=[^,。]{0,10}?(?:协议|备忘录|MOU|MoU|意向书|合作书))"
)


def _named_elsewhere(headline: str, clauses: list[Clause], drafts: list[Draft]) -> list[Draft]:
    """One untitled agreement takes the name the article gives this event's document in a
    back-reference ("此次签署的《…》") or in a headline that reports the signing."""
    drafts = _titled_by_headline(headline, drafts)
    if (
        not drafts
        or any(d.title for d in drafts)
        or not all(_same_bodies(d.parties, drafts[0].parties) for d in drafts[1:])
    ):
        return drafts  # ("长寿区人民政府" signs, "长寿与邻水…《协议》的签署": one signing)
    names = [
        t
        for c in clauses
        if c.kind is Kind.REFERENCE
        and _THIS_EVENT.search(c.left)
        and not _OTHER_TIME.search(c.left)
        for t in c.titles
    ]
    if not names and _HEAD_SIGNING.search(headline):
        names = [t for t in TITLE.findall(headline) if is_document_title(t)]
    if not names:
        names = _named_after(drafts[0])
    names = list(dict.fromkeys(names))
    if not names:
        return drafts
    return [dataclasses.replace(drafts[0], title=name, doc=name) for name in names]


def _titled_by_headline(headline: str, drafts: list[Draft]) -> list[Draft]:
    """Untitled agreements beside titled ones, named by the headline's 《title》 their
    document phrase shortens ("签署协同创新发展合作协议(以下简称《协议》),双方还签署了《B》"
    under "…签署《两江新区成都高新区协同创新发展合作协议》")."""
    if not any(d.title for d in drafts) or not _HEAD_SIGNING.search(headline):
        return drafts
    used = {d.title for d in drafts}
    names = [t for t in TITLE.findall(headline) if is_document_title(t) and t not in used]
    out = []
    for d in drafts:
        name = next(
            (
                t
                for t in names
                if not d.title and len(d.doc) > _GENERIC_DOC and abbreviates(d.doc, t)
            ),
            None,
        )
        if name:
            names.remove(name)  # one headline title names one document
        out.append(dataclasses.replace(d, title=name, doc=name) if name else d)
    return out


# "根据4月25日绵阳与广元共同签署的《…》": the back-reference names its parties.
_ACCORDING = re.compile(r"^(?:据了解|据悉)?,?(?:根据|按照|依据|依照|其中包括|其中有|包括)")
_EARLIER_WORD = re.compile(r"去年|前年|此前|之前|早前|曾(?!家)|先前|以往|过去|早在|上一轮")


def _titled_by_reference(
    clauses: list[Clause], drafts: list[Draft], published: date | None, reference: date | None
) -> list[Draft]:
    """Untitled agreements named by a back-reference with the same parties ("绵阳与广元、
    遂宁分别签署区域协同发展合作协议。…根据4月25日绵阳与广元共同签署的《A》,…"),
    unless it dates the document earlier ("根据2019年双方签订的《…》")."""
    for c in clauses:
        if c.kind is not Kind.REFERENCE or len(c.titles) != 1 or not DOC_NOUN.search(c.doc):
            continue
        left = _ACCORDING.sub("", c.left)
        if _EARLIER_WORD.search(left) or is_history(left, published, reference):
            continue
        named, _ = party_rules.split_parties(party_rules.clean_subject(DATE.sub("", left)))
        if len(named) < 2:
            continue
        same = [
            i
            for i, d in enumerate(drafts)
            if not d.title
            and len(d.parties) == len(named)
            and all(any(party_rules.same_party(n, p) for p in d.parties) for n in named)
        ]
        if len(same) != 1:
            continue
        days = [day for _, day in find_dates(left, published) if day]
        d = drafts[same[0]]
        drafts[same[0]] = dataclasses.replace(
            d, title=c.titles[0], doc=c.titles[0], day=d.day or (days[-1] if days else None)
        )
    return drafts


# "根据《…》,双方将…": the document the article goes on to tell the terms of.
_TERMS_OF = re.compile(r"(?:根据|按照|依据|依照)《([^《》]{4,60})》")


def _titled_by_terms(sentences: list[Sentence], drafts: list[Draft]) -> list[Draft]:
    """An untitled agreement named where its terms are told ("…签署深化全面合作协议。…根据
    《渝中区 锦江区深化全面合作协议》,双方将…"): the one title ending with its distinctive
    name, when no agreement has that title yet."""
    for sentence in sentences:
        for m in _TERMS_OF.finditer(sentence.text):
            title = m[1]
            if any(d.title == title for d in drafts):
                continue
            same = [
                i
                for i, d in enumerate(drafts)
                if not d.title and len(d.doc) > _GENERIC_DOC and title.endswith(d.doc)
            ]
            if len(same) == 1:
                drafts[same[0]] = dataclasses.replace(drafts[same[0]], title=title, doc=title)
    return drafts


# Who signed a count, when it is nobody in particular: "与会各方共", "两地", "现场".
_UNNAMED_SUBJECT = re.compile(
    r"^(?:与会|参会|在场)?(?:各方|双方|多方|(?:[\u4e00-\u9fff]{1,6}?)?[两三四五六七八九十多]+个?"
    r"(?:地|市|区|县|方|新区|园区)|"  # "万达开三地", "川渝两地"
    r"各地|现场|会上|川渝|成渝)?(?:相关|有关)?(?:[\u4e00-\u9fff]{2,4}(?=部门))?(?:部门|单位)?"
    r"(?:和|及|与)?(?:单位|企业)?"  # ("川渝文旅部门签署两项合作文件")
    r"(?:(?:还|也|另)?(?:在|就|围绕)[^,]{2,40}?(?:等)?(?:方面|领域))?$"  # "…还在交通、文旅等方面"
    # the occasion as the subject: "本次推进会共签约合作协议和项目7个"
    r"|^(?:本次|此次|这次)[\u4e00-\u9fff]{0,10}?(?:会议?|活动|论坛|仪式)(?:上|期间)?$"
)
_COUNTED = re.compile(r"(\d{1,2}|[一二两三四五六七八九十]{1,3})(?:个|项|份|件)")
_SOME = re.compile(r"多个|一些|若干|众多|各(?:县|区|市|地)|相关区县|(?:重庆|四川|川渝)区县|镇街")
_TALLY = 3  # documents counted at once, by places more than a pair: a tally of signings


def _count_of(clause: Clause) -> int:
    """How many documents an untitled signing counts: "签署了6个专项合作协议",
    "签署合作协议9项" → 6, 9."""
    if not DOC_NOUN.search(clause.doc) and not re.search(r"文件$|协议和项目", clause.doc):
        # "签约项目87个": projects, not documents ("合作文件10份", "14个合作协议和项目" are)
        return 0
    at = clause.verb_at
    # (or before it: "12个合作协议集中签约")
    m = _COUNTED.search(clause.sentence.text, at, at + len(clause.doc) + 8) or (
        _COUNTED.match(clause.doc) if clause.doc in clause.sentence.text[:at] else None
    )
    return cn_number(m[1]) if m else 0


def _one_of_counted(
    clause: Clause, drafts: list[Draft], published: date | None, reference: date | None
) -> bool:
    """A document named after a count at this event, told as signed by some of its signers
    ("…等部门签署了6个专项合作协议。…根据A与B签署的《C》,双方将…"): one of the count, unless
    dated earlier or already told."""
    if clause.kind is not Kind.REFERENCE or len(clause.titles) > 1:
        return False
    text = clause.sentence.text
    if clause.titles:
        title = clause.titles[0]
        if not is_document_title(title) or not text.startswith("的《", clause.verb_at + 2):
            return False
    else:
        # "其中,A局与B局签订的交通专项合作协议提出,…": one of the count, by its signers
        title = ""
        named, _ = party_rules.split_parties(party_rules.clean_subject(clause.left))
        bodies = len(named) >= 2 and all(map(party_rules.is_org, named))
        if not (
            bodies and text.startswith("的", clause.verb_at + 2) and DOC_NOUN.search(clause.doc)
        ):
            return False
    prefix = _ACCORDING.sub("", text[: clause.verb_at])
    return (
        not _EARLIER_WORD.search(prefix)
        and not is_history(prefix, published, reference)
        and (not title or all(_spaceless(d.title or "") != _spaceless(title) for d in drafts))
    )


# "…签署了战略合作协议。根据《泸永战略合作协议》,双方将…": the agreement named right after.
_NAMED_AFTER = re.compile(
    r"(?:根据|按照|依据|依照|名为|称为|即)《([^《》]{2,80})》"
    r"|(?:^|[。,;])《([^《》]{2,80})》(?:则|还|也)?"
    r"(?:提出|明确|约定|规定|指出|涵盖|包括|聚焦|围绕|(?:正式|随即|即日)?生效)"
)


def _named_after(draft: Draft) -> list[str]:
    """The name of the agreement the text gives just after an untitled signing, unless it
    dates the document otherwise ("根据2020年签订的《…》" is another's); as many names as the
    signing counts ("签署12项合作协议。其中,《A》明确…。《B》提出…")."""
    start = draft.context.find(draft.evidence)
    after = draft.context[start + len(draft.evidence) :] if start >= 0 else ""
    in_sentence = draft.evidence[max(0, draft.evidence.find("签")) :]
    counted = _COUNTED.search(in_sentence)
    wanted = cn_number(counted[1]) if counted else 1
    names: list[str] = []
    for text in (in_sentence, after):
        for m in _NAMED_AFTER.finditer(text):
            name = m[1] or m[2]
            if DOC_NOUN.search(name) and not _OTHER_TIME.search(
                text[max(0, m.start() - 12) : m.start()]
            ):
                names.append(name)
                if len(names) >= wanted:
                    return names
    return names


# "签订了《A》等4个合作框架协议": the others are named where the text explains them,
# "《B》提出,…", "《C》明确…".
_AND_OTHERS = re.compile(r"》等(?:\d+|[两三四五六七八九十]+)(?:个|份|项|件)")
_EXPLAINED = re.compile(
    r"(?:^|\n|。|其中,?)《([^《》]{4,80})》\s?(?:提出|明确|指出|规定|约定|要求|强调|涵盖|包括)"
)


def _with_siblings(clause: Clause, body: str) -> Clause:
    """A clause signing "《A》等N个…协议" with the titles the article explains after it."""
    text = clause.sentence.text
    if not _AND_OTHERS.search(text, clause.verb_at):
        return clause
    known = {_spaceless(t) for t in clause.titles}
    more: list[str] = []
    for m in _EXPLAINED.finditer(body, clause.sentence.start):
        name = m.group(1)
        if is_document_title(name) and _spaceless(name) not in known:
            known.add(_spaceless(name))
            more.append(name)
    return dataclasses.replace(clause, titles=clause.titles + tuple(more)) if more else clause


# "签署了三份协议,分别是《A》《B》", "以下协议:《A》、《B》", "包括《A》《B》等": the
# documents of an unnamed signing listed right after it, or on the lines below it
# ("1.《A》\n2.《B》").
_INTRODUCER = re.compile(
    r"(?:(?:分别是|分别为|包括|包含|即|如下|以下(?:协议|文件)?)[::]?|(?<=协议|议书|忘录|文件)[::])"
    r"\s*(?=《)"
)
_LISTED = re.compile(
    r"\s*((?:\d{1,2}[.、)]|[(]?[一二三四五六七八九十]{1,2}[)、]|[●·•-])?)\s*《([^《》]{2,80})》"
)
_ENUMERATED = re.compile(
    r"\s*(?:[一二三四五六七八九十]是|其[一二三四五六七八九十])[::,]?《([^《》]{2,80})》"
)
_MAX_ENUMERATED = 1500
_MAX_CLAUSE_TO_COLON = 30
_INTRO_LINE = re.compile(r"\s*[^\n《。]{0,10}(?:包括|如下|分别是|分别为)[::]?[ \t]*(?=\n)")
_LIST_JOIN = re.compile(r"[、,和及与暨\s]*(?:以及)?")


def _enumerated(clause: Clause, body: str) -> Clause:
    """An untitled signed clause with the titles listed right after it."""
    text = clause.sentence.text
    colon = text.find(":", clause.verb_at, clause.verb_at + _MAX_CLAUSE_TO_COLON)
    if colon > 0 and _ENUMERATED.match(text, colon + 1):
        # "签署了三项合作文件:一是《A》,双方将…;二是《B》…": the items may run on
        at = body.find(text, clause.sentence.start) + colon + 1
        found = _ENUMERATED.finditer(body, at, at + _MAX_ENUMERATED)
        named = tuple(m[1] for m in found if is_document_title(m[1]))
        return dataclasses.replace(clause, titles=named) if named else clause
    intro = _INTRODUCER.search(text, clause.verb_at)
    if intro is not None and "签" not in text[clause.verb_at + 2 : intro.start()]:
        start, source, marked = intro.end(), text, True
    elif text.rstrip("。").endswith((":", "协议", "文件", "备忘录")):
        # The lines below: a list ("1.《A》"), or anything after a colon; "《…方案》提出…"
        # opening the next paragraph is prose about another document.
        at = body.find(text, clause.sentence.start)
        if at < 0:
            return clause
        start, source, marked = at + len(text), body, text.endswith(":")
        if intro_line := _INTRO_LINE.match(body, start):
            start, marked = intro_line.end(), True  # "协议包括:" on a line of its own
    else:
        return clause
    titles: list[str] = []
    while (m := _LISTED.match(source, start)) and (marked or m[1]) and len(titles) < 12:
        if not is_document_title(m[2]):
            break
        titles.append(m[2])
        start = _LIST_JOIN.match(source, m.end()).end()  # type: ignore[union-attr]
    return dataclasses.replace(clause, titles=tuple(titles)) if titles else clause


def _spaceless(title: str) -> str:
    """A title compared without spaces ("阆(中)苍(溪)南(部) 区域…" twice, once spaced)."""
    return re.sub(r"\s+", "", title)


def _limit_reason(text: str) -> str | None:
    if not text.strip():
        return "empty body"
    sample = text[:5000]
    letters = len(_NOT_LETTER.sub("", sample))
    if letters == 0 or len(_NOT_HAN.sub("", sample)) / letters < _MIN_HAN_SHARE:
        return "not Chinese"
    if len(text) > MAX_CHARS:
        return f"body truncated to {MAX_CHARS} chars"
    return None


def _finish(
    drafts: list[Draft], article: str, site: str | None, site_address: str | None = None
) -> tuple[FoundAgreement, ...]:
    """Regions for each current draft; the same agreement told twice is reported once.

    A headline or summary ("成都宜宾集中签署合作协议") repeats a signing the body dates and
    names: an undated or untitled twin gives way to the fuller telling.
    """
    kept: list[tuple[Draft, FoundAgreement]] = []
    short_names = _short_names(article)
    everyone = {p for d in drafts for p in d.parties}
    pair, _ = context_parties(article.partition("\n")[0], "", [], 0)
    headline_bodies = [p for p in pair if party_rules.is_org(p) and regions.place_names(p) != [p]]
    for d in _without_unsplit(drafts):
        if short_names and "代表" in d.evidence:
            # "省医院院长与…分别代表双方签署": people sign for bodies the labels name as the
            # article first does, "四川省医学科学院·四川省人民医院(以下简称“省医院”)"; a
            # body that signs itself is as the signing sentence writes it.
            full = tuple(dict.fromkeys(short_names.get(p, p) for p in d.parties))
            d = dataclasses.replace(d, parties=full)
        if "学校" in d.parties and _names_the_school(site, article):
            # "仪式上,学校与…签署" on 重庆师范大学's site, which the lead names: that school
            d = dataclasses.replace(d, parties=tuple(site if p == "学校" else p for p in d.parties))
        if headline_bodies:
            # "市一医院与重庆市荣昌区人民医院签订…" under "内江市第一人民医院与荣昌区人民医院签约"
            d = dataclasses.replace(
                d, parties=tuple(_written_out(p, headline_bodies) for p in d.parties)
            )
        # "临港经开区管委会" is placed where another telling's full name is: "宜宾临港经济…"
        placed = tuple(_in_full(p, everyone) for p in d.parties)
        names, in_region = regions.resolve(placed, d.evidence, article, site, site_address)
        if kept and any(p.startswith("双方") for p in d.parties):
            # "双方二级学院还签订了3项…" after the two schools' signing: where those two are
            before = kept[-1][1]
            names = tuple(dict.fromkeys([*before.regions, *names]))
            in_region = in_region or before.in_region
        day = d.day.iso() if d.day else None
        found = FoundAgreement(d.title, d.parties, names, day, d.sectors, in_region, d.evidence)
        # The telling with the same parties first, else any twin (same places, say).
        twins = [i for i, (e, f) in enumerate(kept) if _twins(e, f, d, found)]
        same = [i for i in twins if set(kept[i][1].parties) == set(found.parties)]
        if not twins:
            kept.append((d, found))
        else:
            twin = (same or twins)[0]
            kept[twin] = (kept[twin][0], _fuller(kept[twin][1], found))
    # "成渝签署《职教合作协议》" over a body that tells who signed 《…(2022—2025年)》: a
    # headline's short name (a line, no sentence) is that document, not one nobody signed
    told = any(f.title and f.parties for _, f in kept)
    return tuple(f for _, f in kept if f.parties or not told or _SENTENCE_END.search(f.evidence))


_SENTENCE_END = re.compile(r"[。!?！？]\s*$")


def _as_the_ceremony_names(draft: Draft, ceremonies: list[Draft]) -> Draft:
    """A signing by people "代表双方" with its bodies as the ceremony held for it names them
    ("学校副校长与綦江区副区长…" after "西南石油大学与重庆市綦江区人民政府…签约仪式")."""
    if "代表" not in draft.evidence:
        return draft
    # "…副院长陈晓东、医务部主任余婷": people with their posts, read from who attended
    people = any(party_rules.without_post(p) != p for p in draft.parties)
    for ceremony in ceremonies:
        full = tuple(without_topic(p, draft.title or draft.doc) for p in ceremony.parties)
        same_count = full != draft.parties and len(full) == len(draft.parties) >= 2
        if same_count and (people or all(map(_short_or_organ, draft.parties, full))):
            return dataclasses.replace(draft, parties=full)
        # "区委副书记、区长某与春武里府副府尹某·某(…)分别代表双方": one organ read, both held it
        organ = len(draft.parties) == 1 and _BARE_ORGAN.match(draft.parties[0])
        if organ and len(full) >= 2 and any(_short_or_organ(draft.parties[0], f) for f in full):
            return dataclasses.replace(draft, parties=full)
    return draft


_HELD = re.compile(r"签(?:署|约|字)仪式(?:在[^,,。]{2,20})?举行")
# A signer's body named by its level alone: "县委副书记、县长某…代表双方" reads "县委".
_BARE_ORGAN = re.compile(r"^([省市区县])(?:委|政府|人民政府)$")
_LEVEL_END = re.compile(r"([省市区县])(?:人民政府|政府|委员会|委)?$")


def _short_or_organ(short: str, full: str) -> bool:
    """Whether `short` names `full`, is the organ of its level ("县委" of "石柱土家族自治县
    人民政府") or the site's body by its kind ("学院" of "我院")."""
    organ = _BARE_ORGAN.match(short)
    level = _LEVEL_END.search(full) if organ else None
    # (the site's body by its kind alone: "学院党委书记某…代表双方" under "我院与…签约仪式")
    own = len(short) == 2 and SELF.fullmatch(full) is not None and short[-1] == full[-1]
    return names_in_short(short, full) or own or bool(organ and level and level[1] == organ[1])


def _names_the_school(site: str | None, article: str) -> TypeGuard[str]:
    """Whether the site is a school's that the article names in full."""
    return bool(site and regions.is_school(site) and site in article)


_MIN_ABBREVIATED = 4


def _short_form(party: str) -> bool:
    """Whether `party` may be another body's name shortened: long enough, naming no place
    nor a body seated by name, and not the site's own body ("我院", "市人民医院" on 隆昌市's
    site, "集团公司")."""
    return not (
        len(party) < _MIN_ABBREVIATED
        or SELF.fullmatch(party)
        or regions.divisions_in(party)
        or regions.town_names(party)
        or regions.names_a_level(party)
        or regions.known_body(party)  # "电子科技大学", not its "电子科技大学璧山研究院"
    )


def _written_out(party: str, names: list[str]) -> str:
    """The headline's name that `party`, a short form, abbreviates ("市一医院" for "内江市
    第一人民医院"); else `party`."""
    if not _short_form(party):
        return party
    return next((n for n in names if len(n) > len(party) and abbreviates(party, n)), party)


def _in_full(party: str, everyone: set[str]) -> str:
    """The longest other party that `party`, a short form, abbreviates; else `party`."""
    if not _short_form(party):
        return party
    fuller = [
        p
        for p in everyone
        if len(p) > len(party) and abbreviates(party, p) and not _JOINED.search(p)
    ]
    return max(fuller, key=len, default=party)


_JOINED = re.compile(r"[与和及、]")  # "红原县人民检察院与甘肃省…": bodies not split apart


def _without_unsplit(drafts: list[Draft]) -> list[Draft]:
    """Without the telling of A, B and C together ("绵阳与广元、遂宁签订…") that another
    sentence splits into pairs ("绵阳与广元、遂宁分别签署…"); for a named document, the
    places of the pairs that signed it ("大足区与安岳县…签订《X》。结对名单如下:…")."""
    pairs: dict[str, set[str]] = {}
    titles: dict[str | None, set[str]] = {}
    for d in drafts:
        if d.respective:
            pairs.setdefault(d.evidence, set()).update(d.parties)
            titles.setdefault(d.title, set()).update(d.parties)
    return [
        d
        for d in drafts
        if d.respective
        or (d.title and not _places_of(d.parties, titles.get(d.title, set())))
        or (not d.title and not any(_summarises(d.parties, union) for union in pairs.values()))
    ]


def _places_of(parties: tuple[str, ...], union: set[str]) -> bool:
    """Whether `parties` are the places the respective signings of one document are in:
    "大足区与安岳县" of "大足区高坪镇与安岳县龙台镇、大足区中敖镇与安岳县通贤镇分别签订《X》"."""
    heads = [m[0] if (m := _PLACE_HEAD.match(p)) else p for p in parties]
    return len(union) > len(parties) >= 2 and all(
        any(u.startswith(h) and u != h for u in union) for h in heads
    )


# A party's place, before what the writer ran into it: "安岳县" of "安岳县毗邻镇协同发展".
_PLACE_HEAD = re.compile(r"^[\u4e00-\u9fff]{1,10}?[省市区县]")


# "渝北两镇": the places a summary counts, named one by one elsewhere.
_COUNTED_PLACES = re.compile(r"[两二三四五六七八九](?:镇|乡|街道|区县|市区|区|县|市|地)")


def _counted(few: FoundAgreement, many: FoundAgreement) -> bool:
    """Whether `few`, untitled, is signed by a count of places ("湘黔渝三县") that are
    `many`'s parties, as many and in the places it names."""
    counts = [_COUNTED_PLACES.search(p) for p in few.parties]
    count = next((c for c in counts if c), None)
    # (or one named and the others counted: "洪安镇与湘黔两镇" over the three towns' 《…》)
    named = [p for p, c in zip(few.parties, counts, strict=True) if c is None]
    return (
        count is not None
        and len(named) == len(few.parties) - 1
        and not few.title
        and HOW_MANY.get(count[0][0], 0) + len(named) == len(many.parties)
        and all(any(q.endswith(p) for q in many.parties) for p in named)
        and (
            _within(few.regions, many.regions)
            # (the counted ones' places may go untold: "湘黔两镇")
            or (
                bool(named) and all(any(i.startswith(o) for i in many.regions) for o in few.regions)
            )
        )
    )


def _within(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """Whether each of `outer`'s regions holds one of `inner`'s, and each of `inner`'s is in
    one of `outer`'s (湖南省, 贵州省 around 湖南省…花垣县, 贵州省…松桃苗族自治县)."""
    return (
        bool(outer)
        and all(any(i.startswith(o) for i in inner) for o in outer)
        and all(any(i.startswith(o) for o in outer) for i in inner)
    )


def _summarises(parties: tuple[str, ...], union: set[str]) -> bool:
    """Whether `parties` tell the respective signings of `union` together: all of them
    ("绵阳与广元、遂宁签订…"), or one of them and the others counted ("坛同镇与渝北两镇")."""
    if len(parties) >= 3:
        return set(parties) == union
    counts = [m for p in parties if (m := _COUNTED_PLACES.search(p))]
    named = [p for p in parties if not _COUNTED_PLACES.search(p)]
    return (
        len(counts) == 1
        and len(named) == 1
        and any(u.endswith(named[0]) for u in union)
        and len(union) == 1 + HOW_MANY.get(counts[0][0][0], 0)
    )


def _twins(da: Draft, a: FoundAgreement, db: Draft, b: FoundAgreement) -> bool:
    if a.signed_on and b.signed_on and a.signed_on != b.signed_on:
        return False
    if da.respective and db.respective and da.evidence == db.evidence:
        return False  # "A分别与B、C签署《…》": one agreement with each
    if a.title and b.title:
        if (da.respective or db.respective) and not _same_bodies(a.parties, b.parties):
            return False  # "A分别与B、C、D签署《…》": one document, a copy with each
        return a.title == b.title or _named_again(a, b) or _named_again(b, a)
    if _signed_on_it(da, b) or _signed_on_it(db, a):
        return True  # "…签署《…合作备忘录》,…分别代表两省签署备忘录": that memo
    if (
        (
            da.evidence == db.evidence
            or (
                _bodies_sign(a) and _bodies_sign(b) and max(len(da.doc), len(db.doc)) > _GENERIC_DOC
            )
        )
        and da.doc
        and db.doc
        and not _abbreviated(da.doc, db.doc)
        and a.parties
        and b.parties
        and not _same_bodies(a.parties, b.parties)
    ):
        # "我市与嘉兴市签署深化合作框架协议,两市经开区管委会签署园区共建…"; "…签署战略合作
        # 协议。仪式上,大学还与高新区管委会签订了共建…研究院协议"
        return False
    if _signed_apart(da.doc, a, b) or _signed_apart(db.doc, b, a):
        return False  # "签署战略合作协议,并同步签订《…班轮合作协议》": two documents
    kinds = {_kind_of_document(da.doc), _kind_of_document(db.doc)}
    if len(kinds) == 2 and None not in kinds:
        return False  # "签署战略合作协议。…签署《铁水联运合作备忘录》": an agreement, a memo
    titled, untitled = (da, db) if a.title else (db, da)
    if (
        (a.title or b.title)
        and _SPECIAL.search(untitled.doc)
        and not _SPECIAL.search(titled.doc)
        and not any(_SOME_BODIES.search(p) for p in untitled.parties)
    ):
        # "两地政府签署《…合作协议》。A局与B局分别签署专项合作协议": two documents (but "两地
        # 相关部门同时签署4个专项合作协议" are counted, and named one by one after)
        return False
    if not a.parties or not b.parties:
        # "《A》签约仪式在泸州举行。泸州市政府与永川区政府签署协议": one names the document,
        # the other who signed it.
        # ("——我校与重庆市第十一中学校签订基础教育协同发展合作协议" over "…分别代表两校签署
        # 《川渝基础教育协同发展合作协议》": the headline's phrase shortens the title)
        return bool(a.title or b.title) and (
            len(untitled.doc) <= _GENERIC_DOC or abbreviates(untitled.doc, titled.doc)
        )
    if _counted(a, b) or _counted(b, a):
        return True  # "湘黔渝三县签署…合作协议" over the three counties' 《…》
    if (
        len(da.doc) > _GENERIC_DOC
        and len(db.doc) > _GENERIC_DOC
        and not abbreviates(da.doc, db.doc)
        and not abbreviates(db.doc, da.doc)
        and not _cut_from(da.doc, db.doc)
        and not _cut_from(db.doc, da.doc)
    ):
        # "全面深化合作协议" and "9个专项合作备忘录" are two documents; "区域协同发展合作协议"
        # is how the lead names 《加快推动绵遂区域协同发展合作协议》.
        return False
    if _signed_for(db) and not _signed_for(da) and _places_meet(a.regions, b.regions):
        # "…签署新能源战略合作框架协议。副市长某、某公司总经理某代表双方签约": the signing
        # told before, by who signed it (not the ones told after: "仪式上,学院与…签订")
        return True
    if (
        da.doc == db.doc
        and len(da.doc) > _GENERIC_DOC
        and len(a.parties) == len(b.parties)
        and (set(a.regions) < set(b.regions) or set(b.regions) < set(a.regions))
        and any(_one_body(p, q) for p in a.parties for q in b.parties)
    ):
        # "“天下第一村”牵手南街村 两地签订…结对共建协议": the body's pair, one side by a
        # byname that names no place (or "我县竹核乡", placed by the site)
        return True
    if (
        da.doc == db.doc
        and len(da.doc) > _GENERIC_DOC
        and (a.title or b.title)
        and a.regions
        and set(a.regions) == set(b.regions)
    ):
        # "乐山大足签署石窟寺保护利用合作协议" over "A与B签署《石窟寺保护利用合作协议》":
        # the places of the bodies, told in a headline
        return True
    if _agencies(a.parties) and _agencies(b.parties) and not _same_bodies(a.parties, b.parties):
        return False  # "江津区交通局与合江县交通运输局…", "江津区卫健委与合江县卫健局…"
    one, other = (a, b) if len(a.parties) <= len(b.parties) else (b, a)
    fewer, more = set(one.parties), set(other.parties)
    alone = next(iter(fewer)) if len(fewer) == 1 else None
    if (
        fewer == more
        or (alone and any(party_rules.same_party(alone, p) for p in more))
        or (not (a.title and b.title) and _shortened(a.parties, b.parties))
    ):
        # "与永川区签订合作协议。6月18日,泸州市与永川区签订…": a headline-like fragment
        # names one side of the same signing (two of four signing again is another).
        return True
    if alone and (count := _COUNTED_PLACES.search(alone)) and _abbreviated(da.doc, db.doc):
        # "川渝七市区签署协同开放合作协议" over the seven governments' 《…协同开放合作协议》
        return HOW_MANY.get(count[0][0], 0) == len(more)
    if (
        alone
        and len(more) > 1
        and set(one.regions) == set(other.regions)
        and regions.group_members(alone)
        and all(p.endswith(alone[-2:]) for p in more)
    ):
        # "川渝科协签署合作协议" over "重庆市科协与四川省科协签署《…》": each place's body
        return True
    if len(fewer) == 1 and one.regions and set(one.regions) < set(other.regions):
        # "…出席签约仪式并代表双方签字": one side, abbreviated ("北部湾港集团"), where
        # the other telling's partner is.
        return True
    if da.respective or db.respective:  # one pair of several: the same pair told again
        return len(fewer) == len(more) and all(
            any(party_rules.same_party(p, q) for q in b.parties) for p in a.parties
        )
    if (
        {_places_only(a.parties), _places_only(b.parties)} == {True, False}
        and min(len(da.doc), len(db.doc)) > _GENERIC_DOC  # not "合作协议": any of theirs
        and a.regions
        and set(a.regions) == set(b.regions)
        and (_abbreviated(da.doc, db.doc) or _cut_from(da.doc, db.doc) or _cut_from(db.doc, da.doc))
    ):
        # "成都与两江新区携手共护知识产权 签署知识产权保护协作协议" over the bodies' signing of
        # 《成渝地区双城经济圈知识产权保护协作…》: the bodies' places, told in a headline
        return True
    if _names_a_body(a.parties) != _names_a_body(b.parties):
        return False  # a firm's signing beside its city's
    if _names_a_body(a.parties) and not _a_body_in_both(a.parties, b.parties):
        return False  # 内江市 with 四川大学, then with 西南交通大学: both in 成都, two signings
    if (
        _no_bare_place(a.parties)
        and _no_bare_place(b.parties)
        and not any(_one_body(p, q) for p in a.parties for q in b.parties)
        and not (_signed_for(da) or _signed_for(db))  # "…区长某,…区长某代表双方签约"
    ):
        # "区人民政府与县人民政府签署《…》。两地工业园区管委会签署产业协作协议": other bodies of
        # the same places, another signing (a headline's "綦江桐梓签约" is the first again)
        return False
    return bool(a.regions) and set(a.regions) == set(b.regions) and not (a.title and b.title)


def _places_meet(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether a place of one telling is, holds or lies in one of the other's (重庆市渝北区
    in 重庆市: "重庆临空经济示范区与成都临空经济示范区签署《…》。渝北区区长某,双流区区长某
    代表双方签约")."""
    return any(p.startswith(q) or q.startswith(p) for p in a for q in b)


def _no_bare_place(parties: tuple[str, ...]) -> bool:
    """Whether two or more sign and each is named as a body, none by its place alone."""
    return len(parties) >= 2 and all("".join(regions.place_names(p)) != p for p in parties)


_NAMED_AGAIN = 0.6  # of the fuller name's length: "合作协议" is no short form of a long title


def _named_again(a: FoundAgreement, b: FoundAgreement) -> bool:
    """Whether `b`, told with no parties, names `a`'s document by a fuller or shorter form:
    《成渝地区双城经济圈水利合作备忘录》 signed, then "《推进成渝地区双城经济圈建设水利合作
    备忘录》的正式签署,标志着…"."""
    if b.parties or not a.parties or not a.title or not b.title:
        return False
    short, full = sorted((a.title, b.title), key=len)
    return (
        len(short) >= _NAMED_AGAIN * len(full)
        and _kind_of_document(short) == _kind_of_document(full) is not None
        and abbreviates(short, full)
    )


def _signed_on_it(untitled: Draft, titled: FoundAgreement) -> bool:
    """Whether an untitled signing is the representatives' hands on the document the same
    sentence named ("…签署《深化…合作备忘录》,A厅厅长某与B厅厅长某分别代表两省签署备忘录",
    "…代表双方在协议上签字")."""
    if untitled.title or not titled.title or untitled.evidence != titled.evidence:
        return False
    text, doc = untitled.evidence, untitled.doc
    named_end = text.find(titled.title) + len(titled.title)
    at = text.find(doc, named_end) if _BARE_KIND.fullmatch(doc) else -1
    return at > 0 and "代表" in text[named_end:at] and titled.title.endswith(doc)


_BARE_KIND = re.compile(r"(?:合作)?(?:框架)?(?:协议书?|备忘录)")


def _signed_apart(doc: str, untitled: FoundAgreement, titled: FoundAgreement) -> bool:
    """Whether one sentence signs an untitled document, then by another verb a titled one
    the first does not shorten: two documents, not one told twice."""
    if untitled.title or not titled.title or untitled.evidence != titled.evidence or not doc:
        return False
    text = untitled.evidence
    at = text.find(doc)
    starts = text.find("《" + titled.title, at + len(doc)) if at >= 0 else -1
    return (
        starts >= 0
        and bool(_HEAD_SIGNING.search(text, at + len(doc), starts))
        and not _abbreviated(doc, titled.title)
    )


_KIND_OF_DOCUMENT = re.compile(r"(协议|备忘录|意向书|合同)书?$")


def _places_only(parties: tuple[str, ...]) -> bool:
    """Whether a telling names places only ("成都", "两江新区"), no body of theirs."""
    return all(regions.place_names(p) == [p] for p in parties)


def _cut_from(cut: str, doc: str) -> bool:
    """Whether `cut`, a name the copy cut before its kind ("…签署了《成渝地区双城经济圈知识
    产权保护协作"), holds `doc` without its kind ("知识产权保护协作协议")."""
    kind = _KIND_OF_DOCUMENT.search(doc)
    return (
        _kind_of_document(cut) is None
        and kind is not None
        and len(stem := doc[: kind.start()]) >= 4
        and abbreviates(stem, cut)
    )


def _kind_of_document(doc: str) -> str | None:
    """ "协议" of "…合作协议书", "备忘录", …; None for a plan or a charter."""
    m = _KIND_OF_DOCUMENT.search(doc)
    return m[1] if m else None


def _abbreviated(a: str, b: str) -> bool:
    """Whether one document phrase shortens the other."""
    return bool(a and b) and (abbreviates(a, b) or abbreviates(b, a))


_OWN_FIRM = frozenset({"集团", "公司"})


# A division below the place a body's name opens with: "渝北区|石船镇|妇联", "内江市|东兴区".
_DIVISION_INSIDE = re.compile(
    r"[区县市]([\u4e00-\u9fff]{1,6}?(?:区|县|镇|乡|街道))[\u4e00-\u9fff]+$"
)


def _shortened(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether each of two tellings' bodies is the other's, as written or shortened
    ("经开区" for "内江经济技术开发区管理委员会"); not a place for a firm named after it."""

    def one(p: str, q: str) -> bool:
        short, long = sorted((p, q), key=len)
        if p == q or (short in _OWN_FIRM and short in long):
            return True  # "集团与重庆港务物流集团签署…" on the group's own site
        if len(short) < 3 or (
            long.startswith(short) and not _LEGAL_FORM.fullmatch(long[len(short) :])
        ):
            return False
        # "渝北区石船镇妇联" is a town's federation, not "渝北区妇联" written out, and
        # "内江市东兴区人民政府" a district's government, not "内江市人民政府"
        inside = _DIVISION_INSIDE.search(long)
        return abbreviates(short, long) and (inside is None or inside[1] in short)

    return (
        len(a) == len(b)
        and all(any(one(p, q) for q in b) for p in a)
        and all(any(one(p, q) for p in a) for q in b)
    )


def _same_bodies(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two tellings name the same bodies, in full or short ("四川省社科院" for
    "四川省社会科学院")."""
    return len(a) == len(b) and all(any(_one_body(p, q) for q in b) for p in a)


def _one_body(p: str, q: str) -> bool:
    """Whether two names are one body, as written or one abbreviating the other; not a
    body and a unit of it ("我校", "我校大气科学学院")."""
    if p == q:
        return True
    short, long = sorted((p, q), key=len)
    rest = long[len(short) :]
    if long.startswith(short) and party_rules.is_org(rest) and not _LEGAL_FORM.fullmatch(rest):
        return False
    if SELF.fullmatch(short):
        # "我校" is a school, not "南江县气象局"; nor "能源与动力工程学院", a college of one
        # (a school called 学院 is named after its place: "四川旅游学院")
        if short[-1] == "校" and long.endswith("学院") and not regions.divisions_in(long):
            return False
        return _SELF_KINDS[short[-1]].search(long) is not None
    return party_rules.same_party(p, q) or abbreviates(p, q) or abbreviates(q, p)


# What completes a body's name without making it another: "中国铁塔" and "…股份有限公司".
_LEGAL_FORM = re.compile(r"(?:集团)?(?:股份)?(?:有限)?(?:责任)?公司|集团|(?:人民)?政府")
# What the site's own body may be, by how it calls itself.
_SELF_KINDS = {
    "院": re.compile(r"院$"),
    "校": re.compile(r"(?:大学|学院|学校|中学|小学)$"),
    "区": re.compile(r"区(?:人民政府|政府)?$"),
    "市": re.compile(r"市(?:人民政府|政府)?$"),
    "县": re.compile(r"县(?:人民政府|政府)?$"),
    "司": re.compile(r"(?:公司|集团)$"),
    "所": re.compile(r"所$"),
}


def _signed_for(d: Draft) -> bool:
    """Whether a telling names no document, only the people who signed for both sides."""
    # "…分别代表三方在协议上签字": the document just told
    return not d.title and d.doc in ("", "协议") and "代表" in d.evidence


def _a_body_in_both(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether a body other than a place or its government signs in both tellings, by the
    same name or an abbreviation of it."""
    bodies = [p for p in a if not _PLACE_OR_GOVERNMENT.search(p)]
    return any(_one_body(p, q) for p in bodies for q in b)


def _bodies_sign(found: FoundAgreement) -> bool:
    """Whether two sides or more sign and one is a body, not a place: "荣昌区人民政府与四川
    轻化工大学", not "宜宾市与重庆江津" (a headline's places for any of their bodies)."""
    return len(found.parties) >= 2 and _names_a_body(found.parties)


def _names_a_body(parties: tuple[str, ...]) -> bool:
    """Whether a party is a body other than a place or its government ("成都产业投资集团")."""
    return any(
        not _PLACE_OR_GOVERNMENT.search(p) and "".join(regions.place_names(p)) != p for p in parties
    )  # "成都宜宾" is two places


# A place or its government, which a headline may name for any of its departments.
# "江津区相关部门" stands for any of them.
_PLACE_OR_GOVERNMENT = re.compile(
    r"(?:省|市|区|县|州|旗|镇|乡|街道|政府|管委会|管理委员会|新区|部门|单位|[省市区县州]委|党委|党工委)$"
)


def _agencies(parties: tuple[str, ...]) -> bool:
    """Two or more parties, each a named body other than a place or its government (not
    "该行", "集团": the same bodies told again)."""
    return len(parties) >= 2 and not any(
        _PLACE_OR_GOVERNMENT.search(p) or _PRONOUN.fullmatch(p) for p in parties
    )


# A body referred to, not named: "该行", "集团", "我校".
_PRONOUN = re.compile(r"(?:该|本|我|贵)?(?:行|集团|公司|司|校|院|局|委|方)")


def _fuller(a: FoundAgreement, b: FoundAgreement) -> FoundAgreement:
    """The telling with a title, then with a date, completed by the other's date and, when
    it names nobody or one side only, by the other's parties."""
    a_rank, b_rank = _rank(a), _rank(b)
    first, second = (a, b) if a_rank >= b_rank else (b, a)
    merged = dataclasses.replace(first, signed_on=first.signed_on or second.signed_on)
    # ("《A片区—B片区…协议》签约仪式…A管委会与B管委会负责人代表双方签约": the bodies who
    # signed, over the places the title names)
    from_title = bool(first.title) and all(p in (first.title or "") for p in first.parties)
    signers = (
        not second.title
        and "代表" in second.evidence
        and all(any(q[:2] == p[:2] != q for q in second.parties) for p in first.parties)
    )
    if (
        len(first.parties) < min(2, len(second.parties))
        or _spelled_out(first.parties, second.parties)
        or (from_title and signers and len(second.parties) == len(first.parties))
    ):
        merged = dataclasses.replace(
            merged,
            parties=second.parties,
            regions=second.regions,
            in_region=second.in_region,
            evidence=second.evidence,
        )
    return merged


# "四川省医学科学院·四川省人民医院(以下简称“省医院”)": a body's full name, then its short one.
_SHORT_NAME = re.compile(
    r"([^\s,,。;;、::与和同及“”\"]{4,40})[(（]以下(?:简称|称)[“\"]?([^”\"()（）《》]{2,12})[”\"]?[)）]"
)


# Where a name starts after the words before it: "代表团一行先后来到|大竹经济技术开发区".
_BEFORE_NAME = re.compile(r"^.*(?:来到|走进|前往|到访|莅临|考察|调研|参观|赴|到|在|由|对|向|是)")


def _short_names(article: str) -> dict[str, str]:
    """{short name: full name} of the bodies the article names in full, then for short."""
    found = {}
    for m in _SHORT_NAME.finditer(article):
        full = _BEFORE_NAME.sub("", m[1])
        if not is_generic(m[2]) and party_rules.is_org(full):
            found[m[2]] = full
    return found


def _spelled_out(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """Whether `full` names `short`'s parties in full ("市政府", "建行四川省分行" for
    "南充市人民政府", "中国建设银行股份有限公司四川省分行"), each abbreviating one."""
    # "我校" is kept as written, as the labels do
    if len(short) != len(full) or short == full or SELF.search("".join(short + full)):
        return False
    left = list(full)
    for name in short:
        # "杨家坪街道党工委" is the street's party organ, not its name in full
        match = next(
            (f for f in left if abbreviates(name, f) and f.removeprefix(name) not in _ORGANS),
            None,
        )
        if match is None:
            return False
        left.remove(match)
    return True


_ORGANS = frozenset({"党委", "党工委", "工委"})


def _rank(found: FoundAgreement) -> tuple[bool, bool, int, bool]:
    """A telling's fullness: its title, its date, then, for a named document, how many of
    its parties are bodies rather than places (its list's "签约单位:安岳县文物保护中心…"
    over the lead's "安岳"); then a sentence of prose over a headline's line, whose few
    words tell less of the fields."""
    bodies = sum(regions.place_names(p) != [p] for p in found.parties) if found.title else 0
    return bool(found.title), bool(found.signed_on), bodies, "。" in found.evidence


def _evidence(clauses: list[Clause]) -> tuple[str, ...]:
    """Signed sentences first, then the ones that argued against; ≤ 5, no repeats."""
    ordered = sorted(clauses, key=lambda c: c.kind is not Kind.SIGNED)
    out: list[str] = []
    for c in ordered:
        if c.sentence.text not in out:
            out.append(c.sentence.text[:300])
        if len(out) == MAX_EVIDENCE:
            break
    return tuple(out)
