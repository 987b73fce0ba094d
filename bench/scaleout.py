"""Scale-out benchmark: the same crawl load on the local executor vs two Scrapyd nodes.

    python bench/scaleout.py [-n 2000] [--sources 4] [--parallel 2] [--repeat 3] [--batch 1]

Generates (once, cached under bench/out/) `--sources` sites of n/sources article pages with
bench/sitegen.py (different seeds), serves them from one sample-site process on 127.0.0.1
and starts a throwaway PostgreSQL (deploy/postgres-for-tests.sh). Each round crawls every
source once into a fresh database, `--parallel` crawls at a time, two ways:

- local: `pactwatch.service.crawls.Crawls`, a `pactwatch crawl` process per source, as
  `pactwatch run` does with `executor = "local"`;
- scrapyd: `pactwatch.service.scrapyd.ScrapydCrawls` over two Scrapyd nodes on loopback
  (max_proc = parallel / 2 each), running the egg built from this tree.

`--batch N` > 1 makes every source due at once, gathered into batches of up to N sources
(`[service] batch_size`): one `pactwatch crawl` process per batch locally, one job per
node with Scrapyd.

Timed from the first crawl started to the last one ended (node start and egg deploy are
not). Then the two stores are compared: the same canonical URLs, as many duplicates and
agreements. Prints a Markdown table of medians; writes bench/out/scaleout-batchN.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]
from sitegen import generate  # noqa: E402

from pactwatch.core.config import CrawlConfig, ServiceConfig  # noqa: E402
from pactwatch.core.db import upgrade  # noqa: E402
from pactwatch.service.crawls import CrawlLimits, Crawls, Launch, Outcome  # noqa: E402
from pactwatch.service.scrapyd import ScrapydCrawls  # noqa: E402
from pipeline.db import make_engine  # noqa: E402
from tests.scrapyd_nodes import ScrapydNode, build_egg, free_port  # noqa: E402

CRAWL = """[crawl]
download_delay = 0
autothrottle = false
concurrency = 16
concurrency_per_domain = 16
"""
SERVICE = ServiceConfig.model_validate({"crawl_timeout": "1h", "crawl_memory_mb": 0})
BATCH_WINDOW = 2.0  # seconds a batch waits for batch-mates, as the service's default
DUPLICATES = """
SELECT a.canonical_url, r.canonical_url, a.duplicate_reason
FROM article a JOIN article r ON r.id = a.duplicate_of
"""


def site_dirs(total: int, sources: int) -> dict[str, Path]:
    """One generated site per source, `total / sources` articles each, cached."""
    per = total // sources
    dirs = {}
    for index in range(1, sources + 1):
        directory = HERE / "out" / f"scaleout-{index}-{per}"
        labels = directory / "labels.jsonl"
        if not labels.exists() or sum(1 for _ in labels.open()) != per:
            print(f"generating {per} pages into {directory} …", flush=True)
            generate(directory, per, seed=index)
        dirs[f"b{index}"] = directory
    return dirs


@contextmanager
def sample_site(dirs: dict[str, Path]) -> Iterator[str]:
    """The sample site in a process of its own (its threads off this one's GIL); base URL."""
    command = [sys.executable, "-m", "pactwatch.sample_site", "--port", str(free_port())]
    command += [arg for name, path in dirs.items() for arg in ("--dir", f"{name}={path}")]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()  # "sample site: http://127.0.0.1:PORT/"
        yield first.split(": ", 1)[1].strip().rstrip("/")
    finally:
        process.terminate()
        process.wait(10)
        if process.stdout is not None:
            process.stdout.close()


def sources_toml(base: str, dirs: dict[str, Path]) -> str:
    """Each directory's sitegen fragment, filled in as SampleSite fills it."""
    return "\n".join(
        (path / "sources.toml")
        .read_text("utf-8")
        .replace("@BASE@", f"{base}/{name}")
        .replace("@NAME@", f"sample-{name}")
        for name, path in dirs.items()
    )


@contextmanager
def postgres() -> Iterator[str]:
    """A throwaway server; its own directory, which the postgres user must reach as root."""
    script = REPO / "deploy" / "postgres-for-tests.sh"
    with tempfile.TemporaryDirectory(prefix="pactwatch-pg.") as directory:
        start = [str(script), "start", directory, str(free_port())]
        url = subprocess.run(start, check=True, capture_output=True, text=True).stdout.strip()
        try:
            yield url
        finally:
            subprocess.run([str(script), "stop", directory], check=False)


def new_store(server: str, name: str) -> str:
    engine = sa.create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
            connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    finally:
        engine.dispose()
    url = sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False)
    upgrade(url)
    return url


