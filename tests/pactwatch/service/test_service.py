"""`pactwatch run` against real processes: hangs, SIGTERM, SIGKILL and restart, SIGHUP.

Each test starts the service as a user would (`python -m pactwatch run`) on the `cli`
fixture's store, with the sample news site and a server that never answers as sources.
"""

from __future__ import annotations

import json
import signal
import time
from datetime import timedelta
from typing import Any

import psutil
import pytest
import sqlalchemy as sa
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from sqlmodel import Session, col, func, select

from pactwatch.core.db import upgrade
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.models import Article, CrawlRun
from tests.databases import fresh_database_url

pytestmark = pytest.mark.slow

# The crawl's own download timeout is long, so a source that never answers hangs the crawl
# until the service's wall-clock limit kills it.
PATIENT_CRAWL = """
[crawl]
download_delay = 0
autothrottle = false
concurrency_per_domain = 8
timeout = 120
retries = 0
extract_workers = 1
"""


def _every(toml: str, every: str) -> str:
    return toml.replace('every = "30m"', f'every = "{every}"')


def _runs(engine: sa.Engine, source: str | None = None) -> list[CrawlRun]:
    with Session(engine) as session:
        query = select(CrawlRun).order_by(col(CrawlRun.id))
        if source:
            query = query.where(CrawlRun.source == source)
        return list(session.exec(query).all())


def _one(engine: sa.Engine, source: str, **where: Any) -> CrawlRun | None:
    return next(
        (r for r in _runs(engine, source) if all(getattr(r, k) == v for k, v in where.items())),
        None,
    )


def test_a_hung_source_is_killed_the_others_crawl_and_sigterm_stops_in_time(
    cli: Any, sample_site: Any, hanging_server: Any, runner: Any, engine: sa.Engine,
    wait: Any, service_toml: Any,
) -> None:  # fmt: skip
    sources = _every(sample_site.sources_toml(["sample-cq"]), "30s")
    config = cli.write_config(
        # One source per process: a hung source would hold its batch-mates to the batch's
        # limit (tests/pactwatch/service/test_batches.py covers batches).
        sources
        + hanging_server.source_toml("hang", "30s")
        # (the limit leaves the other source's process time to start and crawl on a busy
        # machine: a fresh interpreter's imports alone took 3 s in CI)
        + service_toml(crawl_timeout="15s", batch_size="1"),
        crawl=PATIENT_CRAWL,
    )
    run = runner.start(PACTWATCH_CONFIG=str(config))
    run.wait_log("scheduling: this process", 20)
    killed = wait(lambda: _one(engine, "hang", finish_reason="killed-timeout"), 45, "the kill")
    assert killed.status == "failed"
    # The limit runs from the process's start; SIGTERM, then SIGKILL after the 3 s grace.
    took = run.wait_log(r"crawl of hang stopped \(killed-timeout\) in ([\d.]+) s", 5).group(1)
    assert 15 <= float(took) < 15 + 3 + 2
    finished = _one(engine, "sample-cq", status="finished")
    assert finished is not None and finished.articles_new > 0, "the other source is unaffected"

    listed = cli.run("schedule", "--json").stdout.splitlines()
    jobs = {row["id"]: row for row in map(json.loads, listed)}
    assert set(jobs) == {
        "crawl:sample-cq", "crawl:hang", "digest", "immediate", "sender", "housekeeping",
        "sources-check",
    }  # fmt: skip
    assert all(row["next_run_time"] and row["state"] == "scheduled" for row in jobs.values())
    shown = cli.run("status").stdout
    assert "sample-cq" in shown and "killed-timeout" in shown and "finished" in shown
    report = json.loads(cli.run("status", "--json").stdout)
    last = {row["source"]: row["last_run"] for row in report["sources"]}
    assert last["hang"]["finish_reason"] == "killed-timeout"

    # SIGHUP: the hang source now every 3 s; its next crawl is in flight when SIGTERM comes.
    config.write_text(config.read_text().replace('every = "30s"', 'every = "3s"'))
    run.process.send_signal(signal.SIGHUP)
    run.wait_log(r"replaced \['crawl:sample-cq', 'crawl:hang'\]", 10)
    second = wait(lambda: _one(engine, "hang", status="running"), 20, "a second hang crawl")
    code, took = run.stop(signal.SIGTERM)
    assert code == 0, run.text()
    assert took < 10, f"stopped in {took:.1f} s"
    closed = next(r for r in _runs(engine, "hang") if r.id == second.id)
    assert (closed.status, closed.finish_reason) == ("failed", "interrupted")
    assert not [r for r in _runs(engine) if r.status == "running"]


