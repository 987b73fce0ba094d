"""The probe spider of `pactwatch sources add` and `sources check`: a few pages, not a crawl.

It fetches a source's entry point, then what the entry point leads to (its advertised
feed, a few articles, for a page without a usable list the site's robots.txt sitemaps),
through the crawler's own downloader: robots.txt, the address and redirect policies, size
limits and politeness all apply as in a crawl. It yields `ProbePage` and `FetchFailure`
items only; judging them is `pactwatch.sources`'s work.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import feedparser
import scrapy
from scrapy.http import Response, TextResponse
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawlers.failures import classify
from crawlers.inference import ListPage, infer
from crawlers.inference.discovery import (
    advertised_feeds,
    looks_like_feed,
    looks_like_sitemap,
    robots_sitemaps,
    site_root,
)
from crawlers.inference.links import page_links
from crawlers.items import FetchFailure

SAMPLES = 3  # articles test-fetched per source


@dataclass(slots=True)
class ProbePage:
    """A fetched page and the role it played in the probe."""

    source: str
    kind: str  # start | list2 (the next list page) | feed | sitemap | robots | article
    url: str
    requested_url: str
    status: int
    content_type: str | None
    body: bytes = field(repr=False)
    hint_title: str | None = None
    item_type: str = "probe"


class ProbeSpider(scrapy.Spider):
    """Probe one source. `probe` (plain data): `name`, `url` (the entry point), `domains`,
    `allow_private_addresses`, and for a configured source its `article_patterns`, `feeds`
    and `sitemaps`; without `article_patterns` the patterns are inferred from the page."""

    name = "probe"

    def __init__(self, probe: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(name=str(probe["name"]), **kwargs)
        self.probe = dict(probe)
        self.allowed_domains = list(probe.get("domains") or [])
        self.allow_private_addresses = bool(probe.get("allow_private_addresses", False))
        patterns = probe.get("article_patterns")
        self.patterns = [re.compile(p) for p in patterns] if patterns is not None else None
        self.sampled: set[str] = set()
        self.fallback: list[tuple[str, str]] = []  # inferred articles, if the feed fails

    async def start(self) -> AsyncIterator[Any]:
        if self.probe.get("url"):
            yield self._request(self.probe["url"], "start")
        for url in self.probe.get("feeds") or ():
            yield self._request(url, "feed")
        for url in self.probe.get("sitemaps") or ():
            yield self._request(url, "sitemap")

    def _request(self, url: str, kind: str, title: str | None = None) -> scrapy.Request:
        meta: dict[str, Any] = {"probe_kind": kind, "probe_title": title}
        if kind == "robots":
            meta["dont_obey_robotstxt"] = True  # robots.txt itself is always fair to read
        return scrapy.Request(
            url, callback=self.parse, errback=self.on_error, meta=meta, dont_filter=True
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        kind = response.meta["probe_kind"]
        content_type = _header(response, b"Content-Type")
        if kind == "start" and looks_like_feed(response.body):
            kind = "feed"
        elif kind == "start" and looks_like_sitemap(response.body):
            kind = "sitemap"
        yield ProbePage(
            source=self.name,
            kind=kind,
            url=response.url,
            requested_url=response.request.url if response.request else response.url,
            status=response.status,
            content_type=content_type,
            body=response.body,
            hint_title=response.meta.get("probe_title"),
        )
        follow = {
            "start": self._from_start,
            "feed": self._from_feed,
            "sitemap": self._from_sitemap,
            "robots": self._from_robots,
        }.get(kind)
        if follow is not None:
            yield from follow(response)

    def _from_start(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            return
        if self.patterns is not None:  # a configured source: its own patterns decide
            links = page_links(response.text, response.url)
            found = [
                (lk.url, lk.text) for lk in links if any(p.search(lk.url) for p in self.patterns)
            ]
            yield from self._samples(found)
            return
        result = infer([ListPage(response.url, response.text)])
        feeds = advertised_feeds(response.text, response.url)
        if feeds:
            self.fallback = list(result.articles)
            yield self._request(feeds[0], "feed")
        elif result.reason is None:
            yield from self._samples(list(result.articles))
            if result.pagination:  # a second list page: evidence that the shape repeats
                yield self._request(result.pagination[0], "list2")
        else:  # no list here: the site may still say where its articles are
            yield self._request(site_root(response.url) + "robots.txt", "robots")

    def _from_feed(self, response: Response) -> Iterator[Any]:
        parsed = feedparser.parse(response.body)
        entries = [
            (response.urljoin(e["link"]), str(e.get("title") or ""))
            for e in parsed.entries
            if e.get("link")
        ]
        yield from self._samples(entries or self.fallback)

    def _from_sitemap(self, response: Response) -> Iterator[Any]:
        try:
            sitemap = Sitemap(response.body)
        except Exception:  # lxml raises several types on broken XML; the verdict says so
            return
        locs = [response.urljoin(e.get("loc", "")) for e in sitemap if e.get("loc")]
        if sitemap.type == "sitemapindex":
            if locs:
                yield self._request(locs[0], "sitemap")
            return
        if self.patterns:
            locs = [u for u in locs if any(p.search(u) for p in self.patterns)]
        yield from self._samples([(u, "") for u in locs])

    def _from_robots(self, response: Response) -> Iterator[Any]:
        text = response.text if isinstance(response, TextResponse) else ""
        found = robots_sitemaps(text, response.url) or [site_root(response.url) + "sitemap.xml"]
        yield self._request(found[0], "sitemap")

    def _samples(self, found: list[tuple[str, str]]) -> Iterator[scrapy.Request]:
        for url, title in found:
            if len(self.sampled) >= SAMPLES:
                return
            if url not in self.sampled:
                self.sampled.add(url)
                yield self._request(url, "article", title or None)

    def on_error(self, failure: Failure) -> Iterator[Any]:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        kind = request.meta.get("probe_kind", "?") if request is not None else "?"
        error, message = classify(failure)
        yield FetchFailure(
            source=self.name, url=url, kind=error, message=message, extra={"probe_kind": kind}
        )
        if kind == "feed" and self.fallback:
            yield from self._samples(self.fallback)
        if kind == "robots":  # no robots.txt: the conventional place is still worth a look
            yield self._request(site_root(url) + "sitemap.xml", "sitemap")


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None
