"""Article extraction from decoded HTML (and plain-text files).

The page is parsed once with lxml; metadata is read from the raw tree, then the tree
is cleaned of furniture and the body is taken from the per-source XPath override,
else trafilatura, else the text-density fallback.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from lxml import etree

from pipeline.extract import body as _body
from pipeline.extract.blocks import normalise_space, parse_html
from pipeline.extract.dates import FoundDate, headline_window
from pipeline.extract.dates import find_published as find_page_date
from pipeline.extract.datetext import date_in_text, date_in_url
from pipeline.extract.density import drop_feeds
from pipeline.extract.furniture import clean_lines, clean_tree
from pipeline.extract.metadata import (
    credited_day,
    find_author,
    find_site,
    find_source,
    find_title,
)
from pipeline.extract.site import (
    ACCOUNT_LINE,
    JOINING,
    address_of_lines,
    credited_body,
    masthead_place,
    site_of_lines,
)
from pipeline.normalise import PAGE_TURN, repair_ocr, unescape_entities, unspace_numbers
from pipeline.textnorm import HALF_WIDTH_ALNUM, detect_language, to_simplified

__all__ = [
    "Extracted",
    "ExtractionError",
    "XPathOverrides",
    "extract_article",
    "extract_plain_text",
]

SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class XPathOverrides:
    """Per-source XPaths for CMSs that defeat the generic extractors."""

    title: str | None = None
    body: str | None = None
    published: str | None = None  # the publication date (`date` in the config table)
    remove: tuple[str, ...] = ()  # XPaths of nodes to drop before extraction

    @classmethod
    def from_mapping(cls, spec: Mapping[str, Any]) -> XPathOverrides:
        """From a source's `[sources.extract]` table (or its dict form)."""
        return cls(
            title=spec.get("title"),
            body=spec.get("body"),
            published=spec.get("date") or spec.get("published"),
            remove=tuple(spec.get("remove") or ()),
        )


@dataclass(frozen=True, slots=True)
class Extracted:
    """One article as extracted from a page."""

    title: str
    published_at: datetime | None  # aware; the tz argument when the page gives no offset
    author: str | None  # 作者/记者/编辑 as given
    source_name: str | None  # 来源: the outlet the page credits
    text: str  # clean body, paragraphs separated by "\n"
    language: str  # detect_language(text)
    method: str  # "xpath" | "trafilatura" | "density"
    date_source: str | None = None  # where published_at came from (see FoundDate.source)
    site: str | None = None  # the body whose site it is ("成都理工大学"), for its 我校
    site_address: str | None = None  # where that body is: its footer, else a local masthead
    # A reprint's original day, earlier than the page's ("来源:重庆日报 2021-03-31" under
    # "发布时间:2021-04-06"): its "昨日" counts from there (`first_reported`).
    reported_on: date | None = None


def first_reported(window: str, published: datetime | None, tz: ZoneInfo) -> date | None:
    """The day the credited outlet ran the story, when the page is a later copy of it."""
    day = credited_day(window, tz) if published else None
    return day if day and published and day < published.astimezone(tz).date() else None


class ExtractionError(ValueError):
    """No article body could be found (empty or non-article page).

    ``found`` holds what the page did show (headline, date) when it was HTML, so
    `analyze` can still report them; the store never keeps a page without a body.
    """

    def __init__(self, message: str, found: FoundDate | None = None, title: str = "") -> None:
        super().__init__(message)
        self.found = found
        self.title = title


def _xpath_string(root: etree._Element, xpath: str | None) -> str:
    if not xpath:
        return ""
    result = root.xpath(xpath)
    if isinstance(result, list):
        result = " ".join(
            r.xpath("string()") if isinstance(r, etree._Element) else str(r) for r in result
        )
    return normalise_space(str(result))


def _choose_body(root: etree._Element, url: str | None, title: str) -> tuple[str, str]:
    """(text, method): the density node when it holds the article, else trafilatura.

    On the 62-page corpus the density node is cleaner (furniture-free on 56 pages
    against 43 for trafilatura) but sometimes too small; trafilatura decides then.
    """
    # Feeds go first: beside a short article they outweigh it (issue 12: F1 0.61 there).
    drop_feeds(root)
    dense = _body.finish_text(_body.body_by_density(copy.deepcopy(root)), title)
    if _body.is_substantial(dense):
        return dense, "density"
    text = _body.finish_text(_body.body_by_trafilatura(root, url), title)
    if dense and not _body.prefer(text, dense):
        return dense, "density"
    return text, "trafilatura"


def extract_article(
    html: str,
    url: str | None = None,
    *,
    overrides: XPathOverrides | None = None,
    tz: ZoneInfo = SHANGHAI,
    now: datetime | None = None,
) -> Extracted:
    """Extract headline, time, byline and clean body from one decoded HTML page.

    ``now`` is the fetch time: relative datelines ("3小时前", "昨天 09:30") count back from
    it and no publication time may lie after it; None means the current time.
    """
    ov = overrides or XPathOverrides()
    root = parse_html(html)
    title = _xpath_string(root, ov.title) or find_title(root)
    window = headline_window(root, title)
    when = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)  # stores hand back naive UTC (SQLite)
    found: FoundDate | None = find_page_date(
        root, title=title, url=url, tz=tz, now=when, override=ov.published, window=window
    )
    published = found.value if found else None
    author, source = find_author(root, window), find_source(root, window)
    site = find_site(root)
    clean_tree(root, ov.remove)
    if ov.body:
        text, method = _body.finish_text(_body.body_by_xpath(root, ov.body), title), "xpath"
    else:
        text, method = _choose_body(root, url, title)
    if not text or (_body.prose_chars(text) == 0 and len(text) < _body.MIN_BODY):
        raise ExtractionError(f"no article body found in {url or 'page'}", found, title)
    language = detect_language(text)
    date_source = found.source if found else None
    reported = first_reported(window, published, tz)
    return Extracted(
        title,
        published,
        author,
        source,
        text,
        language,
        method,
        date_source,
        site,
        reported_on=reported,
    )


