"""Small manners of the command line a new user meets first (issue 14, new user 8)."""

from __future__ import annotations

import socket
import subprocess
import sys

from tests.conftest import Cli

SECRET = "a-secret-key-long-enough-for-serve-0123456789"


def test_version(cli: Cli) -> None:
    assert cli.run("--version").stdout.startswith("pactwatch ")


def test_help_shows_flags_plainly(cli: Cli) -> None:
    text = cli.run("items", "--help").stdout
    assert "--agreements-only" in text and "<bool>" not in text


def test_hash_password_reads_one_piped_line(cli: Cli) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pactwatch", "hash-password"], input="correct horse battery\n",
        capture_output=True, text=True, env=cli.env(), timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("$argon2id$")


def test_a_bad_address_is_named_before_the_missing_key(cli: Cli) -> None:
    result = cli.run("subscribe", "bad email", check=False)
    assert result.returncode == 2
    assert "bad email" in result.stderr and "SECRET_KEY" not in result.stderr


def test_a_port_in_use_is_one_plain_sentence(cli: Cli) -> None:
    cli.run("db", "upgrade")
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        result = cli.run("serve", "--port", str(port), check=False, PACTWATCH_SECRET_KEY=SECRET)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1
    assert f"127.0.0.1:{port} is already in use" in result.stderr
