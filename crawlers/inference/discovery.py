"""Feeds and sitemaps a site announces: `<link rel="alternate">` and robots.txt `Sitemap:`."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json", "application/xml"}
)
_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def advertised_feeds(page_html: str, base_url: str) -> list[str]:
    """Feed URLs from the page's `<link rel="alternate" type="application/rss+xml">` tags."""
    try:
        root = lxml_html.fromstring(page_html)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return []
    feeds: dict[str, None] = {}
    for element in root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        kind = (element.get("type") or "").lower().strip()
        href = (element.get("href") or "").strip()
        if "alternate" in rel and kind in FEED_TYPES and href:
            feeds.setdefault(urljoin(base_url, href), None)
    return list(feeds)


def robots_sitemaps(robots_txt: str, base_url: str) -> list[str]:
    """The `Sitemap:` lines of a robots.txt, as absolute URLs."""
    return list(dict.fromkeys(urljoin(base_url, m) for m in _SITEMAP_LINE.findall(robots_txt)))


def site_root(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/"


def looks_like_feed(body: bytes) -> bool:
    """RSS or Atom, judged from the first kilobyte (servers mislabel feeds as text/html)."""
    head = body[:1024].lstrip().lower()
    return b"<rss" in head or (b"<feed" in head and b"atom" in head) or b"<rdf:rdf" in head


def looks_like_sitemap(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return b"<urlset" in head or b"<sitemapindex" in head
