"""The store's memory of article URLs that failed for good, so they are not asked again
on every crawl whose list page changed.

A permanent failure (404/410, not HTML, too large) waits `BACKOFF` before the first retry,
twice as long after each further failure, and is given up after `GIVE_UP_AFTER` failures.
A list page often keeps linking a dead article for months; without this memory each
crawl that reads the page requests it again and counts the same error again.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlmodel import Session, col, or_, select

from pipeline.db import chunks
from pipeline.models import ArticleFailure
from pipeline.urls import canonical_url

# Failure kinds (crawlers.failures) that asking again soon will not change.
PERMANENT_KINDS = frozenset({"http_404", "not_html", "too_large"})
BACKOFF = timedelta(hours=6)  # before the first retry; doubled after each failure
GIVE_UP_AFTER = 5  # failures: retried after 6 h, 12 h, 1 d, 2 d, then never


def next_retry(failures: int, now: datetime) -> datetime:
    """When a URL that failed `failures` times may be asked again."""
    return now + BACKOFF * 2 ** (failures - 1)


def remember(url: str, source: str, kind: str, now: datetime, *, session: Session) -> None:
    """Count one more permanent failure of `url`; it is held back until its retry time."""
    key = canonical_url(url)
    row = session.get(ArticleFailure, key)
    if row is None:
        row = ArticleFailure(url=key, source=source, kind=kind, failures=0)
    row.failures += 1
    row.kind, row.last_at = kind, now
    row.retry_at = next_retry(row.failures, now)
    row.gave_up = row.failures >= GIVE_UP_AFTER
    session.add(row)


def held_back(urls: Sequence[str], now: datetime, *, session: Session) -> set[str]:
    """The subset of `urls` not to request now: waiting out their backoff, or given up."""
    by_canonical: dict[str, list[str]] = {}
    for url in urls:
        by_canonical.setdefault(canonical_url(url), []).append(url)
    found: list[str] = []
    for chunk in chunks(list(by_canonical)):
        query = select(ArticleFailure.url).where(
            col(ArticleFailure.url).in_(chunk),
            or_(col(ArticleFailure.gave_up), col(ArticleFailure.retry_at) > now),
        )
        found.extend(session.exec(query).all())
    return {url for canonical in found for url in by_canonical[canonical]}


def forget(url: str, *, session: Session) -> None:
    """A URL that answered with an article after all: no longer held back."""
    row = session.get(ArticleFailure, canonical_url(url))
    if row is not None:
        session.delete(row)
