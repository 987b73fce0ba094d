"""The one generic news spider: a source's list pages, feeds and sitemaps → article pages."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import feedparser
import scrapy
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawlers.failures import classify
from crawlers.items import ArticlePage, FetchFailure, Listing

HTML_TYPES = ("text/html", "application/xhtml+xml")

Validators = Mapping[str, Sequence[str | None]]  # url → (etag, last_modified)


class NewsSpider(scrapy.Spider):
    """Crawl one source. Yields `ArticlePage`, `Listing` and `FetchFailure` items only.

    Arguments (plain data, so a test builds it without a crawler): `source`, the source's
    config as a dict (the contract's TOML keys); `validators`, the stored ETag and
    Last-Modified of its list pages, feeds and sitemaps for conditional GET.
    Incrementality (skipping stored articles, stopping pagination early) and the page budget
    live in `crawlers.middlewares.ListingFilterMiddleware`, not here.
    """

    name = "news"

    def __init__(
        self, source: Mapping[str, Any], validators: Validators | None = None, **kwargs: Any
    ) -> None:
        super().__init__(name=str(source["name"]), **kwargs)
        self.source = dict(source)
        self.validators = dict(validators or {})
        self.allowed_domains = list(source.get("domains") or [])
        self.allow_private_addresses = bool(source.get("allow_private_addresses", False))
        self.max_pages = int(source.get("max_pages", 200))
        self._articles = LinkExtractor(allow=source.get("article_patterns") or (), unique=True)
        self._follow = (
            LinkExtractor(allow=source["follow_patterns"], unique=True)
            if source.get("follow_patterns")
            else None
        )
        self._article_res = [re.compile(p) for p in source.get("article_patterns") or ()]

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.get("start_urls") or ():
            yield self.listing_request(url, "list")
        for url in self.source.get("feeds") or ():
            yield self.listing_request(url, "feed")
        for url in self.source.get("sitemaps") or ():
            yield self.listing_request(url, "sitemap")

    def listing_request(self, url: str, kind: str, *, via: str | None = None) -> scrapy.Request:
        """A request for a list page, feed or sitemap, conditional when we hold validators."""
        headers: dict[str, str] = {}
        etag, last_modified = [*(self.validators.get(url) or ()), None, None][:2]
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        meta = {"pw_kind": kind, "pw_via": via, "handle_httpstatus_list": [304]}
        return scrapy.Request(
            url,
            callback=self.parse_listing,
            errback=self.on_error,
            headers=headers,
            meta=meta,
            dont_filter=via is None,
        )

    def article_request(
        self, url: str, via: str, *, title: str | None = None, published: str | None = None
    ) -> scrapy.Request:
        meta = {"pw_kind": "article", "pw_via": via, "pw_title": title, "pw_published": published}
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error, meta=meta)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        kind = response.meta["pw_kind"]
        listing = Listing(
            source=self.name,
            url=response.url,
            listing_kind=kind,
            status=response.status,
            etag=_header(response, b"ETag"),
            last_modified=_header(response, b"Last-Modified"),
            bytes_received=len(response.body),
        )
        if response.status == 304:
            yield listing
            return
        parse = {
            "list": self._from_list_page,
            "feed": self._from_feed,
            "sitemap": self._from_sitemap,
        }[kind]
        yield from parse(response, listing)

    def _from_list_page(self, response: Response, listing: Listing) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            yield self._failure(response.url, "not_html", "list page is not text", listing.url)
            return
        links = self._articles.extract_links(response) if self._article_res else []
        listing.links_found = len(links)
        yield listing
        for link in links:
            yield self.article_request(link.url, response.url, title=link.text.strip() or None)
        if self._follow is not None:
            for link in self._follow.extract_links(response):
                yield self.listing_request(link.url, "list", via=response.url)

    def _from_feed(self, response: Response, listing: Listing) -> Iterator[Any]:
        parsed = feedparser.parse(response.body)
        entries = [e for e in parsed.entries if e.get("link")]
        listing.links_found = len(entries)
        yield listing
        if parsed.bozo and not entries:
            reason = str(parsed.get("bozo_exception", "unreadable feed"))[:200]
            yield self._failure(response.url, "bad_feed", f"malformed feed: {reason}", None)
        elif parsed.bozo:
            # feedparser recovers the entries before the break; keep them, but count the fault.
            yield self._failure(
                response.url,
                "bad_feed",
                f"feed is malformed; read {len(entries)} entries before the fault",
                None,
            )
        for entry in entries:
            # A feed's entries are articles by definition; article_patterns do not apply.
            yield self.article_request(
                response.urljoin(entry["link"]),
                response.url,
                title=entry.get("title"),
                published=entry.get("published") or entry.get("updated"),
            )

    def _from_sitemap(self, response: Response, listing: Listing) -> Iterator[Any]:
        body = _sitemap_body(response)
        if body is None:
            yield listing
            yield self._failure(response.url, "bad_feed", "sitemap is not XML", None)
            return
        try:
            sitemap = Sitemap(body)
        except Exception as exc:  # lxml raises several types on broken XML
            yield listing
            yield self._failure(response.url, "bad_feed", f"malformed sitemap: {exc}", None)
            return
        entries = list(sitemap)
        listing.links_found = len(entries)
        yield listing
        for entry in entries:
            url = response.urljoin(entry.get("loc", ""))
            if sitemap.type == "sitemapindex":
                yield self.listing_request(url, "sitemap", via=response.url)
            elif self._matches_article(url):
                yield self.article_request(url, response.url, published=entry.get("lastmod"))

    def parse_article(self, response: Response) -> Iterator[Any]:
        via = response.meta.get("pw_via")
        content_type = _header(response, b"Content-Type")
        if content_type and content_type.split(";")[0].strip().lower() not in HTML_TYPES:
            failure = self._failure(response.url, "not_html", f"Content-Type {content_type}", via)
            failure.request_kind = "article"
            yield failure
            return
        yield ArticlePage(
            source=self.name,
            url=response.url,
            requested_url=response.request.url if response.request else response.url,
            status=response.status,
            content_type=content_type,
            body=response.body,
            fetched_at=datetime.now(UTC),
            via=via,
            hint_title=response.meta.get("pw_title"),
            hint_published=response.meta.get("pw_published"),
        )

    def on_error(self, failure: Failure) -> Iterator[FetchFailure]:
        request = getattr(failure, "request", None)
        url = request.url if request is not None else "?"
        via = request.meta.get("pw_via") if request is not None else None
        kind, message = classify(failure)
        self.logger.warning("%s: %s (%s)", url, message, kind)
        failed = self._failure(url, kind, message, via)
        failed.request_kind = request.meta.get("pw_kind") if request is not None else None
        yield failed

    def _failure(self, url: str, kind: str, message: str, via: str | None) -> FetchFailure:
        return FetchFailure(source=self.name, url=url, kind=kind, message=message, via=via)

    def _matches_article(self, url: str) -> bool:
        """Every sitemap entry is an article unless article_patterns narrow them."""
        return not self._article_res or any(p.search(url) for p in self._article_res)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _sitemap_body(response: Response) -> bytes | None:
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            body = gunzip(body, max_size=50 * 1024 * 1024)
        except OSError:
            return None
    return body if body.lstrip()[:1] == b"<" else None