# A breadcrumb line ("重庆日报网 > 环渝 > 正文") that some saved .txt articles start with.
_BREADCRUMB = re.compile(r"^.{0,40}(?:>|›|»).{0,40}$")
_NAVIGATION = re.compile(_BREADCRUMB.pattern + r"|^(?:[^|｜]{1,8}[|｜]){3}")  # or a menu
# Byline lines right under the title of a .txt article: 来源, 时间, 编辑, ◎ 记者 …
_TXT_BYLINE = re.compile(
    r"^\s*(?:◎|(?:文章|信息|稿件)?[来來]源|稿源|发布者|发布人|(?:访谈|会议|直播|播出|首播)?[时時][间間]|[发發][布佈](?:[时時][间間]|日期|于)|(?:公告)?日期|作者|"
    r"[记記]者|[编編][辑輯]|[责責]任[编編][辑輯]|通[讯訊]员)"
    r"|^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?(?:\s+\S{2,10})?\s+"
    # "2024-11-20 04:03:18  大公報  作者:記者 黃仲文", "2024-05-24 08:05  上游新闻  记者 吴静",
    # "2024-06-08 12:05 上游新闻-重庆晨报记者 杨帆"
    r"(?:[来來]源|作者|[编編][辑輯]|[记記]者\s|\S{2,16}?[记記]者\s)"
    # a WeChat post's account, time and place: "巫山女性 2024-05-10 17:30 发表于重庆"; an
    # outlet's name, date and source: "开江融媒 2022-12-07 来源:开江县融媒体中心"
    # (marked as its own writing: "原创 成都高新 2023-04-18 18:30 发表于四川")
    "|" + ACCOUNT_LINE.pattern + r"(?:\s+发表于|\s*$)"
    # a date before the page's tools: "2024-09-13 | 【 大 中 小 】【打印】【关闭】"
    r"|^\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?\s*[|｜]\s*【"
    # a forum post's: "发表于 2020-11-23 09:12 | 只看该作者 | 倒序浏览"
    r"|^\s*发表于\s*\d{4}-\d{1,2}-\d{1,2}"
    # a portal's name before its stamp: "泸州市人民政府网站 发布时间:2020-12-15 信息来源:…"
    r"|^\s*\S{2,20}\s+(?:发布时间|发布日期)\s*[:：]\s*\d{4}"
    # a paper's masthead, date and page: "南充日报 2024年03月22日 第01版:要闻", "四川日报
    # 2022年8月27日 星期六 责编 刘晓"
    # (or its address: "http://www.hxjxw.com.cn 2022年8月19日 来源:德阳日报")
    # (a WeChat post's account, day, time and the province it was posted from: "大竹县人民医院
    # 2025年06月10日 17:45 四川")
    r"|^\s*(?:\S{2,16}|(?:https?://)?[\w.-]{4,60})\s+\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?"
    # (a radio bulletin's script and slot: "《重庆新闻》广播稿  2022年3月8日 12:00档")
    r"(?:\s+\d{1,2}:\d{2}档?(?:\s+[\u4e00-\u9fff]{2,3}$)?)?"
    r"(?:\s*[(（]?星期[一二三四五六日天][)）]?)?(?:\s+(?:[来來]源|作者|[编編][辑輯]|[责責][编編]|第\S{1,4}版)|\s*$)"
    # an outlet, its writer, the day and time: "旺報 陳昱廷 2023年06月19日 04:10"
    r"|^\s*\S{2,8}\s+[\u4e00-\u9fff]{2,4}\s+\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}[:：]\d{2}\s*$"
    # a date line alone: "2024年03月15日 星期五", "2024年5月17日(星期五)", a post's
    # "2024-05-17 19:05 重庆"
    r"|^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?"
    r"(?:(?:\s+\S{1,10}){1,2}|\s*[(（]?星期[一二三四五六日天][)）]?)?$"  # "星期五 农历十一月廿三"
    # a paper's date and dateline: "2024-05-16  香港文匯報訊(記者 孫世傑 重慶報道)"
    r"|^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\S{2,12}[讯訊][(（]"
    # a self-media post's time, place and kind: "2025-08-21 19:06 · 四川 · 自媒体创作者"
    r"|^\s*\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}(?:\s*[·・]\s*\S{1,12}){1,3}\s*$"
    # an e-paper's date and page: "2024年10月25日 星期五 第01版:要闻 上一版 下一版"
    r"|^\s*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+[(（]?星期[一二三四五六日天][)）]?\s+第\S{1,4}版"
    # a short line with a day and time and a source, whatever comes first: "视频时长 02:16
    # 2024-05-16 19:41:02 来源:《重庆新闻联播》"
    r"|^(?=[^。]{0,70}$)(?=.*\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s+\d{1,2}:\d{2})"
    r".*(?:[来來]源|作者|[编編][辑輯])\s*[:：]"
    # an outlet's reporters: "川观新闻记者 罗文静", "重庆日报记者 黄一鸣 王欣"
    r"|^\s*[\u4e00-\u9fff]{2,12}(?:见习|特约|首席)?[记記]者(?:\s+[\u4e00-\u9fff·]{2,4}){1,4}\s*$"
    # a microblog post's time and client: "V 2024-11-12 17:30 来自 iPhone客户端"
    r"|^\s*(?:V\s+|\S{1,12}\s+)?\d{4}-\d{1,2}-\d{1,2}\s+\d{1,2}:\d{2}\s+来自"  # "山城小驴 2023-…"
    # a portal's masthead, column and date: "泸州新闻网 | 合江新闻 | 2025-06-23 09:30",
    # "往期回顾 | 版面导航 | 2024年04月26日 星期五"
    r"|^\s*(?:\S{2,16}\s*[|｜]\s*){1,3}\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s+\d{1,2}:\d{2})?"
    r"(?:\s*[(（]?星期[一二三四五六日天][)）]?)?\s*$"
    # outlets abroad: "2022-09-08 21:06 聯合報／記者林宗翰／即時報導", "發佈/2024年10月16日 14:20",
    # "2023/5/10 18:32(5/10 19:05 更新)", "撰文:陳俊傑 出版:2025-06-27 17:05" (or on two
    # lines: "撰文:陳穎嵐" over "出版:2024-12-05 18:20 更新:2024-12-05 18:24")
    r"|^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}[:：]\d{2}\s+\S{2,10}[／/]"
    r"|^\s*[发發][布佈]\s*[／/]\s*\d{4}"
    r"|^\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}[:：]\d{2}\s*[(（][^()（）]{0,20}更新[)）]\s*$"
    r"|^\s*(?:撰文|出版)\s*[:：]"
    # a gazette's or a bulletin's publisher and day: "重庆市开州区人民政府办公室 主办
    # 2022年6月30日", "自贡市人民政府办公室编印 2021年4月15日出版"
    r"|^\s*\S{2,30}?\s*(?:主办|编印|印发|编)\s+\d{4}年\d{1,2}月\d{1,2}日(?:出版|印发)?\s*$"
)
_TXT_HEAD_LINES = 10  # where a headline may be, under the site's furniture
_TXT_BYLINE_LINES = 4  # where bylines are, under the headline
_TXT_FOOT_LINES = 8  # where a copyright line names the site's body
_TXT_CREDIT_LINES = 20  # where a post closes with its credit, above its links and QR code
# Chinese headlines run to ~40 characters (two-part ones with a space up to ~48).
_MAX_HEADLINE = 48
# An official document's title runs longer: "…关于印发《…实施方案》的通知".
_OFFICIAL_TITLE = re.compile(
    r"^[^。]{0,40}关于[^。]{4,90}的(?:通知|意见|决定|通报|批复|函|报告|请示)$"
)
# Datelines open leads ("本报讯", "新华社成都5月12日电"); furniture and captions are no
# headline; a line ending in sentence punctuation is a paragraph. (A tag before a headline
# is no furniture: "【转载】长江赤水河交汇区域三地检察院会签协作框架协议".)
_TXT_NOT_HEADLINE = re.compile(
    r"^(?:本报讯|本報訊|新华社|据.{0,8}报道|【(?![\u4e00-\u9fff]{2,4}】[^【】\s]{8,}$))|\d{1,2}日(?:电|讯)|^.{0,20}(?:讯|电)[(（]|"
    r"首页|首頁|版面|往期|您的位置|当前位置|字号|字体大小|博客$|打印本页|关闭窗口|[上下]一[版篇页条]|分享(?:到|[:：])|"
    r"【大 ?中 ?小】|^[·•▪●]|点击上方|关注我们|发表于|详情$|导航|登录|分类$|^引言$|合影$|现场$|"
    r"^.{0,8}(?:扫一扫|二维码).{0,12}$|"
    r"[。!?;:,，；：、…]$|"
    # a byline, a portal's metadata, a paper's page line ("第01版:要闻")
    r"(?:来源|编辑|作者|发布时间|发布日期|发布机构|成文日期|信息分类)\s*[:：]|索\s*引\s*号|\[(?!转帖|转载|原创)[\u4e00-\u9fff]{2,6}\]|"
    r"(?:证券代码|证券简称|公告编号)\s*[:：]|"  # a listed firm's announcement's header
    # a breadcrumb ("新闻动态 > 集团要闻"), a menu ("新闻 | 广元 | 区县"), a document
    # number, a photo's caption
    r"\S\s*[>›»]\s*\S|(?:[^|｜]{1,8}[|｜]){2}|〔\d{4}〕\s*\d+\s*号|仅供参考|^[(（]?(?:资料)?图片|"
    r"第?\s*[A-Z]?\d{1,2}\s*版\s*[:：]|^\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}|"
    # a site's masthead: a body's name alone ("邻水县人民政府", "中恒智造集团"), not two
    # bodies joined by a verb ("重庆市中医院携手武胜县中医医院" is a headline)
    rf"^(?![^\n]*(?:{JOINING}))[\u4e00-\u9fff·]{{2,30}}\s?(?:人民政府|政府|办公室|检察院|法院|委员会|局|厅|协会|学会|联合会|科协|集团|有限公司|公司|大学|学院|学校|中学|小学|医院|研究院|研究所|图书馆|博物馆|"
    r"日报|晚报|数字报|数字版|电子报|电子版|融媒|融媒体中心|新闻中心|新闻网|政府网|日报网|门户网站|网站|官网)$|^[\u4e00-\u9fff]{2,6}发布$|主办$|"
    # a site's app: "华龙网-新重庆客户端", "川观新闻客户端"
    r"^[\u4e00-\u9fff]{2,10}(?:网|报|台)?\s*[-—·|｜]?\s*[\u4e00-\u9fff]{2,12}(?:客户端|APP)$|"
    # a menu of three or more short names: "重庆大学 四川大学 西南政法大学"
    r"^(?:\S{1,8} +){2,}\S{1,8}$|^[\u4e00-\u9fff]{2,5}网$|"
    # a masthead of two names: "开州区融媒体中心 | 开州网", "秀山网  秀山土家族苗族自治县融媒体中心"
    r"(?:融媒体中心|新闻中心)\s*[|｜]|[|｜]\s*[\u4e00-\u9fff]{1,8}网$"
    r"|^[\u4e00-\u9fff]{1,8}网\s+[\u4e00-\u9fff]{2,30}(?:融媒体中心|新闻中心)$"
)


