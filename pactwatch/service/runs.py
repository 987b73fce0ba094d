"""What the supervisor reads of crawl runs; `pipeline.runs` writes and closes them."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from pipeline.models import CrawlRun


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
