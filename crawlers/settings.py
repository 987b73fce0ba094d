"""Scrapy settings of the pactwatch crawler; the composition root overlays config values.

Kept as a dict rather than a Scrapy `settings.py` module so the entry point can build one
`Settings` object per run without environment variables or import-time side effects.
"""

from __future__ import annotations

from typing import Any

BASE_SETTINGS: dict[str, Any] = {
    "BOT_NAME": "pactwatch",
    "SPIDER_MODULES": ["crawlers.spiders"],
    "ROBOTSTXT_OBEY": True,
    "COOKIES_ENABLED": False,
    "TELNETCONSOLE_ENABLED": False,
    "LOG_LEVEL": "WARNING",
    # The entry point owns logging: one line per failed URL on stderr, nothing chattier.
    "LOG_INSTALL_ROOT_HANDLER": False,
    # Scrapy 2.19's remote-control extension opens an HTTP port; a crawler needs none.
    "REMOTE_CONTROL_ENABLED": False,
    "REQUEST_FINGERPRINTER_IMPLEMENTATION": "2.7",
    "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    "FEED_EXPORT_ENCODING": "utf-8",
    # Politeness: a regional portal is not a CDN. AutoThrottle adapts the delay to the
    # site's latency; per-domain concurrency caps what one site sees at once.
    "AUTOTHROTTLE_ENABLED": True,
    "AUTOTHROTTLE_START_DELAY": 1.0,
    "AUTOTHROTTLE_MAX_DELAY": 30.0,
    "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
    "DOWNLOAD_DELAY": 0.25,
    "DOWNLOAD_TIMEOUT": 30,
    # Chinese news pages run 20–800 KB; 8 MB leaves room for image-inlined pages while a
    # runaway response (a 20 MB page, an endless stream) is cut off.
    "DOWNLOAD_MAXSIZE": 8 * 1024 * 1024,
    "DOWNLOAD_WARNSIZE": 0,
    "DOWNLOAD_FAIL_ON_DATALOSS": True,  # a truncated page is an error, retried next crawl
    "RETRY_ENABLED": True,
    "RETRY_TIMES": 2,
    "RETRY_HTTP_CODES": [500, 502, 503, 504, 522, 524, 408, 429],
    "REDIRECT_MAX_TIMES": 5,
    "SPIDER_MIDDLEWARES": {
        "crawlers.middlewares.ListingFilterMiddleware": 950,
    },
    # The address actually connected to must be public (crawlers.download), whatever the
    # name resolved to when AddressPolicyMiddleware looked.
    "DOWNLOAD_HANDLERS": {
        "http": "crawlers.download.PublicHTTPDownloadHandler",
        "https": "crawlers.download.PublicHTTPDownloadHandler",
    },
    "DOWNLOADER_MIDDLEWARES": {
        "crawlers.middlewares.AddressPolicyMiddleware": 50,
        "crawlers.middlewares.RedirectPolicyMiddleware": 650,
    },
    "ITEM_PIPELINES": {},
}


def politeness(
    *,
    concurrency: int,
    per_domain: int,
    delay: float,
    autothrottle: bool,
    target_concurrency: float,
    timeout: float,
    max_bytes: int,
    retries: int,
    obey_robots: bool,
    user_agent: str,
) -> dict[str, Any]:
    """The settings a crawl's politeness and limits translate to."""
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": per_domain,
        "DOWNLOAD_DELAY": delay,
        "AUTOTHROTTLE_ENABLED": autothrottle,
        "AUTOTHROTTLE_START_DELAY": max(delay, 0.1),
        "AUTOTHROTTLE_TARGET_CONCURRENCY": target_concurrency,
        "DOWNLOAD_TIMEOUT": timeout,
        "DOWNLOAD_MAXSIZE": max_bytes,
        "DOWNLOAD_WARNSIZE": 0,  # the max-size error names the page; a warning first is noise
        "RETRY_TIMES": retries,
        "ROBOTSTXT_OBEY": obey_robots,
        "USER_AGENT": user_agent,
    }
