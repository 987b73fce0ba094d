"""What the spider yields: plain data, no behaviour. The item pipelines decide what to keep.

Each item carries `item_type` so pipelines (which must not import this package) can tell
them apart through `ItemAdapter`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(slots=True)
class ArticlePage:
    """An article page as fetched: raw bytes, to be decoded and extracted downstream."""

    source: str
    url: str  # after redirects
    requested_url: str
    status: int
    content_type: str | None
    body: bytes = field(repr=False)
    fetched_at: datetime
    via: str | None = None  # the list page, feed or sitemap that linked it
    hint_title: str | None = None  # link text or feed entry title
    hint_published: str | None = None  # feed entry / sitemap date, as given
    item_type: str = "article"


@dataclass(slots=True)
class Listing:
    """A list page, feed or sitemap that was read (or answered 304)."""

    source: str
    url: str
    listing_kind: str  # list | feed | sitemap
    status: int
    etag: str | None = None
    last_modified: str | None = None
    bytes_received: int = 0
    links_found: int = 0
    links_known: int = 0  # already in the store
    links_new: int = 0
    links_over_budget: int = 0  # article links dropped by max_pages: this listing is not done
    links_held_back: int = 0  # failed for good before, waiting out their backoff or given up
    item_type: str = "listing"


@dataclass(slots=True)
class FetchFailure:
    """A page that could not be fetched or used; counted in the crawl run, never fatal."""

    source: str
    url: str
    kind: str  # see crawlers.failures.FAILURE_KINDS
    message: str
    via: str | None = None
    item_type: str = "failure"
    request_kind: str | None = None  # what was asked for: article | list | feed | sitemap
    extra: dict[str, str] = field(default_factory=dict)
