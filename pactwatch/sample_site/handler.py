"""The request handler: route a GET/HEAD to a page or a fault, answer it, log it."""

from __future__ import annotations

import contextlib
import gzip
import socket
import struct
import time
from collections.abc import Mapping
from datetime import UTC
from email.message import Message
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pactwatch.sample_site.faults import find_fault
from pactwatch.sample_site.log import LoggedRequest
from pactwatch.sample_site.render import Page

if TYPE_CHECKING:
    from pactwatch.sample_site.server import SampleSite

LOGGED_HEADERS = (
    "Host",
    "User-Agent",
    "If-None-Match",
    "If-Modified-Since",
    "Accept-Encoding",
    "Referer",
)
GZIP_MIN_BYTES = 512  # below this gzip framing costs more than it saves
_NOT_FOUND = Page("<html><body>404 页面不存在</body></html>".encode(), "text/html; charset=utf-8")


class SiteServer(ThreadingHTTPServer):
    """A thread per connection, and a record of open connections so `stop()` can end them."""

    daemon_threads = True  # a forgotten stop() must not hang the interpreter at exit
    request_queue_size = 128  # crawlers open many connections at once

    def __init__(self, address: tuple[str, int], site: SampleSite) -> None:
        self.site = site
        self.open_connections: set[socket.socket] = set()
        super().__init__(address, Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.site.lock:
            self.open_connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        super().shutdown_request(request)
        with self.site.lock:
            self.open_connections.discard(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # Clients hang up on slow, huge and truncated pages on purpose: not worth a traceback.
        import sys

        if isinstance(sys.exc_info()[1], OSError):
            return
        super().handle_error(request, client_address)

    def end_connections(self) -> None:
        """Shut every open connection so its thread, blocked in recv or send, returns."""
        with self.site.lock:
            connections = list(self.open_connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already gone
                connection.shutdown(socket.SHUT_RDWR)


class Handler(BaseHTTPRequestHandler):
    """Implements `faults.Exchange` for the request it is answering."""

    server: SiteServer
    protocol_version = "HTTP/1.1"  # keep-alive, as crawlers expect
    server_version = "SampleNews/1.0"
    disable_nagle_algorithm = True  # headers and body go out in two writes; no 40 ms stalls
    timeout = 30  # an idle keep-alive connection is closed after this
    _logged = False
    _started = 0.0
    _hits = 0
    _send_body = True

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the site's request log replaces stderr lines."""

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    # --- faults.Exchange -------------------------------------------------------------

    def hits(self) -> int:
        return self._hits

    def respond(self, status: int, page: Page, headers: Mapping[str, str] | None = None) -> None:
        if status == 200 and page.etag and not_modified(page, self.headers):
            self._send_headers(304, page, etag=page.etag, length=None)
            return
        body, encoding = page.body, None
        if _compressible(page) and "gzip" in (self.headers.get("Accept-Encoding") or ""):
            # mtime=0 keeps the bytes, and so the ETag, stable across requests.
            body, encoding = gzip.compress(page.body, compresslevel=5, mtime=0), "gzip"
        etag = page.etag and (_gzip_etag(page.etag) if encoding else page.etag)
        self._send_headers(
            status, page, etag=etag, length=len(body), encoding=encoding, extra=headers or {}
        )
        if self._send_body:
            self.wfile.write(body)

    def send_raw(self, data: bytes) -> None:
        if not self._logged:
            status = int(data.split(b" ", 2)[1]) if data.startswith(b"HTTP/") else 0
            self._log(status)
        self.wfile.write(data)

    def reset(self) -> None:
        # Linger 0: closing sends RST instead of FIN. The real close happens when finish()
        # drops the last file object, before the server's own shutdown(SHUT_WR) could send FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def close_after(self) -> None:
        self.close_connection = True

    def wait(self, seconds: float) -> bool:
        return self.server.site.stopping.wait(seconds)

    # --- internals ---------------------------------------------------------------------

    def _serve(self, *, send_body: bool) -> None:
        site = self.server.site
        self._send_body = send_body
        self._logged = False
        self.url_path = urlsplit(self.path).path
        self.slow_seconds = site.slow_seconds
        self.offsite_base = site.offsite_base
        self._hits = site.count_hit(self.url_path)
        self._started = time.time()
        try:
            self._dispatch(site)
        except OSError:
            self.close_connection = True  # the client went away mid-response
        finally:
            if not self._logged:
                self._log(0)  # nothing was sent (a slow page cut short by stop())

    def _log(self, status: int) -> None:
        """Record the request as its status goes out: before the client can read a byte,
        so a test that has its response also sees the log entry."""
        self._logged = True
        self.server.site.log.record(
            LoggedRequest(
                method=self.command,
                path=self.path,
                status=status,
                headers={h: v for h in LOGGED_HEADERS if (v := self.headers.get(h))},
                time=self._started,
                host=str(self.server.server_address[0]),
            )
        )

    def _dispatch(self, site: SampleSite) -> None:
        page = site.page(self.url_path)
        if page is not None:
            self.respond(200, page)
            return
        fault = find_fault(self.url_path)
        if fault is not None:
            fault(self)
            return
        self.respond(404, _NOT_FOUND)

    def _send_headers(
        self,
        status: int,
        page: Page,
        *,
        etag: str | None,
        length: int | None,
        encoding: str | None = None,
        extra: Mapping[str, str] | None = None,
    ) -> None:
        self._log(status)
        self.send_response(status)
        if status != 304:
            self.send_header("Content-Type", page.content_type)
        if length is not None:
            self.send_header("Content-Length", str(length))
        if etag:
            self.send_header("ETag", etag)
        if page.last_modified is not None:
            self.send_header("Last-Modified", http_date(page))
        if _compressible(page):
            self.send_header("Vary", "Accept-Encoding")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()


def http_date(page: Page) -> str:
    assert page.last_modified is not None
    return format_datetime(page.last_modified.astimezone(UTC), usegmt=True)


def _compressible(page: Page) -> bool:
    kind = page.content_type
    return len(page.body) >= GZIP_MIN_BYTES and (kind.startswith("text/") or "xml" in kind)


def _gzip_etag(etag: str) -> str:
    return etag[:-1] + '-gzip"'


def not_modified(page: Page, headers: Message) -> bool:
    """RFC 9110 §13.1: If-None-Match decides when present, else If-Modified-Since."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None and page.etag:
        tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
        return bool(tags & {"*", page.etag, _gzip_etag(page.etag)})
    if_modified_since = headers.get("If-Modified-Since")
    if if_modified_since and page.last_modified is not None:
        try:
            since = parsedate_to_datetime(if_modified_since)
        except (TypeError, ValueError):
            return False  # an unparseable date is ignored, as the RFC says
        if since.tzinfo is None:
            since = since.replace(tzinfo=UTC)
        return page.last_modified.replace(microsecond=0) <= since
    return False
