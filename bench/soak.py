"""Soak: `pactwatch run` with 50 one-minute sources and 1,000 subscribers for 10 minutes.

An hour of a busy service compressed to minutes. The bundled sample site (in this process)
serves 50 sources, each due every minute:

    40  bench-NN      one list page of 50 generated articles each (bench/sitegen.py, 2,000
                      pages of 20-100 kB); after the first crawl each answers 304
     2  sample-cq/sc  the two sample CMSs; one new agreement story appears on one of them
                      every minute, so recrawls find news and immediate alerts go out
     1  sample-faults every fault of the sample site (20 MB pages, loops, a 2,000-link list)
     7  fault-*       a list page that is 500, 404, slower than the crawl timeout, a closed
                      port, a reset connection, a truncated body, a 20 MB stream

1,000 confirmed subscribers: 60 % daily at the current hour, 30 % immediate, 10 % weekly
(new, so their first weekly digest is due at once); a quarter each with no filter, 重庆,
四川, or a sector. Mail goes over SMTP to a counting aiosmtpd sink here. The daily digest job runs
at quarter hours, which a 10-minute window may miss: before the start its stored next run
is moved to the window's middle (the service keeps an unchanged job's next run time).

Every 10 s the service's resident memory (alone, and with its crawl processes) is sampled.
At the end /metrics is scraped (job lag, fires by outcome), the service gets SIGTERM, and
the store says what was crawled and mailed. Prints a Markdown report; bench/out/soak.json.

    .venv/bin/python bench/soak.py [--minutes 10] [--crawls 2] [--every 1] [--database-url URL]
                                   [--keep DIR]
    .venv/bin/python bench/soak.py --minutes 2      # smoke: same shape, two minutes
    .venv/bin/python bench/soak.py --bulk 450 --every 30 --minutes 40   # 500 sources, batched
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import psutil
from aiosmtpd.controller import Controller
from sitegen import AGREEMENT_SENTENCES, SENTENCES, generate
from soak_report import (
    crawl_figures,
    job_figures,
    log_figures,
    mail_figures,
    print_report,
    rss_summary,
    store_figures,
)
from sqlmodel import Session

from notify.subscriptions import parse_preferences, subscribe
from pactwatch.core.config import load_config
from pactwatch.core.db import upgrade
from pactwatch.sample_site import SampleSite
from pactwatch.sample_site.catalogue import SampleArticle
from pactwatch.service.schedule import desired_jobs, make_scheduler, sync_jobs
from pipeline.db import make_engine

HERE = Path(__file__).resolve().parent
SECRET = "soak-benchmark-secret-of-32-chars"  # at least 24, as `serve` demands
TZ = ZoneInfo("Asia/Shanghai")  # the service's default PACTWATCH_TIMEZONE
LISTS, PER_LIST = 40, 50  # bench-NN sources, articles on each one's list page
SLOW_SECONDS = 15.0  # /faults/slow.html; the crawl gives up after `timeout` = 10 s
FAULT_PATHS = {
    "fault-500": "/faults/error.html",
    "fault-404": "/faults/missing.html",
    "fault-slow": "/faults/slow.html",
    "fault-reset": "/faults/dropped.html",
    "fault-truncated": "/faults/truncated.html",
    "fault-huge": "/faults/huge-stream.html",
}
# Loopback, so no politeness delay; one extraction worker: a worker per core doubles a
# recrawl's CPU (3.7 s against 1.6 s measured) for lists of 50 links.
CRAWL = """[crawl]
download_delay = 0
autothrottle = false
concurrency_per_domain = 8
timeout = 10
retries = 1
extract_workers = 1
"""
ARTICLE_PATTERN = r"/news/\d{6}/t\d{8}_\d+\.html$"


def source(name: str, start: str, pattern: str = ARTICLE_PATTERN) -> str:
    return (
        f'[[sources]]\nname = "{name}"\nstart_urls = ["{start}"]\n'
        f"article_patterns = ['{pattern}']\nevery = \"30m\"\nmax_pages = 60\n"
        "allow_private_addresses = true\n"
    )


def config_toml(site: SampleSite, closed_port: int, args: Any) -> str:
    """The 50 sources, every `args.every` minutes, and `[service] max_concurrent_crawls`."""
    tables = [site.sources_toml(["sample-cq", "sample-sc", "sample-faults"])]
    for n in range(1, LISTS + 1):
        page = "index.html" if n == 1 else f"index_{n}.html"
        tables.append(source(f"bench-{n:02d}", f"{site.base_url}/bench/{page}"))
    for name, path in FAULT_PATHS.items():
        tables.append(source(name, site.url(path), r"/content_\d+\.htm$"))
    tables.append(source("fault-refused", f"http://127.0.0.1:{closed_port}/news/index.html"))
    tables += bulk_sources(site, closed_port, args.bulk)
    sources = "\n".join(tables).replace('every = "30m"', f'every = "{args.every}m"')
    service = f"max_concurrent_crawls = {args.crawls}\nbatch_size = {args.batch_size}\n"
    return CRAWL + f"\n[service]\n{service}\n" + sources


def bulk_sources(site: SampleSite, closed_port: int, count: int) -> list[str]:
    """`count` more sources in the mix above: 4 in 5 a bench list, 1 in 5 a fault.

    Each has a start URL of its own (the site ignores the query), so each keeps its own
    validators and answers 304 from its second crawl on; their articles are the lists'.
    """
    faults = [site.url(path) for path in FAULT_PATHS.values()]
    faults.append(f"http://127.0.0.1:{closed_port}/news/index.html")
    tables = []
    for n in range(count):
        name = f"bulk-{n:03d}"
        if n % 5 == 4:
            start, pattern = faults[(n // 5) % len(faults)], r"/content_\d+\.htm$"
        else:
            page = n % LISTS + 1
            start = f"{site.base_url}/bench/{'index' if page == 1 else f'index_{page}'}.html"
            pattern = ARTICLE_PATTERN
        tables.append(source(name, f"{start}?s={name}", pattern))
    return tables


def closed_port() -> int:
    """A port nobody listens on: connections to it are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def subscribe_all(database_url: str, count: int, now: datetime) -> dict[str, int]:
    """`count` confirmed subscribers of mixed frequency and filters; how many of each."""
    local = now.astimezone(TZ)
    filters: list[dict[str, Any]] = [{}, {"regions": ["重庆"]}, {"regions": ["四川"]}]
    filters.append({"sectors": ["industry", "transport", "innovation"]})
    frequencies = ["daily"] * 6 + ["immediate"] * 3 + ["weekly"]
    made: dict[str, int] = {}
    engine = make_engine(database_url)
    with Session(engine) as session:
        for n in range(count):
            frequency = frequencies[n % len(frequencies)]
            prefs = parse_preferences(
                **filters[n % len(filters)], frequency=frequency, hour=local.hour,
                weekday=(local.weekday() + 3) % 7,
            )  # fmt: skip
            subscribe(f"reader{n:04d}@example.org", prefs, session=session, confirmed=True)
            made[frequency] = made.get(frequency, 0) + 1
        session.commit()
    engine.dispose()
    return made


