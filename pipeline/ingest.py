"""One fetched article page from bytes to the store, in a worker process.

The crawl process only downloads; extraction, analysis and the article's own transaction
(duplicate lookup, insert, index) run here, on every core. Measured on bench/ingest.py:
with the store in the crawl process that process was the bottleneck (43 s CPU of a 49 s
crawl of 5,000 pages) while the workers idled at 10 s each.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session

from pipeline.db import make_engine
from pipeline.dedup import ShingleLRU
from pipeline.extract import ExtractionError, XPathOverrides
from pipeline.understand import process_html
from pipeline.understood_store import store_new_article


@dataclass(frozen=True, slots=True)
class Fetched:
    """What the crawl hands over: the page's bytes and where they came from."""

    source: str
    url: str
    body: bytes
    content_type: str | None
    fetched_at: datetime
    listed: str | None = None  # the feed entry's or sitemap's date


@dataclass(frozen=True, slots=True)
class Ingested:
    """The outcome: stored (new id), already known, or rejected with a reason."""

    article_id: int | None = None
    duplicate_of: int | None = None
    is_agreement: bool = False
    known: bool = False
    rejected: str | None = None  # why no article could be extracted


def ingest(
    fetched: Fetched,
    database_url: str,
    overrides: XPathOverrides | None = None,
    tz: str = "Asia/Shanghai",
    model_path: str | None = None,
) -> Ingested:
    """Extract, understand and store one page in its own transaction."""
    try:
        page, understood, body_z = process_html(
            fetched.body, fetched.content_type, fetched.url, overrides, tz, fetched.listed,
            model_path, fetched.fetched_at,
        )  # fmt: skip
    except ExtractionError as exc:
        return Ingested(rejected=str(exc))
    engine = _engine(database_url)
    with Session(engine) as session, session.begin():
        stored = store_new_article(
            fetched.source, fetched.url, page, body_z, fetched.content_type, fetched.fetched_at,
            understood, session=session, cache=_shingles(database_url),
        )  # fmt: skip
    if stored is None:
        return Ingested(known=True)
    return Ingested(stored.article_id, stored.duplicate_of, stored.is_agreement)


@functools.cache
def _engine(database_url: str) -> sa.Engine:
    """One engine per process and store: a worker serves many pages of one crawl."""
    return make_engine(database_url)


@functools.cache
def _shingles(database_url: str) -> ShingleLRU:
    """Per process and store: candidates recur, so their shingles are kept (see ShingleLRU)."""
    return ShingleLRU()
