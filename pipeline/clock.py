"""The one clock: aware UTC now, for stored timestamps and everything compared with them."""

from __future__ import annotations

from datetime import UTC, datetime


def utcnow() -> datetime:
    return datetime.now(UTC)
