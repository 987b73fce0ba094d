"""Near-duplicate lookup at scale: p50/p95 of find_duplicate + index_article, and peak RSS.

Builds a SQLite store with the real schema (`pactwatch.core.db.upgrade`), holding 1,000 real
corpus articles (`bench/dedup_corpus.py`, with text and band rows) plus synthetic background
articles: minimal article rows and one random bucket per band, which is what distinct
articles look like to LSH. At 10k, 100k and 1M stored articles it times 1,000 new articles
(500 unseen stories, 500 reprints) through `find_duplicate` + `index_article`, each in its
own transaction with its article row, rolled back so every checkpoint sees the same store.

    .venv/bin/python bench/dedup_scale.py [-n 1000000 | --quick] [--db PATH]
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import psutil
from sqlmodel import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup_corpus import Story, corpus

from pactwatch.core.db import upgrade
from pipeline import dedup
from pipeline.db import make_engine
from pipeline.dedup.minhash import DEFAULT
from pipeline.dedup.roots import reroot_if_earlier
from pipeline.normalise import normalise
from pipeline.page import content_hash

REAL = 1000
QUERIES = 1000
CHUNK = 20_000  # background articles per executemany batch: ~0.6 M band rows
ARTICLE_COLUMNS = (
    "id, source, url, canonical_url, title, text, norm_title, norm_text, language, fetched_at,"
    " content_hash, encoding, extract_method, status"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=1_000_000, help="articles stored at the end")
    parser.add_argument("--quick", action="store_true", help="stop at 100k articles")
    parser.add_argument("--db", type=Path, default=Path("bench/out/dedup_scale.db"))
    parser.add_argument("--no-reroot", action="store_true", help="time the lookup without it")
    args = parser.parse_args()
    total = 100_000 if args.quick else args.n
    checkpoints = sorted({size for size in (10_000, 100_000, 1_000_000) if size < total} | {total})
    for stale in args.db.parent.glob(args.db.name + "*"):
        stale.unlink()
    url = f"sqlite:///{args.db}"
    upgrade(url)
    stories = corpus(REAL + QUERIES // 2, QUERIES // 2, seed=5)
    queries = stories[REAL:]
    loader = _loader(args.db)
    started = time.perf_counter()
    _load_real(loader, stories[:REAL])
    load_seconds = time.perf_counter() - started
    stored = REAL
    print(f"{DEFAULT.bands} bands × {DEFAULT.rows} rows, k={DEFAULT.k}; {args.db}")
    print(" stored     | load s (cumul.) | p50 ms | p95 ms | max ms | links | RSS MB | db MB")
    rng = np.random.default_rng(1)
    for checkpoint in checkpoints:
        started = time.perf_counter()
        while stored < checkpoint:
            count = min(CHUNK, checkpoint - stored)
            _load_background(loader, stored + 1, count, rng)
            stored += count
        load_seconds += time.perf_counter() - started
        times, links = _time_queries(url, queries, stored)
        print(
            f" {stored:>10,} | {load_seconds:15.1f} | {_pct(times, 50):6.2f}"
            f" | {_pct(times, 95):6.2f} | {max(times):6.2f} | {links:5d} | {_rss_mb():6.0f} | "
            f"{args.db.stat().st_size / 2**20:5.0f}"
        )
    print(
        f"peak RSS of the whole run: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss >> 10} MB"
    )
    _explain(url)


def _loader(path: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=OFF")  # a benchmark store: speed over durability
    connection.execute("PRAGMA cache_size=-131072")  # 128 MB while loading
    connection.execute(
        "INSERT INTO source (name, title, first_seen_at) VALUES ('bench', '', ?)",
        ("2026-01-01 00:00:00",),
    )
    return connection


def _article_row(article_id: int, text: str) -> tuple[object, ...]:
    url = f"https://bench.example/{article_id:09d}"
    digest = content_hash(text) if text else f"{article_id:064x}"
    return (article_id, "bench", url, url, "", text, "", text, "zh", "2026-01-01 00:00:00",
            digest, "utf-8", "bench", "new")  # fmt: skip


def _load_real(connection: sqlite3.Connection, stories: list[Story]) -> None:
    articles: list[tuple[object, ...]] = []
    bands: list[tuple[int, ...]] = []
    for number, story in enumerate(stories, start=1):
        text = normalise(story.text)
        articles.append(_article_row(number, text))
        fp = dedup.fingerprint(text, content_hash(text))
        bands.extend((band, bucket, number) for band, bucket in enumerate(fp.bands))
    _insert(connection, articles, bands)


def _load_background(
    connection: sqlite3.Connection, first: int, count: int, rng: np.random.Generator
) -> None:
    ids = np.arange(first, first + count, dtype=np.int64)
    articles = [_article_row(int(i), "") for i in ids]
    bands: list[tuple[int, ...]] = []
    for band in range(DEFAULT.bands):
        # Random buckets, sorted within the batch so the primary-key index is written in
        # order: the same set of random buckets, loaded far faster.
        buckets = np.sort(rng.integers(-(2**63), 2**63 - 1, size=count, dtype=np.int64))
        bands.extend(zip([band] * count, buckets.tolist(), ids.tolist(), strict=True))
    _insert(connection, articles, bands)


def _insert(
    connection: sqlite3.Connection, articles: list[tuple[object, ...]], bands: list[tuple[int, ...]]
) -> None:
    connection.execute("BEGIN")
    connection.executemany(
        f"INSERT INTO article ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 14)})", articles
    )
    connection.executemany(
        "INSERT INTO minhash_band (band, bucket, article_id) VALUES (?, ?, ?)", bands
    )
    connection.execute("COMMIT")


REROOT = "--no-reroot" not in sys.argv  # without: the lookup alone, for comparison


def _time_queries(url: str, queries: list[Story], stored: int) -> tuple[list[float], int]:
    """Milliseconds of find_duplicate + index_article per query, and how many linked."""
    engine = make_engine(url)  # the production engine: WAL, BEGIN IMMEDIATE, default cache
    texts = [normalise(q.text) for q in queries]
    prints = [dedup.fingerprint(text, content_hash(text)) for text in texts]
    times, links = [], 0
    insert = f"INSERT INTO article ({ARTICLE_COLUMNS}) VALUES ({', '.join('?' * 14)})"
    for number, (text, fp) in enumerate(zip(texts, prints, strict=True)):
        article_id = stored + 1 + number
        with Session(engine) as session, session.begin():
            session.connection().exec_driver_sql(insert, _article_row(article_id, text))
            start = time.perf_counter()
            match = dedup.find_duplicate(fp, text, session=session, exclude_id=article_id)
            dedup.index_article(article_id, fp, session=session)
            if match is not None and REROOT:  # as store_new_article does after its insert
                reroot_if_earlier(article_id, match.article_id, session=session)
            times.append((time.perf_counter() - start) * 1000)
            links += match is not None
            session.rollback()
    engine.dispose()
    return times, links


def _explain(url: str) -> None:
    engine = make_engine(url)
    fp = dedup.fingerprint("泸州永川签署合作协议" * 20, "x")
    terms = " OR ".join(f"(band = {b} AND bucket = {v})" for b, v in enumerate(fp.bands[:2]))
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(
            f"EXPLAIN QUERY PLAN SELECT article_id, count(*) FROM minhash_band WHERE ({terms})"
            " AND article_id < 1000000000 GROUP BY article_id"
        ).all()
    print("query plan (2 of the bands):", "; ".join(str(row[-1]) for row in plan))
    engine.dispose()


def _pct(values: list[float], percent: float) -> float:
    return statistics.quantiles(values, n=100)[int(percent) - 1] if len(values) > 1 else values[0]


def _rss_mb() -> float:
    return psutil.Process().memory_info().rss / 2**20


if __name__ == "__main__":
    main()
