"""The crawl supervisor against real child processes that misbehave in each way it bounds.

The children stand in for `pactwatch crawl`: they take the source's lease and open a crawl
run as it does, then hang, hog memory, crash, or close their run on SIGTERM as Scrapy's
shutdown does.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from pactwatch.service import leases
from pactwatch.service.crawls import Busy, CrawlLimits, Crawls, Launch, Outcome
from pactwatch.service.models import CrawlLease
from pipeline.models import CrawlRun

CHILD = r"""
import contextlib, signal, sys, time
from datetime import timedelta
from sqlmodel import Session
from pactwatch.service.held import holding_leases
from pipeline import runs, store
from pipeline.db import make_engine

url, source, mode = sys.argv[1:4]
engine = make_engine(url)
held = contextlib.ExitStack()  # kept: collected, it would release the lease
taken, _ = held.enter_context(holding_leases(engine, [source], timedelta(seconds=30)))
if not taken:
    sys.exit(75)
with Session(engine) as session, session.begin():
    store.ensure_source(source, source, None, session=session)
    session.flush()
    run_id = runs.start_run(source, session=session).id

def close_as_scrapy_does(*_):
    with Session(engine) as session, session.begin():
        runs.finish_run(run_id, {"pages_fetched": 7}, {}, "failed", "shutdown", session=session)
    sys.exit(0)

if mode == "graceful":
    signal.signal(signal.SIGTERM, close_as_scrapy_does)
elif mode == "stubborn":
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
elif mode == "crash":
    time.sleep(0.5)
    sys.exit(1)
elif mode == "hog":
    hog = b"x" * (400 * 1024 * 1024)  # written, so resident
time.sleep(120)
"""


@dataclass(frozen=True)
class FakeLaunch(Launch):
    database_url: str = ""
    mode: str = "sleep"

    def command(self, sources: Sequence[str]) -> list[str]:
        (source,) = sources
        return [sys.executable, "-c", CHILD, self.database_url, source, self.mode]


def _crawls(engine: sa.Engine, tmp_path: Path, mode: str, **limits: object) -> Crawls:
    values: dict[str, object] = dict(
        timeout=timedelta(seconds=30), memory_mb=0, address_space_mb=0,
        kill_grace=timedelta(seconds=2),
    )  # fmt: skip
    values.update(limits)
    launch = FakeLaunch(
        None, tmp_path, Path("logs"), engine.url.render_as_string(hide_password=False), mode
    )
    return Crawls(engine, launch=launch, limits=CrawlLimits(**values))  # type: ignore[arg-type]


def _runs(engine: sa.Engine) -> list[tuple[str, str | None, int]]:
    with Session(engine) as session:
        return [
            (r.status, r.finish_reason, r.pages_fetched) for r in session.exec(select(CrawlRun))
        ]


def _lease_free(engine: sa.Engine) -> bool:
    with Session(engine) as session:
        return leases.holding(CrawlLease, "s", session=session) is None


def test_a_hung_crawl_is_killed_at_its_wall_clock_limit(engine: sa.Engine, tmp_path: Path) -> None:
    crawls = _crawls(
        engine, tmp_path, "stubborn", timeout=timedelta(seconds=2), kill_grace=timedelta(seconds=1)
    )
    started = time.monotonic()
    outcome = crawls.run("s")
    took = time.monotonic() - started
    assert isinstance(outcome, Outcome) and outcome.reason == "killed-timeout"
    assert 2 <= took < 2 + 1 + 2, "the limit, then SIGKILL after the grace"
    assert _runs(engine) == [("failed", "killed-timeout", 0)]
    assert _lease_free(engine), "the lease is released"


def test_a_memory_hog_is_killed_and_recorded(engine: sa.Engine, tmp_path: Path) -> None:
    if not Path("/proc").is_dir():
        pytest.skip("the memory watch reads /proc")
    outcome = _crawls(engine, tmp_path, "hog", memory_mb=200).run("s")
    assert isinstance(outcome, Outcome) and outcome.reason == "killed-memory"
    assert _runs(engine) == [("failed", "killed-memory", 0)]


def test_a_crash_closes_the_run_it_left_open(engine: sa.Engine, tmp_path: Path) -> None:
    outcome = _crawls(engine, tmp_path, "crash").run("s")
    assert isinstance(outcome, Outcome) and outcome.returncode == 1
    assert _runs(engine) == [("failed", "crashed", 0)]


def test_stopping_lets_the_crawl_close_its_run_and_says_why(
    engine: sa.Engine, tmp_path: Path
) -> None:
    crawls = _crawls(engine, tmp_path, "graceful")
    started = crawls.start("s")
    assert not isinstance(started, Busy)
    assert crawls.start("s") == Busy("s", None, None), "never twice at once"
    # the child is in its run (its start, a fresh interpreter's imports, may take seconds on
    # a loaded machine), and its SIGTERM handler is set right after it opens the run
    deadline = time.monotonic() + 30
    while not _runs(engine) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)
    assert crawls.stop(timeout=5)
    assert _runs(engine) == [("failed", "interrupted", 7)], "its numbers kept, our reason"
    assert isinstance(crawls.run("s"), Busy), "a stopped supervisor starts nothing"


def test_a_source_leased_elsewhere_is_not_crawled(engine: sa.Engine, tmp_path: Path) -> None:
    other = "elsewhere:123:abcd:00000000"  # another machine's process
    with Session(engine) as session, session.begin():
        assert leases.take(CrawlLease, "s", other, timedelta(minutes=1), session=session)
    outcome = _crawls(engine, tmp_path, "sleep").run("s")
    assert isinstance(outcome, Busy) and outcome.holder == other
    assert _runs(engine) == []


def test_two_supervisors_never_overlap_on_one_source(engine: sa.Engine, tmp_path: Path) -> None:
    # Two services (two machines) start the same source at once: both pass the supervisor's
    # check, and the children's leases let one of them crawl.
    one = _crawls(engine, tmp_path, "crash")
    other = Crawls(engine, launch=one.launch, limits=one.limits)
    results: list[object] = []
    threads = [
        threading.Thread(target=lambda c=c: results.append(c.run("s"))) for c in (one, other)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(r).__name__ for r in results) == ["Busy", "Outcome"]
    assert len(_runs(engine)) == 1
    assert _lease_free(engine), "the crashed child's lease was dropped by its supervisor"
