"""Judging what a probe fetched: a source to propose (`sources add`) or a check's verdict.

Pure: the probe's items in, a decision with its reasons out; nothing fetched, nothing written.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import feedparser

from crawlers.inference import Inference, ListPage, infer
from crawlers.inference.links import page_links
from crawlers.items import FetchFailure
from crawlers.spiders.probe import ProbePage
from pipeline.decode import decode_html
from pipeline.extract import ExtractionError
from pipeline.page import read_html

HTML_TYPES = ("text/html", "application/xhtml+xml")
MIN_BODY = 80  # characters: less is a stub, a login prompt or a picture caption
_PASSWORD = re.compile(r"<input[^>]+type\s*=\s*[\"']?password", re.IGNORECASE)
_LOGIN_PATH = re.compile(r"/(?:login|signin|sso|passport|cas|auth)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Sample:
    """A test-fetched article: what extraction made of it, or why it failed."""

    url: str
    title: str | None = None
    published_at: datetime | None = None
    body_chars: int = 0
    error: str | None = None


@dataclass(frozen=True)
class Proposal:
    """The source `sources add` would write, or why it will not write one."""

    url: str
    reason: str | None = None
    title: str = ""  # the list page's <title>
    mode: str = "list"  # list | feed | sitemap
    article_patterns: tuple[str, ...] = ()
    follow_patterns: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    allowed_domains: tuple[str, ...] = ()
    articles_found: int = 0
    samples: tuple[Sample, ...] = ()
    skipped: tuple[str, ...] = ()
    inference: Inference | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return self.reason is None


@dataclass(frozen=True)
class CheckResult:
    """One line of `sources check`: the contract's JSON object."""

    name: str
    ok: bool
    reason: str | None
    articles_found: int
    sample: Sample | None

    def as_json(self) -> dict[str, Any]:
        sample = None
        if self.sample is not None and self.sample.error is None:
            when = self.sample.published_at
            sample = {
                "url": self.sample.url,
                "title": self.sample.title,
                "published_at": when.isoformat() if when else None,
            }
        return {
            "name": self.name,
            "ok": self.ok,
            "reason": self.reason,
            "articles_found": self.articles_found,
            "sample": sample,
        }


def _pages(items: Sequence[Any], kind: str) -> list[ProbePage]:
    return [i for i in items if isinstance(i, ProbePage) and i.kind == kind]


def _failures(items: Sequence[Any], kind: str) -> list[FetchFailure]:
    return [i for i in items if isinstance(i, FetchFailure) and i.extra.get("probe_kind") == kind]


def failure_reason(failure: FetchFailure) -> str:
    """A fetch failure in a user's words, with what to do about it."""
    host = urlsplit(failure.url).hostname or failure.url
    if failure.kind == "robots":
        return f"robots.txt of {host} forbids fetching {failure.url} (the crawler obeys it)"
    if failure.kind == "offsite":
        return f"{failure.message}: another host; if it is the same site, give that address"
    if failure.kind == "private_address":
        return f"{failure.message}; --allow-private-addresses permits an intranet or local site"
    if failure.message in ("HTTP 401", "HTTP 403"):
        return f"{failure.url} answers {failure.message}: a login wall or a block; not crawlable"
    return f"{failure.url}: {failure.message} ({failure.kind})"


def is_html(page: ProbePage) -> bool:
    kind = (page.content_type or "text/html").split(";")[0].strip().lower()
    return kind in HTML_TYPES


def page_text(page: ProbePage) -> str:
    return decode_html(page.body, page.content_type).text


def login_wall(page: ProbePage, text: str) -> str | None:
    """Why the page looks like a login form rather than content, or None."""
    if _LOGIN_PATH.search(urlsplit(page.url).path) and page.url != page.requested_url:
        return f"{page.requested_url} redirects to a login page ({page.url}); not crawlable"
    if _PASSWORD.search(text):
        return f"{page.url} asks for a password (a login wall); not crawlable"
    return None


def samples(items: Sequence[Any], tz: str) -> list[Sample]:
    """Every test-fetched article, extracted, and every one that failed to fetch."""
    found = []
    for page in _pages(items, "article"):
        found.append(_extract(page, tz))
    for failure in _failures(items, "article"):
        found.append(Sample(failure.url, error=failure_reason(failure)))
    return found


def _extract(page: ProbePage, tz: str) -> Sample:
    if not is_html(page):
        return Sample(page.url, error=f"not HTML ({page.content_type})")
    try:
        extracted = read_html(page.body, page.content_type, page.url, tz=tz)
    except ExtractionError as exc:
        return Sample(page.url, error=f"no article body found ({exc})")
    size = len(extracted.text)
    error = f"body of {size} characters: not an article" if size < MIN_BODY else None
    return Sample(page.url, extracted.title, extracted.published_at, size, error)


def feed_entries(page: ProbePage) -> int:
    return len([e for e in feedparser.parse(page.body).entries if e.get("link")])


def start_problem(items: Sequence[Any], url: str) -> str | None:
    """Why the entry point itself is unusable: unreachable, refused, not HTML, a login."""
    failed = _failures(items, "start")
    if failed:
        return failure_reason(failed[0])
    pages = [p for p in items if isinstance(p, ProbePage) and p.kind != "article"]
    start = next((p for p in pages if p.requested_url == url), None)
    if start is None:
        return f"{url}: no answer"
    if start.kind == "start" and not is_html(start):
        return (
            f"{url} is not HTML (Content-Type {start.content_type}): "
            "give a list page, an RSS/Atom feed or a sitemap"
        )
    if start.kind == "start":
        return login_wall(start, page_text(start))
    return None


def matching_links(page: ProbePage, patterns: Sequence[str]) -> list[str]:
    """The page's distinct links that a source's `article_patterns` take for articles."""
    compiled = [re.compile(p) for p in patterns]
    links = page_links(page_text(page), page.url)
    return list(dict.fromkeys(lk.url for lk in links if any(r.search(lk.url) for r in compiled)))


def page_title(page: ProbePage) -> str:
    """The page's <title>, whitespace folded, at most 80 characters."""
    match = re.search(r"<title[^>]*>(.*?)</title>", page_text(page), re.IGNORECASE | re.DOTALL)
    return html.unescape(" ".join(match.group(1).split()))[:80] if match else ""


def inferred(page: ProbePage, *more: ProbePage) -> Inference:
    """The inference on a list page; further list pages count as evidence of repetition."""
    return infer([ListPage(p.url, page_text(p)) for p in (page, *more)])
