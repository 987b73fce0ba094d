"""`pactwatch db backup PATH` and `pactwatch db restore PATH`: the store, whole, to one file.

SQLite: SQLite's online backup API (`sqlite3.Connection.backup`) in one step. In WAL mode
a reader never blocks the writers, so the service keeps crawling while the copy reads one
consistent snapshot: every transaction committed before the copy began, none after. The
copy is a single file in rollback-journal mode, checked with `PRAGMA quick_check`.

PostgreSQL: `pg_dump -Fc` (custom format, compressed; consistent as one repeatable-read
transaction) and `pg_restore --clean --if-exists --single-transaction`. The URL's
credentials go to them through the environment (PGPASSWORD …), never on a command line
that `ps` shows. The client programs must be at least the server's major version.

Both write the backup to a temporary file beside PATH and rename it at the end, so PATH is
never half a backup.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from pactwatch.core.db import current_revision


class BackupError(RuntimeError):
    """A backup or restore that could not be done, worded for one line."""


class TargetExists(BackupError):
    """The restore would overwrite a store; `--force` says that is meant."""


@dataclass(frozen=True)
class Done:
    path: Path
    bytes: int
    revision: str | None  # the schema revision of the store backed up or restored


def backup(database_url: str, path: Path) -> Done:
    """Copy the store of `database_url` to `path` (replaced if it exists)."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_backup(_sqlite_file(url), path)
    elif url.get_backend_name() == "postgresql":
        _pg_dump(url, path)
    else:
        raise BackupError(f"cannot back up a {url.get_backend_name()} store")
    return Done(path, path.stat().st_size, current_revision(database_url))


def restore(database_url: str, path: Path, *, force: bool = False) -> Done:
    """Make the store of `database_url` the one in backup `path`.

    Refuses to replace an existing store (a SQLite file, a PostgreSQL database holding a
    schema) unless `force`. Stop the service first: it would write into the restored store.
    """
    if not path.is_file():
        raise BackupError(f"no backup at {path}")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _sqlite_restore(path, _sqlite_file(url), force=force)
    elif url.get_backend_name() == "postgresql":
        if not force and current_revision(database_url) is not None:
            raise TargetExists(
                f"database {url.database!r} already holds a pactwatch store; --force replaces it"
            )
        _pg_restore(url, path)
    else:
        raise BackupError(f"cannot restore into a {url.get_backend_name()} store")
    return Done(path, path.stat().st_size, current_revision(database_url))


# --- SQLite ---------------------------------------------------------------------------------


def _sqlite_file(url: URL) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite store has nothing to back up")
    return Path(url.database)


def _connect_existing(path: Path) -> sqlite3.Connection:
    """A connection to a database file that must exist (mode=rw never creates one)."""
    if not path.is_file():
        raise BackupError(f"no SQLite store at {path}")
    # 30 s, like the service's busy timeout: a checkpoint in progress is waited for.
    return sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=30)


def _sqlite_backup(source: Path, path: Path) -> None:
    part = _part(path)
    src = _connect_existing(source)
    try:
        dst = sqlite3.connect(part)
        try:
            src.backup(dst)  # pages=-1: all in one step, so one snapshot, never restarted
            dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
            _quick_check(dst, part)
        finally:
            dst.close()
        os.replace(part, path)
    finally:
        src.close()
        part.unlink(missing_ok=True)


def _sqlite_restore(backup_file: Path, target: Path, *, force: bool) -> None:
    present = [p for p in _sqlite_files(target) if p.exists()]
    if present and not force:
        raise TargetExists(f"{target} exists; --force replaces it with the backup")
    src = _connect_existing(backup_file)
    try:
        _quick_check(src, backup_file)
        if present:
            # Into the live file through SQLite itself: it takes the write lock and resets
            # the WAL, where replacing the file would leave its old -wal to be replayed.
            dst = sqlite3.connect(target, timeout=30)
            try:
                src.backup(dst)
            finally:
                dst.close()
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        part = _part(target)
        try:
            dst = sqlite3.connect(part)
            try:
                src.backup(dst)
            finally:
                dst.close()
            os.replace(part, target)
        finally:
            part.unlink(missing_ok=True)
    finally:
        src.close()


def _sqlite_files(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


def _quick_check(connection: sqlite3.Connection, path: Path) -> None:
    try:
        result = connection.execute("PRAGMA quick_check").fetchone()
    except sqlite3.DatabaseError as exc:  # "file is not a database"
        raise BackupError(f"{path}: not a SQLite database ({exc})") from exc
    if result is None or result[0] != "ok":
        raise BackupError(f"{path}: failed SQLite's quick_check: {result}")


def _part(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.with_name(f".{path.name}.part")


# --- PostgreSQL -----------------------------------------------------------------------------

# libpq reads these; the URL's query may carry the SSL ones (…?sslmode=require).
_QUERY_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "host": "PGHOST",  # a Unix socket directory: postgresql+psycopg:///db?host=/run/postgresql
    "port": "PGPORT",
}


def libpq_env(url: URL) -> dict[str, str]:
    """The environment that points libpq's programs at `url`'s database, credentials included."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    given = {
        "PGHOST": url.host,
        "PGPORT": str(url.port) if url.port else None,
        "PGUSER": url.username,
        "PGPASSWORD": url.password,
        "PGDATABASE": url.database,
    }
    env.update({key: value for key, value in given.items() if value})
    for name, key in _QUERY_ENV.items():
        value = url.query.get(name)
        if value:
            env[key] = value if isinstance(value, str) else value[-1]
    return env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} not found: install the PostgreSQL client programs "
            f"(Debian: apt-get install postgresql-client) at the server's major version or newer"
        )
    return found


def _pg_dump(url: URL, path: Path) -> None:
    part = _part(path)
    try:
        _run([_tool("pg_dump"), "--format=custom", f"--file={part}"], url)
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)


def _pg_restore(url: URL, path: Path) -> None:
    if not url.database:
        raise BackupError("the database URL names no database to restore into")
    command = [
        _tool("pg_restore"), "--clean", "--if-exists", "--single-transaction",
        "--exit-on-error", "--no-owner", f"--dbname={url.database}", str(path),
    ]  # fmt: skip
    _run(command, url)


def _run(command: list[str], url: URL) -> None:
    # Not a shell; the arguments are a tool found on PATH, our paths and the database name.
    result = subprocess.run(  # noqa: S603
        command, env=libpq_env(url), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        detail = " ".join(result.stderr.split())[:500] or f"exit status {result.returncode}"
        raise BackupError(f"{tool} failed: {detail}")
