"""Crawls as processes, one source at a time under a lease, each bounded and recorded.

Each crawl is `python -m pactwatch crawl --source NAME` (Scrapy's reactor cannot restart
in one process). The crawl process holds the source's `crawl_lease` itself for as long as
it runs (`pactwatch.service.held`), so two crawls of a source never overlap, on one machine
or several, however they were started; and a lease is never held by a supervisor whose
child outlived it. The supervisor kills the child at its wall-clock limit or memory bound,
or when the service stops, and says so in the run.

`Crawls.run` blocks (the scheduler's jobs); `Crawls.start` returns at once and supervises
in a thread (the desk's "crawl now").
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from pactwatch.config import ServiceConfig
from pactwatch.crawl_now import Started
from pactwatch.outage import first_line, unreachable
from pactwatch.service import leases, procs
from pactwatch.service.models import CrawlLease
from pactwatch.service.runs import close_runs, describe, runs_since
from pipeline.models import utcnow

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # how soon an exit, a stop or a limit is noticed
MEMORY_EVERY = 2.0  # seconds between two reads of /proc (a few ms each)

# Reasons the supervisor records as a run's finish_reason when it ended the crawl.
KILLED_TIMEOUT = "killed-timeout"
KILLED_MEMORY = "killed-memory"
INTERRUPTED = "interrupted"  # the service stopped
CRASHED = "crashed"  # exited non-zero, leaving its run open
# How a supervised crawl says it found its source's lease held elsewhere (EX_TEMPFAIL).
BUSY_EXIT = 75


@dataclass(frozen=True)
class CrawlLimits:
    """What bounds one crawl process (from `[service]`)."""

    timeout: timedelta
    memory_mb: int  # resident, the process group; 0: unbounded
    address_space_mb: int  # RLIMIT_AS per process; 0: none
    kill_grace: timedelta

    @classmethod
    def of(cls, service: ServiceConfig) -> CrawlLimits:
        return cls(
            timeout=service.crawl_timeout,
            memory_mb=service.crawl_memory_mb,
            address_space_mb=service.crawl_address_space_mb,
            kill_grace=service.kill_grace,
        )


@dataclass(frozen=True)
class Launch:
    """How a crawl process is started: with which config file, where, output where."""

    config_path: Path | None  # None: the child finds it as the CLI does (env, cwd, bundled)
    workdir: Path
    log_dir: Path  # relative: under `workdir`; one file per source, the latest crawl's

    def command(self, source: str) -> list[str]:
        """This Python, this package; `--supervisor` makes the child stop if we die."""
        command = [sys.executable, "-m", "pactwatch", "crawl", "--source", source]
        if self.config_path is not None:
            command += ["--config", str(self.config_path.resolve())]
        return [*command, "--supervisor", str(os.getpid())]

    def log_path(self, source: str) -> Path:
        return self.workdir / self.log_dir / f"{source}.log"


@dataclass(frozen=True)
class Busy:
    """Not crawled: another process holds the source's lease, or this one is stopping."""

    source: str
    holder: str | None  # None: this process (already crawling it, or stopping)
    until: datetime | None

    @classmethod
    def held(cls, source: str, holding: leases.Holding | None) -> Busy:
        return (
            cls(source, holding.holder, holding.expires_at) if holding else cls(source, None, None)
        )


@dataclass(frozen=True)
class Outcome:
    """How a supervised crawl ended."""

    source: str
    pid: int
    returncode: int
    reason: str | None  # what the supervisor recorded, None when the crawl ended by itself
    seconds: float


@dataclass
class _Child:
    source: str
    process: subprocess.Popen[bytes]
    launched_at: datetime
    started: float  # monotonic
    log: Path


