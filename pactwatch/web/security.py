"""What every response and every public form gets: security headers, same-origin posts,
and a per-address rate limit against mail bombing."""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    # Links in mail carry tokens in the query string: no page may leak them onwards.
    "Referrer-Policy": "no-referrer",
}


class SecurityHeaders:
    """Pure ASGI middleware adding `SECURITY_HEADERS` to every HTTP response it passes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)


def cross_site(request: Request) -> bool:
    """Whether a browser says this request comes from another site's page.

    Sec-Fetch-Site is what modern browsers send on every request, whatever the referrer
    policy; Origin is the fallback for older ones. `Referrer-Policy: no-referrer` makes
    browsers send `Origin: null` even on same-origin form posts (Fetch § 3.1 "append a
    request Origin header"), so "null" proves nothing either way and is let through.
    Clients that send neither header (curl, mail providers) are not browsers being abused.
    """
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return False
    own = f"{request.url.scheme}://{request.url.netloc}"
    return origin.rstrip("/") != own


class RateLimiter:
    """At most `limit` hits per key in a sliding `window` of seconds; in memory, per process.

    A restart forgets everything, which is fine: it guards against one client flooding
    strangers' mailboxes with confirmation requests, not against a determined botnet.
    """

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit, self.window, self._clock = limit, window, clock
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()  # endpoints run in a thread pool

    def hit(self, key: str) -> float | None:
        """Count one hit; None when allowed, else the seconds until the next would be."""
        return self._check(key, count=True)

    def waiting(self, key: str) -> float | None:
        """Like `hit`, without counting: whether `key` is held back now."""
        return self._check(key, count=False)

    def _check(self, key: str, *, count: bool) -> float | None:
        now = self._clock()
        with self._lock:
            if len(self._hits) > 10_000:
                self._forget_idle(now)
            hits = self._hits.setdefault(key, deque())
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                return hits[0] + self.window - now
            if count:
                hits.append(now)
            return None

    def forget(self, key: str) -> None:
        """Start `key` afresh (a successful login clears its failed attempts)."""
        with self._lock:
            self._hits.pop(key, None)

    def _forget_idle(self, now: float) -> None:
        idle = [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]
        for key in idle:
            del self._hits[key]
