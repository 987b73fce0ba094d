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
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    except sa.exc.OperationalError:
        return None
    finally:
        engine.dispose()


class StoreUnreachable(SchemaNotReady):
    """The store cannot be reached at all: a server refusing, a missing SQLite file."""


def require_current(database_url: str) -> None:
    """Raise `SchemaNotReady` unless the store is at the newest revision, and
    `StoreUnreachable`, saying why, when there is no store to ask."""
    problem = unreachable(database_url)
    if problem is not None:
        raise StoreUnreachable(problem)
    current = current_revision(database_url)
    if current != head_revision(database_url):
        state = "has no schema" if current is None else f"is at revision {current}"
        raise SchemaNotReady(f"the store {state}; run 'pactwatch db upgrade' first")


def unreachable(database_url: str) -> str | None:
    """Why the store cannot be opened, in one line; None when it can."""
    url = sa.engine.make_url(database_url)
    if url.get_backend_name() == "sqlite":
        path = url.database
        if not path or path == ":memory:" or Path(path).exists():
            return None
        where = "the file" if Path(path).parent.is_dir() else "its directory"
        return f"no store at {path} ({where} does not exist); run 'pactwatch db upgrade' first"
    engine = make_engine(database_url)
    try:
        with engine.connect():
            return None
    except sa.exc.OperationalError as exc:
        reason = str(exc.orig or exc).strip().splitlines()[0][:200]
        return f"cannot connect to the store {url.render_as_string(hide_password=True)}: {reason}"
    finally:
        engine.dispose()