# What a page's <title> adds to its headline: a column's and a site's name.
_TITLE_TAG = re.compile(r"^\s*[_|｜\-–—·]\s*\S")
# A headline's second line that goes on from its first: "与重庆大学签署…".
_GOES_ON = re.compile(r"^(?:与|和|同|携手|牵手|联手)")
# A portal's day and time written as one ("2023年04月04日13:25 | 来源:广安在线").
_GLUED_TIME = re.compile(r"(?<=\d日)(?=\d{1,2}:\d{2})")


def _split_plain(text: str) -> tuple[str, list[str], list[str], list[str]]:
    """(title, byline lines, body lines, the lines above the article) of a .txt article.

    Texts saved from pages often start with furniture ("本报首页 版面概览", "![]() |") or
    with the lead paragraph itself, not a headline: a line is taken as the headline only
    when it looks like one (`_is_headline`). Otherwise the body starts at the first line
    that is not furniture and the title is its first sentence, so a signing reported in
    line 1 is not lost.
    """
    lines = [
        _GLUED_TIME.sub(" ", unspace_numbers(normalise_space(line))) for line in text.splitlines()
    ]
    lines = _headline_out_of_breadcrumb([line for line in lines if line])
    crumb: list[str] = []  # no headline, but its steps may name the site ("重庆日报网 > 环渝")
    if lines and _BREADCRUMB.match(lines[0]) and len(lines) > 1:
        crumb, lines = lines[:1], lines[1:]
    if not lines:
        return "", [], [], []
    at = next((i for i, line in enumerate(lines[:_TXT_HEAD_LINES]) if _is_headline(line)), None)
    if at is None or not any(map(_is_byline, lines[at + 1 : at + 1 + _TXT_BYLINE_LINES])):
        bylined = _bylined_headline(lines)
        at = at if bylined is None else bylined
    # a headline set in two lines ("…管委会 / 与重庆大学签署…协议") over the masthead above it;
    # not two lines of a lead cut short at a width ("…重庆市开州区交通局共 / 同签署《…"),
    # under a headline with its byline right under it, or after a sentence has ended
    bylined = at is not None and at + 1 < len(lines) and _is_byline(lines[at + 1])
    ended = next((i for i, line in enumerate(lines) if _ends_a_sentence(line)), len(lines))
    pairs = (
        [at - 1, at]
        if at is not None and bylined
        else range(min(len(lines), _TXT_HEAD_LINES, ended) - 1)
    )
    at = next((i for i in pairs if i >= 0 and _two_lines(lines, i)), at)
    if at is not None and any(map(_opens_story, _rejoined(lines[:at]))):
        at = None  # the text opens with its lead: a short line after it is a caption or list
    if at is None:
        start = next((i for i, line in enumerate(lines) if _opens_body(line)), 0)
        above = lines[:start]
        # "四川人社 / V 2021-9-16 16:12 来自 微博": an account's name, then its post's byline
        # (past the site's menu and breadcrumb: "彭水新闻 / 首页 | 新闻中心 | … / 当前位置:… /
        # 播出时间:2025年5月19日")
        below = [
            line for line in lines[start + 1 :][:_TXT_BYLINE_LINES] if not _NAVIGATION.search(line)
        ]
        under = [line for line in below[:2] if _is_byline(line)]
        byline = [line for line in above if _is_byline(line)] + under
        body = [line for line in lines[start:] if line not in under]
        return _first_sentence(lines[start]), byline, body, crumb + above
    title, rest, above = lines[at], lines[at + 1 :], lines[:at]
    if _two_lines(lines, at):
        title, rest = title + rest[0], rest[1:]
    # The page's <title> ("…协议_要闻动态_某某市人民政府网") over its headline: the headline.
    for i, line in enumerate(rest[:_TXT_BYLINE_LINES]):
        if len(line) >= 8 and _TITLE_TAG.match(title[len(line) :]) and title.startswith(line):
            title, rest = line, rest[:i] + rest[i + 1 :]
            break
    # A portal puts its metadata under the headline, or above it among the furniture.
    byline = [line for line in rest[:_TXT_BYLINE_LINES] if _is_byline(line)]
    byline += [line for line in above if _is_byline(line)]
    body = [_glued_lead(line) if line in byline else line for line in rest]
    # a photo's caption above the headline is the story's ("图为3月26日,…签约现场。"),
    # kept under it as a caption would be
    body += [line for line in above if _PHOTO_ABOVE.match(line) and _ends_a_sentence(line)]
    return title, byline, [line for line in body if line], crumb + above


