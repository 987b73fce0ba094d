"""Digest throughput: planning (selection + rendering), recording, SMTP delivery; peak RSS.

A SQLite store with the real schema (`pactwatch.core.db.upgrade`) holds 10,000 confirmed daily
subscribers, all due, with varied filters (city- and county-level 川渝 divisions, sectors,
some keywords, `in_region_only` mixed), and 500 agreement stories fetched within the
lookback. One run then goes as `notify.run.run_digests` + `pactwatch.tasks.mail.deliver` do, each
step timed:

    planning   plan_digests: select the stories of every due subscriber, render each digest
               (a dry run: nothing kept, nothing written)
    recording  run_digests: each digest rendered, then recorded in its own transaction
               (digest row + its deliveries); the production path of `pactwatch digest`
    delivery   pactwatch.tasks.mail.deliver (send_pending over SMTP_CONNECTIONS connections) to an
               aiosmtpd sink on 127.0.0.1 that only counts messages (a subprocess, so it
               takes the second core, not our GIL)

Selection must not grow with subscribers × stored stories: before the run, selection and
planning are timed once on the 500 new stories, then again after 5,000 older stories
(outside the lookback) are added; the times should match.

    .venv/bin/python bench/digest.py [--subscribers 10000] [--stories 500] [--old 5000]
                                     [--profile planning|recording|delivery]
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import random
import resource
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import psutil
import sqlalchemy as sa
from sqlmodel import Session, select

from notify.digests import MailConfig, last_scheduled, prepare_due
from notify.models import Digest, Subscriber
from notify.run import plan_digests, run_digests
from pactwatch.core.config import Config
from pactwatch.core.db import upgrade
from pactwatch.core.settings import Settings
from pactwatch.tasks.mail import deliver as deliver_mail
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.db import make_engine
from pipeline.gazetteer import Division, is_chengyu
from pipeline.gazetteer.index import gazetteer
from pipeline.models import Agreement, Article, SourceState

T = TypeVar("T")
SENDER = "digest@pw.example.org"
CONFIG = MailConfig(
    base_url="https://pw.example.org/", mail_from=SENDER, secret="bench-secret-not-for-use"
)
SOURCES = {"cqrb": "重庆日报", "scol": "四川在线", "sctv": "四川观察", "cqnews": "华龙网"}
SECTORS = list(SECTOR_LABELS)
KEYWORDS = ["产业", "医疗", "协议", "文旅", "交通", "成渝地区双城经济圈", "数字", "生态"]
TOPICS = {
    "industry": "产业协作",
    "digital": "数字经济",
    "environment": "生态环境联防联治",
    "transport": "交通互联互通",
    "innovation": "科技创新协同",
    "education": "教育合作",
    "health": "医疗卫生合作",
    "culture_tourism": "文旅融合发展",
    "agriculture": "农业农村合作",
    "finance": "金融服务",
    "trade_opening": "开放合作",
    "urban": "城市规划共建",
    "public_service": "政务服务“跨省通办”",
    "civil_society": "群团工作",
    "comprehensive": "全面战略合作",
}


# --- the store ---------------------------------------------------------------------------


@dataclass
class Places:
    """川渝 divisions a subscriber or a story names: city level and county level."""

    cities: list[Division]  # Sichuan prefectures and Chongqing's districts and counties
    counties: list[Division]  # Sichuan's counties and districts

    @classmethod
    def load(cls) -> Places:
        chengyu = [d for d in gazetteer().by_code.values() if is_chengyu(d)]
        cities = [
            d
            for d in chengyu
            if (d.level == "prefecture" and d.parent == "510000")
            or (d.level == "county" and d.parent == "500000")
        ]
        counties = [d for d in chengyu if d.level == "county" and d.parent != "500000"]
        return cls(sorted(cities, key=_code), sorted(counties, key=_code))

    def pick(self, rng: random.Random) -> Division:
        # News clusters on the big places: the first cities (成都, 重庆 centre) come up most.
        if rng.random() < 0.35:
            return rng.choice(self.counties)
        return self.cities[min(int(rng.expovariate(1 / 12)), len(self.cities) - 1)]


def _code(d: Division) -> str:
    return d.code


def build_store(url: str, subscribers: int, stories: int, now: datetime, seed: int) -> None:
    upgrade(url)
    engine = make_engine(url)
    rng = random.Random(seed)
    places = Places.load()
    with Session(engine) as session, session.begin():
        session.add_all(SourceState(name=name, title=title) for name, title in SOURCES.items())
    add_subscribers(engine, places, subscribers, now, rng)
    add_stories(engine, places, stories, now, (timedelta(0), timedelta(hours=20)), rng)
    engine.dispose()


def add_subscribers(
    engine: sa.Engine, places: Places, count: int, now: datetime, rng: random.Random
) -> None:
    rows = []
    for n in range(count):
        regions = [
            (rng.choice(places.counties) if rng.random() < 0.3 else places.pick(rng)).code
            for _ in range(rng.choice((1, 1, 2, 3)))
        ]
        subscriber = Subscriber(
            email=f"reader{n:05d}@example.org",
            status="confirmed",
            regions=list(dict.fromkeys(regions)),
            sectors=rng.sample(SECTORS, rng.randint(1, 3)) if rng.random() < 0.4 else [],
            keywords=[rng.choice(KEYWORDS)] if rng.random() < 0.1 else [],
            in_region_only=rng.random() < 0.5,
            frequency="daily",
            hour=8,
            confirmed_at=now - timedelta(days=30),
        )
        # Most had yesterday's digest; one in ten is new and gets the full lookback.
        if rng.random() < 0.9:
            subscriber.last_digest_at = last_scheduled(subscriber, now) - timedelta(days=1)
        rows.append(subscriber)
    with Session(engine) as session, session.begin():
        session.add_all(rows)


def add_stories(
    engine: sa.Engine,
    places: Places,
    count: int,
    now: datetime,
    age: tuple[timedelta, timedelta],
    rng: random.Random,
) -> None:
    """`count` agreement stories fetched between now - age[1] and now - age[0]."""
    with Session(engine) as session, session.begin():
        first = session.exec(select(sa.func.count()).select_from(Article)).one()
        for n in range(first, first + count):
            fetched = now - age[0] - (age[1] - age[0]) * rng.random()
            root = _article(n, places, fetched, rng)
            session.add(root)
            session.flush()
            assert root.id is not None
            for position, agreement in enumerate(_agreements(root, places, rng)):
                agreement.article_id, agreement.position = root.id, position
                session.add(agreement)
            if rng.random() < 0.2:  # reprinted by another outlet
                copy = _article(n, places, fetched + timedelta(hours=1), rng, reprint=True)
                copy.title, copy.duplicate_of, copy.duplicate_reason = root.title, root.id, "near"
                session.add(copy)


def _article(
    n: int, places: Places, fetched: datetime, rng: random.Random, *, reprint: bool = False
) -> Article:
    a, b = places.pick(rng), places.pick(rng)
    sector = rng.choice(SECTORS)
    title = f"{a.name}与{b.name}签署{TOPICS[sector]}协议"
    text = (
        f"本报讯（记者 王{n % 97}）{fetched.month}月{fetched.day}日，{a.full_name}与{b.full_name}"
        f"签署《{a.name}{b.name}{TOPICS[sector]}协议》。双方将在{SECTOR_LABELS[sector]}等领域"
        "深化合作，共同推动成渝地区双城经济圈建设。\n根据协议，双方将建立联席会议机制。"
    )
    source = rng.choice(list(SOURCES))
    kind = "reprint" if reprint else "a"
    url = f"https://news.{source}.example.cn/{kind}/{fetched:%Y%m%d}/{n}.html"
    return Article(
        source=source,
        url=url,
        canonical_url=url,
        title=title,
        text=text,
        norm_title=title,
        norm_text=text,
        language="zh",
        published_at=fetched - timedelta(hours=2),
        fetched_at=fetched,
        content_hash=f"{n:032x}{int(reprint):032x}",
        encoding="utf-8",
        extract_method="trafilatura",
        status="approved" if rng.random() < 0.3 else "new",
        is_agreement=not reprint,
    )


def _agreements(root: Article, places: Places, rng: random.Random) -> list[Agreement]:
    found = []
    for _ in range(1 if rng.random() < 0.8 else 2):
        regions = [places.pick(rng) for _ in range(rng.choice((1, 2, 2, 3)))]
        sectors = rng.sample(SECTORS, rng.choice((1, 1, 2)))
        parties = [f"{d.full_name.removeprefix('四川省')}人民政府" for d in regions]
        found.append(
            Agreement(
                article_id=0,
                title=f"{regions[0].name}{regions[-1].name}{TOPICS[sectors[0]]}协议",
                parties=parties,
                regions=list(dict.fromkeys(d.full_name for d in regions)),
                signed_on=f"{root.fetched_at:%Y-%m-%d}",
                sectors=sectors,
                in_region=rng.random() < 0.95,
                evidence=root.text.split("。")[0] + "。",
            )
        )
    return found


# --- the steps ---------------------------------------------------------------------------


def select_only(url: str, now: datetime) -> tuple[int, int]:
    """The selection half of a run, `prepare_due` + `DueRun.selections`: (digests, items)."""
    engine = make_engine(url)
    with Session(engine) as session:
        due = prepare_due(session=session, config=CONFIG, now=now)
    engine.dispose()
    digests = chosen = 0
    for _, picked in due.selections(CONFIG):
        digests += bool(picked)
        chosen += len(picked)
    return digests, chosen


def plan(url: str, now: datetime) -> int:
    """`plan_digests` (a dry run): every due digest selected and rendered, none kept."""
    engine = make_engine(url)
    with Session(engine) as session:
        planned = sum(1 for _ in plan_digests(session=session, config=CONFIG, now=now))
    engine.dispose()
    return planned


def deliver(url: str, port: int) -> int:
    """`pactwatch.tasks.mail.deliver` as `pactwatch digest` calls it, to the sink over SMTP."""
    engine = make_engine(url)
    settings = Settings(database_url=url, smtp_url=f"smtp://127.0.0.1:{port}", mail_from=SENDER)
    try:
        report = deliver_mail(engine, settings, Config())
    finally:
        engine.dispose()
    assert report.failed == report.retried == report.skipped == 0, report
    return report.sent


# --- measuring ---------------------------------------------------------------------------


class PeakRss:
    """The process's resident set size, sampled every 20 ms by psutil; the peak since reset."""

    def __init__(self) -> None:
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            self.sample()

    def sample(self) -> int:
        rss = self.process.memory_info().rss
        self.peak = max(self.peak, rss)
        return rss

    def reset(self) -> None:
        self.peak = self.sample()


