"""A crawl of one URL whose host "rebinds": run as a script, in its own process (a reactor).

The address policy's own lookup (`socket.getaddrinfo`, patched here) answers a public
address; Scrapy's resolver, which the connection uses, answers 127.0.0.1 — what a DNS
name alternating between a public and a loopback address does to two separate lookups.
Prints one JSON line: the failure kinds and the pages fetched.
Usage: python -m tests.crawlers.rebind_crawl PORT ALLOW_PRIVATE(0|1)
"""

from __future__ import annotations

import json
import socket
import sys
from collections.abc import Iterator
from typing import Any, ClassVar

from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.http import Response
from scrapy.resolver import CachingThreadedResolver
from twisted.internet import defer
from twisted.python.failure import Failure

from crawlers.failures import classify
from crawlers.settings import BASE_SETTINGS

HOST = "rebind.pactwatch.test"
_real_getaddrinfo = socket.getaddrinfo


def _public_first(host: Any, *args: Any, **kwargs: Any) -> Any:
    if host == HOST:  # the first lookup: a public address (one of example.com's, RFC 2606)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", 0))]
    return _real_getaddrinfo(host, *args, **kwargs)


class RebindResolver(CachingThreadedResolver):
    """Scrapy's resolver, answering loopback for `HOST` (the second lookup)."""

    def getHostByName(self, name: str, timeout: Any = ()) -> defer.Deferred[str]:
        if name == HOST:
            return defer.succeed("127.0.0.1")
        return super().getHostByName(name, timeout)


class OnePage(Spider):
    name = "rebind"
    results: ClassVar[dict[str, list[str]]] = {"kinds": [], "fetched": []}

    def __init__(self, port: int, allow_private_addresses: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.port, self.allow_private_addresses = port, allow_private_addresses

    async def start(self) -> Any:
        for n in range(3):
            url = f"http://{HOST}:{self.port}/page{n}"
            yield Request(url, callback=self.fetched, errback=self.failed, dont_filter=True)

    def fetched(self, response: Response) -> Iterator[Any]:
        self.results["fetched"].append(response.url)
        yield from ()

    def failed(self, failure: Failure) -> None:
        self.results["kinds"].append(classify(failure)[0])


def main() -> None:
    port, allow = int(sys.argv[1]), sys.argv[2] == "1"
    socket.getaddrinfo = _public_first  # type: ignore[assignment]
    settings = {
        **BASE_SETTINGS,
        "ROBOTSTXT_OBEY": False,
        "RETRY_ENABLED": False,
        "AUTOTHROTTLE_ENABLED": False,
        "DOWNLOAD_DELAY": 0,
        "DOWNLOAD_TIMEOUT": 5,
        "DNS_RESOLVER": "tests.crawlers.rebind_crawl.RebindResolver",
        "LOG_LEVEL": "ERROR",
    }
    process = CrawlerProcess(settings)
    process.crawl(OnePage, port=port, allow_private_addresses=allow)
    process.start()
    print(json.dumps(OnePage.results))


if __name__ == "__main__":
    main()
