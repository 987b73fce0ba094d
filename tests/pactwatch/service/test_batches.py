"""Batched crawls: sources due together crawled by one real `pactwatch crawl` process.

The supervisor starts the real CLI against the sample site on 127.0.0.1; each source keeps
its own run row, and the batch's limits, failures and stops are recorded per source.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from pactwatch.sample_site import SampleSite
from pactwatch.service.crawls import Busy, CrawlLimits, Crawls, Launch, Outcome
from tests.conftest import Cli

SLOW_CRAWL = """
[crawl]
download_delay = 1.0  # slow enough that no source ends before it is stopped
autothrottle = false
concurrency_per_domain = 1
timeout = 2
retries = 1
extract_workers = 1
"""


def _unreachable_toml() -> str:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return (
        '\n[[sources]]\nname = "gone"\n'
        f'start_urls = ["http://127.0.0.1:{port}/news/"]\n'
        "article_patterns = ['/a/\\d+\\.html$']\nallow_private_addresses = true\n"
    )


@pytest.fixture(autouse=True)
def _child_env(cli: Cli, monkeypatch: pytest.MonkeyPatch) -> None:
    """The crawl processes inherit the environment: the test's store, as the CLI's is."""
    for key, value in cli.env().items():
        monkeypatch.setenv(key, value)


def _crawls(cli: Cli, engine: sa.Engine, config: Path, **limits: Any) -> Crawls:
    values: dict[str, Any] = dict(
        timeout=timedelta(seconds=120), memory_mb=0, address_space_mb=0,
        kill_grace=timedelta(seconds=5),
    )  # fmt: skip
    values.update(limits)
    launch = Launch(config, cli.workdir, Path("logs"))
    return Crawls(
        engine, launch=launch, limits=CrawlLimits(**values), batch_size=4, batch_window=3.0,
        processes=1,
    )  # fmt: skip


def _run_together(crawls: Crawls, names: list[str]) -> dict[str, Outcome | Busy]:
    """Each source's job in a thread of its own, as the scheduler's pool runs them."""
    results: dict[str, Outcome | Busy] = {}
    threads = [
        threading.Thread(target=lambda n=n: results.__setitem__(n, crawls.run(n))) for n in names
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(180)
    return results


def _runs(cli: Cli) -> dict[str, dict[str, Any]]:
    rows = cli.query("SELECT * FROM crawl_run ORDER BY id")
    assert len({row["source"] for row in rows}) == len(rows), "one run per source"
    return {row["source"]: row for row in rows}


def test_a_batch_crawls_every_source_in_one_process_and_a_failing_one_fails_alone(
    site: SampleSite, cli: Cli, engine: sa.Engine
) -> None:
    config = cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]) + _unreachable_toml())
    crawls = _crawls(cli, engine, config)
    # "removed": taken out of the config (SIGHUP) after its job was queued.
    results = _run_together(crawls, ["sample-cq", "sample-sc", "gone", "removed"])
    assert all(isinstance(r, Outcome) for r in results.values()), results
    assert len({r.pid for r in results.values() if isinstance(r, Outcome)}) == 1, "one process"
    runs = _runs(cli)
    assert set(runs) == {"sample-cq", "sample-sc", "gone"}
    for name in ("sample-cq", "sample-sc"):
        assert runs[name]["status"] == "finished" and runs[name]["articles_new"] > 0, runs[name]
    assert runs["gone"]["status"] == "finished" and runs["gone"]["articles_new"] == 0
    errors = runs["gone"]["errors_by_kind"]  # JSON text on SQLite, a dict on PostgreSQL
    assert "connection" in (json.loads(errors) if isinstance(errors, str) else errors)
    assert (cli.workdir / "logs" / "sample-cq.log").resolve() == (
        cli.workdir / "logs" / "batch-sample-cq.log"
    ).resolve() or (cli.workdir / "logs" / "sample-cq.log").is_symlink()
    assert crawls.active() == set()


def test_stopping_a_batch_records_each_running_source_interrupted(
    site: SampleSite, cli: Cli, engine: sa.Engine
) -> None:
    config = cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]), crawl=SLOW_CRAWL)
    crawls = _crawls(cli, engine, config)
    results: dict[str, Outcome | Busy] = {}
    runner = threading.Thread(
        target=lambda: results.update(_run_together(crawls, ["sample-cq", "sample-sc"]))
    )
    runner.start()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_runs(cli)) < 2:
        time.sleep(0.2)  # both crawlers of the one process have opened their runs
    time.sleep(1.0)
    assert crawls.stop(timeout=15)
    runner.join(30)
    runs = _runs(cli)
    assert {name: (run["status"], run["finish_reason"]) for name, run in runs.items()} == {
        "sample-cq": ("failed", "interrupted"),
        "sample-sc": ("failed", "interrupted"),
    }
    assert all(r.reason == "interrupted" for r in results.values() if isinstance(r, Outcome))


def test_the_wall_clock_limit_bounds_the_batch_and_is_recorded_per_source(
    site: SampleSite, cli: Cli, engine: sa.Engine
) -> None:
    config = cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]), crawl=SLOW_CRAWL)
    crawls = _crawls(cli, engine, config, timeout=timedelta(seconds=8))
    started = time.monotonic()
    results = _run_together(crawls, ["sample-cq", "sample-sc"])
    assert time.monotonic() - started < 3 + 8 + 5 + 5, "window, limit, grace, recording"
    assert {n: r.reason for n, r in results.items() if isinstance(r, Outcome)} == {
        "sample-cq": "killed-timeout",
        "sample-sc": "killed-timeout",
    }
    runs = _runs(cli)
    assert {run["finish_reason"] for run in runs.values()} == {"killed-timeout"}


def test_batches_are_bounded_in_size(site: SampleSite, cli: Cli, engine: sa.Engine) -> None:
    config = cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]) + _unreachable_toml())
    crawls = _crawls(cli, engine, config)
    crawls.batch_size = 2
    results = _run_together(crawls, ["sample-cq", "sample-sc", "gone"])
    pids = [r.pid for r in results.values() if isinstance(r, Outcome)]
    assert len(pids) == 3 and len(set(pids)) == 2, "two in one process, the third in another"
