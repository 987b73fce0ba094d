"""The publication time of an article page, and where on the page it was found.

Sources, most trusted first: the source's XPath override, JSON-LD, publication meta tags
(the names Chinese CMSs use), the dateline under the headline (labelled, timed, relative
or year-less), WeChat's and portals' script variables, <time>, the date in the URL, then
htmldate (what trafilatura uses) as the last resort. A candidate far from the URL's date
loses to it: templates stamp generation times into meta tags, and the first date in a
lead paragraph is often the event's, not the article's.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from lxml import etree

from pipeline.extract.blocks import normalise_space
from pipeline.extract.datetext import (
    date_in_text,
    date_in_url,
    first_date,
    opens_prose,
    parse_date_value,
    plausible,
    relative_date,
    standalone_date,
    yearless_date,
)

__all__ = ["FoundDate", "find_published", "headline_window"]

_PUBLISHED_METAS = (
    "article:published_time", "og:article:published_time", "og:release_date", "pubdate",
    "publishdate", "publish_date", "publish-date", "publishtime", "publish_time", "pubtime",
    "published_time", "datepublished", "firstpublishedtime", "dc.date.issued", "dc.date",
    "date", "apub:time", "og:time", "dateupdate", "weibo:article:create_at", "createdate",
)  # fmt: skip
_MODIFIED_METAS = ("article:modified_time", "og:updated_time", "lastmodified", "lastmodifiedtime")
_META_CONTENT = etree.XPath("//meta[@content and (@name or @property or @itemprop)]")
# Text results as plain strings (smart_strings=False): nothing here asks a string for its
# parent, and the back-reference costs an element proxy per text node.
_JSON_LD = etree.XPath("//script[@type='application/ld+json']/text()", smart_strings=False)
_JSON_DATE = re.compile(r'"(?:datePublished|dateCreated)"\s*:\s*"([^"]{8,40})"')
# WeChat's `var ct = "1581517074"`; portals' inline page config (qq, 163, sohu, toutiao).
_SCRIPT_DATE = re.compile(
    r"""(?:\bvar\s+ct\s*=\s*|["']?(?:pubtime|publish_time|publishTime|pubDate|publishDate|ptime)"""
    r"""["']?\s*[:=]\s*)["']([^"']{8,30})["']"""
)
_TIME_ELEMENTS = etree.XPath(
    "//time/@datetime | //*[@itemprop='datePublished']/@datetime"
    " | //*[@itemprop='datePublished']/@content | //time/text()",
    smart_strings=False,
)
_SCRIPTS = etree.XPath("//script[not(@src)]/text()", smart_strings=False)
_HEADINGS = etree.XPath(
    "//h1 | //h2 | //h3 | //body//*[self::div or self::p or self::span or self::td or self::strong]"
    "[contains(@class, 'title') or contains(@id, 'title')]"
)
_BODY_TEXT = etree.XPath(
    "//body//text()[not(ancestor::script or ancestor::style or ancestor::a)]", smart_strings=False
)
# Labels that name the publication outright (not just "时间"), trusted anywhere on the page.
_STRONG_LABEL = re.compile(r"(?:发布时间|发布日期|发表时间|发表日期|发稿时间)\s*[:：]\s*")
# The first few hundred text nodes after the headline hold the byline; the position
# bound keeps this from collecting the rest of a 700 KB page.
_TEXT_AFTER = etree.XPath(
    "(following::text())[position() <= 300]"
    "[not(ancestor::script or ancestor::style or ancestor::noscript)]",
    smart_strings=False,
)
# The byline sits within this many characters after the headline.
_WINDOW = 400
# A date this close under the headline is the byline's even without a time of day.
_NEAR = 60
# Where a bare date may still be the byline's; further down it is the lead's or a list's.
_BYLINE = 150
# Related-news and trending lists end the window: their dates are other articles'.
_WINDOW_END = re.compile(
    r"(?:相关新闻|相关阅读|相关文章|相关报道|相关推荐|延伸阅读|推荐阅读|热门推荐|猜你喜欢|为您推荐"
    r"|热点新闻|热门文章|最新文章|小编最近文章|作者最新文章|精彩推荐|Copyright|版权所有)"
)
_LABEL = re.compile(
    r"(?:发布时间|发布日期|发表时间|发表日期|发表于|发布于|更新时间|发文日期|成文日期|时间|日期"
    r"|Published|Posted)\s*[:：]?\s*"
)
# A candidate this far from the URL's date is another date (event, generation time).
_URL_AGREEMENT = timedelta(days=7)
_HTMLDATE_SOURCE = "htmldate"


@dataclass(frozen=True, slots=True)
class FoundDate:
    """A publication time and the kind of place it came from (see README, analyze)."""

    value: datetime
    source: str  # override | json-ld | meta | dateline | relative | script | time | url | htmldate


def _metas(root: etree._Element) -> dict[str, str]:
    found: dict[str, str] = {}
    for meta in _META_CONTENT(root):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        found.setdefault(key.strip(), normalise_space(meta.get("content") or ""))
    return found


def _carries(heading: etree._Element, key: str, limit: int) -> bool:
    text = normalise_space(heading.xpath("string()"))
    return key in text and len(text) <= limit  # longer: a sidebar that lists the story too


def _heading_for(root: etree._Element, title: str) -> etree._Element | None:
    """The last heading that carries the headline: the first is often a breadcrumb."""
    key = normalise_space(title)[:20]
    if not key:
        return None
    limit = 2 * len(title) + 20
    matching = [h for h in _HEADINGS(root)[:80] if _carries(h, key, limit)]
    for rank in ("h1", "h2", "h3"):
        if ranked := [h for h in matching if h.tag == rank]:
            return ranked[-1]
    return matching[-1] if matching else None


def headline_window(root: etree._Element, title: str) -> str:
    """Text right after the headline (where bylines live), else after its last mention."""
    heading = _heading_for(root, title)
    if heading is not None:
        parts: list[str] = []
        size = 0
        for text in _TEXT_AFTER(heading):
            parts.append(str(text))
            size += len(text)
            if size > 4 * _WINDOW:  # whitespace-heavy templates: collapse, then cut
                break
        return _cut(normalise_space(" ".join(parts))[:_WINDOW])
    body = normalise_space(root.xpath("string(//body)"))
    at = body.rfind(title[:20]) if title else -1
    start = at + min(len(title), 20) if at >= 0 else 0
    return _cut(body[start : start + _WINDOW])


def _cut(window: str) -> str:
    end = _WINDOW_END.search(window)
    return window[: end.start()] if end else window


def _from_window(window: str, tz: ZoneInfo, now: datetime) -> Iterator[FoundDate]:
    """Byline candidates: labelled, then the first date if timed or right under the headline."""
    for label in _LABEL.finditer(window):
        rest = window[label.end() : label.end() + 40]
        value = date_in_text(rest[:25], tz) or relative_date(rest[:12], now)
        value = value or yearless_date(rest[:20], tz, now)
        if value is not None:
            yield FoundDate(value, "dateline")
    first = first_date(window, tz)
    if first is not None and not opens_prose(window, first[1]):
        start, _, value = first
        if value.hour or value.minute or start < _NEAR:
            yield FoundDate(value, "dateline")
    if (value := yearless_date(window, tz, now)) is not None:
        yield FoundDate(value, "dateline")


def _bare(window: str, tz: ZoneInfo) -> Iterator[FoundDate]:
    """A date alone in the byline part of the window, unless prose goes on after it."""
    if (value := standalone_date(window[:_BYLINE], tz)) is not None:
        yield FoundDate(value, "dateline")


def _labelled_anywhere(root: etree._Element, tz: ZoneInfo, now: datetime) -> Iterator[FoundDate]:
    """A 发布时间：/日期： label elsewhere in the page (some CMSs put it under the article)."""
    body = normalise_space(" ".join(_BODY_TEXT(root)))
    for match in _STRONG_LABEL.finditer(body):
        if value := date_in_text(body[match.end() : match.end() + 25], tz):
            yield FoundDate(value, "dateline")
            return


def _relative(window: str, now: datetime) -> Iterator[FoundDate]:
    """Relative datelines come after absolute ones: they are only as good as ``now``."""
    if (value := relative_date(window[:120], now)) is not None:
        yield FoundDate(value, "relative")


def _structured(root: etree._Element, tz: ZoneInfo) -> Iterator[FoundDate]:
    for script in _JSON_LD(root):
        if (match := _JSON_DATE.search(script)) and (v := parse_date_value(match.group(1), tz)):
            yield FoundDate(v, "json-ld")
    metas = _metas(root)
    for name in _PUBLISHED_METAS:
        if (value := metas.get(name)) and (found := parse_date_value(value, tz)):
            yield FoundDate(found, "meta")


def _scripts_and_time(root: etree._Element, tz: ZoneInfo) -> Iterator[FoundDate]:
    for script in _SCRIPTS(root)[:40]:
        if (match := _SCRIPT_DATE.search(script)) and (v := parse_date_value(match.group(1), tz)):
            yield FoundDate(v, "script")
            break
    for value in _TIME_ELEMENTS(root)[:3]:
        if found := parse_date_value(str(value), tz):
            yield FoundDate(found, "time")


def _modified(root: etree._Element, tz: ZoneInfo) -> Iterator[FoundDate]:
    metas = _metas(root)
    for name in _MODIFIED_METAS:
        if (value := metas.get(name)) and (found := parse_date_value(value, tz)):
            yield FoundDate(found, "meta")


def _article_part(root: etree._Element, title: str) -> etree._Element:
    """A copy without what precedes the headline (header, ticker) and without widgets.

    htmldate alone takes a ticker's or related list's date on pages with no byline.
    """
    from pipeline.extract.furniture import clean_tree  # extraction's own widget rules

    part = copy.deepcopy(root)
    heading = _heading_for(part, title)
    if heading is not None:
        for node in heading.xpath("preceding::*[not(ancestor-or-self::head)]"):
            if node.getparent() is not None:
                node.getparent().remove(node)
    return clean_tree(part)


def _htmldate(
    root: etree._Element, url: str | None, tz: ZoneInfo, now: datetime, title: str
) -> Iterator[FoundDate]:
    from htmldate import find_date  # imported late: most pages never get here

    try:
        found = find_date(
            _article_part(root, title),
            original_date=True,
            # Its extensive search takes any date in the text: tickers, lists, footers.
            extensive_search=False,
            url=url,
            max_date=now.astimezone(tz).strftime("%Y-%m-%d"),
        )
    except (ValueError, TypeError):
        found = None
    if found and (value := parse_date_value(found, tz)):
        yield FoundDate(value, _HTMLDATE_SOURCE)


def _override(root: etree._Element, xpath: str, tz: ZoneInfo, now: datetime) -> FoundDate | None:
    result = root.xpath(xpath)
    items = result if isinstance(result, list) else [result]
    for item in items:
        raw = item.xpath("string()") if isinstance(item, etree._Element) else str(item)
        text = normalise_space(raw)
        value = parse_date_value(text, tz) or relative_date(text, now)
        value = value or yearless_date(text, tz, now)
        if value is not None:
            return FoundDate(value, "override")
    return None


def find_published(
    root: etree._Element,
    *,
    title: str,
    url: str | None,
    tz: ZoneInfo,
    now: datetime,
    override: str | None = None,
    window: str | None = None,
) -> FoundDate | None:
    """The page's publication time, never later than the fetch time ``now``.

    ``root`` must be the raw tree (before furniture is cleaned); it is not modified.
    ``window`` is `headline_window(root, title)` when the caller has it already.
    """
    if override and (found := _override(root, override, tz, now)) and plausible(found.value, now):
        return found
    on_url = date_in_url(url, tz)
    window = headline_window(root, title) if window is None else window
    sources: tuple[Callable[[], Iterator[FoundDate]], ...] = (
        lambda: _structured(root, tz),
        lambda: _from_window(window, tz, now),
        lambda: _scripts_and_time(root, tz),
        lambda: _relative(window, now),
        lambda: _labelled_anywhere(root, tz, now),
        lambda: _bare(window, tz),
        lambda: iter([FoundDate(on_url, "url")] if on_url else []),
        lambda: _modified(root, tz),
        lambda: _htmldate(root, url, tz, now, title),
    )
    for source in sources:
        for found in source():
            if plausible(found.value, now) and _agrees(found, on_url):
                return found
    return None


def _agrees(found: FoundDate, on_url: datetime | None) -> bool:
    if on_url is None or found.source in ("json-ld", "url"):
        return True
    return abs(found.value.replace(hour=0, minute=0, second=0) - on_url) <= _URL_AGREEMENT
