"""Schema management: Alembic, driven from code so `pactwatch db upgrade` needs no ini file."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

import migrations
from pipeline.db import make_engine


class SchemaNotReady(RuntimeError):
    """The store's schema is missing or older than this code."""


class StoreUnreachable(RuntimeError):
    """The store cannot be opened at all: server refused, directory missing."""


def alembic_config(database_url: str) -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


def upgrade(database_url: str) -> tuple[str | None, str]:
    """Migrate to the newest revision; (revision before, revision after). Idempotent."""
    before = current_revision(database_url)
    command.upgrade(alembic_config(database_url), "head")
    return before, head_revision(database_url)


def head_revision(database_url: str) -> str:
    head = ScriptDirectory.from_config(alembic_config(database_url)).get_current_head()
    assert head is not None
    return head


def current_revision(database_url: str) -> str | None:
    """The store's revision, None when it has no schema; `StoreUnreachable` if it cannot
    be reached (told apart so nobody runs `db upgrade` against a server that is down)."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0]
        message = f"cannot connect to the store {_shown(database_url)}: {reason}"
        raise StoreUnreachable(message) from exc
    finally:
        engine.dispose()


def _shown(database_url: str) -> str:
    return sa.engine.make_url(database_url).render_as_string(hide_password=True)


def _missing_directory(database_url: str) -> Path | None:
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    parent = Path(url.database).parent
    return None if parent.is_dir() else parent


def require_current(database_url: str) -> None:
    """Raise `SchemaNotReady` unless the store is at the newest revision.

    `StoreUnreachable` when it cannot be opened; a SQLite file in a directory that does not
    exist is reported as such rather than created by a read-only command.
    """
    missing = _missing_directory(database_url)
    if missing is not None:
        raise StoreUnreachable(
            f"the store {_shown(database_url)} is in a directory that does not exist "
            f"({missing}); check PACTWATCH_DATABASE_URL, or run 'pactwatch db upgrade' "
            "to create it"
        )
    current = current_revision(database_url)
    if current != head_revision(database_url):
        state = "has no schema" if current is None else f"is at revision {current}"
        raise SchemaNotReady(f"the store {state}; run 'pactwatch db upgrade' first")