def crawl_all(
    executor: Crawls | ScrapydCrawls, names: Sequence[str], parallel: int, batch: int
) -> float:
    """Every source once, `parallel` at a time (all due at once when batching); seconds."""
    started = time.perf_counter()
    with ThreadPoolExecutor(len(names) if batch > 1 else parallel) as pool:
        outcomes = list(pool.map(executor.run, names))
    seconds = time.perf_counter() - started
    failed = [o for o in outcomes if not isinstance(o, Outcome) or o.returncode != 0]
    if failed:
        raise SystemExit(f"crawls failed: {failed}")
    return seconds


def local_round(
    server: str, workdir: Path, config: Path, names: Sequence[str], parallel: int, batch: int
) -> tuple[float, str]:
    store = new_store(server, "local")
    os.environ["PACTWATCH_DATABASE_URL"] = store  # what the crawl processes inherit
    engine = make_engine(store)
    try:
        launch = Launch(config, workdir, Path("logs-local"))
        crawls = Crawls(
            engine,
            launch=launch,
            limits=CrawlLimits.of(SERVICE),
            batch_size=batch,
            batch_window=BATCH_WINDOW,
            processes=parallel,
        )
        return crawl_all(crawls, names, parallel, batch), store
    finally:
        engine.dispose()


def scrapyd_round(
    server: str,
    workdir: Path,
    config: Path,
    egg: Path,
    names: Sequence[str],
    parallel: int,
    batch: int,
) -> tuple[float, str]:
    store = new_store(server, "scrapyd")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(PACTWATCH_DATABASE_URL=store, PACTWATCH_CONFIG=str(config))
    engine = make_engine(store)
    per_node = max(parallel // 2, 1)
    with ExitStack() as stack:
        stack.callback(engine.dispose)
        nodes = [
            stack.enter_context(ScrapydNode.start(workdir / f"node{i}", env, max_proc=per_node))
            for i in (1, 2)
        ]
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda node: node.deploy(egg), nodes))
        crawls = ScrapydCrawls(engine, stop_event=threading.Event())
        urls = [node.url for node in nodes]
        service = SERVICE.model_copy(
            update={"batch_size": batch, "batch_window": timedelta(seconds=BATCH_WINDOW)}
        )
        crawls.configure(CrawlConfig(executor="scrapyd", scrapyd_urls=urls), service)
        return crawl_all(crawls, names, parallel, batch), store


