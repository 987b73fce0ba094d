"""End to end: `pactwatch crawl` against the sample site on 127.0.0.1, into real SQLite."""

from __future__ import annotations

import json
import signal
import time
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pactwatch.sample_site import FURNITURE_MARKERS, SampleSite

if TYPE_CHECKING:
    from tests.conftest import Cli

REPO = Path(__file__).resolve().parents[2]


def _items(cli: Cli) -> list[dict]:
    out = cli.run("items", "--json").stdout
    return [json.loads(line) for line in out.splitlines() if line.strip()]


def _article_paths(site: SampleSite, section: str) -> set[str]:
    return {a.url.split(site.base_url, 1)[1] for a in site.articles() if a.site == section}


def _requested(site: SampleSite) -> Counter[str]:
    return Counter(r.path for r in site.requests())


def _kinds(run: dict[str, Any]) -> dict[str, int]:
    """errors_by_kind as read raw: JSON text from SQLite, already a dict from PostgreSQL."""
    value = run["errors_by_kind"]
    return json.loads(value) if isinstance(value, str) else dict(value)


def _runs(cli: Cli) -> list[dict[str, Any]]:
    return cli.query("SELECT * FROM crawl_run ORDER BY id")


def test_crawl_stores_every_article_once_then_recrawl_fetches_none(
    site: SampleSite, cli: Cli
) -> None:
    cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]))
    first = cli.run("crawl")
    assert "crawl summary" in first.stdout
    items = _items(cli)
    expected = _article_paths(site, "cq") | _article_paths(site, "sc")
    stored = {i["url"].split(site.base_url, 1)[1] for i in items}
    assert stored == expected
    assert len(items) == len({i["url"] for i in items})
    for item in items:
        assert set(item) >= {
            "id",
            "url",
            "source",
            "title",
            "text",
            "published_at",
            "fetched_at",
            "is_agreement",
            "score",
            "status",
            "duplicate_of",
            "agreements",
        }
        assert item["status"] == "new" and item["title"] and len(item["text"]) > 50
        assert "\ufffd" not in item["title"] + item["text"]
    assert not any(p.startswith("/cq/private/") for p in _requested(site)), "robots.txt ignored"
    _check_extraction(site, cli, items)

    site.reset_log()
    second = cli.run("crawl")
    requested = _requested(site)
    assert not (set(requested) & expected), "an article page was fetched again"
    statuses = {r.path: r.status for r in site.requests()}
    listings = [p for p in statuses if p.endswith((".xml", "index.html")) and "/real/" not in p]
    assert listings and all(statuses[p] == 304 for p in listings if "index_" not in p)
    assert len(_items(cli)) == len(items)
    last = _runs(cli)[-2:]
    assert all(run["articles_new"] == 0 and run["status"] == "finished" for run in last)
    assert sum(run["not_modified"] for run in last) >= 2
    assert "0 new article(s) stored" in second.stdout


def _check_extraction(site: SampleSite, cli: Cli, items: list[dict]) -> None:
    """Titles, dates and bodies match what the site published, whatever the encoding."""
    by_path = {i["url"].split(site.base_url, 1)[1]: i for i in items}
    for article in site.articles():
        item = by_path[article.path]
        label = f"{article.key} ({article.encoding}, header {article.header_charset!r})"
        assert item["title"] == article.headline, label
        assert item["published_at"][:16] == article.published.isoformat()[:16], label
        first = next(p for p in article.paragraphs if not p.startswith("◎"))  # ◎ is a byline
        assert first[:30] in item["text"], label
        assert article.paragraphs[-1][-30:] in item["text"], label
        for marker in FURNITURE_MARKERS:
            assert marker not in item["text"], f"{label}: furniture {marker!r} kept"
    hant = next(a for a in site.articles() if a.script == "hant")
    (row,) = cli.query("SELECT text, norm_text FROM article WHERE url = :url", url=hant.url)
    text, norm = row["text"], row["norm_text"]
    assert "協議" in text or "協同" in text, "the original Traditional text is kept"
    assert "協" not in norm and "协" in norm, "analysis reads Simplified"