class Crawls:
    """The crawl processes one service (or desk) supervises, one per source at a time.

    `stop_event`, when set, stops every child (SIGTERM, then SIGKILL after
    `limits.kill_grace`) and starts no more.
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        launch: Launch,
        limits: CrawlLimits,
        stop_event: threading.Event | None = None,
    ) -> None:
        self.engine = engine
        self.launch = launch
        self.limits = limits
        self.stop_event = stop_event or threading.Event()
        self._lock = threading.Lock()
        self._children: dict[str, _Child] = {}
        self._threads: set[threading.Thread] = set()

    def active(self) -> set[str]:
        """Sources with a crawl process of ours running."""
        with self._lock:
            return set(self._children)

    def run(self, source: str) -> Outcome | Busy:
        """Crawl `source` now unless its lease is held elsewhere; block until it ends."""
        started = self._begin(source)
        if not isinstance(started, _Child):
            return started
        outcome = self._supervise(started)
        if outcome.returncode == BUSY_EXIT and outcome.reason is None:
            return self._held_elsewhere(source) or Busy(source, None, None)
        return outcome

    def start(self, source: str) -> Started | Busy:
        """`run` in a thread of its own: returns once the process is started."""
        started = self._begin(source)
        if not isinstance(started, _Child):
            return started
        thread = threading.Thread(
            target=self._supervise, args=(started,), name=f"crawl-{source}", daemon=True
        )
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return Started(source, started.process.pid, started.log)

    def stop(self, timeout: float) -> bool:
        """Stop every child and wait up to `timeout` s for the supervisors; True if all ended."""
        self.stop_event.set()
        deadline = time.monotonic() + timeout
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(max(deadline - time.monotonic(), 0.0))
        while self.active() and time.monotonic() < deadline:
            time.sleep(0.05)  # supervisors running in the scheduler's threads
        return not self.active()

    def _begin(self, source: str) -> _Child | Busy:
        if self.stop_event.is_set():
            return Busy(source, None, None)
        with self._lock:
            if source in self._children:
                return Busy(source, None, None)
            # Not taken here: the child takes it. Checked first only to spare starting a
            # process that would find it held; a race between the two ends in BUSY_EXIT.
            held = self._held_elsewhere(source)
            if held is not None:
                return held
            child = self._spawn(source)
            self._children[source] = child
        return child

    def _held_elsewhere(self, source: str) -> Busy | None:
        with Session(self.engine.execution_options(sqlite_begin="DEFERRED")) as session:
            held = leases.holding(CrawlLease, source, session=session)
        return Busy.held(source, held) if held and held.live() else None

    def _spawn(self, source: str) -> _Child:
        launched_at = utcnow()  # before the child's run row: the same clock, this machine
        output = self.launch.log_path(source)
        process = procs.launch(
            self.launch.command(source), workdir=self.launch.workdir, output=output
        )
        if not procs.limit_address_space(process.pid, self.limits.address_space_mb):
            log.warning("crawl of %s runs without an address-space limit", source)
        log.info("crawl of %s started (pid %d, output in %s)", source, process.pid, output)
        return _Child(source, process, launched_at, time.monotonic(), output)

    def _supervise(self, child: _Child) -> Outcome:
        try:
            reason = self._watch(child)
            if reason is not None:
                procs.stop(child.process, self.limits.kill_grace.total_seconds())
            returncode = child.process.wait()
            seconds = time.monotonic() - child.started
            self._record(child, reason, returncode, seconds)
            return Outcome(child.source, child.process.pid, returncode, reason, seconds)
        finally:
            if child.process.poll() is None:  # supervision failed: never leave it unwatched
                procs.stop(child.process, self.limits.kill_grace.total_seconds())
            with self._lock:
                self._children.pop(child.source, None)
                self._threads.discard(threading.current_thread())
            self._release(child)

    def _watch(self, child: _Child) -> str | None:
        """Wait for the child to exit; the reason to stop it, if one comes first."""
        limits = self.limits
        deadline = child.started + limits.timeout.total_seconds()
        next_memory = child.started + MEMORY_EVERY
        while procs.wait_or_timeout(child.process, POLL_SECONDS) is None:
            now = time.monotonic()
            if self.stop_event.is_set():
                return INTERRUPTED
            if now >= deadline:
                log.warning("crawl of %s passed its limit of %s", child.source, limits.timeout)
                return KILLED_TIMEOUT
            if now >= next_memory:
                next_memory = now + MEMORY_EVERY
                if self._over_memory(child):
                    return KILLED_MEMORY
        return None

    def _over_memory(self, child: _Child) -> bool:
        limit = self.limits.memory_mb * procs.MB
        used = procs.group_rss(child.process.pid) if limit else None
        if used is None or used <= limit:
            return False
        log.warning(
            "crawl of %s uses %d MB, over its bound of %d MB",
            child.source, used // procs.MB, self.limits.memory_mb,
        )  # fmt: skip
        return True

    def _record(self, child: _Child, reason: str | None, returncode: int, seconds: float) -> None:
        if returncode == BUSY_EXIT and reason is None:
            log.info("crawl of %s skipped: its lease is held elsewhere", child.source)
            return
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            if reason is not None:
                close_runs(child.source, child.launched_at, reason, session=session)
            elif returncode != 0:  # died by itself: only a run it left open is ours to close
                close_runs(
                    child.source, child.launched_at, CRASHED, session=session, only_running=True
                )
            runs = runs_since(child.source, child.launched_at, session=session)
        done = "; ".join(describe(run) for run in runs) or "no run recorded"
        verb = "finished" if reason is None else f"stopped ({reason})"
        level = logging.INFO if reason is None and returncode == 0 else logging.WARNING
        log.log(
            level, "crawl of %s %s in %.1f s, exit %d: %s",
            child.source, verb, seconds, returncode, done,
        )  # fmt: skip

    def _release(self, child: _Child) -> None:
        """Drop the lease of a child that is gone, for machines that cannot see it is."""
        try:
            with Session(self.engine) as session, session.begin():
                leases.release_dead(CrawlLease, child.source, child.process.pid, session=session)
        except sa.exc.SQLAlchemyError as exc:  # it expires by itself
            log.warning(
                "could not release the crawl lease of %s: %s", child.source, first_line(exc),
                exc_info=not unreachable(exc),
            )  # fmt: skip
