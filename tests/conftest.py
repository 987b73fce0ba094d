"""Shared fixtures: the sample news site on 127.0.0.1, a migrated store, the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from pactwatch.core.db import upgrade
from pactwatch.sample_site import SampleSite
from tests.databases import fresh_database_url

REPO = Path(__file__).resolve().parents[1]
# Third-party pages are not shipped; CI always has ../shared beside the checkout.
REAL_PAGES = REPO.parent / "shared" / "fixtures" / "real-pages"


def real_pages_or_skip() -> Path:
    if not REAL_PAGES.is_dir():
        pytest.skip(f"{REAL_PAGES} not found: third-party pages are not shipped with the repo")
    return REAL_PAGES


@pytest.fixture(scope="session")
def sample_site() -> Iterator[SampleSite]:
    extra = {"real": REAL_PAGES} if REAL_PAGES.is_dir() else {}
    with SampleSite(extra_dirs=extra, slow_seconds=3.0) as site:
        yield site


@pytest.fixture
def site(sample_site: SampleSite) -> SampleSite:
    sample_site.reset_log()
    return sample_site


# Tests crawl a local server: no politeness delay, short timeouts, no retry backoff waits.
FAST_CRAWL = """
[crawl]
download_delay = 0
autothrottle = false
concurrency_per_domain = 8
timeout = 2
retries = 1
extract_workers = 1
"""


@dataclass
class Cli:
    """Runs `python -m pactwatch` as a user would, against one temporary store."""

    workdir: Path
    database_url: str

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
        env.update(
            PACTWATCH_DATABASE_URL=self.database_url,
            PACTWATCH_OUTBOX_DIR=str(self.workdir / "outbox"),
            **extra,
        )
        return env

    def run(
        self, *args: str, timeout: float = 180, check: bool = True, **env: str
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [sys.executable, "-m", "pactwatch", *args],
            cwd=self.workdir,
            env=self.env(**env),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"pactwatch {' '.join(args)} exited {result.returncode}:\n"
                f"{result.stdout}\n{result.stderr}"
            )
        return result

    def popen(self, *args: str, **env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [sys.executable, "-m", "pactwatch", *args],
            cwd=self.workdir,
            env=self.env(**env),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def query(self, sql: str, **params: object) -> list[dict[str, Any]]:
        """Rows of `sql` on this store, read as another process would (SQLite or PostgreSQL)."""
        engine = sa.create_engine(self.database_url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as connection:
                return [dict(row._mapping) for row in connection.execute(sa.text(sql), params)]
        finally:
            engine.dispose()

    def write_config(self, toml: str, crawl: str = FAST_CRAWL) -> Path:
        path = self.workdir / "pactwatch.toml"
        path.write_text(crawl + "\n" + toml, encoding="utf-8")
        return path


@pytest.fixture
def cli(tmp_path: Path) -> Cli:
    database_url = fresh_database_url(tmp_path)
    upgrade(database_url)
    return Cli(tmp_path, database_url)
