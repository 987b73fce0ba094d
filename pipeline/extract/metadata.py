"""Headline, publication time, author and credited outlet of an article page."""

from __future__ import annotations

import re
from datetime import date
from zoneinfo import ZoneInfo

from lxml import etree

from pipeline.extract.blocks import normalise_space
from pipeline.extract.datetext import first_date
from pipeline.extract.site import body_of

__all__ = ["credited_day", "find_author", "find_site", "find_source", "find_title"]

# Separators between headline and site/channel name in <title>.
_TITLE_SEPARATORS = re.compile(r"\s*(?:_|\||｜|--|—|–|－|\s-\s|-(?=[^-]*$)|·(?=[^·]*$))\s*")
# Words that mark a segment of <title> as the site or channel, not the headline.
_SITE_WORDS = re.compile(
    r"(?:网|新闻|频道|官网|官方网站|首页|中心|日报|晚报|商报|时报|在线|门户|\.com|\.cn|\.net|CSDN|EDN)",
    re.IGNORECASE,
)
_MIN_HEADLINE = 4
# A stripped <title> this short is a section name ("新闻动态"), not a headline.
_SHORT_TITLE = 7
_META_CONTENT = etree.XPath("//meta[@content and (@name or @property or @itemprop)]")
_NAME = r"[\u4e00-\u9fffA-Za-z·][\u4e00-\u9fffA-Za-z0-9·]{0,14}"
_AUTHOR = re.compile(
    rf"(?:(?:作者|记者|撰文|编辑|责任编辑)(?:\s*[:：／/|]\s*|\s+)|文\s*[:：／/|]\s*)"
    rf"((?:{_NAME})(?:[ 、，,](?:{_NAME}))*)"
)
_SOURCE = re.compile(r"(?:来源|来自|稿源|出处)\s*[:：]\s*([\u4e00-\u9fffA-Za-z0-9·（）()]{2,20})")
# A reprint's source field with the day the outlet it credits ran the story ("来源:重庆日报
# 2021-03-31", "稿源:华西都市报(2022/6/1)"); a note in the body ("原载…") is
# `agreements.dates.first_published`'s.
_CREDITED_DAY = re.compile(
    r"(?:来源|稿源|出处)\s*[:：]\s*《?[\u4e00-\u9fffA-Za-z·]{2,20}》?"
    r"[\s(（|/,，]*(?=\d{4}\s*[-年./])"
)
_BYLINE_STOP = re.compile(
    r"\s*(?:时间|发布|日期|作者|记者|编辑|责任编辑|来源|浏览|阅读|字号|\d).*$"
)


