"""The jobs the config asks for, and their sync with the job store in the database."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler

from pactwatch.core.config import ConfigError, parse_config
from pactwatch.service.schedule import desired_jobs, make_scheduler, short, stored_jobs, sync_jobs
from pipeline.clock import utcnow
from pipeline.db import make_engine

TZ = ZoneInfo("Asia/Shanghai")


def _source(name: str, every: str, private: bool = True, enabled: bool = True) -> str:
    return (
        f'[[sources]]\nname = "{name}"\nfeeds = ["http://127.0.0.1:9/{name}.xml"]\n'
        f'every = "{every}"\nallow_private_addresses = {str(private).lower()}\n'
        f"enabled = {str(enabled).lower()}\n"
    )


@pytest.fixture
def scheduler(engine: sa.Engine) -> Iterator[BackgroundScheduler]:
    scheduler = make_scheduler(
        make_engine(engine.url.render_as_string(hide_password=False)), TZ, max_crawls=2
    )
    scheduler.start(paused=True)  # the store loads, nothing runs
    yield scheduler
    scheduler.shutdown(wait=False)


def test_a_crawl_per_enabled_source_and_the_service_jobs() -> None:
    config = parse_config(
        _source("a", "10s") + _source("b", "2h", private=False) + _source("c", "1h", enabled=False)
    )
    now = utcnow()
    jobs = {spec.id: spec for spec in desired_jobs(config, TZ, now)}
    assert list(jobs) == [
        "crawl:a", "crawl:b", "digest", "immediate", "sender", "housekeeping", "sources-check",
    ]  # fmt: skip
    assert "day_of_week='sun', hour='3', minute='30'" in str(jobs["sources-check"].trigger)
    first_a = jobs["crawl:a"].trigger.get_next_fire_time(None, now)
    # The first crawl of a new source: within its stagger window (1 s) plus jitter (1 s).
    assert first_a is not None and timedelta(0) <= first_a - now <= timedelta(seconds=2)
    # Sources of one interval start apart and drift apart (jitter: a tenth, at most 5 min).
    assert jobs["crawl:b"].trigger.jitter == 300  # type: ignore[attr-defined]
    assert jobs["crawl:b"].misfire_grace_time == 7200, "a coalesced missed crawl still runs"
    assert jobs["crawl:a"].executor == "crawls"
    assert str(jobs["digest"].trigger) == "cron[minute='0,15,30,45']"


def test_short_intervals_only_for_private_hosts() -> None:
    with pytest.raises(ConfigError, match=r"shorter than one minute.*allow_private_addresses"):
        parse_config(_source("a", "30s", private=False))
    assert short(timedelta(hours=1, minutes=30)) == "1h30m"


def test_sync_keeps_unchanged_jobs_and_their_next_run(scheduler: BackgroundScheduler) -> None:
    engine = scheduler._lookup_jobstore("default").engine  # type: ignore[attr-defined]
    first = parse_config(_source("a", "10m") + _source("b", "10m"))
    synced = sync_jobs(scheduler, desired_jobs(first, TZ, utcnow()))
    assert synced.added[:2] == ["crawl:a", "crawl:b"] and not synced.kept
    before = {job.id: job.next_run_time for job in stored_jobs(engine)}
    # A restart much later: unchanged jobs keep the next run time they had in the store.
    later = utcnow() + timedelta(hours=3)
    again = sync_jobs(scheduler, desired_jobs(first, TZ, later))
    assert not (again.added or again.replaced or again.removed)
    assert {job.id: job.next_run_time for job in stored_jobs(engine)} == before
    # An interval changed, a source removed, one added: only those jobs change.
    changed = parse_config(_source("a", "20m") + _source("c", "10m"))
    synced = sync_jobs(scheduler, desired_jobs(changed, TZ, later))
    assert (synced.added, synced.replaced, synced.removed) == (
        ["crawl:c"],
        ["crawl:a"],
        ["crawl:b"],
    )
    jobs = {job.id: job for job in stored_jobs(engine)}
    assert "crawl:b" not in jobs
    assert jobs["crawl:a"].trigger.interval == timedelta(minutes=20)
    assert jobs["crawl:a"].next_run_time > later
    assert jobs["digest"].next_run_time == before["digest"]


def test_the_weekly_sources_check_is_configurable_and_may_be_off() -> None:
    now = utcnow()
    on = parse_config(_source("a", "10s") + '[service]\nsources_check_at = "wed 22:05"\n')
    (check,) = [s for s in desired_jobs(on, TZ, now) if s.id == "sources-check"]
    assert "day_of_week='wed', hour='22', minute='5'" in str(check.trigger)
    off = parse_config(_source("a", "10s") + '[service]\nsources_check_at = "off"\n')
    assert all(s.id != "sources-check" for s in desired_jobs(off, TZ, now))
    with pytest.raises(ConfigError, match="sources_check_at"):
        parse_config(_source("a", "10s") + '[service]\nsources_check_at = "weekly"\n')