# A breadcrumb whose last step is the story's headline: "当前位置：首页 > 要闻动态 > 成都与
# 重庆签署…协议". A column's name is short; a headline is not.
_CRUMB_STEP = re.compile(r"^(.*\S\s*(?:>>?|›|»|→)\s*)([^>›»→]{12,})$")


def _headline_out_of_breadcrumb(lines: list[str]) -> list[str]:
    """The headline (or the lead or the byline) set on its own line when a breadcrumb runs
    into it, unless the next line is a headline of its own: then the long last step is a
    column's name."""
    for i, line in enumerate(lines[:_TXT_HEAD_LINES]):
        match = _CRUMB_STEP.match(line)
        # (">>" closing a title's "<<", "签订<<…协议>>和《…》", is no step, nor one closing
        # the "<<" the line before left open: "签署<<成渝…协" / "同发展合作协议>>。")
        opened = i > 0 and lines[i - 1].count("<") > lines[i - 1].count(">")
        if match is None or "<" in match[1] or opened:
            continue
        after = lines[i + 1] if i + 1 < len(lines) else ""
        step = match[2]
        if (
            not (_is_prose(step) or _is_byline(step))
            and after
            and not (_is_byline(after) or _is_prose(after))
        ):
            continue
        return [*lines[:i], match[1].rstrip(), step.strip(), *lines[i + 1 :]]
    return lines