def test_a_killed_service_restarts_without_duplicates_or_replayed_runs(
    cli: Any, sample_site: Any, hanging_server: Any, runner: Any, engine: sa.Engine,
    wait: Any, service_toml: Any, tmp_path: Any,
) -> None:  # fmt: skip
    sources = _every(sample_site.sources_toml(["sample-cq", "sample-sc"]), "30s")
    config = cli.write_config(
        sources + hanging_server.source_toml("hang", "30s") + service_toml(),
        crawl=PATIENT_CRAWL,
    )
    clean = _clean_crawl_count(cli, tmp_path, config)

    first = runner.start("first", PACTWATCH_CONFIG=str(config))
    wait(lambda: _one(engine, "hang", status="running"), 30, "a crawl in flight")
    children = psutil.Process(first.process.pid).children()
    assert children, "crawls run as processes of their own"
    first.process.send_signal(signal.SIGKILL)
    first.process.wait(5)
    # Orphaned, each crawl notices and stops by itself (5 s at most). It held its source's
    # lease itself, so while it lived no other crawl of that source could start.
    _, alive = psutil.wait_procs(children, timeout=8)
    assert not alive, f"orphaned crawls still running: {alive}"

    # The outage: the crawls were due ten times while the service was down.
    long_ago = utcnow() - timedelta(minutes=5)
    _backdate(cli.database_url, ["crawl:sample-cq", "crawl:sample-sc"], long_ago)

    restarted = time.monotonic()
    since = utcnow()
    second = runner.start("second", PACTWATCH_CONFIG=str(config))
    for source in ("sample-cq", "sample-sc"):
        wait(lambda s=source: _done_since(engine, s, since), 30, f"{source} crawled again")
    time.sleep(4)  # a replay would start as soon as the first run ended
    for source in ("sample-cq", "sample-sc"):
        started = [r for r in _runs(engine, source) if r.started_at >= since]
        assert len(started) == 1, f"{source}: {len(started)} runs after the restart, not 1"
    assert time.monotonic() - restarted < 30

    with Session(engine) as session:
        count = session.exec(select(func.count()).select_from(Article)).one()
        distinct = session.exec(select(func.count(func.distinct(Article.canonical_url)))).one()
    assert count == distinct == clean
    code, _ = second.stop(signal.SIGTERM)
    assert code == 0, second.text()
    left_open = [(r.source, r.started_at) for r in _runs(engine) if r.status == "running"]
    assert left_open == [], "the interrupted run is closed, not left running"
    assert _runs(engine, "hang")[0].status == "failed"


def _clean_crawl_count(cli: Any, tmp_path: Any, config: Any) -> int:
    """Articles one crawl of the sample sources stores in an empty store."""
    url = fresh_database_url(tmp_path, "clean")
    upgrade(url)
    clean = type(cli)(cli.workdir, url)
    clean.run("crawl", "--source", "sample-cq", "--source", "sample-sc", "--config", str(config))
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            return int(session.exec(select(func.count()).select_from(Article)).one())
    finally:
        engine.dispose()


def _backdate(database_url: str, job_ids: list[str], when: Any) -> None:
    """Set stored jobs' next run time, as if the service had been down since `when`."""
    engine = make_engine(database_url)
    store = SQLAlchemyJobStore(engine=engine)
    store.start(None, "default")
    for job_id in job_ids:
        job = store.lookup_job(job_id)
        assert job is not None, job_id
        job.next_run_time = when
        store.update_job(job)
    engine.dispose()


def _done_since(engine: sa.Engine, source: str, since: Any) -> bool:
    return any(r.started_at >= since and r.status != "running" for r in _runs(engine, source))


def test_two_services_on_one_store_schedule_once_and_take_over(
    cli: Any, sample_site: Any, runner: Any, service_toml: Any
) -> None:
    # Its one source disabled (the key goes on the last table): nothing but the scheduling.
    quiet = sample_site.sources_toml(["sample-cq"]) + "enabled = false\n"
    config = cli.write_config(quiet + service_toml())
    first = runner.start("first", PACTWATCH_CONFIG=str(config))
    holder = first.wait_log(r"scheduling: this process \((\S+)\)", 20).group(1)
    second = runner.start("second", PACTWATCH_CONFIG=str(config))
    second.wait_log(rf"standby: the scheduler lease is held by {holder}", 20)
    time.sleep(2)
    assert "scheduling: this process" not in second.text()

    # A holder that hangs (as one on another machine that dies: nobody can see its pid is
    # gone) keeps the lease until it expires; then the standby takes over.
    first.process.send_signal(signal.SIGSTOP)
    hung = time.monotonic()
    second.wait_log(r"scheduling: this process", 15)
    took = time.monotonic() - hung
    assert 2 < took < 4 + 1 + 2, f"took over after {took:.1f} s (TTL 4 s, renewals every 1 s)"
    report = json.loads(cli.run("status", "--json").stdout)
    assert report["scheduler"]["live"] and report["scheduler"]["holder"] != holder
    # Woken, the old holder finds its lease gone and stops scheduling: never two at once.
    first.process.send_signal(signal.SIGCONT)
    first.wait_log(r"stopped scheduling: the lease passed to", 10)

    # A holder killed on this machine is seen dead at once: no waiting for its lease.
    second.process.send_signal(signal.SIGKILL)
    killed = time.monotonic()
    second.process.wait(5)  # reaped, as systemd or a shell would: no zombie pid left
    first.wait_log(r"scheduling: this process(?s:.*)scheduling: this process", 10)
    assert time.monotonic() - killed < 3
    code, took = first.stop(signal.SIGINT)
    assert code == 0 and took < 10, first.text()
