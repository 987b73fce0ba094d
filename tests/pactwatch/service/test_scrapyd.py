"""Crawls dispatched to real Scrapyd nodes on 127.0.0.1, running the project's own egg.

Two `scrapyd` processes are started once for the module, each with the egg built by
setup.py and deployed through addversion.json as `scrapyd-deploy` does, and the
environment of a node: the store (`PACTWATCH_DATABASE_URL`) and a config
(`PACTWATCH_CONFIG`) naming the sample news site's sources and a `slow` one whose page
stalls past the download timeout (so a crawl of it lasts ~4 s).
"""

from __future__ import annotations

import base64
import logging
import os
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from pactwatch.core.config import ConfigError, CrawlConfig, ServiceConfig, parse_config
from pactwatch.core.db import upgrade
from pactwatch.service import leases
from pactwatch.service.crawls import INTERRUPTED, KILLED_TIMEOUT, Busy, Outcome
from pactwatch.service.models import CrawlLease
from pactwatch.service.scrapyd import UNREACHABLE, ScrapydCrawls
from pactwatch.service.scrapyd_api import LEASE_HELD, Node
from pipeline.db import make_engine
from pipeline.models import CrawlRun
from tests.conftest import FAST_CRAWL, Cli
from tests.databases import fresh_database_url
from tests.pactwatch.service.conftest import FAST_SERVICE, wait_until
from tests.scrapyd_nodes import PROJECT, ScrapydNode, build_egg, free_port

pytestmark = pytest.mark.slow

# The tests' fast crawl settings, run on the Scrapyd nodes.
CRAWL = FAST_CRAWL.replace("[crawl]\n", '[crawl]\nexecutor = "scrapyd"\nscrapyd_urls = [{urls}]\n')
SLOW = """
[[sources]]
name = "slow"
start_urls = ["{base}/faults/slow.html"]
article_patterns = ['/never/\\d+$']
every = "20s"
allow_private_addresses = true
"""


@dataclass
class Farm:
    """The nodes, the store they write to and the config they read."""

    root: Path
    store: str
    config: Path
    nodes: list[ScrapydNode]
    engine: sa.Engine

    def dispatcher(self, urls: list[str] | None = None, **service: str) -> ScrapydCrawls:
        crawls = ScrapydCrawls(self.engine, stop_event=threading.Event())
        nodes = urls if urls is not None else [node.url for node in self.nodes]
        limits = ServiceConfig.model_validate({**FAST_SERVICE, **service})
        crawls.configure(CrawlConfig(executor="scrapyd", scrapyd_urls=nodes), limits)
        return crawls

    def runs(self, source: str) -> list[CrawlRun]:
        with Session(self.engine) as session:
            query = select(CrawlRun).where(CrawlRun.source == source).order_by(col(CrawlRun.id))
            return list(session.exec(query).all())

    def finished_jobs(self, node: ScrapydNode) -> set[str]:
        return {job["id"] for job in node.jobs()["finished"]}


def _toml(nodes: list[ScrapydNode], sources: str) -> str:
    urls = ", ".join(f'"{node.url}"' for node in nodes)
    service = "\n[service]\n" + "".join(f'{k} = "{v}"\n' for k, v in FAST_SERVICE.items())
    return CRAWL.format(urls=urls) + service + sources


@pytest.fixture(scope="module")
def farm(tmp_path_factory: pytest.TempPathFactory, sample_site: Any) -> Iterator[Farm]:
    root = tmp_path_factory.mktemp("scrapyd")
    store = fresh_database_url(root)
    upgrade(store)
    egg = build_egg(root / "egg")
    config = root / "nodes.toml"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(PACTWATCH_DATABASE_URL=store, PACTWATCH_CONFIG=str(config))
    engine = make_engine(store)
    with ExitStack() as stack:
        stack.callback(engine.dispose)
        nodes = [stack.enter_context(ScrapydNode.start(root / f"node{i}", env)) for i in (1, 2)]
        with ThreadPoolExecutor(2) as pool:  # each runs `scrapy list` on the egg: seconds
            assert list(pool.map(lambda node: node.deploy(egg), nodes)) == [1, 1]
        slow = SLOW.format(base=sample_site.base_url)
        config.write_text(_toml(nodes, sample_site.sources_toml() + slow), "utf-8")
        yield Farm(root, store, config, nodes, engine)


@pytest.fixture
def cli(farm: Farm) -> Cli:
    """The CLI (and `runner`'s service) on the nodes' store."""
    return Cli(farm.root, farm.store)


def _canonical_urls(database_url: str) -> set[str]:
    engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:
            return set(connection.execute(sa.text("SELECT canonical_url FROM article")).scalars())
    finally:
        engine.dispose()