# A scanned or printed page's number, and its running header repeated on the next page
# ("— 2 —", "四川日报 2022年5月6日 星期五 第3版"): a story (or a title) goes on past them.
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–-]+\s*\d{1,3}\s*[—–-]+|第\s*\d{1,3}\s*页(?:\s*共\s*\d{1,3}\s*页)?)\s*$"
)
_PAGE_NUMBER_IN = re.compile(_PAGE_NUMBER.pattern, re.M)
_RUNNING_HEAD = re.compile(r"\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_MAX_RUNNING_HEAD = 40


def _page_breaks_out(text: str) -> str:
    """`text` without its pages' numbers and the repeats of its running header."""
    if not _PAGE_NUMBER_IN.search(text):
        return text  # a page with no printed page's number has no running header either
    seen: set[str] = set()
    out = []
    for line in text.splitlines():
        if _PAGE_NUMBER.match(line):
            continue
        key = re.sub(r"\d+|\s+", "", line)
        if len(key) <= _MAX_RUNNING_HEAD and _RUNNING_HEAD.search(line):
            if key in seen:
                continue
            seen.add(key)
        out.append(line)
    return "\n".join(out)


# Two columns of a page read across, line by line, as a PDF's layout-keeping text gives
# them: "本报讯(记者 李明杰)11月19日  本报讯(记者 周雨)记者11月1". The gap between them is two
# spaces or more, at the same width on each line.
_HAN = re.compile(r"[\u4e00-\u9fff]")
_GAP_IN = re.compile(r"[\u4e00-\u9fff,。、;:)”，；：）]\s{2,}[\u4e00-\u9fff(“（]")
_SIDE_BY_SIDE = re.compile(r"^(\s*\S.{0,60}?\S)\s{2,}(\S.{0,60}\S)\s*$")  # columns are narrow
_MIN_SIDE_LINES = 4
_SIDE_SLACK = 3  # cells: a column's lines end within this of its width
# A column of prose: a list of pairs ("龙形镇    老池镇") in two columns stays as it is.
_MIN_SIDE_WIDTH = 24


def _columns_apart(text: str) -> str:
    """`text` with each run of two columns read across set out as the left column's lines,
    then the right one's; the left column's lines under the run (the right one ended
    first) stay with it."""
    if not _GAP_IN.search(text):
        return text
    lines = text.splitlines()
    out: list[str] = []
    i = 0
    while i < len(lines):
        run = 0
        pairs = []
        while (
            i + run < len(lines)
            and "  " in lines[i + run]
            and (m := _SIDE_BY_SIDE.match(lines[i + run]))
        ):
            if not (_HAN.search(m[1]) and _HAN.search(m[2])):
                break
            pairs.append((m[1], m[2]))
            run += 1
        widths = sorted(_cells(left) for left, _ in pairs)
        width = widths[len(widths) // 2] if widths else 0
        # (the headlines and datelines atop the columns may be narrower, and a line with
        # curly quotes, which a layout may set narrower)
        even = sum(abs(w - width) <= _SIDE_SLACK for w in widths)
        if even < _MIN_SIDE_LINES or even * 3 < run * 2 or width < _MIN_SIDE_WIDTH:
            out.append(lines[i])
            i += 1
            continue
        left = [a for a, _ in pairs]
        i += run
        # the left column going on alone: lines no wider than it, up to a blank line
        while i < len(lines) and lines[i].strip() and _cells(lines[i]) <= width + _SIDE_SLACK:
            left.append(lines[i])
            i += 1
        out.extend([*left, "", *(b for _, b in pairs)])
    return "\n".join(out)


# A body's gazette is that body's publication: "重庆市人民政府公报" (its "市政府" is 重庆's).
_GAZETTE = re.compile(r"^\s*(\S{2,24}?(?:人民政府|政府|委员会|办公厅|办公室))公报\s*$")

_REPEATED = 30  # a paragraph this long seen twice is a bad copy's repeat, not a refrain


def _once(lines: list[str]) -> list[str]:
    """The body without the paragraphs a bad copy repeats."""
    seen: set[str] = set()
    out = []
    for line in lines:
        if len(line) >= _REPEATED:
            if line in seen:
                continue
            seen.add(line)
        out.append(line)
    return out


def _two_lines(lines: Sequence[str], i: int) -> bool:
    """Whether lines i and i+1 are one headline set in two: "西部科学城重庆高新区管委会 /
    与重庆大学签署…协议", "…签署《乌蒙山区毕节昭通协同发展 / 合作框架协议》"."""
    if i + 1 >= len(lines):
        return False
    first, second = lines[i], lines[i + 1]
    # "毕节昭通签署《乌蒙山区毕节昭通协同发展 / 合作框架协议》": a title broken in its marks
    open_title = first.count("《") > first.count("》") and "》" in second.split("《")[0]
    # "关于举办万达开川渝统筹发展示范区 / 2023年重点合作事项签约仪式的通知"
    official = "关于" in first and bool(_OFFICIAL_TITLE.match(first + second))
    return (
        (open_title or official or _GOES_ON.match(second) is not None)
        and _is_headline(first)
        and _is_headline(second)
    )


# A video's captions, one phrase a line, each after its time or a mark: "00:05 重庆市…",
# "[字幕] 三镇共同签署".
# (a subtitle file's time codes may be bracketed: "[00:00:02] 四川省农业农村厅与…")
_CAPTION = re.compile(r"^\s*(?:[\[【]?\d{1,2}:\d{2}(?::\d{2})?[\]】]?\s+|\[字幕\]\s*)")
_MIN_CAPTIONS = 5
_JOINS_ON = re.compile(
    r"^(?:与|和|同|及|在|签|将|等|的|于|共同|分别|《)|(?:与|和|同|及|在|的|对|签署|签订|了)$"
)
_NAME_LINE = re.compile(
    r"(?:省|市|州|县|区|镇|乡|街道|村|院|局|委|厅|公司|集团|大学|学院|医院|政府)$"
)


# A subtitle file's cue timing: "00:00:04,000 --> 00:00:08,600".
_SRT_TIMING = re.compile(
    r"^\s*(\d{1,2}:\d{2}:\d{2})[,.]\d{1,3}\s*-->\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*$"
)


def _srt_cues(lines: list[str]) -> list[str]:
    """A subtitle file's cues ("2" / "00:00:04,000 --> …" / "潼南区崇龛镇与…") as captions
    with their time ("00:00:04 潼南区崇龛镇与…"); other lines as they are."""
    if sum(bool(_SRT_TIMING.match(line)) for line in lines) < _MIN_CAPTIONS:
        return lines
    out: list[str] = []
    stamp = None  # the time of the cue being read
    for line in lines:
        if timing := _SRT_TIMING.match(line):
            if out and out[-1].strip().isdigit():
                out.pop()  # the cue's number
            stamp = timing[1]
        elif stamp and line.strip():
            out.append(f"{stamp} {line.strip()}")
        elif line.strip() or stamp is None:
            out.append(line)
        else:
            stamp = None  # a blank line ends the cue
    return out


def _captions_joined(text: str) -> str:
    """A transcript's captions joined into the sentences they were cut from: a phrase goes
    on into the next one ("重庆市潼南区人民医院" + "与四川省遂宁市中心医院"), names in a row
    are a list ("…洪安镇、…边城镇"), other phrases are set apart by commas; a note on the
    picture ("[画面:签约仪式现场]") stands alone."""
    lines = _srt_cues(text.splitlines())
    if sum(bool(_CAPTION.match(line)) for line in lines) < _MIN_CAPTIONS:
        return text
    out: list[str] = []
    going = False  # the line before was a caption
    for line in lines:
        caption = _CAPTION.match(line)
        phrase = line[caption.end() :].strip() if caption else line
        if not caption or phrase.startswith("["):
            if going and not out[-1].endswith(_SENTENCE_END):
                out[-1] += "。"  # the sentence the captions made ends with them
            out.append(phrase)
            going = False
            continue
        if going and phrase:
            before = out[-1]
            if before.endswith(_SENTENCE_END):
                out.append(phrase)  # a live blog's entries: "10:32 签约仪式开始。"
            elif _JOINS_ON.search(phrase) or _JOINS_ON.search(before):
                out[-1] = before + phrase
            elif _NAME_LINE.search(before) and _NAME_LINE.search(phrase):
                out[-1] = before + "、" + phrase
            else:
                out[-1] = before + "," + phrase
        elif phrase:
            out.append(phrase)
        going = bool(phrase)
    if going and not out[-1].endswith(_SENTENCE_END):
        out[-1] += "。"
    return "\n".join(out)


# The caption of a photo set above the headline: "(图)马中总商会总会长…交换备忘录。"
_PHOTO_ABOVE = re.compile(r"^\s*(?:[(（\[【]图[)）\]】]|图为|图:|图：)")


def _opens_story(line: str) -> bool:
    """A paragraph of the story, not a photo's caption above its headline."""
    return _is_prose(line) and not _PHOTO_ABOVE.match(line)


_MENU_LINES = 40  # how far a site's menu, one item a line, may push its headline down


def _bylined_headline(lines: Sequence[str]) -> int | None:
    """The first headline-like line with a byline right under it, above the first prose:
    under a long menu ("产品中心", "叶片与关键部件", …) or a masthead set as two lines the
    byline tells the headline."""
    for i, line in enumerate(lines[:_MENU_LINES]):
        if _opens_story(line):
            return None
        if _is_headline(line) and any(_is_byline(b) for b in lines[i + 1 : i + 3]):
            return i
    return None


_MIN_WRAPPED = 3  # lines of one width (a brief's lead fills three)
_WRAPPED_SHARE = 0.25  # and at least this share of all lines
_PROSE_MARK = re.compile(r"[,，、。;；]")
_WIDTH_SLACK = 4  # half-cells: two characters' width
_SENTENCE_END = ("。", "!", "?", "！", "？", "”", "」", ";", "；", ":", "：")
# A line that is not a column's line going on: a document's number ("内府办发〔2024〕12号"),
# a date line ("2024年3月8日"), an item of a list ("【合作】…", "· …", "2.…", "(三)…").
_STANDS_ALONE = re.compile(
    r"〔\d{4}〕\s*\d+\s*号\s*$|^\s*\d{4}年\d{1,2}月\d{1,2}日\s*$"
    r"|^\s*(?:【|[·•▪]|\d{1,2}[.、]|[(（][一二三四五六七八九十\d]{1,3}[)）])"
)
# A line laid out with gaps ("2          要闻") or a breadcrumb's or menu's separators is the
# page's furniture, not a column's line going on.
_GAP = re.compile(r" {3}|\u3000{2}|\t|\s[>›»|｜]\s")


# How a news lead opens: "5月16日,", "本报讯", "近日,".
_LEAD_OPENS = re.compile(
    r"^(?:\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月|本报讯|本報訊|近日|日前|昨日|今天)"
)


def _unwrapped(text: str) -> str:
    """An e-paper's text cut at its column's width, paragraphs joined again: each line as
    wide as the column goes on in the next unless that one is indented ("　　本报讯…").
    Width is measured on the page, in half-character cells (a digit or Latin letter takes
    one, a Chinese character two), and a PDF's lines fill their column only within
    `_WIDTH_SLACK` cells; a forum's or a mailer's copy is cut at a count of characters
    instead, so both measures are tried and the one that finds the column kept."""
    lines = text.splitlines()
    kept = [line for line in lines if line.strip()]
    if not kept:
        return text
    columns = [_column(kept, m) for m in (_cells, _chars)]
    # Han prose fills a column by both measures; where they tie, the copy's own measure is the
    # one most lines meet exactly (a copy cut at 38 characters, a line of it with 19 digits)
    count, width, measure = max(
        columns, key=lambda c: (c[0], sum(c[2](line) == c[1] for line in kept), -c[1])
    )
    if count < _MIN_WRAPPED or count < _WRAPPED_SHARE * len(kept) or not 16 <= width <= 80:
        return text
    column = [line for line in kept if width - _WIDTH_SLACK <= measure(line) <= width]
    if sum(bool(_PROSE_MARK.search(line)) for line in column) * 2 < len(column):
        return text  # lines of one width without prose in them: a list, not a column
    # a paragraph's first line, indented and with digits ("  本报讯(记者 刘洁)11月9日,成都市
    # 新"), may fill the column by the other measure, if that finds one too
    found = [(w, m) for c, w, m in columns if c >= _MIN_WRAPPED and 16 <= w <= 80]
    out: list[str] = []
    full = False  # the line before filled the column
    for line in lines:
        if (
            full
            and line.strip()
            and not line[0].isspace()
            and not _STANDS_ALONE.search(line)
            and not _is_byline(line)  # a headline as wide as the column, its byline under it
            and not _LEAD_OPENS.match(line)  # or the lead right under it
        ):
            out[-1] += line
        else:
            out.append(line)
        measures = found if line[:1].isspace() else [(width, measure)]
        full = any(w - _WIDTH_SLACK <= m(line) <= w + _WIDTH_SLACK for w, m in measures)
        full = full and not _GAP.search(line.strip())
        # a sentence ended at the column's edge: the next line may be a paragraph of its own
        full = full and not line.rstrip().endswith(_SENTENCE_END)
    return "\n".join(out)


def _column(
    lines: Sequence[str], measure: Callable[[str], int]
) -> tuple[int, int, Callable[[str], int]]:
    """(how many lines fill it, width, measure): the width most prose lines come within
    `_WIDTH_SLACK` of, the narrowest of equally common ones (the column's lines are at
    most that wide)."""
    # prose only: a list's rows or a header's lines may share a width of their own
    sizes = Counter(measure(line) for line in lines if _PROSE_MARK.search(line))
    if not sizes:
        return 0, 0, measure

    def near(w: int) -> int:
        return sum(sizes[w + d] for d in range(-_WIDTH_SLACK, 1))

    width = max(sizes, key=lambda w: (near(w), -w))
    return near(width), width, measure


def _chars(line: str) -> int:
    """A line's length in characters, counted as `_cells` counts a Han one."""
    return 2 * len(line)


def _cells(line: str) -> int:
    """A line's width in half-character cells: two for a wide (CJK) character and for the
    punctuation normalisation made ASCII (a page's "，" is ","), one for a digit or letter."""
    return sum(
        2 if ch in _WIDE_ASCII or unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line
    )


_WIDE_ASCII = frozenset(",;:()!?")


def _opens_body(line: str) -> bool:
    """Whether an article with no headline may start here: not its site's masthead, menu,
    breadcrumb or metadata ("重庆渝港国际物流集团有限公司", "网站首页 | 集团概况")."""
    return (
        _han_count(line) >= 4
        and (
            "。" in line
            or line.rstrip().endswith((";", "；"))  # an e-paper's "会上,A与B签署了《…》;"
            or _CUT_LEAD.search(line)
            or not _TXT_NOT_HEADLINE.search(line)
        )
        and not (len(line) <= _MAX_BYLINE and _is_byline(line))
    )


# A lead a cut-short copy ended with an ellipsis ("昨日,成都市第三人民医院与…签约共建…"):
# a sentence going on, not furniture.
_CUT_LEAD = re.compile(r"[\u4e00-\u9fff\d][,，][^。]{8,}…+$")


# "发布时间:2020-05-21 18:41:08四川省水利厅和重庆市水利局21日签署…": a saved page that lost
# the line break after its byline keeps the lead on the same line.
_BYLINE_STAMP = re.compile(
    r"^\s*(?:来源|时间|发布时间|日期)\s*[:：]?\s*"
    r"\d{4}\s*[-年/.]\s*\d{1,2}\s*[-月/.]\s*\d{1,2}日?(?:\s*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?"
)
_MAX_BYLINE = 60


_FIRST_RAN = re.compile(r"^\s*[(（]?(?:原文来源|原始来源|原载|原刊|转载自|转自)")


_BULLET = re.compile(r"^\s*[•·▪]\s*")


def _is_byline(line: str) -> bool:
    """A byline line: "记者 王欢", "发布时间:…", a list's "• 2023-04-12"; not a lead that
    opens "记者从…获悉,…"."""
    line = _BULLET.sub("", line)
    prose = "," in line and "。" in line
    if line.endswith(("?", "？")) or _FIRST_RAN.match(line):
        # an interview's question: "记者:两地有哪些成果?"; a reprint's note of where and
        # when its story first ran, which dates the story's "昨日" (kept in the body)
        return False
    return bool(_TXT_BYLINE.match(line)) and (not prose or _BYLINE_STAMP.match(line) is not None)


def _glued_lead(line: str) -> str:
    """What of a byline line is prose: "" for a plain byline, the lead glued after a stamp."""
    stamp = _BYLINE_STAMP.match(line)
    if len(line) <= _MAX_BYLINE or stamp is None:
        return ""
    rest = line[stamp.end() :].strip()
    return rest if "。" in rest else ""


_TITLE_STAMP = re.compile(
    r"\s*[(（](\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?)[)）]\s*$"
)
# A paper's closing credit with the day: "(重庆日报记者 黄一鸣 2025年3月21日 发自合川)".
_CLOSING_CREDIT = re.compile(
    r"^[(（][^()（）]{0,40}(?:记者|通讯员|编辑|撰稿|供稿)[^()（）]{0,40}[)）]$"
    # a video page's metadata under its player: "宜宾新闻网 | 2022-11-25 18:32 | 来源:…"
    r"|^\s*\S{2,16}\s*[|｜]\s*\d{4}-\d{1,2}-\d{1,2}(?:\s+\d{1,2}:\d{2})?\s*[|｜]\s*来源"
    # a source line with its day: "来源:四川省妇联 2023-08-04"
    r"|^\s*(?:来源|稿源|供稿|编辑|责任编辑)\s*[:：][^。,]{0,30}?\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?\s*$"
    # a date line closing the page: "2022年08月17日 星期三"
    r"|^\s*\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期[一二三四五六日天])?\s*$"
    # a paper's page line: "重庆日报 2023年8月6日 第1版"
    r"|^\s*[\u4e00-\u9fff]{2,10}报\s*\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期.)?\s*第?\s*[\dA-Z]{1,3}\s*版\s*$"
)


def _closing_date(foot: Sequence[str], tz: ZoneInfo) -> datetime | None:
    """The day of a closing credit under the story, for a text with no dated byline."""
    for line in reversed(foot):
        if _CLOSING_CREDIT.match(line) and (found := date_in_text(line, tz)):
            return found
    return None


# A paper's page line above the headline: "当前:第01版 要闻(2023年06月13日) 上一版 下一版".
_PAGE_LINE = re.compile(r"第\s*[A-Z]?\d{1,2}\s*版")


def _page_date(above: Sequence[str], tz: ZoneInfo) -> datetime | None:
    """The issue's day a paper's page line above the headline gives."""
    for line in above:
        if _PAGE_LINE.search(line) and (found := date_in_text(line, tz)):
            return found
    return None


_MIN_PROSE_HAN = 30


def _is_prose(line: str) -> bool:
    """A paragraph of the article: long, with sentence punctuation."""
    return _han_count(line) >= _MIN_PROSE_HAN and _ends_a_sentence(line)


# A copy that types its full stops as dots: "…签署《川渝计量一体化合作协议》.", "…签约仪式.双方…"
_DOT_STOP = re.compile(r"[\u4e00-\u9fff》”)]\.(?:\s|$|[\u4e00-\u9fff])")


def _ends_a_sentence(line: str) -> bool:
    return "。" in line or _DOT_STOP.search(line) is not None


def _rejoined(lines: Sequence[str]) -> list[str]:
    """Lines of prose cut short at any width ("…、四川省合江县人民 / 检察院在合江县召开…")
    joined again: a line with a comma and no end of sentence goes on in the next."""
    out: list[str] = []
    for line in lines:
        if out and _PROSE_MARK.search(out[-1]) and not out[-1].endswith(_SENTENCE_END):
            out[-1] += line
        else:
            out.append(line)
    return out


def _is_headline(line: str) -> bool:
    """Short, unpunctuated at its end, not a dateline lead nor page furniture."""
    return (
        _han_count(line) >= 5
        and (len(line) <= _MAX_HEADLINE or _OFFICIAL_TITLE.match(line) is not None)
        and "。" not in line
        and not _TXT_NOT_HEADLINE.search(line)
        and not _is_byline(line)  # "四川日报 2022年8月27日 星期六 责编 刘晓"
    )


def _han_count(line: str) -> int:
    return sum("\u4e00" <= ch <= "\u9fff" for ch in line)


_MIN_TITLE_HAN = 8


def _first_sentence(line: str) -> str:
    """The lead's first sentence, or its first clause when that says something ("8月3日,"
    alone is no title)."""
    stops = [m.start() for m in re.finditer("[。,，]", line)]
    end = next((i for i in stops if line[i] == "。" or _han_count(line[:i]) >= _MIN_TITLE_HAN), -1)
    cut = line[: end if 0 < end <= _MAX_HEADLINE else _MAX_HEADLINE]
    return cut if cut == line or end > 0 else cut + "…"


# The page's own address, on a line of its own or after "本文链接:" at the top or the foot of a
# saved text ("www.dazu.gov.cn/…/202311/t20231108_12537420.html"): its CMS's day, the last resort.
_LINK_LINE = re.compile(
    r"^\s*(?:(?:本文|原文|文章|本页)?(?:链接|网址|地址)\s*[:：]\s*)?"
    r"((?:https?://)?[a-z0-9-]+(?:\.[a-z0-9-]+)+/\S+)\s*$",
    re.IGNORECASE,
)
_LINK_LINES = 5


def _linked_date(text: str, tz: ZoneInfo) -> datetime | None:
    lines = [line for line in text.splitlines() if line.strip()]
    for line in [*lines[:_LINK_LINES], *lines[-_LINK_LINES:]]:
        if (m := _LINK_LINE.match(line)) and (found := date_in_url(m[1], tz)):
            return found
    return None


def extract_plain_text(text: str, *, tz: ZoneInfo = SHANGHAI) -> Extracted:
    """A .txt article: first non-empty line is the title, the rest the body.

    A leading breadcrumb line is skipped and byline lines right under the title
    (来源/时间/编辑) become metadata; published_at is set only when such a line
    states a full date, otherwise None.
    """
    text = repair_ocr(unescape_entities(text.lstrip("\ufeff")).translate(HALF_WIDTH_ALNUM))
    language = detect_language(text)
    if language == "zh-Hant":
        # A reprint in Traditional script: its masthead, byline ("來源", "編輯"), furniture
        # and closing credit are told by the words they have in Simplified. A .txt is read
        # for analysis only, never stored, so the article is given in Simplified too.
        text = to_simplified(text)
    # "(上接第1版)会上,…": the story going on (its width still tells the column's)
    pages = _columns_apart(_page_breaks_out(text))
    unwrapped = PAGE_TURN.sub("", _unwrapped(_captions_joined(pages)))
    title, byline, lines, above = _split_plain(unwrapped)
    body = "\n".join(clean_lines(_once(lines)))
    if not body:
        raise ExtractionError("plain-text article has no body")
    head = " ".join(byline)
    empty = etree.Element("html")
    published = date_in_text(head, tz) if head else None
    if published is None and (stamp := _TITLE_STAMP.search(title)):
        # a blog's "跟随区教育局赴沙坪坝 见证两区教育牵手 (2021-11-20 21:33:05)"
        title, published = title[: stamp.start()], date_in_text(stamp[1], tz)
    published = published or _closing_date(lines[-_TXT_FOOT_LINES:], tz) or _page_date(above, tz)
    date_source = "dateline" if published else None
    if published is None and (linked := _linked_date(text, tz)):
        published, date_source = linked, "url"
    author = find_author(empty, head) if head else None
    source = find_source(empty, head) if head else None
    foot = lines[-_TXT_FOOT_LINES:]
    # (a post's credit sits above its links to earlier posts, its share and QR lines)
    site = (
        site_of_lines(above, foot)
        or credited_body(lines[-_TXT_CREDIT_LINES:])
        or (gazette[1] if (gazette := _GAZETTE.match(title)) else None)
    )
    address = address_of_lines(foot) or masthead_place(above)
    reported = first_reported(head, published, tz)
    return Extracted(
        title,
        published,
        author,
        source,
        body,
        language,
        "plain",
        date_source,
        site,
        address,
        reported_on=reported,
    )
