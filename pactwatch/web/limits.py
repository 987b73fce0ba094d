"""Rate limits kept in the store, so every worker (and every machine behind one proxy)
counts the same attempts, and a restart forgets nothing.

A limit is `limit` hits per key in a sliding `window` of seconds, in one bucket ("login",
"subscribe"). Each check is one short transaction; on PostgreSQL two workers racing may
each let one more through, which does not matter at these numbers.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col, delete, func, select

_KEY_CHARS = 64


class RateHit(SQLModel, table=True):
    """One counted attempt: a failed login or a confirmation request (migration 0012)."""

    __tablename__ = "rate_hit"
    __table_args__ = (sa.Index("ix_rate_hit_key", "bucket", "key", "at"),)

    id: int | None = Field(default=None, primary_key=True)
    bucket: str = Field(max_length=16)
    key: str = Field(max_length=_KEY_CHARS)  # a client address
    at: float  # wall-clock seconds: workers and hosts compare them


@dataclass(frozen=True)
class StoreLimiter:
    """At most `limit` hits per key in `window` seconds, counted in `rate_hit`."""

    engine: sa.Engine
    bucket: str
    limit: int
    window: float
    clock: Callable[[], float] = field(default=time.time)

    def hit(self, key: str) -> float | None:
        """Count one hit; None when allowed, else the seconds until the next would be."""
        return self._check(key, count=True)

    def waiting(self, key: str) -> float | None:
        """Like `hit`, without counting: whether `key` is held back now."""
        return self._check(key, count=False)

    def forget(self, key: str) -> None:
        """Start `key` afresh (a successful login clears its failed attempts)."""
        with Session(self.engine) as session, session.begin():
            session.exec(delete(RateHit).where(*self._of(key[:_KEY_CHARS])))

    def _check(self, key: str, *, count: bool) -> float | None:
        now, key = self.clock(), key[:_KEY_CHARS]
        since = now - self.window
        with Session(self.engine) as session, session.begin():
            recent = select(func.count(), func.min(RateHit.at)).where(
                *self._of(key), col(RateHit.at) > since
            )
            n, oldest = session.exec(recent).one()
            if n >= self.limit:
                return float(oldest) + self.window - now
            if count:
                # Expired hits of the bucket go as new ones come: the table stays small.
                session.exec(
                    delete(RateHit).where(
                        col(RateHit.bucket) == self.bucket, col(RateHit.at) <= since
                    )
                )
                session.add(RateHit(bucket=self.bucket, key=key, at=now))
            return None

    def _of(self, key: str) -> tuple[sa.ColumnElement[bool], ...]:
        return (col(RateHit.bucket) == self.bucket, col(RateHit.key) == key)
