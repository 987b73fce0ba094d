"""What a new user meets in the first hour at the command line (issue 14, "New user")."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def cli(
    tmp_path: Path, *args: str, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/bin:/bin", "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    return subprocess.run(
        [sys.executable, "-m", "pactwatch", *args],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        input=stdin,
        env=base | (env or {}),
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("postgresql+psycopg://pw:secret@127.0.0.1:1/pactwatch", "cannot connect to the store"),
        ("sqlite:///{tmp}/no/such/dir/x.db", "directory that does not exist"),
    ],
)
def test_an_unreachable_store_is_reported_as_such(tmp_path: Path, url: str, expected: str) -> None:
    result = cli(tmp_path, "items", env={"PACTWATCH_DATABASE_URL": url.format(tmp=tmp_path)})
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "no schema" not in result.stderr and "secret" not in result.stderr
    assert not (tmp_path / "no").exists()  # a read-only command creates no directory
