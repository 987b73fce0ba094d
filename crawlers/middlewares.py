"""Middlewares: where the crawl may go, and which links are worth a request."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import AsyncIterator, Iterable
from typing import Any, Protocol, Self
from urllib.parse import urljoin, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import load_object

from crawlers.failures import PolicyRefusal
from crawlers.items import Listing


class AddressPolicyMiddleware:
    """Refuse non-http(s) URLs and hosts that are or resolve to non-public addresses.

    The spider's `allow_private_addresses` (from the source) lifts the address rule for
    tests and intranets; by default a config or a redirect cannot point the crawler at the
    machine's own network. Each host is resolved once per crawl, off the reactor thread:
    an early answer with a clear message. The guard that counts is the download handler's
    (`crawlers.download`), on the address each connection actually reached.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._verdicts: dict[str, str | None] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        parts = urlparse_cached(request)
        if parts.scheme not in ("http", "https"):
            raise PolicyRefusal("bad_scheme", f"refused {parts.scheme or 'scheme-less'} URL")
        if getattr(self.crawler.spider, "allow_private_addresses", False):
            return
        host = (parts.hostname or "").lower()
        if host not in self._verdicts:
            self._verdicts[host] = await non_public_reason(host)
        reason = self._verdicts[host]
        if reason:
            raise PolicyRefusal("private_address", f"refused {host}: {reason}")


class RedirectPolicyMiddleware:
    """Turn redirects we will not follow into counted errors instead of silent drops.

    Scrapy drops an off-site redirect at scheduling time and a redirect loop in its
    duplicate filter, both without calling the request's errback, so the crawl run would
    never count them. Runs before `RedirectMiddleware` (priority above 600).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get(b"Location")
        if response.status not in _REDIRECTS or not location or request.meta.get("dont_redirect"):
            return response
        target = urljoin(request.url, location.decode("latin-1"))
        scheme = urlsplit(target).scheme.lower()
        if scheme not in ("http", "https"):
            raise PolicyRefusal("bad_scheme", f"redirect to a {scheme}: URL refused")
        domains = list(getattr(self.crawler.spider, "allowed_domains", None) or [])
        if domains and not host_in_domains(urlsplit(target).hostname or "", domains):
            raise PolicyRefusal("offsite", f"redirect off the source's domains to {target}")
        if target in [*request.meta.get("redirect_urls", []), request.url]:
            raise PolicyRefusal("redirect_loop", f"redirect loop back to {target}")
        return response


_REDIRECTS = frozenset({301, 302, 303, 307, 308})


def host_in_domains(host: str, domains: list[str]) -> bool:
    """True when `host` is one of `domains` or a subdomain of one (ports play no part)."""
    host = host.lower()
    return any(host == d or host.endswith("." + d) for d in (d.lower() for d in domains))


async def non_public_reason(host: str) -> str | None:
    """Why `host` must not be fetched (it is or resolves to a non-public address), or None."""
    try:
        addresses = [ipaddress.ip_address(host)]
    except ValueError:
        loop = asyncio.get_running_loop()
        try:
            infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except OSError:
            return None  # the downloader reports the DNS failure in its own words
        addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    for address in addresses:
        if not address.is_global:
            return f"{address} is not a public address"
    return None


class SeenIndex(Protocol):
    """Which of these article URLs does the store already hold?"""

    def known(self, urls: list[str]) -> set[str]: ...

    def held_back(self, urls: list[str]) -> set[str]: ...


class NothingSeen:
    """The index used when no store is configured: every article is new."""

    def held_back(self, urls: list[str]) -> set[str]:
        return set()

    def known(self, urls: list[str]) -> set[str]:
        return set()


class ListingFilterMiddleware:
    """Make crawls incremental and bounded, between the spider and the scheduler.

    For each list page, feed or sitemap: drop article links the store already holds (asking
    the object built from `PACTWATCH_SEEN_INDEX`, a dotted path to a class with
    `from_crawler`; unset, nothing counts as seen), drop the pagination of a page whose
    article links are all known (older pages hold nothing new either), and stop issuing
    requests past the spider's `max_pages`. The page's `Listing` item gets the counts, so
    the store knows whether the page was followed in full.
    """

    def __init__(self, seen: SeenIndex, max_pages: int | None = None) -> None:
        self.seen = seen
        self.max_pages = max_pages
        self.issued = 0
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        path = crawler.settings.get("PACTWATCH_SEEN_INDEX")
        seen = load_object(path).from_crawler(crawler) if path else NothingSeen()
        middleware = cls(seen)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        if self.max_pages is None:
            self.max_pages = getattr(spider, "max_pages", None)

    def _budget(self) -> int:
        return 10**9 if self.max_pages is None else max(0, self.max_pages - self.issued)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for request in start:
            self.issued += 1
            self.requested.add(request.url)
            yield request

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        # A list page yields at most a few hundred links: buffering them costs nothing and
        # lets one batched store lookup decide them all.
        outputs = [output async for output in result]
        for output in self.filter(outputs):
            yield output

    def filter(self, outputs: list[Any]) -> list[Any]:
        """The outputs of one response, less known articles, dead pagination, over-budget."""
        listing = next((o for o in outputs if isinstance(o, Listing)), None)
        if listing is None:
            return outputs
        items = [o for o in outputs if not isinstance(o, Request)]
        articles = _unique(o for o in outputs if _kind(o) == "article")
        follows = [
            r
            for r in _unique(o for o in outputs if _kind(o) in ("list", "sitemap"))
            if r.url not in self.requested
        ]
        known = self.seen.known([r.url for r in articles]) if articles else set()
        # Links that failed for good before wait out their backoff: not asked, not new.
        held = self.seen.held_back([r.url for r in articles if r.url not in known])
        unstored = [r for r in articles if r.url not in known and r.url not in held]
        # Links this crawl already requested (an article in both a list page and the feed)
        # neither cost budget nor count twice; they still count as new for pagination.
        fresh = [r for r in unstored if r.url not in self.requested]
        listing.links_known = len(known)
        listing.links_held_back = len(held)
        listing.links_new = len(fresh)
        if articles and not unstored and listing.listing_kind == "list":
            follows = []  # everything here is stored: older pages hold nothing new either
        allowed = (fresh + follows)[: self._budget()]
        listing.links_over_budget = len(fresh) - sum(1 for r in allowed if _kind(r) == "article")
        self.issued += len(allowed)
        self.requested.update(r.url for r in allowed)
        return items + allowed


def _unique(requests: Iterable[Request]) -> list[Request]:
    """One request per URL, in order (a pager repeats its links)."""
    unique: dict[str, Request] = {}
    for request in requests:
        unique.setdefault(request.url, request)
    return list(unique.values())


def _kind(output: Any) -> str | None:
    return output.meta.get("pw_kind") if isinstance(output, Request) else None
