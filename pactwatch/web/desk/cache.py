"""Results computed from the store, kept while the store has not changed.

A page's expensive numbers (the statistics; the inbox's counts under a broad search) are
kept with a *mark*: a few values read cheaply from the store that change whenever those
numbers may (an article stored, a decision or correction recorded). A kept result is used
while the store's mark is the same and the result is younger than `ttl`, which bounds how
long a change no mark sees (an edit made outside the desk) stays unseen.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from starlette.requests import Request

V = TypeVar("V")


class MarkedCache(Generic[V]):
    """The last `size` results by key, each with the mark it was computed under.

    Thread-safe (the desk reads the store in a thread pool). One computation per key runs
    at a time: requests for the same key arriving meanwhile wait for it and reuse it.
    """

    def __init__(
        self, ttl: float, size: int = 64, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl, self.size, self._clock = ttl, size, clock
        self._entries: OrderedDict[Hashable, tuple[Hashable, float, V]] = OrderedDict()
        self._computing: dict[Hashable, threading.Lock] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, mark: Hashable, compute: Callable[[], V]) -> V:
        """The kept result of `key` if computed under `mark` and fresh; else `compute()`."""
        found = self._fresh(key, mark)
        if found is not None:
            return found[0]
        with self._lock:
            computing = self._computing.setdefault(key, threading.Lock())
        with computing:
            found = self._fresh(key, mark)
            if found is not None:
                return found[0]
            value = compute()
            with self._lock:
                self._entries[key] = (mark, self._clock(), value)
                self._entries.move_to_end(key)
                while len(self._entries) > self.size:
                    old, _ = self._entries.popitem(last=False)
                    self._computing.pop(old, None)
        return value

    def _fresh(self, key: Hashable, mark: Hashable) -> tuple[V] | None:
        with self._lock:
            found = self._entries.get(key)
            if found and found[0] == mark and self._clock() - found[1] < self.ttl:
                self._entries.move_to_end(key)
                return (found[2],)
        return None


def app_cache(request: Request, name: str, make: Callable[[], MarkedCache[V]]) -> MarkedCache[V]:
    """The app's cache called `name`, made on first use (the event loop runs this: no race)."""
    cache: MarkedCache[V] | None = getattr(request.app.state, name, None)
    if cache is None:
        cache = make()
        setattr(request.app.state, name, cache)
    return cache
