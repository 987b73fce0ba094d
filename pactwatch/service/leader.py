"""One scheduler among many `pactwatch run`: whoever holds the scheduler lease schedules.

Every process renews or tries to take the lease every `scheduler_lease_renew`; the lease
lasts `scheduler_lease_ttl`, so when its holder dies another takes over within that (45 s
by default). The others stay on standby, serving the desk. A holder that cannot renew
in time stops scheduling before its lease can pass to another, so two never schedule at
once for longer than a clock skew.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import Session

from pactwatch.core.outage import Outage, unreachable
from pactwatch.service import leases
from pactwatch.service.leases import SCHEDULER
from pactwatch.service.models import SchedulerLease
from pactwatch.service.schedule import JobSpec, sync_jobs
from pipeline.clock import utcnow

log = logging.getLogger(__name__)


class Leader:
    """Takes and renews the scheduler lease in a thread; runs a scheduler while it holds it.

    `new_scheduler` builds a fresh (unstarted) scheduler for each term; `jobs` says what it
    should run; `reload`, called in this thread on `request_reload`, re-reads the config;
    `while_leading` runs after every round that renewed the lease.
    """

    def __init__(
        self,
        engine: sa.Engine,
        holder: str,
        *,
        ttl: timedelta,
        renew_every: timedelta,
        new_scheduler: Callable[[], BackgroundScheduler],
        jobs: Callable[[], list[JobSpec]],
        reload: Callable[[], bool],
        while_leading: Callable[[], object] = lambda: None,
    ) -> None:
        self.engine, self.holder = engine, holder
        self.ttl, self.renew_every = ttl, renew_every
        self._new_scheduler, self._jobs, self._reload = new_scheduler, jobs, reload
        self._while_leading = while_leading
        self.scheduler: BackgroundScheduler | None = None
        self._term = threading.Lock()  # promotion and demotion, from the loop or from `stop`
        self._stop, self._wake, self._reload_asked = (threading.Event() for _ in range(3))
        self._renewed = 0.0  # monotonic time of the last successful renewal
        self._last_round = time.monotonic()
        self._standby_for: str | None = None  # the holder we last said we stand by for
        self._thread = threading.Thread(target=self._loop, name="scheduler-lease", daemon=True)
        self._store = Outage("scheduler lease")  # the outage log lines of this process

    @property
    def leading(self) -> bool:
        return self.scheduler is not None

    def start(self) -> None:
        self._thread.start()

    def request_reload(self) -> None:
        """Re-read the config and re-sync the jobs soon (safe from a signal handler)."""
        self._reload_asked.set()
        self._wake.set()

    def halt(self) -> None:
        """Take no new term from now on (safe from a signal handler); `stop` finishes."""
        self._stop.set()
        self._wake.set()

    def stop(self, timeout: float) -> None:
        """Stop scheduling and give the lease up, so a standby takes over at once."""
        self.halt()
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._demote("stopping")
        try:
            with Session(self.engine) as session, session.begin():
                leases.release(SchedulerLease, SCHEDULER, self.holder, session=session)
        except sa.exc.SQLAlchemyError:
            log.warning("could not release the scheduler lease; it expires by itself")

    def health(self) -> tuple[str, dict[str, Any]]:
        """For /healthz: "ok" when scheduling, "standby", or "dead" when the loop stalled."""
        stalled = time.monotonic() - self._last_round > 3 * self.renew_every.total_seconds()
        if not self._thread.is_alive() or stalled:
            return "dead", {"holder": self.holder}
        if self.leading:
            return "ok", {"role": "leader", "holder": self.holder}
        return "standby", {"role": "standby", "leader": self._standby_for}

    def _loop(self) -> None:
        while not self._stop.is_set():
            self._last_round = time.monotonic()
            try:
                if self._reload_asked.is_set():
                    self._reload_asked.clear()
                    if self._reload() and self.scheduler is not None:
                        self._sync(self.scheduler)
                self._round()
                self._store.ok()
            except Exception as exc:  # the store or the scheduler failed; try again next round
                if unreachable(exc):
                    self._store.failed(exc)  # once per outage, not a traceback per round
                else:
                    log.exception("scheduler lease round failed")
                self._give_up_if_expired()
            self._wake.wait(self.renew_every.total_seconds())
            self._wake.clear()

    def _round(self) -> None:
        with Session(self.engine) as session, session.begin():
            held = leases.take(SchedulerLease, SCHEDULER, self.holder, self.ttl, session=session)
            current = None if held else leases.holding(SchedulerLease, SCHEDULER, session=session)
        if held:
            self._renewed = time.monotonic()
            if not self.leading:
                self._promote()
            self._while_leading()
        else:
            self._demote(f"the lease passed to {current.holder if current else 'nobody'}")
            if current is not None:
                self._say_standby(current.holder, current.expires_at)

    def _give_up_if_expired(self) -> None:
        # The lease may have expired while we could not renew it: another may schedule now.
        if self.leading and time.monotonic() - self._renewed >= self.ttl.total_seconds():
            self._demote("could not renew the scheduler lease in time")

    def _promote(self) -> None:
        with self._term:
            if self._stop.is_set() or self.scheduler is not None:
                return
            scheduler = self._new_scheduler()
            scheduler.start(paused=True)  # the stored jobs load; none runs before the sync
            try:
                self._sync(scheduler)
                scheduler.resume()
            except Exception:
                scheduler.shutdown(wait=False)
                raise
            self.scheduler, self._standby_for = scheduler, None
        log.info("scheduling: this process (%s) holds the scheduler lease", self.holder)

    def _sync(self, scheduler: BackgroundScheduler) -> None:
        synced = sync_jobs(scheduler, self._jobs())
        log.info(
            "jobs: %d kept, added %s, replaced %s, removed %s",
            len(synced.kept), synced.added or "none", synced.replaced or "none",
            synced.removed or "none",
        )  # fmt: skip

    def _demote(self, why: str) -> None:
        with self._term:
            scheduler, self.scheduler = self.scheduler, None
            if scheduler is None:
                return
            # Jobs in flight finish in their threads; a crawl keeps its own lease meanwhile.
            scheduler.shutdown(wait=False)
        log.log(
            logging.INFO if self._stop.is_set() else logging.WARNING, "stopped scheduling: %s", why
        )

    def _say_standby(self, holder: str, until: datetime) -> None:
        if holder == self._standby_for:
            return
        self._standby_for = holder
        left = (until - utcnow()).total_seconds()
        log.info(
            "standby: the scheduler lease is held by %s (expires in %.0f s); serving the desk",
            holder, left,
        )  # fmt: skip