def _metas(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in _META_CONTENT(root):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        found.setdefault(key.strip(), normalise_space(meta.get("content") or ""))
    return found


def _headline_from_title(title: str) -> str:
    """Strip site/channel suffixes: "龙湖集团曝露？_网易财经" → "龙湖集团曝露？"."""
    while matches := [
        m for m in _TITLE_SEPARATORS.finditer(title) if _balanced(title[: m.start()])
    ]:
        last = matches[-1]
        head, tail = title[: last.start()], title[last.end() :]
        site_like = bool(_SITE_WORDS.search(tail)) or len(tail) <= len(head) // 2
        if len(head) < _MIN_HEADLINE or not (site_like or not tail):
            break
        title = head
    return title.strip()


_BRACKETS = (("《", "》"), ("（", "）"), ("(", ")"), ("“", "”"), ("【", "】"))


def _balanced(text: str) -> bool:
    """No bracket left open: a dash inside 《…（2026—2035年）》 separates nothing."""
    return all(text.count(left) <= text.count(right) for left, right in _BRACKETS)


_HEADINGS = etree.XPath(
    "//h1 | //h2 | //body//*[self::div or self::p or self::span or self::td or self::strong]"
    "[contains(@class, 'title') or contains(@id, 'title')]"
)
# Headline candidates longer than this are paragraphs, not titles.
_MAX_HEADLINE = 120


def _headings(root: etree._Element) -> list[str]:
    texts = (normalise_space(h.xpath("string()")) for h in _HEADINGS(root)[:40])
    return [t for t in texts if _MIN_HEADLINE <= len(t) <= _MAX_HEADLINE]


def _related(a: str, b: str) -> bool:
    short, long_ = sorted((a, b), key=len)
    if not short or len(short) * 2 < len(long_):
        return False
    return short in long_ or long_.startswith(short[: max(6, len(short) // 2)])


def _pick(heading: str, stripped: str) -> str:
    """Of a heading and the stripped <title> that agree, the one without extras.

    The shorter drops "原创" badges in <h1> or a site name the separator rules missed.
    """
    return (
        min((heading, stripped), key=len) if heading in stripped or stripped in heading else heading
    )


# Headlines shorter than this that look like a site name ("重庆日报") are a logo, not news.
_SHORT_SITE_NAME = 8


def _heading_opening(page_title: str, candidates: list[str]) -> str:
    """The longest heading that <title> starts with, followed by a separator or nothing.

    Then "_" or "-" inside it are the headline's own: "…协议_共建_四川在线" keeps "_共建".
    """
    found = ""
    for candidate in candidates:
        rest = page_title[len(candidate) :] if page_title.startswith(candidate) else None
        if rest is None or len(candidate) < _MIN_HEADLINE or len(candidate) <= len(found):
            continue
        if rest and not _TITLE_SEPARATORS.match(rest):
            continue  # "泸州" opens "泸州与永川…" but is not the headline
        if len(candidate) < _SHORT_SITE_NAME and _SITE_WORDS.search(candidate):
            continue
        found = candidate
    return found


def find_title(root: etree._Element) -> str:
    """The article's own headline, never the site name; "" when the page has none."""
    page_title = normalise_space(root.xpath("string(//title)"))
    stripped = _headline_from_title(page_title)
    metas = _metas(root)
    social = metas.get("og:title") or metas.get("twitter:title") or ""
    headings = _headings(root)
    if whole := _heading_opening(page_title, [*headings, social]):
        return whole
    for heading in headings:  # an <h1>/<h2> that agrees with <title> is the headline
        if stripped and _related(heading, stripped):
            return _pick(heading, stripped)
    if social and len(social) >= _MIN_HEADLINE and _related(social, stripped or social):
        return max((social, stripped), key=len)
    if len(stripped) >= _SHORT_TITLE or not headings:
        return stripped
    # "新闻动态--中国地理学会官网": <title> names the section; the longest heading wins.
    return max(headings, key=len)


def _clean_name(value: str) -> str | None:
    value = _BYLINE_STOP.sub("", value).strip(" 、，,")
    return value or None


def find_author(root: etree._Element, window: str) -> str | None:
    """作者/记者/编辑 as the byline gives them, else <meta name="author">."""
    if match := _AUTHOR.search(window):
        return _clean_name(match.group(1))
    author = _metas(root).get("author", "")
    return author if author and not _SITE_WORDS.search(author) else None


def find_source(root: etree._Element, window: str) -> str | None:
    """The outlet the page credits (来源：四川日报), for spotting syndicated copies."""
    if match := _SOURCE.search(window):
        return _clean_name(match.group(1))
    metas = _metas(root)
    return metas.get("source") or metas.get("og:site_name") or None


def credited_day(window: str, tz: ZoneInfo) -> date | None:
    """The day the credited outlet ran the story, when the source line gives one."""
    for match in _CREDITED_DAY.finditer(window):
        found = first_date(window[match.end() : match.end() + 24], tz)
        if found and found[0] == 0:
            return found[2].date()
    return None


def find_site(root: etree._Element) -> str | None:
    """The body whose site the page is on (`site.body_of`): og:site_name, application-name,
    else the last part of <title>."""
    metas = _metas(root)
    for key in ("og:site_name", "application-name"):
        if (value := metas.get(key)) and (body := body_of(value)):
            return body
    parts = _TITLE_SEPARATORS.split(normalise_space(root.xpath("string(//title)")))
    return body_of(parts[-1]) if len(parts) > 1 else None
