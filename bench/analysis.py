"""Analysis throughput: extract + normalise + recognise + extract agreements + dedup, per article.

    python bench/analysis.py [-n 1000] [--repeat 3]

Uses the benchmark site's realistic pages (bench/sitegen.py, 20-100 KB, 10% GBK, ~5%
agreements), stores each into a fresh SQLite store with its duplicate check, as the crawl
does. One core: everything in this process. Two cores: extraction and analysis in two
worker processes (the crawl's pool), storing and dedup here. Prints medians as Markdown.
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
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from sqlmodel import Session

from pactwatch.db import upgrade
from pipeline import store
from pipeline.analysis import Processed, process_html
from pipeline.db import make_engine
from pipeline.dedup import ShingleLRU
from pipeline.understood_store import store_new_article
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


def _store_all(results: Iterable[tuple[str, Processed]], url: str) -> int:
    """Store as the crawl's StorePipeline does: one transaction per article, a shingle cache."""
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        store.ensure_source("bench", "bench", None, session=session)
    cache = ShingleLRU()
    stored = 0
    for path, (page, understood, body_z) in results:
        with Session(engine) as session, session.begin():
            done = store_new_article(
                "bench", f"http://bench.example/{path}", page, body_z, None, datetime.now(UTC),
                understood, session=session, cache=cache,
            )  # fmt: skip
        stored += done is not None
    engine.dispose()
    return stored


def run(corpus: list[tuple[str, bytes]], workers: int, workdir: Path) -> float:
    url = f"sqlite:///{workdir / f'analysis-{workers}-{time.monotonic_ns()}.db'}"
    upgrade(url)
    started = time.perf_counter()
    if workers == 1:
        results = ((p, process_html(body, None, f"http://bench.example/{p}")) for p, body in corpus)
        stored = _store_all(results, url)
    else:
        with extraction_pool(workers) as pool:
            futures = [
                (p, pool.submit(process_html, body, None, f"http://bench.example/{p}"))
                for p, body in corpus
            ]
            stored = _store_all(((p, f.result()) for p, f in futures), url)
    elapsed = time.perf_counter() - started
    assert stored == len(corpus), f"stored {stored} of {len(corpus)}"
    return len(corpus) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    corpus = pages(args.n)
    size = statistics.median(len(body) for _, body in corpus) / 1024
    figures: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(args.repeat):
            for workers in (1, 2):
                figures[workers].append(run(corpus, workers, Path(tmp)))
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
