"""Job telemetry: counts and start lags from APScheduler's events, and on a service's /metrics."""

from __future__ import annotations

import math
import re
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from pactwatch.core.metrics import render
from pactwatch.service.crawls import CrawlLimits, Crawls, Launch
from pactwatch.service.telemetry import JobTelemetry, ObservedRuntime, kind_of, quantile

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def _run(telemetry: JobTelemetry, job_id: str, due: datetime, lag: float, code: int) -> None:
    """One run as the scheduler tells it: submitted, begun `lag` s late, ended with `code`."""
    telemetry.on_event(JobSubmissionEvent(EVENT_JOB_SUBMITTED, job_id, "default", [due]))
    telemetry.began(job_id, at=due + timedelta(seconds=lag))
    telemetry.on_event(JobExecutionEvent(code, job_id, "default", due))


def _samples(text: str) -> dict[str, float]:
    """`name{labels}` -> value of every sample line of an exposition."""
    pairs = (line.rsplit(" ", 1) for line in text.splitlines() if not line.startswith("#"))
    return {key: float(value) for key, value in pairs}


def test_lags_and_outcomes_per_kind() -> None:
    telemetry = JobTelemetry()
    for n in range(1, 101):  # lags 1..100 s, spread over two sources: one kind
        _run(telemetry, f"crawl:s{n % 2}", T0, float(n), EVENT_JOB_EXECUTED)
    _run(telemetry, "digest", T0, 0.25, EVENT_JOB_ERROR)
    telemetry.on_event(JobSubmissionEvent(EVENT_JOB_MAX_INSTANCES, "crawl:s0", "default", [T0]))
    telemetry.on_event(JobExecutionEvent(EVENT_JOB_MISSED, "crawl:s1", "default", T0))

    assert telemetry.count("crawl", "submitted") == 100
    assert telemetry.count("crawl", "executed") == 100
    assert (telemetry.count("crawl", "skipped"), telemetry.count("crawl", "missed")) == (1, 1)
    assert telemetry.count("digest", "error") == 1
    assert telemetry.crawls_started == 100
    assert telemetry.lags("digest") == [0.25]

    shown = _samples(render(telemetry.metrics()))
    assert shown['pactwatch_job_lag_seconds{kind="crawl",quantile="0.5"}'] == 50.5
    assert shown['pactwatch_job_lag_seconds{kind="crawl",quantile="0.95"}'] == pytest.approx(95.05)
    assert shown['pactwatch_job_lag_seconds_max{kind="crawl"}'] == 100
    assert shown['pactwatch_jobs_total{kind="crawl",outcome="skipped"}'] == 1
    assert shown['pactwatch_jobs_total{kind="digest",outcome="error"}'] == 1
    assert shown["pactwatch_crawls_started_total"] == 100


def test_the_window_keeps_the_latest_runs_only() -> None:
    telemetry = JobTelemetry(window=10)
    for n in range(25):
        _run(telemetry, "sender", T0, float(n), EVENT_JOB_EXECUTED)
    assert telemetry.lags("sender") == [float(n) for n in range(15, 25)]
    assert telemetry.count("sender", "executed") == 25  # counters are not windowed


def test_a_start_told_before_its_submission_still_counts() -> None:
    # The pool may begin the run before the scheduler thread dispatches "submitted".
    telemetry = JobTelemetry()
    telemetry.began("immediate", at=T0 + timedelta(seconds=2))
    telemetry.on_event(JobSubmissionEvent(EVENT_JOB_SUBMITTED, "immediate", "default", [T0]))
    telemetry.on_event(JobExecutionEvent(EVENT_JOB_EXECUTED, "immediate", "default", T0))
    assert telemetry.lags("immediate") == [2.0]


def test_helpers() -> None:
    assert (kind_of("crawl:cqrb"), kind_of("housekeeping")) == ("crawl", "housekeeping")
    assert math.isnan(quantile([], 0.5))
    assert quantile([3.0], 0.95) == 3.0
    assert quantile([1.0, 2.0], 0.5) == 1.5


def test_a_real_scheduler_counts_the_queue_wait_as_lag(tmp_path: Any) -> None:
    """Two crawls due at once on a pool of one: the second waits for the first, and says so."""
    engine = sa.create_engine("sqlite://")
    crawls = Crawls(engine, launch=Launch(None, tmp_path, tmp_path), limits=_limits())
    runtime = ObservedRuntime(None, None, engine, crawls)  # type: ignore[arg-type]
    done = threading.Semaphore(0)

    def crawl(name: str) -> None:  # as `jobs._run` does: the run enters `runtime.job` first
        with runtime.job(f"crawl:{name}"):
            time.sleep(0.4)
        done.release()

    scheduler = BackgroundScheduler(executors={"default": ThreadPoolExecutor(1)}, timezone=UTC)
    runtime.telemetry.watch(scheduler)
    due = datetime.now(UTC) + timedelta(seconds=0.2)
    for name in ("a", "b"):
        scheduler.add_job(
            crawl, "date", run_date=due, args=[name], id=f"crawl:{name}", misfire_grace_time=30
        )
    scheduler.start()
    try:
        assert done.acquire(timeout=10) and done.acquire(timeout=10)
        time.sleep(0.1)  # the second EXECUTED event follows its run's end
    finally:
        scheduler.shutdown()
        engine.dispose()
    lags = sorted(runtime.telemetry.lags("crawl"))
    assert len(lags) == 2 and lags[1] - lags[0] >= 0.35, lags  # the first run's 0.4 s
    assert runtime.telemetry.crawls_started == 2
    assert runtime.telemetry.count("crawl", "executed") == 2


def _limits() -> CrawlLimits:
    return CrawlLimits(timedelta(seconds=5), 0, 0, timedelta(seconds=1))


@pytest.mark.slow
def test_a_running_service_shows_its_jobs_on_metrics(
    cli: Any, sample_site: Any, runner: Any, service_toml: Any, wait: Any
) -> None:
    quiet = sample_site.sources_toml(["sample-cq"]) + "enabled = false\n"
    config = cli.write_config(quiet + service_toml())  # ticks every 2 s
    run = runner.start(PACTWATCH_CONFIG=str(config))
    run.wait_log("scheduling: this process", 20)
    executed = re.compile(r'pactwatch_jobs_total\{kind="sender",outcome="executed"\} [1-9]')

    def scraped() -> str | None:
        text = httpx.get(f"http://127.0.0.1:{run.port}/metrics", timeout=5).text
        return text if executed.search(text) else None

    text = wait(scraped, 20, "the sender job's runs on /metrics")
    shown = _samples(text)
    assert shown['pactwatch_job_lag_seconds{kind="sender",quantile="0.95"}'] < 5
    assert shown["pactwatch_crawls_started_total"] == 0
    assert "pactwatch_digests" in text  # the store's figures are still there
    code, _ = run.stop()
    assert code == 0, run.text()
