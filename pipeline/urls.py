"""Canonical URLs: one spelling per page, so the same article is stored once."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Query parameters that only say where a reader came from; dropping them never changes the page.
_TRACKING = re.compile(
    r"^(utm_\w+|spm|from|source|src|share\w*|isappinstalled|wxshare_count|scene|"
    r"clicktime|enterid|sharer_\w+|fbclid|gclid|_t|ts|timestamp|refer\w*)$",
    re.IGNORECASE,
)
_INDEX_PAGE = re.compile(r"/index\.(?:s?html?|php|jsp|aspx?)$", re.IGNORECASE)
_MOBILE_HOST = re.compile(r"^(?:m|wap|3g|mobile)\.", re.IGNORECASE)


def canonical_url(url: str) -> str:
    """Fold spellings of the same page: scheme, `m.` hosts, tracking params, `index.html`.

    https and http fold to http because regional portals serve both for the same page.
    """
    parts = urlsplit(canonicalize_url(url.strip(), keep_fragments=False))
    host = (parts.hostname or "").lower()
    host = _MOBILE_HOST.sub("", host)
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    netloc = host if port in (None, 80, 443) else f"{host}:{port}"
    path = _INDEX_PAGE.sub("/", parts.path) or "/"
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    return urlunsplit(("http", netloc, path, query, ""))
