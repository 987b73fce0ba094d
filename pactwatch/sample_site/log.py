"""The request log: what the site was asked for, readable by tests while it runs."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class LoggedRequest:
    """One answered request. `status` is what was sent (0 if nothing was); `host` is the
    address the connection arrived on (127.0.0.2 only for the off-domain listener)."""

    method: str
    path: str  # as requested, query included
    status: int
    headers: Mapping[str, str] = field(hash=False)  # the ones in handler.LOGGED_HEADERS
    time: float  # time.time() when the request arrived
    host: str = "127.0.0.1"


class RequestLog:
    """A thread-safe append-only list of `LoggedRequest`, with a reset for tests."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: list[LoggedRequest] = []

    def record(self, entry: LoggedRequest) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[LoggedRequest]:
        with self._lock:
            return list(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