def seed_jobs(database_url: str, config_path: Path, digest_at: datetime) -> None:
    """Store the service's jobs as it would, with the digest job's next run at `digest_at`."""
    engine = make_engine(database_url)  # the job store disposes of it at shutdown
    scheduler = make_scheduler(engine, TZ, 2)
    scheduler.start(paused=True)
    try:
        sync_jobs(scheduler, desired_jobs(load_config(config_path), TZ, datetime.now(UTC)))
        scheduler.modify_job("digest", next_run_time=digest_at)
    finally:
        scheduler.shutdown(wait=False)


class Sink:
    """An SMTP server that counts what it is given (aiosmtpd handler)."""

    def __init__(self) -> None:
        self.messages = 0
        self.recipients: set[str] = set()
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            self.messages += 1
            self.recipients.update(envelope.rcpt_tos)
        return "250 OK"


class Publisher(threading.Thread):
    """One new agreement story a minute, on sample-cq and sample-sc in turn."""

    def __init__(self, site: SampleSite, every: float = 60.0) -> None:
        super().__init__(name="publisher", daemon=True)
        self.site, self.every, self.stop = site, every, threading.Event()
        self.template = next(a for a in site.articles() if a.site == "cq")
        self.published = 0
        self.rng = random.Random(11)

    def run(self) -> None:
        while not self.stop.wait(0 if self.published == 0 else self.every):
            self.site.publish(self.article(self.published))
            self.published += 1

    def article(self, n: int) -> SampleArticle:
        places = ("泸州市", "永川区", "荣昌区", "内江市", "江津区", "宜宾市", "綦江区", "遂宁市")
        p, q = self.rng.sample(places, 2)
        lead = self.rng.choice(AGREEMENT_SENTENCES).format(p=p, q=q, t="成渝协同", n=5, m=n + 1)
        body = [lead] + [
            self.rng.choice(SENTENCES).format(p=p, q=q, t="协同发展", n=n + 3, m=n + 7)
            for _ in range(6)
        ]
        return replace(
            self.template, key=f"soak-{n}", number=90_000 + n, site=("cq", "sc")[n % 2],
            headline=f"{p}与{q}签署成渝协同合作协议（第{n + 1}批）", paragraphs=tuple(body),
            published=datetime.now(TZ), kind="synthetic", reprint_of=None, url="",
        )  # fmt: skip


