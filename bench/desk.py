"""Review desk under load: inbox, search and statistics pages over 100,000 stored articles.

Builds (once, then reused from `var/bench/desk-<n>.db`) a SQLite store with the real
schema: `n` articles over three years from 25 sources, a fifth of them agreements with
one to three agreements each across 川渝 cities and districts, a tenth folded as reprints,
the newest 2,000 waiting for review; 200 crawl runs per source; 2,000 subscribers. Then
starts `pactwatch serve --workers N` on it for each N compared, logs in, and sends each
page's requests from 8 concurrent clients, quoting per page the median and p95 of the
app's own time (`Server-Timing`, queueing excluded) and the p95 of the time a client
waited (queueing included). Finally prints the query plans of the
statistics queries.

    .venv/bin/python bench/desk.py [--articles 100000] [--requests 160] [--rebuild]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import sqlalchemy as sa
from sitegen import PLACES, SENTENCES, TOPICS

from notify.models import Subscriber
from pactwatch.core.db import upgrade
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.db import make_engine
from pipeline.gazetteer import lookup
from pipeline.models import Agreement, Article, CrawlRun, SourceState

REPO = Path(__file__).resolve().parents[1]
PASSWORD = "bench password for the desk"
SOURCES = [f"source-{n:02d}" for n in range(25)]
END = datetime(2026, 11, 22, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)
BATCH = 2_000
LABEL = (
    "INSERT INTO review_label (article_id, decision, corrections, reviewer, at) "
    "VALUES (1, 'approve', '{}', 'bench', ?)"
)
# What staff do at the desk, one entry per page measured: (label, path).
PAGES = [
    ("inbox (new, first page)", "/inbox"),
    ("inbox (all, agreements only)", "/inbox?agreements_only=1"),
    ("inbox (page 40, approved)", "DEEP"),
    ("inbox (region 泸州 + sector)", "/inbox?status=&region=泸州&sector=industry"),
    ("search 智能制造 (3+ chars)", "/inbox?status=&q=智能制造"),
    ("search 泸州 (2 chars)", "/inbox?status=&q=泸州"),
    ("search 协议 + filters", "/inbox?status=approved&q=协议&agreements_only=1"),
    # Tab counts are kept until the store changes: before each of these requests the bench
    # records a review label in the store, as a decision does, so every request counts
    # afresh, as the first view after each decision does.
    ("inbox (new), counts afresh", "AFRESH /inbox"),
    ("inbox (all), counts afresh", "AFRESH /inbox?status="),
    ("region 泸州 + sector, counts afresh", "AFRESH /inbox?status=&region=泸州&sector=industry"),
    ("search 智能制造, counts afresh", "AFRESH /inbox?status=&q=智能制造"),
    ("search 泸州, counts afresh", "AFRESH /inbox?status=&q=泸州"),
    ("statistics", "/stats"),
    ("sources", "/sources"),
]


def full_names() -> list[str]:
    names = []
    for place in PLACES:
        found = lookup(place)
        if found:
            names.append(found[0].full_name)
    return names


def _text(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        p, q = rng.sample(PLACES, 2)
        template = rng.choice(SENTENCES)
        out.append(
            template.format(
                p=p, q=q, t=rng.choice(TOPICS), n=rng.randint(2, 900), m=rng.randint(1, 99)
            )
        )
    return "".join(out)


def _articles(n: int, rng: random.Random, regions: list[str]) -> Iterator[tuple[dict, list[dict]]]:
    """(article row, its agreement rows), oldest first; ids are 1..n in this order."""
    agreement_ids: list[int] = []
    sectors = list(SECTOR_LABELS)
    for i in range(1, n + 1):
        fetched = END - SPAN + SPAN * (i / n)
        place, topic = rng.choice(PLACES), rng.choice(TOPICS)
        is_agreement = rng.random() < 0.2
        duplicate_of = None
        if agreement_ids and rng.random() < 0.1:
            duplicate_of = rng.choice(agreement_ids[-200:])
        title = f"{place}{'签署' + topic + '合作协议' if is_agreement else '推进' + topic + '工作'}"
        body = _text(rng, rng.randint(6, 12))
        link = f"https://news{i % 25}.example.cn/a/{i}.html"
        status = "new" if i > n - 2_000 else rng.choice(("approved", "approved", "rejected"))
        row = {
            "id": i, "source": rng.choice(SOURCES), "url": link, "canonical_url": link,
            "title": title,
            "text": body, "norm_title": title, "norm_text": body, "language": "zh-Hans",
            "published_at": fetched - timedelta(hours=rng.randint(1, 48)), "fetched_at": fetched,
            "content_hash": f"{i:064x}", "encoding": "utf-8", "extract_method": "density",
            "status": status, "is_agreement": is_agreement, "score": rng.random(),
            "rule_score": rng.random(), "evidence": [body[:60]] if is_agreement else [],
            "duplicate_of": duplicate_of, "duplicate_reason": "near" if duplicate_of else None,
        }  # fmt: skip
        agreements = []
        if is_agreement:
            agreement_ids.append(i)
            for position in range(rng.randint(1, 3)):
                agreements.append({
                    "article_id": i, "position": position, "title": f"{topic}合作协议",
                    "parties": [f"{p}人民政府" for p in rng.sample(PLACES, 2)],
                    "regions": rng.sample(regions, 2),
                    "signed_on": f"{fetched:%Y-%m-%d}",
                    "sectors": rng.sample(sectors, rng.randint(1, 2)), "in_region": True,
                    "evidence": body[:60], "corrected": False,
                })  # fmt: skip
        yield row, agreements


def build(path: Path, n: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(path.name + "*"):
        stale.unlink()
    url = f"sqlite:///{path}"
    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(20261122)
    started = time.perf_counter()
    with engine.begin() as db:
        db.execute(sa.insert(SourceState), [{"name": s, "title": s} for s in SOURCES])
        runs = [
            {"source": s, "started_at": END - timedelta(hours=6 * k), "status": "finished",
             "finished_at": END - timedelta(hours=6 * k) + timedelta(minutes=2),
             "pages_fetched": rng.randint(5, 60), "articles_new": rng.randint(0, 20),
             "errors": rng.randint(0, 3), "errors_by_kind": {"timeout": 1}}
            for s in SOURCES for k in range(200)
        ]  # fmt: skip
        db.execute(sa.insert(CrawlRun), runs)
        db.execute(
            sa.insert(Subscriber),
            [
                {"email": f"reader{k}@example.com", "status": "confirmed", "regions": ["510500"],
                 "sectors": ["industry"], "keywords": [], "frequency": "daily", "hour": 8,
                 "weekday": 0, "in_region_only": True, "timezone": "Asia/Shanghai",
                 "created_at": END, "updated_at": END, "token_version": 0}
                for k in range(2_000)
            ],
        )  # fmt: skip
    regions = full_names()
    articles, agreements = [], []
    for row, rows in _articles(n, rng, regions):
        articles.append(row)
        agreements.extend(rows)
        if len(articles) >= BATCH:
            _flush(engine, articles, agreements)
    _flush(engine, articles, agreements)
    engine.dispose()  # no ANALYZE: like a store the service filled (the plans do not need it)
    print(f"built {path} ({n} articles) in {time.perf_counter() - started:.0f} s", flush=True)


def _flush(engine: sa.Engine, articles: list[dict], agreements: list[dict]) -> None:
    with engine.begin() as db:
        if articles:
            db.execute(sa.insert(Article), articles)
        if agreements:
            db.execute(sa.insert(Agreement), agreements)
    articles.clear()
    agreements.clear()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(path: Path, workers: int = 1) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(
        PACTWATCH_DATABASE_URL=f"sqlite:///{path}",
        PACTWATCH_SECRET_KEY="bench-secret-long-enough-for-serve",
        PACTWATCH_ADMIN_PASSWORD=PASSWORD,
        PACTWATCH_LOG_LEVEL="ERROR",
    )
    process = subprocess.Popen(
        [sys.executable, "-m", "pactwatch", "serve", "--port", str(port),
         "--workers", str(workers)],
        cwd=path.parent, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                return process, base
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise SystemExit("the desk did not start")


def login(base: str) -> httpx.Cookies:
    with httpx.Client(base_url=base, timeout=30) as client:
        form = client.get("/login").text
        token = re.search(r'name="csrf_token" value="([^"]+)"', form)
        assert token, "no CSRF token on the login form"
        data = {"username": "admin", "password": PASSWORD, "csrf_token": token.group(1)}
        reply = client.post("/login", data=data)
        assert reply.status_code == 303, reply.text
        return client.cookies


def deep_page(base: str, cookies: httpx.Cookies, pages: int = 40) -> str:
    """The path of the 40th page of approved stories (or the last, in a small store),
    following the pager's Older links."""
    path = "/inbox?status=approved"
    with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
        for _ in range(pages - 1):
            older = re.search(r'href="(/inbox\?[^"]*)" rel="next"', client.get(path).text)
            if older is None:
                break
            path = older.group(1).replace("&amp;", "&")
    return path


