"""Crawls as processes, a batch of sources at a time under their leases, bounded and recorded.

Each crawl is `python -m pactwatch crawl --source A --source B …` (Scrapy's reactor cannot
restart in one process). Sources due together share one process, one reactor (each its own
crawler, statistics and run row): its start-up, ~1.5 s of CPU, is paid once per batch
rather than once per source. A batch gathers the sources that come due within
`batch_window` or while every process slot is busy, up to `batch_size`. The crawl process
holds each source's `crawl_lease` itself for as long as it runs (`pactwatch.service.held`),
so two crawls of a source never overlap, on one machine or several, however they were
started; and a lease is never held by a supervisor whose child outlived it. The supervisor
kills the child at its wall-clock limit or memory bound (the batch's: one process), or when
the service stops, and records so in each source's run.

`Crawls.run` blocks (the scheduler's jobs) until the batch it joined ends; `Crawls.start`
starts a batch of one at once and supervises it in a thread (the desk's "crawl now").
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from pactwatch.core.config import ServiceConfig
from pactwatch.core.outage import first_line, unreachable
from pactwatch.service import leases, procs
from pactwatch.service.models import CrawlLease
from pactwatch.service.runs import describe, runs_since
from pactwatch.tasks.crawl_now import Started
from pipeline.clock import utcnow
from pipeline.runs import CRASHED, INTERRUPTED, close_runs

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # how soon an exit, a stop or a limit is noticed
MEMORY_EVERY = 2.0  # seconds between two reads of /proc (a few ms each)

# Reasons the supervisor records as a run's finish_reason when it ended the crawl.
KILLED_TIMEOUT = "killed-timeout"
KILLED_MEMORY = "killed-memory"
# and pipeline.runs.INTERRUPTED (the service stopped), CRASHED (exited, leaving its run open)
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

    def command(self, sources: Sequence[str]) -> list[str]:
        """This Python, this package; `--supervisor` makes the child stop if we die."""
        return procs.crawl_command(sources, self.config_path, supervisor=os.getpid())

    def log_path(self, sources: Sequence[str]) -> Path:
        """One file per source (the latest crawl's); a batch's is named after its first."""
        name = sources[0] if len(sources) == 1 else f"batch-{sources[0]}"
        return self.workdir / self.log_dir / f"{name}.log"


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
    sources: tuple[str, ...]
    process: subprocess.Popen[bytes]
    launched_at: datetime
    started: float  # monotonic
    log: Path

    @property
    def label(self) -> str:
        return ", ".join(self.sources)


@dataclass
class Batch:
    """Sources waiting to be crawled together; the first to join starts the process (or,
    with Scrapyd, dispatches the jobs)."""

    sources: list[str] = field(default_factory=list)
    full: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    results: dict[str, Outcome | Busy] = field(default_factory=dict)
    error: BaseException | None = None  # why the batch failed (the store unreachable …)


class Crawls:
    """The crawl processes one service (or desk) supervises; a source in one at a time.

    At most `processes` run at once (None: unbounded), each crawling up to `batch_size`
    sources. `stop_event`, when set, stops every child (SIGTERM, then SIGKILL after
    `limits.kill_grace`) and starts no more.
    """

    def __init__(
        self,
        engine: sa.Engine,
        *,
        launch: Launch,
        limits: CrawlLimits,
        stop_event: threading.Event | None = None,
        batch_size: int = 1,
        batch_window: float = 0.0,
        processes: int | None = None,
    ) -> None:
        self.engine = engine
        self.launch = launch
        self.limits = limits
        self.stop_event = stop_event or threading.Event()
        self.batch_size = batch_size
        self.batch_window = batch_window
        self._slots = threading.BoundedSemaphore(processes) if processes else None
        self._lock = threading.Lock()
        self._children: dict[str, _Child] = {}
        self._threads: set[threading.Thread] = set()
        self._pending: Batch | None = None
        self.on_spawn: Callable[[str], None] | None = None  # told each source's process start

    def active(self) -> set[str]:
        """Sources with a crawl process of ours running."""
        with self._lock:
            return set(self._children)

    def run(self, source: str) -> Outcome | Busy:
        """Crawl `source` in the next batch unless its lease is held elsewhere; block till done."""
        joined = self._join(source)
        if isinstance(joined, Busy):
            return joined
        batch, leader = joined
        if leader:
            self._lead(batch)
        batch.done.wait()
        result = batch.results.get(source)
        if result is None:  # each member's job reports the batch's failure as its own
            raise batch.error or RuntimeError(f"the crawl batch of {source} did not start")
        return result

    def start(self, source: str) -> Started | Busy:
        """A batch of one, started now, supervised in a thread of its own."""
        with self._lock:
            busy = self._busy(source)
            if busy is not None:
                return busy
            child = self._spawn((source,))
        thread = threading.Thread(
            target=self._supervise, args=(child,), name=f"crawl-{source}", daemon=True
        )
        with self._lock:
            self._threads.add(thread)
        thread.start()
        return Started(source, child.process.pid, child.log)

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

    def _busy(self, source: str) -> Busy | None:
        """Why `source` cannot be crawled now, if it cannot; call with the lock held."""
        if self.stop_event.is_set():
            return Busy(source, None, None)
        if source in self._children or (self._pending and source in self._pending.sources):
            return Busy(source, None, None)
        # Not taken here: the child takes it. Checked first only to spare crawling a source
        # that the child would find held; a race between the two ends in BUSY_EXIT.
        return self._held_elsewhere(source)

    def _join(self, source: str) -> tuple[Batch, bool] | Busy:
        """The open batch `source` joins, and whether it is the first (who starts it)."""
        with self._lock:
            busy = self._busy(source)
            if busy is not None:
                return busy
            batch = self._pending
            if batch is None:
                batch = self._pending = Batch()
            batch.sources.append(source)
            if len(batch.sources) >= self.batch_size:
                batch.full.set()
                self._pending = None  # closed: the next source opens another
            return batch, len(batch.sources) == 1

    def _lead(self, batch: Batch) -> None:
        """Gather the batch (its window, a free process slot), then crawl it and record it."""
        try:
            batch.full.wait(self.batch_window)
            slot = self._take_slot()
            try:
                child = self._launch_batch(batch)
                if child is not None:
                    batch.results.update(self._supervise(child))
            finally:
                if slot and self._slots is not None:
                    self._slots.release()
        except BaseException as exc:
            batch.error = exc
            raise
        finally:
            batch.done.set()

    def _take_slot(self) -> bool:
        """Wait for a process slot (sources keep joining the batch meanwhile); False: stopping."""
        if self._slots is None:
            return False
        while not self._slots.acquire(timeout=POLL_SECONDS):
            if self.stop_event.is_set():
                return False
        return True

    def _launch_batch(self, batch: Batch) -> _Child | None:
        with self._lock:
            if self._pending is batch:
                self._pending = None
            if self.stop_event.is_set():
                batch.results.update((s, Busy(s, None, None)) for s in batch.sources)
                return None
            return self._spawn(tuple(batch.sources))

    def _held_elsewhere(self, source: str) -> Busy | None:
        with Session(self.engine.execution_options(sqlite_begin="DEFERRED")) as session:
            held = leases.holding(CrawlLease, source, session=session)
        return Busy.held(source, held) if held and held.live() else None

    def _spawn(self, sources: tuple[str, ...]) -> _Child:
        """Start the process of `sources`; call with the lock held."""
        launched_at = utcnow()  # before the child's run rows: the same clock, this machine
        output = self.launch.log_path(sources)
        process = procs.launch(
            self.launch.command(sources), workdir=self.launch.workdir, output=output
        )
        child = _Child(sources, process, launched_at, time.monotonic(), output)
        if len(sources) > 1:
            _link_logs(output, [self.launch.log_path((s,)) for s in sources])
        if not procs.limit_address_space(process.pid, self.limits.address_space_mb):
            log.warning("crawl of %s runs without an address-space limit", child.label)
        log.info("crawl of %s started (pid %d, output in %s)", child.label, process.pid, output)
        for source in sources:
            self._children[source] = child
            if self.on_spawn is not None:
                self.on_spawn(source)
        return child

    def _supervise(self, child: _Child) -> dict[str, Outcome | Busy]:
        try:
            reason = self._watch(child)
            if reason is not None:
                procs.stop(child.process, self.limits.kill_grace.total_seconds())
            returncode = child.process.wait()
            seconds = time.monotonic() - child.started
            return {
                source: self._record(child, source, reason, returncode, seconds)
                for source in child.sources
            }
        finally:
            if child.process.poll() is None:  # supervision failed: never leave it unwatched
                procs.stop(child.process, self.limits.kill_grace.total_seconds())
            with self._lock:
                for source in child.sources:
                    self._children.pop(source, None)
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
                log.warning("crawl of %s passed its limit of %s", child.label, limits.timeout)
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
            child.label, used // procs.MB, self.limits.memory_mb,
        )  # fmt: skip
        return True

    def _record(
        self, child: _Child, source: str, reason: str | None, returncode: int, seconds: float
    ) -> Outcome | Busy:
        """Close what the supervisor ended of `source`'s run; how its crawl ended."""
        if returncode == BUSY_EXIT and reason is None:
            log.info("crawl of %s skipped: its lease is held elsewhere", source)
            return self._held_elsewhere(source) or Busy(source, None, None)
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            if reason is not None:
                close_runs(source, child.launched_at, reason, session=session)
            elif returncode != 0:  # died by itself: only a run it left open is ours to close
                close_runs(source, child.launched_at, CRASHED, session=session, only_running=True)
            runs = runs_since(source, child.launched_at, session=session)
        if not runs and reason is None:  # a batch-mate's lease was held elsewhere
            held = self._held_elsewhere(source)
            if held is not None:
                return held
        done = "; ".join(describe(run) for run in runs) or "no run recorded"
        verb = "finished" if reason is None else f"stopped ({reason})"
        level = logging.INFO if reason is None and returncode == 0 else logging.WARNING
        log.log(
            level, "crawl of %s %s in %.1f s, exit %d: %s",
            source, verb, seconds, returncode, done,
        )  # fmt: skip
        return Outcome(source, child.process.pid, returncode, reason, seconds)

    def _release(self, child: _Child) -> None:
        """Drop the leases of a child that is gone, for machines that cannot see it is."""
        try:
            with Session(self.engine) as session, session.begin():
                for source in child.sources:
                    leases.release_dead(CrawlLease, source, child.process.pid, session=session)
        except sa.exc.SQLAlchemyError as exc:  # they expire by themselves
            log.warning(
                "could not release the crawl leases of %s: %s", child.label, first_line(exc),
                exc_info=not unreachable(exc),
            )  # fmt: skip


def _link_logs(batch_log: Path, source_logs: list[Path]) -> None:
    """Each source's log file names its batch's: where the desk and operators look."""
    for path in source_logs:
        try:
            path.unlink(missing_ok=True)
            path.symlink_to(batch_log.name)
        except OSError as exc:  # a log link is a convenience; the crawl goes on
            log.warning("could not link %s to %s: %s", path, batch_log, exc)
