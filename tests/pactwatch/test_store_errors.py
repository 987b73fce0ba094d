"""An unreachable store is named as such, not as a missing schema (issue 14, new user 3)."""

from __future__ import annotations

import socket
from pathlib import Path

from tests.conftest import Cli


def _with_store(cli: Cli, url: str) -> Cli:
    return Cli(cli.workdir, url)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])  # closed again when this returns: nothing listens


def test_a_missing_sqlite_directory_is_named(cli: Cli, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nowhere' / 'store.db'}"
    result = _with_store(cli, url).run("items", check=False)
    assert result.returncode == 2
    assert "its directory does not exist" in result.stderr
    assert "has no schema" not in result.stderr


def test_a_refusing_server_is_named_without_its_password(cli: Cli) -> None:
    url = f"postgresql+psycopg://pw:hunter2-secret@127.0.0.1:{_closed_port()}/pactwatch"
    result = _with_store(cli, url).run("status", check=False)
    assert result.returncode == 2
    assert "cannot connect to the store" in result.stderr
    assert "hunter2-secret" not in result.stderr
    assert result.stderr.count("\n") == 1
