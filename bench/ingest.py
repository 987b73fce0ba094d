"""Ingestion benchmark: bare Scrapy fetch vs `pactwatch crawl` vs the unchanged re-crawl.

    python bench/ingest.py [-n 5000] [--repeat 3] [--concurrency 16]

Generates (once, cached under bench/out/) a local site of N Chinese article pages of
20-100 KB with list pages of 50 links, 10% GBK; serves it on 127.0.0.1; then, per round:
(a) a bare Scrapy spider that only fetches, (b) a full `pactwatch crawl` into a fresh
SQLite store, (c) the same crawl again on the unchanged site. Prints medians as a Markdown
table and writes every figure to bench/out/ingest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

from pactwatch.sample_site import SampleSite

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from sitegen import generate  # noqa: E402

ARTICLE_RE = r"/news/\d{6}/t\d{8}_\d+\.html$"
FOLLOW_RE = r"/index_\d+\.html$"


def site_dir(n: int) -> Path:
    directory = HERE / "out" / f"site-{n}"
    labels = directory / "labels.jsonl"
    if not labels.exists() or sum(1 for _ in labels.open()) != n:
        print(f"generating {n} pages into {directory} …", flush=True)
        generate(directory, n)
    return directory


class PeakRss:
    """Samples the RSS of a process and its children (the extraction workers) every 50 ms."""

    def __init__(self, pid: int) -> None:
        self.process = psutil.Process(pid)
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                tree = [self.process, *self.process.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in tree))
            except psutil.Error:
                pass
            time.sleep(0.05)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


def timed(cmd: list[str], env: dict[str, str], cwd: Path) -> tuple[float, int]:
    started = time.perf_counter()
    process = subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    rss = PeakRss(process.pid)
    _, stderr = process.communicate()
    elapsed = time.perf_counter() - started
    peak = rss.stop()
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{stderr[-3000:]}")
    return elapsed, peak


def article_requests(site: SampleSite) -> int:
    pattern = re.compile(ARTICLE_RE)
    return sum(1 for r in site.requests() if pattern.search(r.path))


def one_round(site: SampleSite, n: int, concurrency: int, workdir: Path) -> dict[str, float]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    start_url = f"{site.base_url}/bench/index.html"
    site.reset_log()
    bare_s, bare_rss = timed(
        [
            sys.executable,
            str(HERE / "bare_spider.py"),
            start_url,
            ARTICLE_RE,
            FOLLOW_RE,
            str(concurrency),
        ],
        env,
        workdir,
    )
    bare_fetched = article_requests(site)

    db = workdir / "bench.db"
    db.unlink(missing_ok=True)
    env["PACTWATCH_DATABASE_URL"] = f"sqlite:///{db}"
    config = workdir / "pactwatch.toml"
    config.write_text(
        "[crawl]\ndownload_delay = 0\nautothrottle = false\n"
        f"concurrency = {concurrency}\nconcurrency_per_domain = {concurrency}\n\n"
        + site.sources_toml(["sample-bench"]),
        "utf-8",
    )
    pactwatch = [sys.executable, "-m", "pactwatch"]
    subprocess.run(
        [*pactwatch, "db", "upgrade"], env=env, cwd=workdir, check=True, capture_output=True
    )
    site.reset_log()
    full_s, full_rss = timed([*pactwatch, "crawl", "--config", str(config)], env, workdir)
    with sqlite3.connect(db) as connection:
        stored = connection.execute("SELECT count(*) FROM article").fetchone()[0]
    site.reset_log()
    again_s, _ = timed([*pactwatch, "crawl", "--config", str(config)], env, workdir)
    return {
        "bare_seconds": bare_s,
        "bare_pages": bare_fetched,
        "bare_pages_per_s": bare_fetched / bare_s,
        "bare_peak_rss_mb": bare_rss / 2**20,
        "full_seconds": full_s,
        "full_articles": stored,
        "full_articles_per_s": stored / full_s,
        "full_peak_rss_mb": full_rss / 2**20,
        "recrawl_seconds": again_s,
        "recrawl_requests": len(site.requests()),
        "recrawl_article_requests": article_requests(site),
        "n": n,
    }


def report(rounds: list[dict[str, float]]) -> str:
    med = {key: statistics.median(r[key] for r in rounds) for key in rounds[0]}
    ratio = med["full_articles_per_s"] / med["bare_pages_per_s"]
    share = med["recrawl_seconds"] / med["full_seconds"]
    lines = [
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; {int(med['n'])} article pages; "
        f"medians of {len(rounds)} rounds",
        "",
        "| run | seconds | pages/s | peak RSS MB | notes |",
        "|---|---|---|---|---|",
        f"| (a) bare Scrapy fetch | {med['bare_seconds']:.1f} | {med['bare_pages_per_s']:.0f} | "
        f"{med['bare_peak_rss_mb']:.0f} | {int(med['bare_pages'])} article pages fetched |",
        f"| (b) pactwatch crawl | {med['full_seconds']:.1f} | {med['full_articles_per_s']:.0f} | "
        f"{med['full_peak_rss_mb']:.0f} | {int(med['full_articles'])} articles stored; "
        f"(b)/(a) = {ratio:.2f} |",
        f"| (c) unchanged re-crawl | {med['recrawl_seconds']:.2f} | – | – | "
        f"{int(med['recrawl_requests'])} requests, {int(med['recrawl_article_requests'])} to "
        f"articles; {share:.1%} of (b)'s time |",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    directory = site_dir(args.n)
    rounds = []
    with SampleSite(extra_dirs={"bench": directory}) as site, tempfile.TemporaryDirectory() as tmp:
        for number in range(args.repeat):
            result = one_round(site, args.n, args.concurrency, Path(tmp))
            print(
                f"round {number + 1}: " + json.dumps({k: round(v, 2) for k, v in result.items()}),
                flush=True,
            )
            rounds.append(result)
    text = report(rounds)
    print(text)
    out = HERE / "out" / "ingest.json"
    out.write_text(json.dumps({"rounds": rounds, "report": text}, indent=2), "utf-8")


if __name__ == "__main__":
    main()
