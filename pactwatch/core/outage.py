"""A store that cannot be reached: told once when it goes, once when it comes back.

PostgreSQL restarted, a failover, a network cut: every part of `pactwatch run` that touches
the store fails meanwhile, the scheduler-lease loop every `scheduler_lease_renew`, each job
at its time, /healthz at each probe. They all retry by themselves; a traceback from each
of them, every time, would bury the one fact worth reading. The lease loop, which runs in
every process, reports the outage through an `Outage`; the others log one line.
"""

from __future__ import annotations

import logging
import threading
import time

import sqlalchemy as sa

log = logging.getLogger(__name__)


def unreachable(exc: BaseException) -> bool:
    """Whether `exc` says the database could not be reached or the connection broke.

    `OperationalError` is what the drivers raise for refused connections, dropped ones,
    an administrator's shutdown and timeouts; a statement's own faults (a missing table, a
    constraint) are other classes and keep their traceback.
    """
    if isinstance(exc, sa.exc.OperationalError):
        return True
    return isinstance(exc, sa.exc.DBAPIError) and bool(exc.connection_invalidated)


def first_line(exc: BaseException) -> str:
    """The driver's message, first line only (SQLAlchemy appends the statement and a link)."""
    text = str(getattr(exc, "orig", None) or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


class Outage:
    """Tracks one outage at a time for whoever calls `failed` and `ok` (thread-safe)."""

    def __init__(self, what: str) -> None:
        self.what = what  # who noticed, for the log line
        self.since: float | None = None  # monotonic start of the outage in progress
        self._lock = threading.Lock()

    def failed(self, exc: BaseException) -> None:
        with self._lock:
            if self.since is not None:
                return
            self.since = time.monotonic()
        log.error(
            "database unavailable (%s): %s; the service keeps running and retries",
            self.what, first_line(exc), extra={"event": "database_unavailable"},
        )  # fmt: skip

    def ok(self) -> None:
        with self._lock:
            since, self.since = self.since, None
        if since is not None:
            seconds = time.monotonic() - since
            log.warning(
                "database reachable again after %.0f s (%s)", seconds, self.what,
                extra={"event": "database_reachable", "outage_seconds": round(seconds, 1)},
            )  # fmt: skip