@dataclass
class Row:
    step: str
    seconds: float
    emails: int
    peak_mb: float
    note: str = ""
    cpu: float = 0.0  # seconds of this process's CPU (all threads); the machine is shared


def timed(
    rows: list[Row],
    rss: PeakRss,
    step: str,
    run: Callable[[], T],
    count: Callable[[T], int],
    profile: bool,
    note: str = "",
) -> T:
    rss.reset()
    profiler = cProfile.Profile() if profile else None
    started, cpu = time.perf_counter(), time.process_time()
    result = profiler.runcall(run) if profiler else run()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    rss.sample()
    rows.append(Row(step, seconds, count(result), rss.peak / 2**20, note, cpu))
    print(f"  {step}: {seconds:.2f} s", file=sys.stderr)
    if profiler:
        print(f"\ncProfile of {step}, top 25 by cumulative time:", file=sys.stderr)
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    return result


@dataclass
class Tally:
    """What the sink says when it stops: messages received, CPU seconds spent serving."""

    count: int = -1
    cpu: float = 0.0


@contextmanager
def sink() -> Iterator[tuple[int, Tally]]:
    """The counting SMTP sink in a subprocess: (port, its tally, filled in at exit)."""
    proc = subprocess.Popen(
        [sys.executable, __file__, "--sink"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdin is not None and proc.stdout is not None
    tally = Tally()
    try:
        yield int(proc.stdout.readline()), tally
    finally:
        proc.stdin.close()  # the sink's signal to stop
        line = proc.stdout.readline().split()
        if line:
            tally.count, tally.cpu = int(line[0]), float(line[1])
        proc.wait(timeout=30)


def run_sink() -> None:
    """Child process: an aiosmtpd server that accepts and counts; stops at stdin's EOF."""
    from aiosmtpd.controller import Controller

    class Counter:
        count = 0

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            self.count += 1
            return "250 2.0.0 counted"

    with socket.socket() as probe:  # Controller connects to its port: it needs a real one
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Counter()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    started = time.process_time()
    print(port, flush=True)
    sys.stdin.read()
    controller.stop()
    print(handler.count, time.process_time() - started, flush=True)


# --- the report --------------------------------------------------------------------------


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = psutil.virtual_memory().total / 2**30
    return (
        f"{cpu}, {os.cpu_count()} cores, {memory:.0f} GiB RAM; Python {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}"
    )


def table(rows: list[Row]) -> str:
    lines = [
        "| step | s | emails | emails/s | CPU ms/email | peak RSS MB | note |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for row in rows:
        rate = f"{row.emails / row.seconds:,.0f}" if row.emails and row.seconds else "–"
        cpu = f"{row.cpu / row.emails * 1000:.2f}" if row.emails and row.cpu else "–"
        lines.append(
            f"| {row.step} | {row.seconds:.2f} | {row.emails:,} | {rate} | {cpu}"
            f" | {row.peak_mb:.0f} | {row.note} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=10_000)
    parser.add_argument("--stories", type=int, default=500, help="new, within the lookback")
    parser.add_argument("--old", type=int, default=5_000, help="older, outside the lookback")
    parser.add_argument("--db", type=Path, default=Path("bench/out/digest.db"))
    parser.add_argument("--profile", choices=("planning", "recording", "delivery"))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--sink", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.sink:
        run_sink()
        return
    args.db.parent.mkdir(parents=True, exist_ok=True)
    for stale in args.db.parent.glob(args.db.name + "*"):
        stale.unlink()
    url = f"sqlite:///{args.db}"
    now = datetime.now(UTC).replace(microsecond=0)
    started = time.perf_counter()
    build_store(url, args.subscribers, args.stories, now, args.seed)
    built = time.perf_counter() - started
    print(
        f"store: {args.subscribers:,} subscribers, {args.stories} new stories ({built:.1f} s)",
        file=sys.stderr,
    )
    rows: list[Row] = []
    new, both = f"{args.stories} new", f"{args.stories} new + {args.old:,} old stories"
    with PeakRss() as rss:
        digests, chosen = timed(
            rows,
            rss,
            f"selection only, {new}",
            lambda: select_only(url, now),
            lambda r: r[0],
            False,
            "",
        )
        rows[-1].note = f"{chosen / max(digests, 1):.1f} items/digest"
        timed(
            rows,
            rss,
            f"planning (dry run), {new}",
            lambda: plan(url, now),
            lambda n: n,
            False,
            "select + render",
        )
        engine = make_engine(url)
        add_stories(
            engine,
            Places.load(),
            args.old,
            now,
            (timedelta(days=8), timedelta(days=60)),
            random.Random(args.seed + 1),
        )
        engine.dispose()
        timed(
            rows,
            rss,
            f"selection only, {both}",
            lambda: select_only(url, now),
            lambda r: r[0],
            False,
            "",
        )
        run = timed(
            rows,
            rss,
            f"(a) planning + recording, {both}",
            lambda: run_digests(make_engine(url), CONFIG, now=now),
            lambda r: r.recorded,
            args.profile in ("planning", "recording"),  # one step: run_digests
            "run_digests: one digest at a time",
        )
        emails = run.recorded
        with sink() as (port, tally):
            timed(
                rows,
                rss,
                "(c) delivery, SMTP to 127.0.0.1",
                lambda: deliver(url, port),
                lambda n: n,
                args.profile == "delivery",
                "pactwatch.tasks.mail.deliver",
            )
        total = sum(r.seconds for r in rows[-2:])
        cpu = sum(r.cpu for r in rows[-2:])
        rows.append(Row("end to end (a + c)", total, emails, max(r.peak_mb for r in rows), "", cpu))
    check(url, emails, tally.count)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nDigests: {args.subscribers:,} subscribers, {both}; {machine()}\n")
    print(table(rows))
    print(f"\nThe sink's CPU, on top: {tally.cpu / max(emails, 1) * 1000:.2f} ms/email.")
    print(f"Peak RSS of the process (ru_maxrss): {peak:.0f} MB; store {_mb(args.db)} MB.")
    print(f"Targets: ≥ 200 emails/s end to end: {emails / total:,.0f}; RSS < 500 MB: {peak:.0f}.")


def check(url: str, emails: int, received: int) -> None:
    """Every planned digest was recorded, sent once and counted by the sink."""
    engine = make_engine(url)
    with Session(engine) as session:
        statuses = session.exec(
            select(Digest.status, sa.func.count()).group_by(Digest.status)
        ).all()
    engine.dispose()
    assert dict(statuses) == {"sent": emails}, statuses
    assert received == emails, f"the sink counted {received}, {emails} were sent"


def _mb(path: Path) -> str:
    return f"{sum(p.stat().st_size for p in path.parent.glob(path.name + '*')) / 2**20:.0f}"


if __name__ == "__main__":
    main()