def test_a_dispatched_crawl_stores_what_a_local_crawl_stores(farm: Farm, tmp_path: Path) -> None:
    local = Cli(tmp_path, fresh_database_url(tmp_path))
    upgrade(local.database_url)
    # `pactwatch crawl` runs here whatever the executor, beside the dispatched crawl.
    by_hand = local.popen("crawl", "--source", "sample-cq", "--config", str(farm.config))
    outcome = farm.dispatcher().run("sample-cq")
    _, errors = by_hand.communicate(timeout=120)
    assert by_hand.returncode == 0, errors
    assert isinstance(outcome, Outcome), outcome
    assert (outcome.returncode, outcome.reason) == (0, None)
    (run,) = farm.runs("sample-cq")
    assert (run.status, run.finish_reason) == ("finished", "finished")
    stored = _canonical_urls(farm.store)
    assert stored == _canonical_urls(local.database_url)
    assert run.articles_new == len(stored) > 5
    with Session(farm.engine) as session:
        assert leases.holding(CrawlLease, "sample-cq", session=session) is None, "given up"


def test_the_service_dispatches_to_both_nodes(farm: Farm, runner: Any) -> None:
    before = [farm.finished_jobs(node) for node in farm.nodes]
    sources = farm.config.read_text("utf-8").split("[[sources]]")
    wanted = [s for s in sources if 'name = "sample-sc"' in s or 'name = "sample-cq"' in s]
    config = farm.root / "service.toml"
    every = "".join("[[sources]]" + s.replace('every = "30m"', 'every = "20s"') for s in wanted)
    config.write_text(_toml(farm.nodes, every), "utf-8")

    service = runner.start(PACTWATCH_CONFIG=str(config))
    used = {
        service.wait_log(rf"crawl of {source} on (\S+) \(job \w+\) finished in", 60).group(1)
        for source in ("sample-sc", "sample-cq")
    }
    code, _ = service.stop()
    assert code == 0, service.text()
    assert used == {node.url for node in farm.nodes}, service.text()
    after = [farm.finished_jobs(node) for node in farm.nodes]
    assert [len(a - b) for a, b in zip(after, before, strict=True)] == [1, 1]


def test_an_unreachable_node_is_skipped_and_logged(
    farm: Farm, caplog: pytest.LogCaptureFixture
) -> None:
    dead = f"http://127.0.0.1:{free_port()}/"
    live = farm.nodes[1]
    before = farm.finished_jobs(live)
    with caplog.at_level(logging.INFO, logger="pactwatch.service.scrapyd"):
        outcome = farm.dispatcher([dead, live.url]).run("sample-sc")
    assert isinstance(outcome, Outcome) and outcome.returncode == 0, caplog.text
    assert f"scrapyd node {dead} is unreachable, skipped" in caplog.text
    assert f"queued on {live.url}" in caplog.text
    assert len(farm.finished_jobs(live) - before) == 1

    # No node at all: not crawled, and a failed run says why.
    outcome = farm.dispatcher([dead]).run("sample-sc")
    assert isinstance(outcome, Outcome) and outcome.reason == UNREACHABLE
    last = farm.runs("sample-sc")[-1]
    assert (last.status, last.finish_reason) == ("failed", UNREACHABLE)


