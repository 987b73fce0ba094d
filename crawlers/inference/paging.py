"""Pagination: which links of a list page lead to more of the same list."""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from crawlers.inference.links import Link

# The number that counts pages, in the pager shapes of Chinese CMSs: TRS `index_1.html`,
# site-cluster `list_2.shtml`, 人民网 `index2.html`, 达州 `articlist_<id>_2.html`,
# WordPress `/page/2/`, and query pagers (`?page=2`, `&pn=2`, `&pageNo=2`).
_PAGER = (
    re.compile(r"/index_(\d+)\.\w+$"),
    re.compile(r"/[a-z]*list_(\d+)\.\w+$", re.IGNORECASE),
    re.compile(r"/index(\d+)\.\w+$"),
    re.compile(r"/page/(\d+)/?$"),
    re.compile(
        r"[?&](?:page|p|pn|pg|pageno|page_no|pageindex|pagenum|curpage|currentpage|cp)=(\d+)",
        re.IGNORECASE,
    ),
    re.compile(r"_(\d+)\.\w+$"),
)
_WORDS = re.compile(
    r"^(?:下一?页|后一?页|上一?页|前一?页|尾页|末页|首页|next|prev|more|[>»›<«‹]+|\d{1,4})$", re.I
)
_NEXT = re.compile(r"^(?:下一?页|后一?页|next|[>»›]+)$", re.I)


# TRS WCM writes its pager with JavaScript: createPageHTML(pages, current, "index", "html").
_SCRIPT_PAGER = re.compile(
    r"createPageHTML\(\s*['\"]?(\d+)['\"]?\s*,\s*['\"]?\d+['\"]?\s*,\s*['\"](\w+)['\"]\s*,"
    r"\s*['\"](\w+)['\"]"
)


def script_pager(page_html: str) -> str | None:
    """What a script-written pager (TRS `createPageHTML`) means for a crawl, or None."""
    match = _SCRIPT_PAGER.search(page_html)
    if match is None or int(match.group(1)) < 2:
        return None
    pages, name, ext = int(match.group(1)), match.group(2), match.group(3)
    return (
        f"pagination written by script (createPageHTML, {pages} pages): only this first page "
        f"is read; add {name}_1.{ext} … to start_urls to read more"
    )


def pager_number(url: str) -> re.Match[str] | None:
    """The match of the page-number run in a pager-shaped URL, or None."""
    for pattern in _PAGER:
        match = pattern.search(url)
        if match:
            return match
    return None


def _directory(url: str) -> str:
    parts = urlsplit(url)
    return parts.netloc + parts.path.rsplit("/", 1)[0]


def _is_pager(link: Link, page_url: str) -> bool:
    """A link in the page's own column, pager-shaped, with a pager's text or name."""
    match = pager_number(link.url)
    if match is None or _directory(link.url) != _directory(page_url):
        return False
    words = _WORDS.match(link.text.replace(" ", "")) is not None
    # The generic `_2.html` shape counts only when the page itself is one of the series.
    sibling = _sibling(link.url, match, page_url)
    if match.re is _PAGER[-1]:
        return sibling and (words or not link.text)
    return words or sibling or not link.text


def _sibling(url: str, match: re.Match[str], page_url: str) -> bool:
    own = match.re.search(page_url)
    return own is not None and url[: match.start(1)] == page_url[: own.start(1)]


def pagination_links(links: Sequence[Link], page_url: str) -> list[str]:
    """The pager links of a page, unique, in order; `下一页` links whatever their shape."""
    found: dict[str, None] = {}
    for link in links:
        if link.url == page_url:
            continue
        if _is_pager(link, page_url) or _NEXT.match(link.text.replace(" ", "")):
            found.setdefault(link.url, None)
    return list(found)


def follow_regex(url: str) -> str:
    """An anchored regex for this pager URL with its page number free, all else fixed."""
    match = pager_number(url)
    if match is None:
        digits = [m for m in re.finditer(r"\d+", url)]
        if not digits:
            return "^" + re.escape(url) + "$"
        start, end = digits[-1].span()
    else:
        start, end = match.span(1)
    head, tail = url[:start], url[end:]
    scheme_free = re.sub(r"^https?://", "", head)
    return "^https?://" + re.escape(scheme_free) + r"\d+" + re.escape(tail) + "$"


def follow_patterns(pagers: Sequence[str]) -> list[str]:
    """One regex per distinct pager shape."""
    patterns: dict[str, None] = {}
    for url in pagers:
        patterns.setdefault(follow_regex(url), None)
    return list(patterns)
