"""What the scheduler did, for `/metrics`: runs, misses and start lag of each kind of job.

An APScheduler listener counts every fire by outcome: `submitted` (handed to a pool),
`skipped` (the previous run of that job still queued or running: `max_instances` is 1),
`missed` (started later than its grace), `executed`, `error`. The lag of a run is when it
really began minus when it was due. A crawl job waits in its pool's queue while
`[service] max_concurrent_crawls` crawls run, so "submitted" is not "began": the start is
told by `ObservedRuntime`, whose `job(name)` every job enters in its own thread first.
`error` counts exceptions that escape a job; `jobs._run` logs and keeps those of the work
itself (a crawl's own failures are in its run; /metrics has them as the store's figures).

Figures live in this process (a restart begins again at zero, as Prometheus counters may);
the lags kept are the last `WINDOW` runs of each kind, so memory stays bounded.
"""

from __future__ import annotations

import statistics
import threading
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_EXECUTED,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    EVENT_JOB_SUBMITTED,
    JobEvent,
    JobExecutionEvent,
)
from apscheduler.schedulers.base import BaseScheduler

from pactwatch.core.metrics import Metric
from pactwatch.service import jobs
from pactwatch.service.schedule import CRAWL_PREFIX

# 1,000 runs: 20 minutes of 50 one-minute sources, 16 hours of a job on a 60 s tick;
# 8 kB of floats per kind.
WINDOW = 1000
QUANTILES = (0.5, 0.95, 0.99)
EVENTS = (
    EVENT_JOB_SUBMITTED | EVENT_JOB_MAX_INSTANCES | EVENT_JOB_MISSED
    | EVENT_JOB_EXECUTED | EVENT_JOB_ERROR
)  # fmt: skip
OUTCOMES = {
    EVENT_JOB_SUBMITTED: "submitted",
    EVENT_JOB_MAX_INSTANCES: "skipped",
    EVENT_JOB_MISSED: "missed",
    EVENT_JOB_EXECUTED: "executed",
    EVENT_JOB_ERROR: "error",
}


def kind_of(job_id: str) -> str:
    """The kind of a job: `crawl` for every `crawl:<source>`, else the job's own id."""
    return "crawl" if job_id.startswith(CRAWL_PREFIX) else job_id


def quantile(values: list[float], q: float) -> float:
    """The `q` quantile of `values` (inclusive method: 0.5 of [1, 2] is 1.5); NaN when empty."""
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    cuts = statistics.quantiles(values, n=100, method="inclusive")
    return cuts[round(q * 100) - 1]


@dataclass
class JobTelemetry:
    """Counts and lags of the jobs of one process; thread-safe (pools and the web read it)."""

    window: int = WINDOW
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _outcomes: Counter[tuple[str, str]] = field(default_factory=Counter)
    _lags: dict[str, deque[float]] = field(default_factory=dict)
    _began: dict[str, datetime] = field(default_factory=dict)  # job id -> its run's start
    crawls_started: int = 0

    def watch(self, scheduler: BaseScheduler) -> None:
        """Listen to `scheduler` (a new one each scheduling term; the figures carry on)."""
        scheduler.add_listener(self.on_event, EVENTS)

    def began(self, job_id: str, at: datetime | None = None) -> None:
        """A run of `job_id` starts now (called in its own thread, before its work)."""
        with self._lock:
            self._began[job_id] = at or datetime.now(UTC)
            if job_id.startswith(CRAWL_PREFIX):
                self.crawls_started += 1

    def spawned(self, job_id: str, at: datetime | None = None) -> None:
        """The crawl process of `job_id` started: its real start, after waiting for a batch."""
        with self._lock:
            if job_id in self._began:
                self._began[job_id] = at or datetime.now(UTC)

    def on_event(self, event: JobEvent) -> None:
        outcome = OUTCOMES.get(event.code)
        if outcome is None:
            return
        kind = kind_of(event.job_id)
        with self._lock:
            self._outcomes[kind, outcome] += 1
            # "submitted" may be told after the run began in its pool thread: only an end
            # takes the start away.
            if outcome not in ("executed", "error", "missed"):
                return
            began = self._began.pop(event.job_id, None)
            if began is not None and isinstance(event, JobExecutionEvent):
                lag = (began - event.scheduled_run_time).total_seconds()
                self._lags.setdefault(kind, deque(maxlen=self.window)).append(max(lag, 0.0))

    def lags(self, kind: str) -> list[float]:
        with self._lock:
            return list(self._lags.get(kind, ()))

    def count(self, kind: str, outcome: str) -> int:
        with self._lock:
            return self._outcomes[kind, outcome]

    def metrics(self) -> list[Metric]:
        """The `/metrics` families (`app.state.extra_metrics`)."""
        with self._lock:
            outcomes = sorted(self._outcomes.items())
            lags = {kind: sorted(values) for kind, values in sorted(self._lags.items())}
            started = self.crawls_started
        lag_samples = [
            ({"kind": kind, "quantile": str(q)}, quantile(values, q))
            for kind, values in lags.items()
            for q in QUANTILES
        ]
        return [
            Metric("pactwatch_jobs_total", "Scheduled job fires by kind and outcome "
                   "(submitted, skipped while the last still ran, missed, executed, error).",
                   "counter", [({"kind": k, "outcome": o}, float(n)) for (k, o), n in outcomes]),
            Metric("pactwatch_job_lag_seconds", f"Start of a job run minus its due time, "
                   f"quantiles over the last {self.window} runs of each kind.",
                   samples=lag_samples),
            Metric("pactwatch_job_lag_seconds_max", f"Largest lag of the last {self.window} "
                   "runs of each kind.", samples=[({"kind": k}, v[-1]) for k, v in lags.items()]),
            Metric("pactwatch_crawls_started_total", "Scheduled crawl jobs that began to run "
                   "(each starts a crawl process unless its source's lease is held elsewhere).",
                   "counter", [({}, float(started))]),
        ]  # fmt: skip


@dataclass
class ObservedRuntime(jobs.Runtime):
    """The jobs' `Runtime`, telling `telemetry` when each run really begins.

    A job names its run after its job id (`crawl:<source>`, `digest` …): that is the key
    the listener's events carry.
    """

    telemetry: JobTelemetry = field(default_factory=JobTelemetry)

    def __post_init__(self) -> None:
        # A crawl job waits for its batch's process: its lag runs until that starts.
        self.crawls.on_spawn = lambda source: self.telemetry.spawned(CRAWL_PREFIX + source)

    @contextmanager
    def job(self, name: str) -> Iterator[None]:
        self.telemetry.began(name)
        with super().job(name):
            yield
