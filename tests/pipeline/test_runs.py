"""Crawl-run rows on a migrated store: a run left unfinished is closed only for a known cause."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, select

from pipeline import runs
from pipeline.clock import utcnow
from pipeline.models import CrawlRun


def test_a_new_run_closes_runs_left_running_by_a_killed_process(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        stale = runs.start_run("s", session=session)
        stale_id = stale.id
    with Session(engine) as session, session.begin():
        runs.start_run("s", session=session)
    with Session(engine) as session:
        row = session.get(CrawlRun, stale_id)
        assert row is not None and (row.status, row.finish_reason) == ("failed", "interrupted")
        assert row.finished_at is None  # when its process died is not known


def test_a_supervisor_closes_what_its_crawl_left_and_names_its_own_stop(
    engine: sa.Engine,
) -> None:
    launched = utcnow() - timedelta(minutes=1)
    with Session(engine) as session, session.begin():
        open_id = runs.start_run("s", session=session).id
        stopped = CrawlRun(source="s", status="failed", finish_reason=runs.SHUTDOWN)
        session.add(stopped)
        session.flush()
        stopped_id = stopped.id
    with Session(engine) as session, session.begin():
        assert runs.close_runs("s", launched, runs.CRASHED, session=session, only_running=True)
    with Session(engine) as session:
        found = {r.id: (r.status, r.finish_reason) for r in session.exec(select(CrawlRun))}
    assert found[open_id] == ("failed", "crashed")
    assert found[stopped_id] == ("failed", "shutdown")  # it was not ours to stop


def test_a_job_that_ended_keeps_the_finish_time_its_crawl_wrote() -> None:
    now, earlier = utcnow(), utcnow() - timedelta(seconds=5)
    left = CrawlRun(source="s")
    stopped = CrawlRun(source="s", status="failed", finish_reason="shutdown", finished_at=earlier)
    runs.close_ended([left, stopped], "killed-timeout", now)
    assert (left.status, left.finish_reason, left.finished_at) == ("failed", "killed-timeout", now)
    assert (stopped.finish_reason, stopped.finished_at) == ("killed-timeout", earlier)


def test_a_stale_unfinished_run_is_not_taken_for_a_running_crawl(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        old = utcnow() - runs.RUNNING_FRESH - timedelta(minutes=1)
        session.add(CrawlRun(source="s", started_at=old))
    with Session(engine) as session:
        assert runs.running_since("s", session=session) is None
        assert runs.unfinished_sources(session=session) == {"s"}
