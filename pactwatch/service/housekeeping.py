"""Housekeeping: fetched bytes and crawl runs are kept for a while, not for ever.

`[service] keep_raw_days` bounds `article_raw` (the compressed pages `reanalyze` re-reads;
the articles themselves stay), `keep_runs_days` the crawl runs and their errors. 0 keeps
them for ever. Deletes go in batches, each its own short transaction, so a crawl writing
at the same time never waits on one long lock.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col

from pactwatch.core.config import ServiceConfig
from pactwatch.service.models import CrawlLease
from pipeline.models import Article, ArticleRaw, CrawlError, CrawlRun
from pipeline.runs import unfinished

BATCH = 500  # ids per statement: within SQLite's bound-variable limit, short locks
# A lease not renewed for this long belongs to a source no longer crawled (removed from the
# config, or its supervisor gone for good): its row is only clutter in `pactwatch status`.
STALE_LEASE = timedelta(days=1)


@dataclass(frozen=True)
class Swept:
    raw: int = 0
    runs: int = 0
    errors: int = 0
    leases: int = 0

    def describe(self) -> str:
        return (
            f"housekeeping: deleted {self.raw} fetched page(s), {self.runs} crawl run(s) "
            f"with {self.errors} error row(s), {self.leases} stale lease(s)"
        )


def sweep(engine: sa.Engine, service: ServiceConfig, *, now: datetime) -> Swept:
    """Delete what is past its keeping time at `now`."""
    raw = runs = errors = 0
    if service.keep_raw_days:
        raw = _delete_raw(engine, now - timedelta(days=service.keep_raw_days))
    if service.keep_runs_days:
        runs, errors = _delete_runs(engine, now - timedelta(days=service.keep_runs_days))
    with Session(engine) as session, session.begin():
        stale = sa.delete(CrawlLease).where(col(CrawlLease.expires_at) < now - STALE_LEASE)
        leases = int(session.execute(stale).rowcount)  # type: ignore[attr-defined]
    return Swept(raw, runs, errors, leases)


def _delete_raw(engine: sa.Engine, before: datetime) -> int:
    old = (
        sa.select(col(ArticleRaw.article_id))
        .join(Article, col(Article.id) == col(ArticleRaw.article_id))
        .where(col(Article.fetched_at) < before)
        .limit(BATCH)
    )
    deleted = 0
    while ids := _ids(engine, old):
        with Session(engine) as session, session.begin():
            session.execute(sa.delete(ArticleRaw).where(col(ArticleRaw.article_id).in_(ids)))
        deleted += len(ids)
    return deleted


def _delete_runs(engine: sa.Engine, before: datetime) -> tuple[int, int]:
    old = (
        sa.select(col(CrawlRun.id))
        .where(col(CrawlRun.started_at) < before, sa.not_(unfinished()))
        .limit(BATCH)
    )
    runs = errors = 0
    while ids := _ids(engine, old):
        with Session(engine) as session, session.begin():
            gone = session.execute(sa.delete(CrawlError).where(col(CrawlError.run_id).in_(ids)))
            errors += int(gone.rowcount)  # type: ignore[attr-defined]
            session.execute(sa.delete(CrawlRun).where(col(CrawlRun.id).in_(ids)))
        runs += len(ids)
    return runs, errors


def _ids(engine: sa.Engine, query: sa.Select[Any]) -> Sequence[int]:
    with Session(engine.execution_options(sqlite_begin="DEFERRED")) as session:
        return list(session.execute(query).scalars())
