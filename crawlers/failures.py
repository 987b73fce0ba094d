"""Name what went wrong with a request, so crawl runs count errors by kind."""

from __future__ import annotations

from scrapy.exceptions import IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import (
    ConnectError,
    ConnectionLost,
    ConnectionRefusedError,
    DNSLookupError,
    TCPTimedOutError,
    TimeoutError,
)
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

FAILURE_KINDS = (
    "http_4xx",
    "http_404",
    "http_429",
    "http_5xx",
    "http_other",
    "timeout",
    "dns",
    "connection",
    "truncated",
    "too_large",
    "redirect_loop",
    "offsite",
    "private_address",
    "robots",
    "bad_scheme",
    "bad_feed",
    "not_html",
    "no_content",
    "other",
)


class PolicyRefusal(IgnoreRequest):
    """A request refused by our own address policy; `kind` says which rule."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def classify(failure: Failure) -> tuple[str, str]:
    """(kind, one-line message) for a request's failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return _http_kind(exc.response.status), f"HTTP {exc.response.status}"
    if isinstance(exc, PolicyRefusal):
        return exc.kind, str(exc)
    if isinstance(exc, IgnoreRequest):
        return _ignored_kind(str(exc)), str(exc)
    if isinstance(exc, TimeoutError | TCPTimedOutError):
        return "timeout", "timed out"
    if isinstance(exc, DNSLookupError):
        return "dns", "DNS lookup failed"
    if isinstance(exc, ResponseFailed | ResponseNeverReceived):
        reasons = " ".join(str(r.value) for r in getattr(exc, "reasons", []))
        kind = (
            "truncated"
            if "dataloss" in reasons.lower() or "length" in reasons.lower()
            else "connection"
        )
        return kind, f"{type(exc).__name__}: {reasons or exc}"[:300]
    if isinstance(exc, ConnectionRefusedError | ConnectError | ConnectionLost):
        return "connection", f"{type(exc).__name__}: {exc}"[:300]
    message = f"{type(exc).__name__}: {exc}"
    if "max size" in message:
        return "too_large", message[:300]
    return "other", message[:300]


def _http_kind(status: int) -> str:
    if status in (404, 410):
        return "http_404"
    if status == 429:
        return "http_429"
    if 400 <= status < 500:
        return "http_4xx"
    if status >= 500:
        return "http_5xx"
    return "http_other"


def _ignored_kind(message: str) -> str:
    lowered = message.lower()
    if "robots.txt" in lowered:
        return "robots"
    if "offsite" in lowered:
        return "offsite"
    if "redirect" in lowered:
        return "redirect_loop"
    return "other"
