"""Desk sessions kept in the store, so that logging out ends them everywhere.

The signed cookie carries a random session id; a request is logged in only while that id
has a row here. Logout deletes the row (a copied cookie then opens nothing), "log out
everywhere" deletes them all; every worker and `pactwatch run` reads the same table.
"""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlmodel import Field, Session, SQLModel, col

from pipeline.clock import utcnow
from pipeline.models import UTCDateTime

# As long as the cookie lives (SessionMiddleware max_age): an older row is dead weight.
LIFETIME = timedelta(hours=12)


class DeskSession(SQLModel, table=True):
    """One logged-in desk session (migration 0010)."""

    __tablename__ = "desk_session"

    id: str = Field(primary_key=True, max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


def start(*, session: Session) -> str:
    """A new session's id, stored; sessions older than their cookie are dropped on the way."""
    stale = utcnow() - LIFETIME
    session.execute(sa.delete(DeskSession).where(col(DeskSession.created_at) < stale))
    sid = secrets.token_urlsafe(32)
    session.add(DeskSession(id=sid))
    return sid


def alive(sid: object, *, session: Session) -> bool:
    if not isinstance(sid, str) or not sid:
        return False
    found = session.get(DeskSession, sid)
    return found is not None and found.created_at >= utcnow() - LIFETIME


def end(sid: object, *, session: Session) -> None:
    if isinstance(sid, str):
        session.execute(sa.delete(DeskSession).where(col(DeskSession.id) == sid))


def end_all(*, session: Session) -> int:
    """Log out every desk session; how many there were."""
    count = session.execute(sa.select(sa.func.count()).select_from(DeskSession)).scalar() or 0
    session.execute(sa.delete(DeskSession))
    return int(count)
