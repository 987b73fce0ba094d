"""Small manners of the command line a new user meets first (issue 14, new user 8)."""

from __future__ import annotations

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
