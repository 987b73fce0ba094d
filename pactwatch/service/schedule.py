"""The jobs `pactwatch run` schedules, built from the config, and the APScheduler they run on.

Jobs live in the store (`SQLAlchemyJobStore`, the same database), so their next run times
survive restarts: `sync_jobs` keeps a job whose definition did not change, and a run missed
while the service was down fires once (`coalesce`), not once per missed interval.
"""

from __future__ import annotations

import logging
import threading
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger

from pactwatch.core.config import Config, ServiceConfig, Source
from pactwatch.core.outage import first_line

log = logging.getLogger(__name__)

JOBS = "pactwatch.service.jobs"  # where the job functions are; the store keeps these names
CRAWL_PREFIX = "crawl:"
# Every UTC offset in use is a whole number of quarter hours (+05:45, +08:45 …), so every
# subscriber's local hour starts at one of these minutes of the service's own clock.
DIGEST_MINUTES = "0,15,30,45"
MAX_JITTER = timedelta(minutes=5)
# Late by more than this, a run is skipped for the next one. Each job is given at least its
# own period: coalesced, a missed run is at most one period late, so after an outage every
# job runs once at start (never once per missed period, never not at all).
MISFIRE_GRACE_SECONDS = 300


@dataclass(frozen=True)
class JobSpec:
    """One job as the config wants it."""

    id: str
    func: str  # "module:function": the job store pickles the reference, not the function
    trigger: BaseTrigger
    args: tuple[str, ...] = ()
    executor: str = "default"
    misfire_grace_time: int = MISFIRE_GRACE_SECONDS
    name: str = field(default="")


def short(duration: timedelta) -> str:
    """A duration as the config writes it: '45s', '2m', '1h30m'."""
    seconds, parts = int(duration.total_seconds()), []
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60), ("s", 1)):
        if seconds >= size:
            parts.append(f"{seconds // size}{unit}")
            seconds %= size
    return "".join(parts) or "0s"


def crawl_jitter(interval: timedelta) -> timedelta:
    """Up to a tenth of the interval (at most 5 min): sources of one interval drift apart."""
    return min(interval / 10, MAX_JITTER)


def first_offset(name: str, interval: timedelta) -> timedelta:
    """Where in its first jitter window a new source starts, the same for the same name."""
    window = crawl_jitter(interval).total_seconds()
    return timedelta(seconds=window * (zlib.crc32(name.encode()) % 1000) / 1000)


def crawl_spec(source: Source, tz: ZoneInfo, now: datetime) -> JobSpec:
    interval = source.interval
    jitter = crawl_jitter(interval).total_seconds()
    trigger = IntervalTrigger(
        seconds=interval.total_seconds(),
        start_date=now + first_offset(source.name, interval),
        timezone=tz,
        jitter=max(1, round(jitter)),
    )
    return JobSpec(
        id=CRAWL_PREFIX + source.name,
        func=f"{JOBS}:crawl_source",
        trigger=trigger,
        args=(source.name,),
        executor="crawls",
        misfire_grace_time=max(int(interval.total_seconds()), MISFIRE_GRACE_SECONDS),
        name=f"crawl {source.name} every {source.every}",
    )


def service_specs(service: ServiceConfig, tz: ZoneInfo, now: datetime) -> list[JobSpec]:
    """The digest, immediate-alert, sender and housekeeping jobs, and the monitor."""
    tick = service.tick.total_seconds()
    hour, minute = (int(part) for part in service.housekeeping_at.split(":"))
    specs = [
        # Late by up to its own period, it still runs once: after an outage digests go out
        # at start, not at the next quarter hour.
        JobSpec(
            "digest", f"{JOBS}:due_digests", CronTrigger(minute=DIGEST_MINUTES, timezone=tz),
            misfire_grace_time=15 * 60, name="daily and weekly digests that are due",
        ),
        JobSpec(
            "immediate", f"{JOBS}:immediate_alerts",
            IntervalTrigger(seconds=tick, start_date=now + service.tick, timezone=tz),
            misfire_grace_time=max(int(tick), MISFIRE_GRACE_SECONDS),
            name=f"immediate alerts every {short(service.tick)}",
        ),
        # Half a tick apart from the alerts, so the two rarely hold the store at once.
        JobSpec(
            "sender", f"{JOBS}:send_outbox",
            IntervalTrigger(seconds=tick, start_date=now + service.tick * 1.5, timezone=tz),
            misfire_grace_time=max(int(tick), MISFIRE_GRACE_SECONDS),
            name=f"outbox (pending and retried mail) every {short(service.tick)}",
        ),
        JobSpec(
            "housekeeping", f"{JOBS}:housekeeping",
            CronTrigger(hour=hour, minute=minute, timezone=tz),
            misfire_grace_time=24 * 3600,
            name=f"housekeeping daily at {service.housekeeping_at}",
        ),
    ]  # fmt: skip
    if service.operator_email:  # no one to tell, no monitor: the desk shows source health
        specs.append(monitor_spec(service, tz, now))
    if service.sources_check_at != "off":
        day, at = service.sources_check_at.split()
        hour, minute = (int(part) for part in at.split(":"))
        weekly = CronTrigger(day_of_week=day, hour=hour, minute=minute, timezone=tz)
        specs.append(
            JobSpec(
                "sources-check",
                f"{JOBS}:check_sources",
                weekly,
                misfire_grace_time=7 * 24 * 3600,
                name=f"live check of every source weekly, {service.sources_check_at}",
            )
        )
    return specs


