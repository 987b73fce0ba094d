"""`pactwatch db`: create or migrate the schema, back the store up, restore it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pactwatch.commands.base import (
    ConfigOption,
    UsageError,
    db_app,
    fail,
    load_settings,
)
from pactwatch.core.db import upgrade


@db_app.command("upgrade")
def db_upgrade(config: ConfigOption = None) -> None:
    """Create or migrate the schema (idempotent)."""
    settings = load_settings()
    before, after = upgrade(settings.database_url)
    if before == after:
        typer.echo(f"schema is current (revision {after})")
    else:
        typer.echo(f"schema upgraded from {before or 'nothing'} to {after}")


@db_app.command("backup")
def db_backup(
    path: Annotated[Path, typer.Argument(help="file to write (replaced if it exists)")],
    config: ConfigOption = None,
) -> None:
    """Copy the whole store to PATH while the service keeps running.

    SQLite: its online backup API; PostgreSQL: pg_dump -Fc (the client must be installed).
    """
    from pactwatch.tasks.backup import BackupError, backup

    settings = load_settings()
    try:
        done = backup(settings.database_url, path)
    except BackupError as exc:
        fail(1, str(exc))
        return
    typer.echo(f"backed up the store (revision {done.revision}) to {path}: {done.bytes:,} bytes")


@db_app.command("restore")
def db_restore(
    path: Annotated[Path, typer.Argument(help="a file written by 'pactwatch db backup'")],
    force: Annotated[bool, typer.Option("--force", help="replace an existing store")] = False,
    config: ConfigOption = None,
) -> None:
    """Make the store the one in backup PATH (stop the service first).

    Refuses to replace an existing store without --force. PostgreSQL: pg_restore --clean.
    """
    from pactwatch.tasks.backup import BackupError, TargetExists, restore

    settings = load_settings()
    try:
        done = restore(settings.database_url, path, force=force)
    except TargetExists as exc:
        raise UsageError(str(exc)) from exc
    except BackupError as exc:
        fail(1, str(exc))
        return
    typer.echo(
        f"restored the store from {path} (revision {done.revision}); "
        "'pactwatch db upgrade' brings an older one up to this version"
    )