def test_faults_are_counted_and_the_crawl_goes_on(site: SampleSite, cli: Cli) -> None:
    cli.write_config(site.sources_toml(["sample-faults"]))
    result = cli.run("crawl", timeout=240)
    [run] = _runs(cli)
    errors = _kinds(run)
    assert run["status"] == "finished"
    for kind in (
        "http_404",
        "http_5xx",
        "timeout",
        "too_large",
        "redirect_loop",
        "offsite",
        "bad_feed",
    ):
        assert errors.get(kind), f"{kind} not counted: {errors}"
    assert errors.get("truncated", 0) + errors.get("connection", 0) >= 2
    assert errors["too_large"] == 3  # with and without Content-Length, and a gzip bomb
    assert "other" not in errors, errors
    # 503-then-200 and 429-then-200 recover through retries and are stored.
    assert run["articles_new"] >= 2
    assert "/faults/" in result.stderr  # log lines name the URLs
    assert "Traceback" not in result.stderr


def test_private_addresses_are_refused_unless_the_source_allows_them(
    site: SampleSite, cli: Cli
) -> None:
    toml = site.sources_toml(["sample-cq"]).replace(
        "allow_private_addresses = true", "allow_private_addresses = false"
    )
    cli.write_config(toml)
    cli.run("crawl")
    [run] = _runs(cli)
    assert _kinds(run).get("private_address")
    assert [r for r in site.requests() if r.path.startswith(("/cq/", "/robots.txt"))] == []
    assert _items(cli) == []


def test_an_unreachable_site_is_a_counted_error_and_exit_0(cli: Cli) -> None:
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    cli.write_config(
        '[[sources]]\nname = "gone"\n'
        f'start_urls = ["http://127.0.0.1:{port}/news/"]\n'
        "article_patterns = ['/a/\\d+\\.html$']\nallow_private_addresses = true\n"
    )
    result = cli.run("crawl")
    [run] = _runs(cli)
    assert run["status"] == "finished"
    assert _kinds(run) == {"connection": 1}
    assert f"http://127.0.0.1:{port}/news/" in result.stderr


def test_sigkill_mid_crawl_loses_nothing_and_duplicates_nothing(site: SampleSite, cli: Cli) -> None:
    # A slow politeness delay makes the crawl last long enough to be killed half way.
    slow = (
        "\n[crawl]\ndownload_delay = 0.3\nautothrottle = false\nconcurrency_per_domain = 1\n"
        "timeout = 5\nextract_workers = 1\n"
    )
    cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]), crawl=slow)
    process = cli.popen("crawl")
    deadline = time.monotonic() + 60
    stored_before = 0
    while time.monotonic() < deadline and stored_before < 3:
        time.sleep(0.2)
        stored_before = cli.query("SELECT count(*) AS n FROM article")[0]["n"]
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    assert stored_before >= 3
    before = {row["url"] for row in cli.query("SELECT url FROM article")}

    site.reset_log()
    cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]))
    cli.run("crawl")
    refetched = {r.path for r in site.requests()} & {u.split(site.base_url, 1)[1] for u in before}
    assert not refetched, f"stored articles fetched again: {refetched}"
    items = _items(cli)
    assert len(items) == len({i["url"] for i in items})
    assert {i["url"].split(site.base_url, 1)[1] for i in items} == (
        _article_paths(site, "cq") | _article_paths(site, "sc")
    )
    runs = _runs(cli)
    assert runs[0]["status"] == "failed" and runs[0]["finish_reason"] == "interrupted"


def test_real_portal_pages_crawl_through_the_cli(site: SampleSite, cli: Cli) -> None:
    """The third-party pages, served as a site and crawled as a user would, meet the gold."""
    from tests.conftest import REAL_PAGES, real_pages_or_skip

    real_pages_or_skip()
    gold = json.loads((REPO / "tests/data/real_pages_gold.json").read_text("utf-8"))["pages"]
    cli.write_config(site.sources_toml(["sample-real"]))
    cli.run("crawl", timeout=240)
    stored = {i["url"].split("/real/", 1)[1]: i for i in _items(cli)}
    articles = {path: g for path, g in gold.items() if not g.get("no_body")}
    good = 0
    for path, expected in articles.items():
        item = stored.get(path)
        titles = expected["title"] if isinstance(expected["title"], list) else [expected["title"]]
        if (
            item is not None
            and item["title"] in titles
            and not any(bad in item["text"] for bad in expected["not"])
        ):
            good += 1
    assert good >= 0.9 * len(articles), f"{good}/{len(articles)} pages right"
    [run] = _runs(cli)  # a page with no article is dropped and counted, never lost silently
    assert run["articles_new"] + run["articles_dropped"] == len(list(REAL_PAGES.glob("*/*.htm*")))
