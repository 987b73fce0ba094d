"""The SSRF guard checks the address the crawler actually connected to, not a lookup of
its own: a name that answers public to one lookup and loopback to the next is refused."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from crawlers.download import peer_reason


class _Counting(BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.hits.append(self.path)
        body = b"<html><body>internal</body></html>"
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def internal() -> Iterator[tuple[int, list[str]]]:
    """An "internal" service on 127.0.0.1 and the paths it was asked for."""
    hits: list[str] = []
    handler = type("Handler", (_Counting,), {"hits": hits})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1], hits
    server.shutdown()
    server.server_close()


def _crawl(port: int, allow: bool) -> dict[str, list[str]]:
    done = subprocess.run(
        [sys.executable, "-m", "tests.crawlers.rebind_crawl", str(port), "1" if allow else "0"],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    result: dict[str, list[str]] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def test_a_name_rebinding_to_loopback_is_refused_at_the_connection(
    internal: tuple[int, list[str]],
) -> None:
    port, hits = internal
    result = _crawl(port, allow=False)
    assert hits == [], "the crawler sent requests to a loopback service"
    assert result == {"kinds": ["private_address"] * 3, "fetched": []}


def test_a_source_allowing_private_addresses_still_reaches_them(
    internal: tuple[int, list[str]],
) -> None:
    port, hits = internal
    result = _crawl(port, allow=True)
    assert sorted(hits) == ["/page0", "/page1", "/page2"]
    assert result["kinds"] == [] and len(result["fetched"]) == 3


@pytest.mark.parametrize(
    "host", ["127.0.0.1", "10.0.0.7", "169.254.169.254", "::1", "::ffff:127.0.0.1", "fe80::1%2"]
)
def test_non_public_peers_are_named(host: str) -> None:
    assert peer_reason(host) is not None


@pytest.mark.parametrize("host", ["8.8.8.8", "2400:3200::1"])
def test_public_peers_pass(host: str) -> None:
    assert peer_reason(host) is None
