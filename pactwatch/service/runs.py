"""The supervisor's side of crawl runs: the child writes its own, the parent closes leftovers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pipeline.clock import utcnow
from pipeline.models import CrawlRun

# The finish_reason a crawl gives its run when it stops on SIGTERM (Scrapy's close reason).
SHUTDOWN = "shutdown"


def close_runs(
    source: str, since: datetime, reason: str, *, session: Session, only_running: bool = False
) -> int:
    """Mark the runs of `source` started since `since` as failed for `reason`; how many.

    Still-`running` rows are those of a child that died without closing them. A child that
    did close its run on our SIGTERM called it `shutdown`: the real reason (a timeout, a
    memory bound) is ours to say, so those are taken too unless `only_running`; the numbers
    it recorded stay.
    """
    open_ = col(CrawlRun.status) == "running"
    ours = open_ if only_running else sa.or_(open_, col(CrawlRun.finish_reason) == SHUTDOWN)
    result = session.execute(
        sa.update(CrawlRun)
        .where(col(CrawlRun.source) == source, col(CrawlRun.started_at) >= since, ours)
        .values(status="failed", finish_reason=reason, finished_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]


def runs_since(source: str, since: datetime, *, session: Session) -> list[CrawlRun]:
    """The runs of `source` a crawl started at `since` wrote."""
    query = (
        select(CrawlRun)
        .where(col(CrawlRun.source) == source, col(CrawlRun.started_at) >= since)
        .order_by(col(CrawlRun.id))
    )
    return list(session.exec(query).all())


def describe(run: CrawlRun) -> str:
    """One log line's worth of a run: outcome and numbers."""
    outcome = run.status if run.finish_reason in (None, "finished") else run.finish_reason
    return (
        f"{outcome}, {run.pages_fetched} page(s), {run.articles_new} new, "
        f"{run.agreements_found} agreement(s), {run.errors} error(s)"
    )
