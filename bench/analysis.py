"""Analysis throughput: extract + normalise + recognise + extract agreements + dedup, per article.

    python bench/analysis.py [-n 1000] [--repeat 3]

Uses the benchmark site's realistic pages (bench/sitegen.py, 20-100 KB, 10% GBK, ~5%
agreements), stores each into a fresh SQLite store with its duplicate check, as the crawl
does. One core: everything in this process. Two cores: the crawl's pool of two worker
processes, each extracting, analysing and storing (SQLite serialises their writes).
Prints medians as Markdown.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from itertools import repeat
from pathlib import Path

from sqlmodel import Session

from pactwatch.core.db import upgrade
from pipeline import store
from pipeline.agreements import entities
from pipeline.db import make_engine
from pipeline.ingest import Fetched, ingest
from pipeline.workers import extraction_pool

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sitegen import generate  # noqa: E402


def pages(n: int) -> list[tuple[str, bytes]]:
    directory = HERE / "out" / f"site-{max(n, 1000)}"
    if not (directory / "labels.jsonl").exists():
        generate(directory, max(n, 1000))
    labels = [json.loads(line) for line in (directory / "labels.jsonl").open()][:n]
    return [(row["path"], (directory / row["path"]).read_bytes()) for row in labels]


def run(corpus: list[tuple[str, bytes]], workers: int, workdir: Path) -> float:
    """Articles/s through `ingest`, as the crawl's IngestPipeline runs it."""
    url = f"sqlite:///{workdir / f'analysis-{workers}-{time.monotonic_ns()}.db'}"
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        store.ensure_source("bench", "bench", None, session=session)
    engine.dispose()
    now = datetime.now(UTC)
    pages = [Fetched("bench", f"http://bench.example/{p}", body, None, now) for p, body in corpus]
    started = time.perf_counter()
    if workers == 1:
        outcomes = [ingest(page, url) for page in pages]
    else:
        with extraction_pool(workers) as pool:
            outcomes = list(pool.map(ingest, pages, repeat(url), chunksize=4))
    elapsed = time.perf_counter() - started
    stored = sum(o.article_id is not None for o in outcomes)
    assert stored == len(corpus), f"stored {stored} of {len(corpus)}"
    return len(corpus) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = pages(args.n)
    size = statistics.median(len(body) for _, body in corpus) / 1024
    figures: dict[str, list[float]] = {"1": [], "2": [], "1, tagger off": []}
    tagger = entities._tagger
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for workers in (1, 2):
                figures[str(workers)].append(run(corpus, workers, Path(tmp)))
            # The same pages with parties from the rules alone: the tagger's own cost.
            entities._tagger = lambda: None  # type: ignore[assignment]
            figures["1, tagger off"].append(run(corpus, 1, Path(tmp)))
            entities._tagger = tagger
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {len(corpus)} pages (median {size:.0f} KB); "
        f"medians of {args.repeat} rounds\n"
    )
    print("| workers | articles/s (median) | rounds |\n|---|---|---|")
    for workers, values in figures.items():
        rounds = ", ".join(f"{v:.0f}" for v in values)
        print(f"| {workers} | {statistics.median(values):.0f} | {rounds} |")


if __name__ == "__main__":
    main()
