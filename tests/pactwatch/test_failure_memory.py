"""Failure memory: an article that failed for good is not asked again on every crawl whose
list page changed; it is retried after a backoff, given up after a bound, counted in the run."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from pactwatch.sample_site import SampleSite
from pipeline.db import make_engine
from pipeline.failed_links import GIVE_UP_AFTER, held_back, remember
from pipeline.models import ArticleFailure
from tests.conftest import Cli

# The sample site's fault pages that fail the same way every time.
MISSING = "/faults/missing.html"  # 404


def _hits(site: SampleSite) -> Counter[str]:
    return Counter(r.path for r in site.requests())


def _list_changed(cli: Cli) -> None:
    """As if the list page changed: no validator, so the next crawl reads it in full."""
    engine = make_engine(cli.database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("DELETE FROM page_validator")
    engine.dispose()


def test_a_permanently_failing_article_is_held_back_then_retried(
    site: SampleSite, cli: Cli
) -> None:
    cli.write_config(site.sources_toml(["sample-faults"]))
    cli.run("crawl", timeout=240)
    assert _hits(site)[MISSING] == 1
    remembered = {
        row["url"].rsplit("/", 1)[1]: row
        for row in cli.query("SELECT url, kind, failures, gave_up FROM article_failure")
    }
    assert remembered["missing.html"]["kind"] == "http_404"
    assert {row["kind"] for row in remembered.values()} >= {"http_404", "too_large"}
    assert all(row["failures"] == 1 for row in remembered.values())

    _list_changed(cli)
    site.reset_log()
    second = cli.run("crawl", timeout=240)
    assert _hits(site)["/faults/index.html"] == 1, "the list page was read again"
    assert _hits(site)[MISSING] == 0, "the dead article was not asked again"
    run = cli.query("SELECT articles_held_back FROM crawl_run ORDER BY id DESC LIMIT 1")[0]
    assert run["articles_held_back"] == len(remembered)
    assert f"sample-faults held back: {len(remembered)}" in second.stdout
    report = json.loads(cli.run("status", "--json").stdout)
    [last] = [row["last_run"] for row in report["sources"] if row["source"] == "sample-faults"]
    assert last["articles_held_back"] == len(remembered)

    # Its backoff over, it is asked once more, and waits twice as long after failing again.
    engine = make_engine(cli.database_url)
    with engine.begin() as connection:
        connection.exec_driver_sql("UPDATE article_failure SET retry_at = '2000-01-01 00:00:00'")
    engine.dispose()
    _list_changed(cli)
    site.reset_log()
    cli.run("crawl", timeout=240)
    assert _hits(site)[MISSING] == 1
    [row] = cli.query(
        "SELECT failures, last_at, retry_at FROM article_failure WHERE url LIKE :u", u="%missing%"
    )
    assert row["failures"] == 2


def test_failures_back_off_exponentially_and_are_given_up(cli: Cli) -> None:
    engine = make_engine(cli.database_url)
    url = "http://127.0.0.1:1/gone.html"
    now = datetime(2026, 1, 1, tzinfo=UTC)
    waits: list[timedelta] = []
    with Session(engine) as session:
        for _ in range(GIVE_UP_AFTER):
            remember(url, "s", "http_404", now, session=session)
            session.commit()
            row = session.get_one(ArticleFailure, url)
            waits.append(row.retry_at - now)
            if not row.gave_up:
                assert held_back([url], row.retry_at - timedelta(seconds=1), session=session)
                assert not held_back([url], row.retry_at, session=session), "retried after"
        assert [w / waits[0] for w in waits] == [1, 2, 4, 8, 16]
        assert row.gave_up and row.failures == GIVE_UP_AFTER
        assert held_back([url], now + timedelta(days=3650), session=session) == {url}
    engine.dispose()
