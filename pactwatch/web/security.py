"""What every response and every public form gets: security headers and same-origin posts.

The rate limits live in the store: `pactwatch.web.limits`."""

from __future__ import annotations

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
