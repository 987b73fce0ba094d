"""The download handler: Scrapy's HTTP/1.1 one, refusing connections to non-public peers.

`AddressPolicyMiddleware` refuses private hosts early, by its own lookup; but the
connection makes another (Scrapy's resolver, another moment, maybe another answer), so a
name that answers "public" to the first and "127.0.0.1" to the second would slip by. Here
the check is on the address the socket actually connected to, before a byte of the request
is written: the connection pool's new connections pass through `_checked`. Connections kept
alive for reuse were checked when they were made.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Hashable
from typing import Any

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from twisted.internet.defer import Deferred
from twisted.internet.interfaces import IStreamClientEndpoint
from twisted.web.client import HTTPConnectionPool

from crawlers.failures import PolicyRefusal


def peer_reason(host: str) -> str | None:
    """Why a connection to `host` (an IP address) must not be used, or None."""
    try:
        address = ipaddress.ip_address(host.split("%")[0])
    except ValueError:
        return f"{host!r} is not an IP address"  # a UNIX socket or the like: never ours
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1 is loopback too
    if not (mapped or address).is_global:
        return f"{address} is not a public address"
    return None


class PublicPeerPool(HTTPConnectionPool):
    """A connection pool whose new connections must reach a public address."""

    def __init__(self, reactor: Any, crawler: Crawler) -> None:
        super().__init__(reactor, persistent=True)
        self._crawler = crawler

    def _newConnection(self, key: Hashable, endpoint: IStreamClientEndpoint) -> Deferred[Any]:
        connecting: Deferred[Any] = super()._newConnection(key, endpoint)
        return connecting.addCallback(self._checked)

    def _checked(self, protocol: Any) -> Any:
        if getattr(self._crawler.spider, "allow_private_addresses", False):
            return protocol
        peer = protocol.transport.getPeer()
        reason = peer_reason(str(getattr(peer, "host", peer)))
        if reason is None:
            return protocol
        protocol.transport.abortConnection()
        raise PolicyRefusal("private_address", f"refused connection: {reason}")


class PublicHTTPDownloadHandler(HTTP11DownloadHandler):
    """`HTTP11DownloadHandler` on a `PublicPeerPool` (DOWNLOAD_HANDLERS for http and https).

    pactwatch configures no HTTP proxy; one on a private address (the usual place for
    one) would be refused too, unless the source allows private addresses.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from twisted.internet import reactor

        pool = PublicPeerPool(reactor, crawler)
        pool.maxPersistentPerHost = self._pool.maxPersistentPerHost
        pool._factory = self._pool._factory
        self._pool = pool
