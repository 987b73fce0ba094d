"""The links of an HTML page, with their anchor text and the page zone they sit in."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

from lxml import html as lxml_html

# Class/id words of page furniture on Chinese portals: 导航 menus, 页脚, 友情链接 blocks.
_FURNITURE = re.compile(
    r"nav|menu|header|footer|foot|bottom|banner|friend|yqlj|copyright|crumb|position|"
    r"location|dqwz|sidebar|share|login|search|^top(?:[_-]|$)|^links?(?:[_-]|$)|[_-]links?$",
    re.IGNORECASE,
)
_FURNITURE_TAGS = frozenset({"nav", "header", "footer", "aside"})
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Link:
    """One `<a href>`: absolute URL without fragment, its visible text, and where it sits."""

    url: str
    text: str
    furniture: bool  # inside navigation, header, footer, friend links or a sidebar


def page_links(page_html: str, base_url: str) -> list[Link]:
    """Every http(s) link of the page in document order (duplicates kept: they carry weight)."""
    try:
        root = lxml_html.fromstring(page_html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return []
    base = _base(root, base_url)
    links = []
    for anchor in root.iter("a"):
        href = (anchor.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#", "tel:")):
            continue
        url = absolute(base, href)
        if url is None:
            continue
        text = _SPACE.sub(" ", anchor.text_content() or anchor.get("title") or "").strip()
        links.append(Link(url=url, text=text, furniture=_in_furniture(anchor)))
    return links


def absolute(base: str, href: str) -> str | None:
    """`href` resolved against `base`, fragment dropped; None unless http(s)."""
    try:
        parts = urlsplit(urljoin(base, href))
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), parts.path or "/", parts.query, ""))


def _base(root: lxml_html.HtmlElement, url: str) -> str:
    for element in root.iter("base"):
        href = element.get("href")
        if href:
            return urljoin(url, href.strip())
    return url


def _in_furniture(anchor: lxml_html.HtmlElement) -> bool:
    for ancestor in anchor.iterancestors():
        if ancestor.tag in _FURNITURE_TAGS:
            return True
        marks = f"{ancestor.get('class') or ''} {ancestor.get('id') or ''}".split()
        if any(_FURNITURE.search(mark) for mark in marks):
            return True
    return False
