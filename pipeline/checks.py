"""Storing and reading each source's latest live check (`pactwatch sources check`)."""

from __future__ import annotations

from sqlmodel import Session, select

from pipeline.models import SourceCheck


def record_check(check: SourceCheck, *, session: Session) -> None:
    """Store `check` as its source's latest (replacing the one before)."""
    session.merge(check)


def latest_checks(*, session: Session) -> dict[str, SourceCheck]:
    return {c.source: c for c in session.exec(select(SourceCheck))}