@dataclass
class Sample:
    at: float  # seconds since the service listened
    rss_mb: float  # the service process alone
    total_mb: float  # with its crawl processes and their workers
    children: int
    service_cpu_s: float  # user + system seconds of the service process so far
    machine_cpu: float  # % of all cores busy since the last sample (other agents too)


@dataclass(eq=False)  # a thread must stay hashable
class Sampler(threading.Thread):
    """Every `every` s: the service's resident memory, its children's, and the CPU in use."""

    pid: int
    every: float = 10.0
    samples: list[Sample] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        super().__init__(name="sampler", daemon=True)
        self.started = time.monotonic()
        psutil.cpu_percent()  # the first call only starts the count

    def run(self) -> None:
        while not self.stop.wait(0 if not self.samples else self.every):
            try:
                self.samples.append(self.take())
            except psutil.NoSuchProcess:
                return

    def take(self) -> Sample:
        service = psutil.Process(self.pid)
        rss, total, children = service.memory_info().rss, 0, service.children(recursive=True)
        for child in children:
            try:
                total += child.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        mb, cpu = 1024 * 1024, service.cpu_times()
        return Sample(
            round(time.monotonic() - self.started, 1), rss / mb, (rss + total) / mb,
            len(children), cpu.user + cpu.system, psutil.cpu_percent(),
        )  # fmt: skip


def start_service(work: Path, config: Path, database_url: str, smtp_port: int) -> Any:
    """`pactwatch run` as a user starts it; returns once it schedules (or stops it and fails)."""
    port = closed_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(
        PACTWATCH_SECRET_KEY=SECRET, PACTWATCH_DATABASE_URL=database_url,
        PACTWATCH_CONFIG=str(config), PACTWATCH_SMTP_URL=f"smtp://127.0.0.1:{smtp_port}",
        PACTWATCH_LOG_FORMAT="text",
    )  # fmt: skip
    log = work / "service.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-m", "pactwatch", "run", "--port", str(port)],
            cwd=work, env=env, stdin=subprocess.DEVNULL, stdout=sink, stderr=subprocess.STDOUT,
        )  # fmt: skip
    deadline = time.monotonic() + 60
    while "scheduling: this process" not in log.read_text("utf-8", "replace"):
        if process.poll() is not None or time.monotonic() > deadline:
            stop_service(process)
            raise SystemExit(f"the service did not start:\n{log.read_text('utf-8', 'replace')}")
        time.sleep(0.2)
    return process, port, log


def observe(process: Any, port: int, minutes: int) -> tuple[list[Sample], dict[str, float]]:
    """Sample the service for `minutes`, then scrape its /metrics."""
    sampler = Sampler(process.pid)
    sampler.start()
    try:
        for minute in range(minutes):
            time.sleep(60)
            last = sampler.samples[-1]
            print(f"  {minute + 1} min: service {last.rss_mb:.0f} MB, "
                  f"{last.children} child processes, machine CPU {last.machine_cpu:.0f} %",
                  flush=True)  # fmt: skip
        return list(sampler.samples), scrape(port)
    finally:
        sampler.stop.set()


