"""`{name:rowid}` in routes: a stored row's id, or no match (404).

Starlette's `int` takes any number of digits; 99999999999999999999999 then reaches the
store, which cannot bind it (SQLite: OverflowError) and the desk answered 500. Ids are
below 2**63 on every store (SQLite INTEGER, PostgreSQL BIGINT), so 18 digits always fit.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

MAX_DIGITS = 18


class RowId(Convertor[int]):
    regex = f"[0-9]{{1,{MAX_DIGITS}}}"

    def convert(self, value: str) -> int:
        return int(value)

    def to_string(self, value: int) -> str:
        return str(value)


def parse_rowid(value: str) -> int | None:
    """A row id from a query parameter; None when it is not one (caller answers 400/404)."""
    value = value.strip()
    if not value.isascii() or not value.isdigit() or len(value) > MAX_DIGITS:
        return None
    return int(value)


register_url_convertor("rowid", RowId())
