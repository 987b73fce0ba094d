"""The store each test gets: SQLite by default, PostgreSQL when a test server is given.

`PACTWATCH_TEST_POSTGRES` names a PostgreSQL server the tests may create databases on
(`make test` starts a throwaway one with deploy/postgres-for-tests.sh and runs the suite
a second time against it). Each call of `fresh_database_url` then creates an empty
database there; the server is thrown away afterwards, so nothing is dropped here.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

POSTGRES = os.environ.get("PACTWATCH_TEST_POSTGRES")


def fresh_database_url(directory: Path, name: str = "pactwatch") -> str:
    """An empty store's URL: a file in `directory`, or a new database on the test server."""
    if not POSTGRES:
        return f"sqlite:///{directory / f'{name}.db'}"
    database = f"t_{uuid.uuid4().hex[:16]}"
    server = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
    finally:
        server.dispose()
    return sa.engine.make_url(POSTGRES).set(database=database).render_as_string(hide_password=False)


def sqlite_only(reason: str) -> pytest.MarkDecorator:
    """For tests of SQLite's own behaviour (pragmas, its search index, its file)."""
    return pytest.mark.skipif(bool(POSTGRES), reason=f"SQLite only: {reason}")


DIALECT = "postgresql" if POSTGRES else "sqlite"  # what the stores of this run speak
