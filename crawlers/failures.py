"""Name what went wrong with a request, so crawl runs count errors by kind."""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
    UnsupportedURLSchemeError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.error import ConnectionLost, DNSLookupError, TCPTimedOutError, TimeoutError
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived

# Exception type → kind, most specific first. Only cancellation by DOWNLOAD_MAXSIZE cancels
# a download in our settings, so a cancelled download is a page too large.
_KINDS: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
    ((DownloadTimeoutError, TimeoutError, TCPTimedOutError), "timeout"),
    ((CannotResolveHostError, DNSLookupError), "dns"),
    (ResponseDataLossError, "truncated"),
    (DownloadCancelledError, "too_large"),
    (UnsupportedURLSchemeError, "bad_scheme"),
    (
        (
            DownloadConnectionRefusedError,
            DownloadFailedError,
            ConnectionLost,
            ResponseFailed,
            ResponseNeverReceived,
        ),
        "connection",
    ),
)


class PolicyRefusal(IgnoreRequest):
    """A request refused by our own crawl policy; `kind` says which rule."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


def classify(failure: Failure) -> tuple[str, str]:
    """(kind, one-line message) for a request's failure."""
    exc = failure.value
    if isinstance(exc, HttpError):
        return http_kind(exc.response.status), f"HTTP {exc.response.status}"
    if isinstance(exc, PolicyRefusal):
        return exc.kind, str(exc)
    if isinstance(exc, IgnoreRequest):
        return _ignored_kind(str(exc)), str(exc)
    message = f"{type(exc).__name__}: {exc}".strip().rstrip(":")[:300]
    for types, kind in _KINDS:
        if isinstance(exc, types):
            return kind, message
    return "other", message


def http_kind(status: int) -> str:
    if status in (404, 410):
        return "http_404"
    if status == 429:
        return "http_429"
    if 300 <= status < 400:
        return "bad_redirect"  # a redirect Scrapy would not follow (no Location, file:, …)
    if 400 <= status < 500:
        return "http_4xx"
    if status >= 500:
        return "http_5xx"
    return "http_other"


def _ignored_kind(message: str) -> str:
    lowered = message.lower()
    if "download_maxsize" in lowered:
        return "too_large"  # a compressed body that decompresses past the limit: a bomb
    if "robots.txt" in lowered:
        return "robots"
    if "offsite" in lowered:
        return "offsite"
    if "redirect" in lowered:
        return "redirect_loop"
    return "other"
