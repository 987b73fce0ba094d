"""Crawls dispatched to a pool of Scrapyd nodes (`[crawl] executor = "scrapyd"`).

Instead of a local `pactwatch crawl` process, a crawl becomes a job on the least busy node
(pending + running, from `daemonstatus.json`); a node that does not answer is skipped
with a warning and the next is tried. Sources due together (`[service] batch_size`,
`batch_window`) are split over the nodes, one job per node crawling its share in one
Scrapy process (`-a sources=a,b,c`), so a node pays its start-up once per batch.

Every node runs the deployed project (`pactwatch.scrapyd_project`) against the same
store, and each crawl holds its source's lease and writes its own run, as a local crawl
does: the lease keeps two crawls of a source apart whichever executor started them, and
the store's dedup and upserts keep it consistent under writers on many machines.

`ScrapydCrawls.run` answers in the vocabulary of `Crawls.run` (`Outcome` or `Busy`) and is
bounded by the same `[service]` limits: past `crawl_timeout` the job is cancelled and its
run recorded `killed-timeout`; a service stopping cancels it (`interrupted`); a node's
Scrapy closing on its memory bound is recorded `killed-memory`. A job its node forgot
(restarted) or that stays out of reach longer than a lease TTL, with no crawl holding the
source's lease meanwhile, is recorded `lost`; one that ended without writing a run
(config or store missing on the node) `crashed`.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from pactwatch.core.config import CrawlConfig, ServiceConfig
from pactwatch.service import leases
from pactwatch.service.crawls import (
    KILLED_MEMORY,
    KILLED_TIMEOUT,
    Batch,
    Busy,
    CrawlLimits,
    Outcome,
)
from pactwatch.service.models import CrawlLease
from pactwatch.service.runs import describe
from pactwatch.service.scrapyd_api import LEASE_HELD, Node, NodeError
from pipeline.clock import utcnow
from pipeline.models import CrawlRun
from pipeline.runs import CRASHED, INTERRUPTED, close_ended, record_failed

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5  # a status.json is a few ms; a crawl's end is noticed this soon
LOST = "lost"  # the node forgot the job, or stayed out of reach with no crawl running
UNREACHABLE = "unreachable"  # no node took the job
# A node's Scrapy close reasons that mean one of our limits (Settings passed below).
NODE_REASONS = {"closespider_timeout": KILLED_TIMEOUT, "memusage_exceeded": KILLED_MEMORY}


@dataclass
class Job:
    """One crawl handed to a node: one source, or a batch of them in one Scrapy process."""

    sources: list[str]
    node: Node
    id: str
    after_run: dict[str, int]  # each source's newest run id before: the node's are newer
    started: float = field(default_factory=time.monotonic)
    pid: int = 0  # on the node, once seen running
    out_of_reach: bool = False  # the last status call failed (said once, not every poll)

    def args(self) -> dict[str, str]:
        """Spider arguments: `source` alone (as nodes with older eggs take it), else `sources`."""
        if len(self.sources) == 1:
            return {"source": self.sources[0]}
        return {"sources": ",".join(self.sources)}


class ScrapydCrawls:
    """Crawls of this service run as Scrapyd jobs, a batch of due sources at a time.

    Sources that come due within `batch_window` (up to `batch_size`) form a batch, split
    over the nodes that answer: one job per node, so start-up is paid once per node and
    batch while every node still works. `configure` takes the node list, project, limits
    and batching (again on SIGHUP); `stop_event`, shared with the local `Crawls`, cancels
    every job in flight and starts no more.
    """

    def __init__(self, engine: sa.Engine, *, stop_event: threading.Event) -> None:
        self.engine = engine
        self.stop_event = stop_event
        self.nodes: list[Node] = []
        self.project = "pactwatch"
        self.limits: CrawlLimits | None = None
        self.lease_ttl = timedelta(minutes=2)
        self.batch_size = 1
        self.batch_window = 0.0
        self._lock = threading.Lock()  # guards `_jobs` and `_pending`
        self._jobs: dict[str, Job] = {}
        self._pending: Batch | None = None  # the batch sources due now join
        # One dispatch at a time: the node chosen for the next job sees this one in its load.
        self._dispatching = threading.Lock()
        self._sent: Counter[str] = Counter()  # jobs sent per node: spreads ties

    def configure(self, crawl: CrawlConfig, service: ServiceConfig) -> None:
        """Nodes and project from `[crawl]`, limits, lease TTL and batching from `[service]`."""
        self.nodes = [Node.parse(url) for url in crawl.scrapyd_urls]
        self.project = crawl.scrapyd_project
        self.limits = CrawlLimits.of(service)
        self.lease_ttl = service.crawl_lease_ttl
        self.batch_size = service.batch_size
        self.batch_window = service.batch_window.total_seconds()

    def active(self) -> set[str]:
        """Sources with a job of ours in flight, or waiting in a batch for one."""
        with self._lock:
            pending = self._pending.sources if self._pending else []
            return set(self._jobs) | set(pending)

    def run(self, source: str) -> Outcome | Busy:
        """Crawl `source` in the next batch unless its lease is held; block until it ends."""
        if self.stop_event.is_set():
            return Busy(source, None, None)
        with self._lock:
            pending = self._pending.sources if self._pending else []
            if source in self._jobs or source in pending:
                return Busy(source, None, None)
            batch = self._pending = self._pending or Batch()
            batch.sources.append(source)
            leader = len(batch.sources) == 1
            if len(batch.sources) >= self.batch_size:
                batch.full.set()
                self._pending = None
        if leader:
            self._lead(batch)
        batch.done.wait()
        return batch.results.get(source) or Outcome(source, 0, 1, CRASHED, 0.0)

    def _lead(self, batch: Batch) -> None:
        """Gather the batch for its window, then dispatch it and watch its jobs to the end."""
        try:
            if self.batch_size > 1:
                batch.full.wait(self.batch_window)
            with self._lock:
                if self._pending is batch:
                    self._pending = None
            if self.stop_event.is_set():
                batch.results.update({s: Busy(s, None, None) for s in batch.sources})
                return
            jobs = self._dispatch(batch)
            watchers = [
                threading.Thread(target=self._see_through, args=(job, batch), daemon=True)
                for job in jobs
            ]
            for thread in watchers:
                thread.start()
            for thread in watchers:
                thread.join()
        finally:
            batch.done.set()

    def _dispatch(self, batch: Batch) -> list[Job]:
        """The batch's jobs, one per answering node; leased or refused sources answered."""
        with self._dispatching:
            todo: list[str] = []
            for source in batch.sources:
                held = self._held_elsewhere(source)
                if held is not None:
                    batch.results[source] = held
                else:
                    todo.append(source)
            jobs: list[Job] = []
            for chunk in _split(todo, len(self.nodes)):
                job = self._schedule(chunk)
                if job is None:
                    batch.results.update({s: self._unreachable(s) for s in chunk})
                    continue
                with self._lock:
                    self._jobs.update(dict.fromkeys(chunk, job))
                log.info("crawl of %s queued on %s (job %s)", ", ".join(chunk), job.node, job.id)
                jobs.append(job)
            return jobs

    def _see_through(self, job: Job, batch: Batch) -> None:
        try:
            reason = self._watch(job)
            batch.results.update({s: self._finish(job, s, reason) for s in job.sources})
        finally:
            with self._lock:
                for source in job.sources:
                    self._jobs.pop(source, None)

    def _held_elsewhere(self, source: str) -> Busy | None:
        with Session(self.engine.execution_options(sqlite_begin="DEFERRED")) as session:
            held = leases.holding(CrawlLease, source, session=session)
        return Busy.held(source, held) if held and held.live() else None

    def _schedule(self, sources: list[str]) -> Job | None:
        """Queue the crawl on the least loaded node that answers; None if none does."""
        after = {source: self._newest_run(source) for source in sources}
        for node in self._by_load():
            job = Job(sources, node, uuid.uuid4().hex, after)
            try:
                job.id = node.schedule(
                    self.project, args=job.args(), settings=self._settings(), jobid=job.id
                )
            except NodeError as exc:
                log.warning(
                    "scrapyd node %s refused the crawl of %s: %s", node, ", ".join(sources), exc
                )
                continue
            self._sent[node.url] += 1
            return job
        return None

    def _by_load(self) -> list[Node]:
        loads: list[tuple[int, int, int, Node]] = []
        for index, node in enumerate(self.nodes):
            try:
                loads.append((node.load(), self._sent[node.url], index, node))
            except NodeError as exc:
                log.warning("scrapyd node %s is unreachable, skipped: %s", node, exc)
        return [node for *_, node in sorted(loads, key=lambda entry: entry[:3])]

    def _settings(self) -> dict[str, str]:
        """The `[service]` bounds, as the node's Scrapy enforces them itself."""
        limits = self.limits
        if limits is None:
            return {}
        settings = {"CLOSESPIDER_TIMEOUT": str(int(limits.timeout.total_seconds()))}
        if limits.memory_mb:
            settings["MEMUSAGE_LIMIT_MB"] = str(limits.memory_mb)
        return settings

    def _newest_run(self, source: str) -> int:
        with Session(self.engine.execution_options(sqlite_begin="DEFERRED")) as session:
            newest = session.exec(
                select(func.max(CrawlRun.id)).where(col(CrawlRun.source) == source)
            ).one()
        return int(newest or 0)

    def _watch(self, job: Job) -> str | None:
        """Poll the job until it finishes; the reason we ended it, or it was lost."""
        deadline = job.started + self._timeout() + self._grace()  # the node's own, then ours
        out_of_sight: float | None = None
        while not self.stop_event.wait(POLL_SECONDS):
            now = time.monotonic()
            if now >= deadline:
                log.warning("crawl of %s on %s passed its time limit", _names(job), job.node)
                return self._cancel(job, KILLED_TIMEOUT)
            state = self._state(job)
            if state == "finished":
                return None
            if state is not None or any(self._held_elsewhere(s) for s in job.sources):
                out_of_sight = None  # queued, running, or a crawl holds the lease
            elif out_of_sight is None:
                out_of_sight = now
            elif now - out_of_sight > self.lease_ttl.total_seconds():
                log.warning("crawl of %s on %s: job %s lost", _names(job), job.node, job.id)
                return LOST
        return self._cancel(job, INTERRUPTED)

    def _state(self, job: Job) -> str | None:
        try:
            state = job.node.state(self.project, job.id)
            if state == "running" and not job.pid:
                job.pid = job.node.pid(self.project, job.id) or 0
        except NodeError as exc:
            if not job.out_of_reach:
                log.warning("scrapyd node %s: no status of job %s: %s", job.node, job.id, exc)
            job.out_of_reach = True
            return None
        if job.out_of_reach:
            log.info("scrapyd node %s answers again: job %s is %s", job.node, job.id, state)
        job.out_of_reach = False
        return state

    def _cancel(self, job: Job, reason: str) -> str:
        """SIGINT (Scrapy stops gracefully), SIGKILL after `kill_grace`; `reason` back.

        After SIGKILL only a second is waited for: the service's stop budget is 10 s.
        """
        for signal, wait in (("INT", self._grace()), ("KILL", 1.0)):
            try:
                if job.node.cancel(self.project, job.id, signal) in (None, "pending"):
                    return reason  # never started, or gone meanwhile
            except NodeError as exc:
                log.warning("scrapyd node %s: cannot cancel job %s: %s", job.node, job.id, exc)
                return reason
            until = time.monotonic() + wait
            while time.monotonic() < until:
                if self._state(job) in ("finished", None):
                    return reason
                time.sleep(POLL_SECONDS / 5)
        return reason

    def _timeout(self) -> float:
        return self.limits.timeout.total_seconds() if self.limits else 30 * 60.0

    def _grace(self) -> float:
        return self.limits.kill_grace.total_seconds() if self.limits else 6.0

    def _finish(self, job: Job, source: str, reason: str | None) -> Outcome | Busy:
        """Record how `source`'s crawl in the job ended; `Busy` when the node found its
        lease held."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            runs = _runs_after(source, job.after_run[source], session=session)
            _close(runs, reason)
            session.add_all(runs)
        if not runs and reason is None and (busy := self._busy(job, source)) is not None:
            log.info("crawl of %s skipped on %s: its lease is held elsewhere", source, job.node)
            return busy
        if not runs and reason != INTERRUPTED:  # a job that never ran, when cancelled
            runs = [self._record_failed(source, reason or CRASHED)]
        ok = reason is None and bool(runs) and all(run.status == "finished" for run in runs)
        seconds = time.monotonic() - job.started
        self._log(job, source, reason, ok, seconds, runs)
        return Outcome(source, job.pid, 0 if ok else 1, reason, seconds)

    def _busy(self, job: Job, source: str) -> Busy | None:
        """A run-less crawl that found the lease held (its log says so); None otherwise."""
        try:
            tail = job.node.log_tail(self.project, job.id)
        except NodeError as exc:
            log.warning("scrapyd node %s: no log of job %s: %s", job.node, job.id, exc)
            tail = None
        if tail is not None and f"{LEASE_HELD}: {source} " in tail:
            return self._held_elsewhere(source) or Busy(source, None, None)
        if tail is None:  # no log kept: a live lease elsewhere is the best sign
            return self._held_elsewhere(source)
        last = next((line for line in reversed(tail.splitlines()) if line.strip()), "")
        log.warning("crawl of %s on %s wrote no run; its log ends: %s", source, job.node, last)
        return None

    def _record_failed(self, source: str, reason: str) -> CrawlRun:
        """A failed run for a crawl that wrote none, so `pactwatch status` shows it."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            return record_failed(source, reason, session=session)

    def _unreachable(self, source: str) -> Outcome:
        log.error("crawl of %s not started: no scrapyd node took it", source)
        self._record_failed(source, UNREACHABLE)
        return Outcome(source, 0, 1, UNREACHABLE, 0.0)

    def _log(
        self,
        job: Job,
        source: str,
        reason: str | None,
        ok: bool,
        seconds: float,
        runs: Sequence[CrawlRun],
    ) -> None:
        done = "; ".join(describe(run) for run in runs) or "no run recorded"
        verb = "finished" if reason is None else f"stopped ({reason})"
        log.log(
            logging.INFO if ok else logging.WARNING,
            "crawl of %s on %s (job %s) %s in %.1f s: %s",
            source, job.node, job.id, verb, seconds, done,
        )  # fmt: skip


def _split(sources: list[str], parts: int) -> list[list[str]]:
    """`sources` dealt round-robin into at most `parts` non-empty chunks."""
    parts = max(1, min(parts, len(sources)))
    return [sources[i::parts] for i in range(parts)] if sources else []


def _names(job: Job) -> str:
    return ", ".join(job.sources)


def _runs_after(source: str, after: int, *, session: Session) -> list[CrawlRun]:
    query = (
        select(CrawlRun)
        .where(col(CrawlRun.source) == source, col(CrawlRun.id) > after)
        .order_by(col(CrawlRun.id))
    )
    return list(session.exec(query).all())


def _close(runs: Sequence[CrawlRun], reason: str | None) -> None:
    """Name the node's limits as ours, then close what the ended job left (`close_ended`)."""
    for run in runs:
        run.finish_reason = NODE_REASONS.get(run.finish_reason or "", run.finish_reason)
    close_ended(runs, reason, utcnow())
