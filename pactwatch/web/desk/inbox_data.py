"""The inbox's reads: one page of stories (a first report with its reprints folded under
it), and how many stories each status holds under the same filters.

A page costs a fixed handful of queries whatever the store's size: the page's roots (read
in id order off an index, keyset-paginated, without the article bodies), their
agreements, their reprints, and one GROUP BY for the counts.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, TypeVar, cast
from urllib.parse import urlsplit

import sqlalchemy as sa
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select

from pactwatch.web.desk.cache import MarkedCache
from pactwatch.web.desk.filters import STATUSES, ItemFilters
from pipeline.models import Agreement, Article, ReviewLabel, SourceState

PAGE_SIZE = 50
# How long counts may be reused while the store's mark is unchanged: the bound on how
# stale a tab's count can be after a change no mark sees (a status set outside the desk).
COUNTS_TTL = 60.0
S = TypeVar("S", bound=Select[*tuple[Any, ...]])  # a SELECT of any columns
STATUS_LABELS = {"new": "待审 New", "approved": "已通过 Approved", "rejected": "已拒绝 Rejected"}

# What the inbox shows of an article: never `text` or `norm_text`, which are most of a row.
_COLUMNS = tuple(
    col(column)
    for column in (
        Article.id,
        Article.source,
        Article.url,
        Article.title,
        Article.credited_source,
        Article.published_at,
        Article.fetched_at,
        Article.status,
        Article.is_agreement,
        Article.score,
        Article.evidence,
    )
)


@dataclass(frozen=True)
class Report:
    """A later report of a story: who published it and where."""

    id: int
    source: str
    title: str
    url: str
    credited_source: str | None
    status: str
    duplicate_reason: str | None


# A Report's fields, in order.
REPORT_COLUMNS = tuple(
    col(column)
    for column in (
        Article.id,
        Article.source,
        Article.title,
        Article.url,
        Article.credited_source,
        Article.status,
        Article.duplicate_reason,
    )
)


@dataclass
class StoryRow:
    """One line of the inbox: the first report, its agreements, and who else reported it."""

    id: int
    source: str
    url: str
    title: str
    credited_source: str | None
    published_at: datetime | None
    fetched_at: datetime
    status: str
    is_agreement: bool | None
    score: float | None
    evidence: list[str]
    agreements: list[Agreement] = field(default_factory=list)
    also: list[Report] = field(default_factory=list)


@dataclass(frozen=True)
class InboxPage:
    """A page of stories, newest fetched first, with the cursors of its neighbours."""

    stories: list[StoryRow]
    older: int | None  # pass as `before=` for the next (older) page
    newer: int | None  # pass as `after=` for the previous (newer) page


def first_reports(stmt: S, filters: ItemFilters, *, timezone: str, dialect: str) -> S:
    """`stmt` (over `article`) narrowed to first reports that match `filters`.

    The filters read the first report only: its reprints are folded under it, and its
    status is what the digest reads. (Reaching a story through a reprint too was measured
    at 2-3x the time of a broad search over 100,000 articles, for little gain.)
    """
    narrowed = stmt.where(col(Article.duplicate_of).is_(None))
    return cast(S, filters.apply(narrowed, timezone=timezone, dialect=dialect))


def inbox_page(
    filters: ItemFilters,
    *,
    session: Session,
    timezone: str,
    dialect: str,
    before: int | None = None,
    after: int | None = None,
    limit: int = PAGE_SIZE,
) -> InboxPage:
    """The stories older than `before` (or newer than `after`), at most `limit` of them.

    Newest stored first: by id, which follows the fetch, so a page is read in order off an
    index (`ix_article_inbox`; on SQLite the search index's rowids too) and never sorted.
    """
    newest_first = after is None
    query = first_reports(sa.select(*_COLUMNS), filters, timezone=timezone, dialect=dialect)
    if before is not None:
        query = query.where(col(Article.id) < before)
    elif after is not None:
        query = query.where(col(Article.id) > after)
    order = col(Article.id).desc() if newest_first else col(Article.id)
    rows = list(session.execute(query.order_by(order).limit(limit + 1)))
    more = len(rows) > limit
    rows = rows[:limit]
    if not newest_first:
        rows.reverse()
    stories = [StoryRow(**row._asdict()) for row in rows]
    _attach(stories, session=session)
    first, last = (stories[0].id, stories[-1].id) if stories else (None, None)
    if newest_first:
        return InboxPage(
            stories, older=last if more else None, newer=first if before is not None else None
        )
    return InboxPage(stories, older=last, newer=first if more else None)


def story_counts(
    filters: ItemFilters, *, session: Session, timezone: str, dialect: str
) -> dict[str, int]:
    """Stories per status under `filters` without their status filter; and their total."""
    query = first_reports(
        sa.select(col(Article.status), sa.func.count()),
        replace(filters, status=""),
        timezone=timezone,
        dialect=dialect,
    ).group_by(col(Article.status))
    counts = dict.fromkeys(STATUSES, 0)
    for status, count in session.execute(query):
        counts[status] = counts.get(status, 0) + count
    counts["all"] = sum(counts.values())
    return counts


def store_mark(*, session: Session) -> tuple[object, ...]:
    """Values that change whenever a story count may: ids only grow, so a stored article,
    a recorded decision or correction (a review label) and a re-read agreement each raise
    a maximum. An index's last entry each: microseconds."""
    newest = [
        sa.select(sa.func.max(col(column))).scalar_subquery()
        for column in (Article.id, ReviewLabel.id, Agreement.id)
    ]
    return tuple(session.execute(sa.select(*newest)).one())


def known_sources(configured: Iterable[str], *, session: Session) -> list[str]:
    """The configured sources and any the store still has articles of, sorted."""
    stored = session.exec(select(SourceState.name)).all()
    return sorted({*configured, *stored})


def _attach(stories: Sequence[StoryRow], *, session: Session) -> None:
    """The stories' agreements and reprints: two queries for the whole page."""
    by_id = {s.id: s for s in stories}
    if not by_id:
        return
    ids = list(by_id)
    agreements = session.exec(
        select(Agreement)
        .where(col(Agreement.article_id).in_(ids))
        .order_by(col(Agreement.article_id), col(Agreement.position), col(Agreement.id))
    )
    for agreement in agreements:
        by_id[agreement.article_id].agreements.append(agreement)
    reports = session.execute(
        sa.select(col(Article.duplicate_of), *REPORT_COLUMNS)
        .where(col(Article.duplicate_of).in_(ids))
        .order_by(col(Article.fetched_at), col(Article.id))
    )
    for root, *values in reports:
        by_id[root].also.append(Report(*values))


def as_params(filters: ItemFilters, **changes: Any) -> str:
    """The inbox query string of `filters`: an empty status is kept, as "all statuses"."""
    values = replace(filters, **changes)
    query = values.to_query()
    if not values.status:
        query = f"{query}&status=" if query else "status="
    return query


def external_link(url: str) -> str | None:
    """`url` when it may be a link (http or https with a host); None for javascript: & co."""
    url = url.strip()
    parts = urlsplit(url)
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


@dataclass(frozen=True)
class Inbox:
    """Everything the inbox page reads, in one Session."""

    page: InboxPage
    counts: dict[str, int]
    sources: list[str]


def load_inbox(
    filters: ItemFilters,
    *,
    session: Session,
    configured: Iterable[str],
    timezone: str,
    dialect: str,
    counts_cache: MarkedCache[dict[str, int]] | None = None,
    before: int | None = None,
    after: int | None = None,
) -> Inbox:
    """The page, the counts (through `counts_cache`: paging through a broad search, or
    reloading, counts once) and the sources to filter by."""
    page = inbox_page(
        filters, session=session, timezone=timezone, dialect=dialect, before=before, after=after
    )

    def count() -> dict[str, int]:
        return story_counts(filters, session=session, timezone=timezone, dialect=dialect)

    if counts_cache is None:
        counts = count()
    else:
        key = (replace(filters, status=""), timezone, dialect)
        counts = counts_cache.get(key, store_mark(session=session), count)
    return Inbox(page, counts, known_sources(configured, session=session))
