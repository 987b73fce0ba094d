"""Engines for the store, tuned for a long-running service on SQLite or PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlmodel import Session

# Ids per `IN (…)` list: old SQLite builds cap bound variables at 999; 500 stays clear.
IN_CHUNK = 500

# Writers wait this long for another process's transaction before giving up. A crawl and the
# desk write concurrently; 30 s outlasts any single-article transaction by far.
SQLITE_BUSY_TIMEOUT_MS = 30_000

# Connections kept open. One past the pool is closed when returned, so the next opens cold
# (pragmas, an empty page cache): at 100,000 articles that doubled the desk's page times
# under 8 concurrent requests with the default 5.
POOL_SIZE = 16


def make_engine(database_url: str, **kwargs: Any) -> sa.Engine:
    """An engine for `database_url`; SQLite gets WAL, a busy timeout and `BEGIN IMMEDIATE`.

    `BEGIN IMMEDIATE` takes the write lock when a transaction starts instead of at its first
    write, so two writers queue on `busy_timeout` rather than one failing with
    "database is locked" when it upgrades a read lock. Readers that want no lock at all use
    `engine.execution_options(sqlite_begin="DEFERRED")`.
    """
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        # A pooled connection the server dropped (restart, failover, idle timeout) is
        # replaced at checkout by a `SELECT 1`, not found broken by the job's statement:
        # after a PostgreSQL restart the service's next statements simply succeed.
        return sa.create_engine(url, pool_pre_ping=True, **kwargs)
    if url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)
    kwargs.setdefault("pool_size", POOL_SIZE)
    engine = sa.create_engine(
        url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}, **kwargs
    )
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from pysqlite so `_sqlite_on_begin` decides how to begin.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never block the crawler's writes
    cursor.execute("PRAGMA synchronous=NORMAL")  # durable at checkpoints; safe with WAL
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_on_begin(connection: sa.Connection) -> None:
    mode = connection.get_execution_options().get("sqlite_begin", "IMMEDIATE")
    connection.exec_driver_sql(f"BEGIN {mode}")


T = TypeVar("T")


def chunks(values: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    """`values` in slices small enough for one `IN (…)` list on any SQLite."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


# Schema objects the migrations create but no model describes: the desk's search index
# (an FTS5 virtual table and its shadow tables on SQLite, trigram indexes on PostgreSQL),
# its facets of agreements (a table kept by triggers, which no code writes), and
# APScheduler's job table (and its index), which its job store reads and writes.
UNMODELLED_PREFIXES = (
    "article_fts",
    "agreement_facet",
    "ix_agreement_facet",
    "ix_article_norm_title_trgm",
    "ix_article_norm_text_trgm",
    "apscheduler_jobs",
    "ix_apscheduler_jobs",
)


def modelled(name: str | None, type_: str, parent_names: object) -> bool:
    """Alembic's `include_name` hook: compare only what the models describe."""
    return not (name or "").startswith(UNMODELLED_PREFIXES)


def core(session: Session) -> sa.Connection:
    """The session's connection, its pending changes flushed, for Core statements: the ORM's
    `execute` costs ~0.1 ms more per statement for nothing these plain statements need
    (bench/analysis.py)."""
    session.flush()
    return session.connection()