def load(
    base: str, cookies: httpx.Cookies, path: str, total: int, database: Path, workers: int = 8
) -> dict:
    """`total` GETs of `path` from `workers` clients at once: latencies and app times (ms).

    With `path` "AFRESH …", a review label is stored before each request (and all removed
    at the end), so nothing the desk keeps until the store changes is reused."""
    waited: list[float] = []
    app: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    afresh = path.startswith("AFRESH ")
    path = path.removeprefix("AFRESH ")
    store = sqlite3.connect(database, timeout=30, check_same_thread=False) if afresh else None

    def worker(count: int) -> None:
        with httpx.Client(base_url=base, cookies=cookies, timeout=60) as client:
            for _ in range(count):
                if store is not None:
                    with lock, store:
                        store.execute(LABEL, (datetime.now(UTC).isoformat(),))
                started = time.perf_counter()
                reply = client.get(path)
                elapsed = (time.perf_counter() - started) * 1000
                timing = re.search(r"app;dur=([\d.]+)", reply.headers.get("server-timing", ""))
                with lock:
                    waited.append(elapsed)
                    statuses[reply.status_code] = statuses.get(reply.status_code, 0) + 1
                    if timing:
                        app.append(float(timing.group(1)))

    with httpx.Client(base_url=base, cookies=cookies, timeout=60) as warm:
        for _ in range(3):
            warm.get(path)
    threads = [threading.Thread(target=worker, args=(total // workers,)) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if store is not None:
        with store:
            store.execute("DELETE FROM review_label WHERE reviewer = 'bench'")
        store.close()
    return {"app": app, "waited": waited, "statuses": statuses}


def _p(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def plans(path: Path) -> None:
    try:
        from pactwatch.web.desk.stats import query_plans  # type: ignore[attr-defined]
    except ImportError:
        print("(no query_plans in pactwatch.web.desk.stats yet)")
        return
    from sqlmodel import Session

    engine = make_engine(f"sqlite:///{path}")
    with Session(engine) as session:
        for name, lines in query_plans(session).items():
            print(f"\n{name}:")
            for line in lines:
                print(f"    {line}")
    engine.dispose()


def measure(path: Path, workers: int, requests: int) -> dict[str, dict]:
    """Each page's timings from a `pactwatch serve --workers N` on the store."""
    process, base = serve(path, workers)
    found = {}
    try:
        cookies = login(base)
        for label, page in PAGES:
            url = deep_page(base, cookies) if page == "DEEP" else page
            found[label] = r = load(base, cookies, url, requests, path)
            if set(r["statuses"]) != {200}:
                raise SystemExit(f"{label}: answers {r['statuses']}")
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=20)
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=160)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--workers", default="1,2", help="server processes to compare: 1,2")
    args = parser.parse_args()
    path = REPO / "var" / "bench" / f"desk-{args.articles}.db"
    if args.rebuild or not path.exists():
        build(path, args.articles)
    upgrade(f"sqlite:///{path}")  # a store built by an older schema is migrated, as in production
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    )
    print(f"store: {args.articles} articles, {path.stat().st_size / 1e6:.0f} MB; "
          f"{args.requests} requests per page from 8 concurrent clients")  # fmt: skip
    workers = [int(n) for n in args.workers.split(",")]
    results = {n: measure(path, n, args.requests) for n in workers}
    print(f"\n{'':38} " + " ".join(f"{f'{n} worker(s)':>32}" for n in workers))
    heads = ("app p50", "app p95", "wait p95")
    print(f"{'page':38} " + " ".join(" ".join(f"{h:>10}" for h in heads) for _ in workers))
    for label, _ in PAGES:
        cells = []
        for n in workers:
            r = results[n][label]
            cells.append(
                f"{statistics.median(r['app'] or [float('nan')]):10.1f} "
                f"{_p(r['app'], 0.95):10.1f} {_p(r['waited'], 0.95):10.1f}"
            )
        print(f"{label:38} " + " ".join(cells))
    plans(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
