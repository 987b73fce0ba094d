"""The desk inside `pactwatch run`: its config follows SIGHUP, and "crawl now" goes through
the service (its executor, limits and records), not a process of the desk's own."""

from __future__ import annotations

import re
import signal
from typing import Any

import httpx
import sqlalchemy as sa
from sqlmodel import Session, select

from pipeline.models import CrawlRun

PASSWORD = "desk-password-for-the-service"
# A slow crawl of the sample site: far longer than the service's limit below.
SLOW_CRAWL = """
[crawl]
download_delay = 1.0
autothrottle = false
concurrency_per_domain = 1
timeout = 2
retries = 1
extract_workers = 1
"""


def _disabled(toml: str) -> str:
    """Sources the schedule leaves alone: only the desk's button crawls them."""
    return toml.replace("[[sources]]\n", "[[sources]]\nenabled = false\n")


def _client(port: int) -> httpx.Client:
    client = httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=20)
    client.post("/login", data={"username": "admin", "password": PASSWORD, **_csrf(client)})
    return client


def _csrf(client: httpx.Client, path: str = "/login") -> dict[str, str]:
    page = client.get(path).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
        r'name="csrf-token" content="([^"]+)"', page
    )
    assert found, page[:300]
    return {"csrf_token": found.group(1)}


def _runs(engine: sa.Engine, source: str) -> list[CrawlRun]:
    with Session(engine) as session:
        return list(session.exec(select(CrawlRun).where(CrawlRun.source == source)))


def test_sighup_refreshes_the_desk_and_crawl_now_runs_under_the_service_limits(
    cli: Any, sample_site: Any, runner: Any, engine: sa.Engine, wait: Any, service_toml: Any
) -> None:
    config = cli.write_config(
        _disabled(sample_site.sources_toml(["sample-cq"])) + service_toml(crawl_timeout="10s"),
        crawl=SLOW_CRAWL,
    )
    run = runner.start(PACTWATCH_CONFIG=str(config), PACTWATCH_ADMIN_PASSWORD=PASSWORD)
    run.wait_log("scheduling: this process", 20)
    client = _client(run.port)
    try:
        _crawl_after_sighup(client, config, sample_site, run, engine, wait)
    finally:
        client.close()
    code, _ = run.stop(signal.SIGTERM)
    assert code == 0, run.text()


def _crawl_after_sighup(
    client: httpx.Client, config: Any, sample_site: Any, run: Any, engine: sa.Engine, wait: Any
) -> None:
    assert "sample-sc" not in client.get("/sources").text

    # SIGHUP: a source added to the file shows on the desk and can be crawled from it.
    config.write_text(
        config.read_text() + _disabled(sample_site.sources_toml(["sample-sc"])), "utf-8"
    )
    run.process.send_signal(signal.SIGHUP)
    run.wait_log(r"SIGHUP: config re-read, 2 source", 10)
    assert "sample-sc" in client.get("/sources").text, "the desk reads the new config"

    answer = client.post("/sources/sample-sc/crawl", data=_csrf(client, "/sources"))
    assert answer.status_code == 303 and "crawl=started" in answer.headers["location"]
    # The service's crawl: its wall-clock limit (10 s) stops it and is recorded.
    killed = wait(
        lambda: [r for r in _runs(engine, "sample-sc") if r.finish_reason == "killed-timeout"],
        60, "the desk's crawl killed at the service's limit",
    )  # fmt: skip
    assert killed[0].status == "failed"
    run.wait_log(r"crawl of sample-sc stopped \(killed-timeout\)", 5)