def snapshot(store: str) -> dict[str, Any]:
    """What two stores of the same crawl must agree on."""
    engine = sa.create_engine(store, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as connection:

            def one(sql: str) -> Any:
                return connection.execute(sa.text(sql)).scalar_one()

            urls = set(connection.execute(sa.text("SELECT canonical_url FROM article")).scalars())
            links = connection.execute(sa.text(DUPLICATES)).all()
            return {
                "urls": urls,
                "links": {url: (root, reason) for url, root, reason in links},
                "articles": len(urls),
                "duplicates": one("SELECT count(*) FROM article WHERE duplicate_of IS NOT NULL"),
                "agreement_articles": one("SELECT count(*) FROM article WHERE is_agreement"),
                "agreements": one("SELECT count(*) FROM agreement"),
            }
    finally:
        engine.dispose()


def one_round(
    number: int, server: str, tmp: Path, config: Path, egg: Path, args: Any
) -> dict[str, Any]:
    names = [f"sample-b{i}" for i in range(1, args.sources + 1)]
    workdir = tmp / f"round{number}"
    workdir.mkdir()
    order = ["local", "scrapyd"] if number % 2 else ["scrapyd", "local"]  # neither always first
    results: dict[str, dict[str, Any]] = {}
    for kind in order:
        if kind == "local":
            seconds, store = local_round(server, workdir, config, names, args.parallel, args.batch)
        else:
            seconds, store = scrapyd_round(
                server, workdir, config, egg, names, args.parallel, args.batch
            )
        results[kind] = {"seconds": seconds, **snapshot(store)}
    local, remote = results["local"], results["scrapyd"]
    row = {
        f"{kind}_{key}": value
        for kind, result in results.items()
        for key, value in result.items()
        if key not in ("urls", "links")
    }
    row["same_urls"] = local["urls"] == remote["urls"]
    counted = ("articles", "agreement_articles", "agreements")
    row["same_counts"] = all(local[key] == remote[key] for key in counted)
    row["same_duplicates"] = local["duplicates"] == remote["duplicates"]
    # A story's root is its first stored copy, and near/event matches are not transitive:
    # which copies link where follows the order of ingestion, under any executor.
    a, b = stories(local["links"]), stories(remote["links"])
    row["other_story"] = sum(1 for url in a.keys() | b.keys() if a.get(url) != b.get(url))
    row["links_differ"] = {
        url: [local["links"].get(url), remote["links"].get(url)]
        for url in sorted(a.keys() | b.keys())
        if local["links"].get(url) != remote["links"].get(url)
    }
    for kind in ("local", "scrapyd"):
        row[f"{kind}_articles_per_s"] = results[kind]["articles"] / results[kind]["seconds"]
    return row


def stories(links: dict[str, tuple[str, str]]) -> dict[str, frozenset[str]]:
    """Each linked article's story: the articles its duplicate links connect it to."""
    parent: dict[str, str] = {}

    def root(url: str) -> str:
        while parent.setdefault(url, url) != url:
            url = parent[url]
        return url

    for url, (target, _) in links.items():
        parent[root(url)] = root(target)
    members: dict[str, set[str]] = {}
    for url in parent:
        members.setdefault(root(url), set()).add(url)
    return {url: frozenset(members[root(url)]) for url in parent}


def report(rounds: list[dict[str, Any]], args: Any) -> str:
    def med(key: str) -> float:
        return statistics.median(r[key] for r in rounds)

    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {args.sources} sources x {args.n // args.sources} "
        f"article pages; {args.parallel} crawls at a time; batches of {args.batch}; "
        f"PostgreSQL; medians of "
        f"{len(rounds)} round(s)",
        "",
        "| executor | seconds | articles | articles/s | duplicates | agreement articles |",
        "|---|---|---|---|---|---|",
    ]
    for kind, label in (("local", "local processes"), ("scrapyd", "2 Scrapyd nodes")):
        lines.append(
            f"| {label} | {med(f'{kind}_seconds'):.1f} | {med(f'{kind}_articles'):.0f} | "
            f"{med(f'{kind}_articles_per_s'):.1f} | {med(f'{kind}_duplicates'):.0f} | "
            f"{med(f'{kind}_agreement_articles'):.0f} |"
        )
    same = all(r["same_urls"] and r["same_counts"] for r in rounds)

    def spread(kind: str) -> str:
        values = sorted(r[f"{kind}_duplicates"] for r in rounds)
        return f"{values[0]}–{values[-1]}" if values[0] != values[-1] else str(values[0])

    equal = sum(r["same_duplicates"] for r in rounds)
    lines += [
        "",
        f"same canonical URLs, agreement articles and agreements in every round: {same}",
        f"duplicate links: local {spread('local')}, Scrapyd {spread('scrapyd')} over the "
        f"rounds; equal in {equal} of {len(rounds)}; articles in a different story: "
        f"{', '.join(str(r['other_story']) for r in rounds)}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="article pages in all")
    parser.add_argument("--sources", type=int, default=4)
    parser.add_argument("--parallel", type=int, default=2, help="crawls at a time")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--batch", type=int, default=1, help="sources per batch (1: none)")
    args = parser.parse_args()
    dirs = site_dirs(args.n, args.sources)
    rounds = []
    with tempfile.TemporaryDirectory() as name, ExitStack() as stack:
        tmp = Path(name)
        base = stack.enter_context(sample_site(dirs))
        server = stack.enter_context(postgres())
        config = tmp / "pactwatch.toml"
        config.write_text(CRAWL + "\n" + sources_toml(base, dirs), "utf-8")
        egg = build_egg(tmp / "egg")
        for number in range(1, args.repeat + 1):
            row = one_round(number, server, tmp, config, egg, args)
            print(f"round {number}: " + json.dumps(row, default=str), flush=True)
            rounds.append(row)
    text = report(rounds, args)
    print(text)
    out = HERE / "out" / f"scaleout-batch{args.batch}.json"
    out.write_text(json.dumps({"rounds": rounds, "report": text}, indent=2), "utf-8")


if __name__ == "__main__":
    main()
