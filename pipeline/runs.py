"""The life of a crawl-run row: started, finished, and closed once its process is gone.

A run is *unfinished* while its status is `running`: a crawl that ends normally, or stops
on a signal, closes its own run (`finish_run`). An unfinished run is *dead* when the
process that wrote it is known to be gone, and only then is it closed for it, `failed`
with a reason. What shows a process gone is up to the caller, and every closing here says
which evidence it takes:

- `record_failed`: a crawl that never wrote a run (it is born closed).
- `start_run`: a new run of the source starts. Its crawl holds the source's lease, so no
  other live crawl of the source can own a run; the open ones are `interrupted`.
- `close_runs` / `close_ended`: the supervisor (a child process, a Scrapyd job) saw the
  crawl end; its reason, or `crashed`, goes on what it left open.
- `close_unfinished`: the caller found no live lease covering the sources
  (`pactwatch.service.held`: lease expiry and a pid check).

Age alone closes nothing. An unfinished run older than `RUNNING_FRESH` is only no longer
taken for a running crawl by readers (`running_since`, the desk's sources page).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pipeline.clock import utcnow
from pipeline.models import CrawlRun, SourceState
from pipeline.store import ensure_source

RUNNING = "running"
# finish_reason of a crawl that closed its own run on SIGTERM (Scrapy's close reason): the
# real reason (a timeout, a memory bound, the service stopping) is the supervisor's to say.
SHUTDOWN = "shutdown"
INTERRUPTED = "interrupted"  # superseded by a new run, or the service stopped
CRASHED = "crashed"  # its process ended without closing it
# An unfinished run older than this is taken for one whose process was killed; a real crawl
# of 200 pages takes minutes.
RUNNING_FRESH = timedelta(hours=6)


def unfinished() -> sa.ColumnElement[bool]:
    """The SQL test for an unfinished run (the row-level `is_unfinished`)."""
    return col(CrawlRun.status) == RUNNING


def is_unfinished(run: CrawlRun) -> bool:
    return run.status == RUNNING


def start_run(source: str, *, session: Session) -> CrawlRun:
    """A new crawl run; runs of this source left unfinished by a killed process are closed.

    Their `finished_at` stays empty: when that process died is not known.
    """
    _close(sa.and_(col(CrawlRun.source) == source, unfinished()), INTERRUPTED, session=session)
    run = CrawlRun(source=source)
    session.add(run)
    session.flush()
    return run


def finish_run(
    run_id: int,
    counts: dict[str, int],
    errors_by_kind: dict[str, int],
    status: str,
    reason: str | None,
    *,
    session: Session,
) -> None:
    """Close a run from its own crawl: its numbers, `finished` or `failed`, and why."""
    run = session.get(CrawlRun, run_id)
    if run is None:
        return
    for key, value in counts.items():
        setattr(run, key, value)
    run.errors_by_kind = dict(errors_by_kind)
    run.errors = sum(errors_by_kind.values())
    run.status, run.finish_reason, run.finished_at = status, reason, utcnow()
    session.add(run)


def record_failed(source: str, reason: str, *, session: Session) -> CrawlRun:
    """A failed run for a crawl that wrote none (it never started), so status shows it."""
    if session.get(SourceState, source) is None:  # never crawled yet
        ensure_source(source, source, None, session=session)
        session.flush()
    now = utcnow()
    run = CrawlRun(
        source=source, started_at=now, finished_at=now, status="failed", finish_reason=reason
    )
    session.add(run)
    return run


def close_runs(
    source: str, since: datetime, reason: str, *, session: Session, only_running: bool = False
) -> int:
    """After a supervised crawl process ended: close its runs of `source`; how many.

    Its runs are those started since `since` (its launch). Unfinished ones are dead. One it
    closed on our SIGTERM as `shutdown` takes `reason` too, unless `only_running` (we did
    not stop it); the numbers it recorded stay.
    """
    ours = _ours(only_running)
    where = sa.and_(col(CrawlRun.source) == source, col(CrawlRun.started_at) >= since, ours)
    return _close(where, reason, session=session, finished_at=utcnow())


def close_ended(runs: Sequence[CrawlRun], reason: str | None, now: datetime) -> None:
    """After a crawl job ended elsewhere (Scrapyd): close its `runs`, as `close_runs` does.

    `reason` is why we stopped the job, None when it ended by itself (then only unfinished
    runs are closed, as `crashed`). A `finished_at` the crawl wrote is kept.
    """
    for run in runs:
        signalled = reason is not None and run.finish_reason == SHUTDOWN
        if is_unfinished(run) or signalled:
            run.status, run.finish_reason = "failed", reason or CRASHED
            run.finished_at = run.finished_at or now


def unfinished_sources(*, session: Session) -> set[str]:
    """Sources with an unfinished run, fresh or not."""
    return set(session.exec(select(CrawlRun.source).where(unfinished())))


def close_unfinished(
    sources: Iterable[str], reason: str, *, session: Session, now: datetime | None = None
) -> int:
    """Close the unfinished runs of `sources`, whose processes the caller knows are gone."""
    where = sa.and_(unfinished(), col(CrawlRun.source).in_(list(sources)))
    return _close(where, reason, session=session, finished_at=now or utcnow())


def running_since(source: str, *, session: Session, now: datetime | None = None) -> datetime | None:
    """When a recent, unfinished run of `source` started (any process's); None without one."""
    fresh = (now or utcnow()) - RUNNING_FRESH
    query = (
        select(CrawlRun.started_at)
        .where(CrawlRun.source == source, unfinished())
        .where(col(CrawlRun.started_at) >= fresh)
        .order_by(col(CrawlRun.id).desc())
        .limit(1)
    )
    return session.exec(query).first()


def _ours(only_running: bool) -> sa.ColumnElement[bool]:
    if only_running:
        return unfinished()
    return sa.or_(unfinished(), col(CrawlRun.finish_reason) == SHUTDOWN)


def _close(
    where: sa.ColumnElement[bool],
    reason: str,
    *,
    session: Session,
    finished_at: datetime | None = None,
) -> int:
    values: dict[str, Any] = {"status": "failed", "finish_reason": reason}
    if finished_at is not None:
        values["finished_at"] = finished_at
    result = session.execute(sa.update(CrawlRun).where(where).values(**values))
    return int(result.rowcount)  # type: ignore[attr-defined]
