"""The scheduled jobs: module-level functions of simple arguments, run by the service.

The job store pickles a job as a reference ("pactwatch.service.jobs:crawl_source") and its
arguments, so a job cannot carry the engine or the settings. The running service `bind`s
its `Runtime` here once at start; a job finds what it works with through it. Every job
logs what it did and how long it took.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa

from pactwatch.core.config import Config
from pactwatch.core.outage import first_line, unreachable
from pactwatch.core.settings import Settings
from pactwatch.service import digests, monitor, sources_check
from pactwatch.service.crawls import Busy, CrawlLimits, Crawls
from pactwatch.service.housekeeping import sweep
from pactwatch.service.scrapyd import ScrapydCrawls
from pipeline.clock import utcnow

log = logging.getLogger(__name__)


@dataclass
class Runtime:
    """What the jobs of one running service share; `config` is replaced on SIGHUP."""

    settings: Settings
    config: Config
    engine: sa.Engine
    crawls: Crawls
    _lock: threading.Condition = field(default_factory=threading.Condition)
    _running: Counter[str] = field(default_factory=Counter)
    _scrapyd: ScrapydCrawls | None = None

    def reconfigure(self, config: Config) -> None:
        self.config = config
        self.crawls.limits = CrawlLimits.of(config.service)
        self.crawls.batch_size = config.service.batch_size
        self.crawls.batch_window = config.service.batch_window.total_seconds()

    def executor(self) -> Crawls | ScrapydCrawls:
        """Where crawls run now (`[crawl] executor`): local processes or Scrapyd nodes.

        Read per crawl, so a SIGHUP switches it; the source leases keep a crawl started
        either way from overlapping one started the other.
        """
        if self.config.crawl.executor != "scrapyd":
            return self.crawls
        with self._lock:
            if self._scrapyd is None:  # stopped with the local crawls, by the same event
                self._scrapyd = ScrapydCrawls(self.engine, stop_event=self.crawls.stop_event)
            self._scrapyd.configure(self.config.crawl, self.config.service)
            return self._scrapyd

    @contextmanager
    def job(self, name: str) -> Iterator[None]:
        """Count a job in flight, so a stopping service knows what it waits for."""
        with self._lock:
            self._running[name] += 1
        try:
            yield
        finally:
            with self._lock:
                self._running[name] -= 1
                self._running += Counter()  # drop zeros
                self._lock.notify_all()

    def wait_idle(self, timeout: float) -> list[str]:
        """Wait up to `timeout` s for jobs in flight to end; those still running."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._running and (left := deadline - time.monotonic()) > 0:
                self._lock.wait(left)
            return sorted(self._running)


_runtime: Runtime | None = None


def bind(runtime: Runtime | None) -> None:
    """Make `runtime` the one the jobs of this process use (None: unbind)."""
    global _runtime
    _runtime = runtime


def _run(name: str, work: Callable[[Runtime], str | None]) -> None:
    runtime = _runtime
    if runtime is None:  # a job fired in a process that is not the service
        log.error("job %s fired without a running service; skipped", name)
        return
    started = time.monotonic()
    with runtime.job(name):
        try:
            done = work(runtime)
        except Exception as exc:  # logged here; APScheduler would only say "raised an exception"
            if unreachable(exc):  # the lease loop tells of the outage; one line per job here
                log.warning("job %s: the store is unreachable (%s)", name, first_line(exc))
            else:
                log.exception("job %s failed after %.1f s", name, time.monotonic() - started)
            return
    seconds = time.monotonic() - started
    if done:  # quiet ticks (nothing due, nothing sent) stay out of the log
        log.info("%s (%.1f s)", done, seconds)


def crawl_source(name: str) -> None:
    """One crawl of source `name` in its own process or on a Scrapyd node, unless leased."""

    def work(runtime: Runtime) -> str | None:
        outcome = runtime.executor().run(name)
        if isinstance(outcome, Busy):
            where = f"held by {outcome.holder}" if outcome.holder else "service stopping"
            return f"crawl of {name} skipped: {where}"
        return None  # Crawls logs the start, the end and any kill

    _run(f"crawl:{name}", work)


def due_digests() -> None:
    """Daily and weekly digests due now (each subscriber at their own hour and zone)."""
    _run("digest", lambda rt: digests.due_digests(rt.engine, rt.settings, rt.config).describe())


def immediate_alerts() -> None:
    """Alerts for subscribers on "immediate": what was stored since their last one."""
    _run("immediate", lambda rt: digests.immediate(rt.engine, rt.settings, rt.config).describe())


def send_outbox() -> None:
    """Send pending mail and retry what failed earlier (confirmations included)."""
    _run("sender", lambda rt: digests.send(rt.engine, rt.settings, rt.config).describe())


def housekeeping() -> None:
    """Delete fetched bytes and crawl runs past their keeping time."""
    _run("housekeeping", lambda rt: sweep(rt.engine, rt.config.service, now=utcnow()).describe())


def check_sources() -> None:
    """Every source checked live (weekly): verdicts recorded for the desk's Sources page."""

    def work(runtime: Runtime) -> str:
        launch = runtime.crawls.launch
        log_file = launch.workdir / launch.log_dir / "sources-check.log"
        stop = runtime.crawls.stop_event
        return sources_check.run_check(
            launch.config_path, launch.workdir, log_file, stop
        ).describe()

    _run("sources-check", work)


def watch_sources() -> None:
    """Open and close source incidents; mail the operator ([service] operator_email)."""
    _run("monitor", lambda rt: monitor.check(rt.engine, rt.settings, rt.config).describe())