def test_the_lease_keeps_a_second_dispatch_off_a_running_crawl(
    farm: Farm, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs = len(farm.runs("slow"))
    first = farm.dispatcher()
    ended: list[Outcome | Busy] = []
    thread = threading.Thread(target=lambda: ended.append(first.run("slow")))
    thread.start()
    try:
        holding = wait_until(lambda: _live_lease(farm, "slow"), 20, "the node's crawl to lease")
        assert first.run("slow") == Busy("slow", None, None), "in flight here"
        other = farm.dispatcher()  # another scheduler, as on another machine
        assert other.run("slow") == Busy("slow", holding.holder, holding.expires_at)
        first.stop_event.set()  # the service stopping: the job is cancelled
    finally:
        thread.join(30)
    (outcome,) = ended
    assert isinstance(outcome, Outcome) and outcome.reason == INTERRUPTED, outcome
    assert str(outcome.pid) == holding.holder.split(":")[1], "the node's crawl held it"
    (run,) = farm.runs("slow")[runs:]
    assert (run.status, run.finish_reason) == ("failed", INTERRUPTED)
    assert _live_lease(farm, "slow") is None, "given up on the way out"

    # The lease taken between the check and the node's start: the node refuses the crawl.
    elsewhere = "elsewhere:1:x:0"
    with Session(farm.engine) as session, session.begin():
        assert leases.take(CrawlLease, "slow", elsewhere, timedelta(minutes=1), session=session)
    before = [farm.finished_jobs(node) for node in farm.nodes]
    monkeypatch.setattr(other, "_held_elsewhere", lambda source: None)
    assert other.run("slow") == Busy("slow", None, None)
    assert len(farm.runs("slow")) == runs + 1, "a refused crawl writes no run"
    (log,) = [
        node.job_log(job)
        for node, seen in zip(farm.nodes, before, strict=True)
        for job in farm.finished_jobs(node) - seen
    ]
    assert f"{LEASE_HELD}: slow is being crawled by {elsewhere}" in log
    assert "Spider closed (lease-held)" in log
    with Session(farm.engine) as session, session.begin():
        assert leases.release(CrawlLease, "slow", elsewhere, session=session)


def test_a_crawl_past_its_time_limit_is_recorded_killed_timeout(farm: Farm) -> None:
    outcome = farm.dispatcher(crawl_timeout="1s").run("slow")
    assert isinstance(outcome, Outcome) and outcome.returncode == 1, outcome
    run = farm.runs("slow")[-1]
    assert (run.status, run.finish_reason) == ("failed", KILLED_TIMEOUT)
    assert outcome.seconds < 1 + 3 + 4, "the node's own bound, or ours after the grace"


def _live_lease(farm: Farm, source: str) -> leases.Holding | None:
    with Session(farm.engine) as session:
        holding = leases.holding(CrawlLease, source, session=session)
    return holding if holding and holding.live() else None


def test_executor_scrapyd_needs_http_nodes() -> None:
    with pytest.raises(ConfigError, match="scrapyd_urls: at least one node"):
        parse_config('[crawl]\nexecutor = "scrapyd"\n')
    with pytest.raises(ConfigError, match="is not an http"):
        parse_config('[crawl]\nexecutor = "scrapyd"\nscrapyd_urls = ["ftp://node:6800"]\n')
    config = parse_config('[crawl]\nexecutor = "scrapyd"\nscrapyd_urls = ["https://u:p@n/s/"]\n')
    assert config.crawl.scrapyd_urls == ["https://u:p@n/s/"]
    assert config.crawl.scrapyd_project == PROJECT


def test_node_urls_keep_credentials_out_of_what_is_logged() -> None:
    node = Node.parse("https://crawler:p%40ss@crawl2.example.org:8443/scrapyd")
    assert str(node) == node.url == "https://crawl2.example.org:8443/scrapyd/"
    assert node.authorization == "Basic " + base64.b64encode(b"crawler:p@ss").decode()
    assert Node.parse("http://[::1]:6800").url == "http://[::1]:6800/"
    assert Node.parse("http://127.0.0.1:6800/").authorization is None


def test_one_job_crawls_a_batch_of_sources_each_with_its_own_run_and_lease(farm: Farm) -> None:
    names = ["sample-sc", "sample-cq"]
    before = {name: len(farm.runs(name)) for name in names}
    node = farm.nodes[0]
    api = Node.parse(node.url)
    job = api.schedule(
        PROJECT, args={"sources": ",".join(names)}, settings={}, jobid=uuid.uuid4().hex
    )
    wait_until(lambda: api.state(PROJECT, job) == "finished", 120, "the batch job to end")
    for name in names:
        (run,) = farm.runs(name)[before[name] :]
        assert (run.status, run.finish_reason) == ("finished", "finished"), name
        assert run.pages_fetched > 0
        assert _live_lease(farm, name) is None, "given up on the way out"
    log = node.job_log(job)
    assert "Spider closed (finished)" in log
    assert log.count("Dumping Scrapy stats") == len(names) + 1, "one crawler per source"


def test_sources_due_together_share_a_job_per_node(farm: Farm) -> None:
    node = farm.nodes[1]
    crawls = farm.dispatcher([node.url], batch_size="3", batch_window="5s")
    before = farm.finished_jobs(node)
    elsewhere = "elsewhere:1:x:0"
    with Session(farm.engine) as session, session.begin():
        assert leases.take(CrawlLease, "slow", elsewhere, timedelta(minutes=1), session=session)
    try:
        with ThreadPoolExecutor(3) as pool:
            outcomes = dict(
                zip(
                    ("sample-sc", "sample-cq", "slow"),
                    pool.map(crawls.run, ("sample-sc", "sample-cq", "slow")),
                    strict=True,
                )
            )
    finally:
        with Session(farm.engine) as session, session.begin():
            assert leases.release(CrawlLease, "slow", elsewhere, session=session)
    for name in ("sample-sc", "sample-cq"):
        outcome = outcomes[name]
        assert isinstance(outcome, Outcome) and (outcome.returncode, outcome.reason) == (0, None)
        assert farm.runs(name)[-1].status == "finished"
    assert isinstance(outcomes["slow"], Busy), "leased elsewhere: not sent"
    (job,) = farm.finished_jobs(node) - before
    assert node.job_log(job).count("Dumping Scrapy stats") == 3, "one job: leader + 2 crawls"
    assert not crawls.active()
