"""Leases in the store: a row per thing that one process at a time may do.

A lease is taken with one conditional statement in one transaction: an `INSERT … ON
CONFLICT DO NOTHING` for a free key, else an `UPDATE … WHERE` that matches only an expired
lease, our own, or one whose holder is a dead process of this machine. Either touches one
row or none, so of two processes racing (on SQLite serialised by `BEGIN IMMEDIATE`, on
PostgreSQL by the row lock the UPDATE takes and re-checks) exactly one wins.

Expiry is by the writers' clocks: machines sharing a database must keep them in step (NTP),
within a small fraction of the TTL. A holder on the same machine is checked directly: a
`pactwatch run` restarted after a crash, or a crawl after one killed by hand, need not wait
for the dead process's lease to expire.
"""

from __future__ import annotations

import functools
import hashlib
import os
import secrets
import socket
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from pactwatch.service.models import CrawlLease, SchedulerLease
from pipeline.clock import utcnow
from pipeline.models import UTCDateTime

LeaseModel = type[CrawlLease] | type[SchedulerLease]
SCHEDULER = "scheduler"  # the key of the one scheduler lease


def make_holder() -> str:
    """An id for this process: host:pid:token:machine.

    Readable (host, pid), unique (a pid is reused, a token not), and with a key of this
    kernel and pid namespace, so that a pid is only ever looked up where it means something
    (two containers may share a host name but not their processes).
    """
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}:{machine_key()}"


@functools.cache
def machine_key() -> str:
    """Short hash of host name, boot id and pid namespace (what exists of them)."""
    parts = [socket.gethostname()]
    try:
        parts.append(Path("/proc/sys/kernel/random/boot_id").read_text().strip())
        parts.append(str(os.stat("/proc/self/ns/pid").st_ino))
    except OSError:
        pass  # no /proc: the host name alone
    return hashlib.sha256("/".join(parts).encode()).hexdigest()[:8]


def holder_pid(holder: str) -> int | None:
    """The pid in a holder id made on this machine, else None."""
    parts = holder.split(":")
    if len(parts) != 4 or parts[3] != machine_key() or not parts[1].isdigit():
        return None
    return int(parts[1])


def holder_is_dead(holder: str) -> bool:
    """Whether `holder` is a process of this machine that has ended (a zombie counts alive)."""
    pid = holder_pid(holder)
    if pid is None:
        return False  # another machine's: only its expiry tells
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


@dataclass(frozen=True)
class Holding:
    """Who holds a lease, and until when."""

    key: str
    holder: str
    expires_at: datetime
    acquired_at: datetime

    def live(self, now: datetime | None = None) -> bool:
        """Unexpired, and not held by a process of this machine known to be dead."""
        return self.expires_at > (now or utcnow()) and not holder_is_dead(self.holder)


def _key(model: LeaseModel) -> Any:
    return col(CrawlLease.source) if model is CrawlLease else col(SchedulerLease.name)


def take(
    model: LeaseModel,
    key: str,
    holder: str,
    ttl: timedelta,
    *,
    session: Session,
    now: datetime | None = None,
) -> bool:
    """Take or renew the lease on `key` for `ttl`; False when another holder's is live.

    The caller commits: `with Session(engine) as s, s.begin(): take(...)`.
    """
    now = now or utcnow()
    expires = now + ttl
    values = {"holder": holder, "expires_at": expires, "acquired_at": now}
    insert = _insert(model, session).values(**{_key(model).key: key}, **values)
    if session.execute(insert.on_conflict_do_nothing()).rowcount == 1:  # type: ignore[attr-defined]
        return True
    takeable = [col(model.expires_at) <= now, col(model.holder) == holder]
    current = holding(model, key, session=session)
    if current is not None and holder_is_dead(current.holder):
        takeable.append(col(model.holder) == current.holder)  # still that dead one's
    taken = session.execute(
        sa.update(model)
        .where(_key(model) == key)
        .where(sa.or_(*takeable))
        .values(
            holder=holder,
            expires_at=expires,
            # A renewal keeps when it was first taken; a takeover starts anew.
            acquired_at=sa.case(
                (col(model.holder) == holder, col(model.acquired_at)),
                else_=sa.literal(now, type_=UTCDateTime),
            ),
        )
    )
    return bool(taken.rowcount == 1)  # type: ignore[attr-defined]


def _insert(model: LeaseModel, session: Session) -> Any:
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return insert(model)


def renew(
    model: LeaseModel,
    key: str,
    holder: str,
    ttl: timedelta,
    *,
    session: Session,
    now: datetime | None = None,
) -> bool:
    """Extend our own lease; False when it is no longer ours (taken over after expiring)."""
    now = now or utcnow()
    renewed = session.execute(
        sa.update(model)
        .where(_key(model) == key, col(model.holder) == holder)
        .values(expires_at=now + ttl)
    )
    return bool(renewed.rowcount == 1)  # type: ignore[attr-defined]


def release(model: LeaseModel, key: str, holder: str, *, session: Session) -> bool:
    """Give our lease up at once, so the next holder need not wait for it to expire."""
    released = session.execute(
        sa.delete(model).where(_key(model) == key, col(model.holder) == holder)
    )
    return bool(released.rowcount == 1)  # type: ignore[attr-defined]


def release_dead(model: LeaseModel, key: str, pid: int, *, session: Session) -> bool:
    """Drop the lease of `key` if process `pid` of this machine (now ended) holds it."""
    current = holding(model, key, session=session)
    if current is None or holder_pid(current.holder) != pid:
        return False
    return release(model, key, current.holder, session=session)


def holding(model: LeaseModel, key: str, *, session: Session) -> Holding | None:
    """The current row of `key`, live or expired."""
    row = session.get(model, key)
    return None if row is None else _holding(row)


def holdings(model: LeaseModel, *, session: Session) -> list[Holding]:
    """Every row of the table, by key."""
    return [_holding(row) for row in session.exec(select(model).order_by(_key(model)))]


def _holding(row: object) -> Holding:
    if isinstance(row, CrawlLease):
        return Holding(row.source, row.holder, row.expires_at, row.acquired_at)
    assert isinstance(row, SchedulerLease)
    return Holding(row.name, row.holder, row.expires_at, row.acquired_at)