def scrape(port: int) -> dict[str, float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as answer:
        text = answer.read().decode()
    pairs = (line.rsplit(" ", 1) for line in text.splitlines() if line and line[0] != "#")
    return {key: float(value) for key, value in pairs}


def stop_service(process: Any) -> dict[str, float]:
    """SIGTERM; the exit status and how long it took (the contract: within 10 s)."""
    if process.poll() is not None:
        return {"exit": process.returncode, "seconds": 0.0}
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        code = process.wait(30)
    except subprocess.TimeoutExpired:
        process.kill()
        code = process.wait()
    return {"exit": code, "seconds": round(time.monotonic() - started, 1)}


def prepare(args: Any, work: Path) -> tuple[str, dict[str, int]]:
    """The generated site, a migrated store and the subscribers; (database URL, how many)."""
    generate(work / "site", LISTS * PER_LIST, seed=7)
    database_url = args.database_url or f"sqlite:///{work}/soak.db"
    upgrade(database_url)
    return database_url, subscribe_all(database_url, args.subscribers, datetime.now(UTC))


def soak(args: Any, work: Path) -> dict[str, Any]:
    database_url, made = prepare(args, work)
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=closed_port(), server_hostname="sink")
    with SampleSite(extra_dirs={"bench": work / "site"}, slow_seconds=SLOW_SECONDS) as site:
        config = work / "pactwatch.toml"
        config.write_text(config_toml(site, closed_port(), args), "utf-8")
        since = datetime.now(UTC)
        seed_jobs(database_url, config, since + timedelta(seconds=args.minutes * 30 + 10))
        smtp.start()
        publisher = Publisher(site)
        publisher.start()
        try:
            process, port, log = start_service(work, config, database_url, smtp.port)
            try:
                samples, metrics = observe(process, port, args.minutes)
            finally:
                stopped = stop_service(process)
        finally:
            publisher.stop.set()
            smtp.stop()
    store = store_figures(database_url)
    return {
        "sources": args.sources, "minutes": args.minutes, "every": args.every,
        "max_concurrent_crawls": args.crawls, "batch_size": args.batch_size,
        "crawl": crawl_figures(args, metrics, store),
        "jobs": job_figures(metrics), "rss": rss_summary(samples),
        "mail": mail_figures(made, store, sink.messages), "store": store, "log": log_figures(log),
        "stop": stopped, "load": os.getloadavg(), "published": publisher.published,
        "samples": [vars(s) for s in samples], "cpus": os.cpu_count(),
        "python": platform.python_version(),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=int, default=10)
    parser.add_argument("--crawls", type=int, default=2, help="[service] max_concurrent_crawls")
    parser.add_argument("--every", type=int, default=1, help="minutes between crawls of a source")
    parser.add_argument("--subscribers", type=int, default=1000)
    parser.add_argument("--bulk", type=int, default=0, help="more sources, same mix (450: 500)")
    parser.add_argument("--batch-size", type=int, default=20, help="[service] batch_size")
    parser.add_argument("--database-url", help="an empty database (default: SQLite in the workdir)")
    parser.add_argument("--keep", type=Path, help="work here and keep it (logs, store, site)")
    args = parser.parse_args()
    args.sources = LISTS + 3 + len(FAULT_PATHS) + 1 + args.bulk
    print(f"soak: {args.sources} sources every {args.every} min, {args.subscribers} subscribers, "
          f"{args.minutes} min, max_concurrent_crawls = {args.crawls}, "
          f"batch_size = {args.batch_size}", flush=True)  # fmt: skip
    if args.keep:
        args.keep.mkdir(parents=True, exist_ok=True)
        figures = soak(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
            figures = soak(args, Path(tmp))
    print_report(figures)
    out = HERE / "out" / "soak.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(figures, indent=2, default=str, ensure_ascii=False), "utf-8")


if __name__ == "__main__":
    main()
