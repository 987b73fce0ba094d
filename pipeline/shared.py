"""Passing live objects (a process pool, a progress board) through Scrapy settings."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Shared(Generic[T]):
    """Holds an object that Scrapy's settings must hand over as is.

    Scrapy deep-copies settings for every crawler; a process pool or a terminal display
    cannot be copied and must be the same object for all crawlers of a process.
    """

    def __init__(self, value: T) -> None:
        self.value = value

    def __deepcopy__(self, memo: dict[int, Any]) -> Shared[T]:
        return self

    def __copy__(self) -> Shared[T]:
        return self


def unwrap(value: Any) -> Any:
    """The wrapped object of a `Shared`, else `value` itself (a test may pass it bare)."""
    return value.value if isinstance(value, Shared) else value