def monitor_spec(service: ServiceConfig, tz: ZoneInfo, now: datetime) -> JobSpec:
    """The operator's monitor, a quarter tick after the alerts: it reads the crawls' runs."""
    tick = service.tick.total_seconds()
    return JobSpec(
        "monitor",
        f"{JOBS}:watch_sources",
        IntervalTrigger(seconds=tick, start_date=now + service.tick * 1.25, timezone=tz),
        misfire_grace_time=max(int(tick), MISFIRE_GRACE_SECONDS),
        name=f"source monitor (mail to the operator) every {short(service.tick)}",
    )


def desired_jobs(config: Config, tz: ZoneInfo, now: datetime) -> list[JobSpec]:
    """Every job the config asks for: a crawl per enabled source, then the service's own."""
    crawls = [crawl_spec(s, tz, now) for s in config.sources if s.enabled]
    return [*crawls, *service_specs(config.service, tz, now)]


class SturdyScheduler(BackgroundScheduler):
    """APScheduler 3's background scheduler, outliving a job store that fails mid-round.

    Its `_process_jobs` guards only `get_due_jobs`: when the next `update_job` or
    `get_next_run_time` raises (the database went away between two statements), the
    exception ends the scheduler's thread for good, and with it every job, while the
    process and its lease live on. Here such a round is logged and tried again after
    `jobstore_retry_interval` (10 s), as APScheduler does when `get_due_jobs` fails.

    Nor does its loop keep a round from starting after `shutdown` from another thread (the
    lease thread, demoting): its wait ends, the shutdown closes the executors, the round
    submits a due job to them and logs a traceback. Here a shutdown waits for the round in
    progress, and no round starts during or after one.
    """

    def __init__(self, **options: Any) -> None:
        self._round = threading.Lock()
        super().__init__(**options)

    def shutdown(self, wait: bool = True) -> None:
        with self._round:
            super().shutdown(wait)

    def _process_jobs(self) -> float | None:
        # Not blocking: the lock is taken only by a shutdown, which also ends the loop that
        # called this (its join would otherwise wait on us while we wait on it).
        if not self._round.acquire(blocking=False):
            return None
        try:
            if self.state == STATE_STOPPED:
                return None
            return self._process_sturdily()
        finally:
            self._round.release()

    def _process_sturdily(self) -> float | None:
        try:
            return super()._process_jobs()
        except Exception as exc:
            log.warning(
                "scheduler: the job store failed mid-round (%s); retrying in %.0f s",
                first_line(exc), self.jobstore_retry_interval,
            )  # fmt: skip
            return float(self.jobstore_retry_interval)


def make_scheduler(engine: sa.Engine, tz: ZoneInfo, max_crawls: int) -> BackgroundScheduler:
    """A scheduler on the store's job table; crawls get their own bounded pool of threads.

    `engine` is the job store's own: it disposes of it when the scheduler shuts down.
    """
    return SturdyScheduler(
        jobstores={"default": SQLAlchemyJobStore(engine=engine)},
        executors={
            # A crawl job blocks its thread for the whole crawl; the ticks keep theirs.
            "default": ThreadPoolExecutor(4),
            "crawls": ThreadPoolExecutor(max_crawls),
        },
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
        timezone=tz,
    )


@dataclass
class Synced:
    added: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)


def sync_jobs(scheduler: BackgroundScheduler, specs: list[JobSpec]) -> Synced:
    """Make the stored jobs those of `specs`, keeping the next run time of unchanged ones."""
    synced = Synced()
    existing: dict[str, Job] = {job.id: job for job in scheduler.get_jobs()}
    for spec in specs:
        job = existing.pop(spec.id, None)
        if job is not None and same_job(job, spec):
            synced.kept.append(spec.id)
            continue
        scheduler.add_job(
            spec.func,
            trigger=spec.trigger,
            args=spec.args,
            id=spec.id,
            name=spec.name,
            executor=spec.executor,
            misfire_grace_time=spec.misfire_grace_time,
            replace_existing=True,
        )
        (synced.added if job is None else synced.replaced).append(spec.id)
    for job_id in existing:
        scheduler.remove_job(job_id)
        synced.removed.append(job_id)
    return synced


def same_job(job: Job, spec: JobSpec) -> bool:
    """Whether a stored job already is what `spec` asks for (its start date aside)."""
    return (
        job.func_ref == spec.func
        and tuple(job.args) == spec.args
        and job.executor == spec.executor
        and job.misfire_grace_time == spec.misfire_grace_time
        and job.name == spec.name
        and trigger_key(job.trigger) == trigger_key(spec.trigger)
    )


def trigger_key(trigger: BaseTrigger) -> tuple[Any, ...]:
    """What makes two triggers fire alike: kind, fields or interval, zone, jitter."""
    zone = getattr(trigger, "timezone", None)
    return (type(trigger).__name__, str(trigger), str(zone), getattr(trigger, "jitter", None))


def stored_jobs(engine: sa.Engine) -> list[Job]:
    """The jobs in the store as the running scheduler left them (for `pactwatch schedule`)."""
    store = SQLAlchemyJobStore(engine=engine)
    store.start(None, "default")  # no scheduler: only reading; the table is migration 0006's
    return list(store.get_all_jobs())
