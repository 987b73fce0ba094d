"""What a new user meets in the first hour at the command line (issue 14, "New user")."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


SECRETS = {"PACTWATCH_SECRET_KEY": "k" * 40, "PACTWATCH_ADMIN_PASSWORD": "a-long-password-1"}


def test_mail_and_feed_links_point_at_the_port_served(tmp_path: Path) -> None:
    assert cli(tmp_path, "db", "upgrade").returncode == 0
    port = _free_port()
    env = {"PATH": "/usr/bin:/bin", "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    server = subprocess.Popen(
        [sys.executable, "-m", "pactwatch", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env | SECRETS,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        feed = _get_when_up(f"http://127.0.0.1:{port}/feed.atom")
    finally:
        server.terminate()
        server.wait(timeout=15)
    assert f'href="http://127.0.0.1:{port}/feed.atom"' in feed
    assert "127.0.0.1:8000" not in feed


def _get_when_up(url: str) -> str:
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return str(response.read().decode("utf-8", "replace"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_busy_port_is_one_plain_sentence(tmp_path: Path) -> None:
    assert cli(tmp_path, "db", "upgrade").returncode == 0
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = cli(tmp_path, "serve", "--port", str(port), env=SECRETS)
    assert result.returncode in (1, 2)
    assert result.stderr.strip().splitlines() == [
        f"pactwatch: error: port {port} on 127.0.0.1 is already in use: "
        "stop the other server or choose another with --port"
    ]
    assert "{" not in result.stdout + result.stderr  # no JSON log line


def test_version_and_help_read_plainly(tmp_path: Path) -> None:
    version = cli(tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("pactwatch 0.")
    shown = cli(tmp_path, "serve", "--help", env={"COLUMNS": "80"}).stdout
    assert "<bool>" not in shown
    # Docstring paragraphs are re-wrapped, not broken where the source broke them.
    assert "requests run Python" in " ".join(shown.split())
    assert not any(line.strip() in ("run", "halves") for line in shown.splitlines())


def test_subscribe_complains_about_a_bad_address_before_the_missing_key(tmp_path: Path) -> None:
    assert cli(tmp_path, "db", "upgrade").returncode == 0
    result = cli(tmp_path, "subscribe", "bad email")
    assert result.returncode == 2
    assert "not a valid email address" in result.stderr
    assert "SECRET_KEY" not in result.stderr


def test_hash_password_reads_one_piped_line(tmp_path: Path) -> None:
    result = cli(tmp_path, "hash-password", stdin="correct horse battery\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("$argon2id$")
    short = cli(tmp_path, "hash-password", stdin="short\n")
    assert short.returncode == 2 and "12 characters" in short.stderr


def test_a_crawl_of_the_bundled_sources_says_it_goes_to_the_internet(tmp_path: Path) -> None:
    # The store is in a missing directory, so the command stops right after the notice and
    # nothing is fetched: the test never touches the internet.
    missing = {"PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/none/x.db"}
    result = cli(tmp_path, "crawl", env=missing)
    first = result.stderr.splitlines()[0]
    assert "bundled sources, real news sites on the internet" in first
    assert result.returncode == 1 and "does not exist" in result.stderr
