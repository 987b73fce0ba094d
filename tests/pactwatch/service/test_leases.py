"""Leases on a real SQLite store: one holder at a time, renewals, expiry, takeover."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session

from pactwatch.service import leases
from pactwatch.service.models import CrawlLease, SchedulerLease
from pipeline.clock import utcnow

TTL = timedelta(seconds=30)


def _take(engine: sa.Engine, holder: str, key: str = "cqrb", **kw: object) -> bool:
    with Session(engine) as session, session.begin():
        return leases.take(CrawlLease, key, holder, TTL, session=session, **kw)  # type: ignore[arg-type]


def test_one_holder_at_a_time_until_it_expires(engine: sa.Engine) -> None:
    now = utcnow()
    assert _take(engine, "a", now=now)
    assert not _take(engine, "b", now=now + timedelta(seconds=10))
    assert _take(engine, "a", now=now + timedelta(seconds=10)), "the holder renews by taking"
    assert _take(engine, "b", "other-source", now=now), "leases are per source"
    # Renewed at +10 s, so it lives until +40 s; after that anyone may take it over.
    assert not _take(engine, "b", now=now + timedelta(seconds=39))
    assert _take(engine, "b", now=now + timedelta(seconds=41))
    with Session(engine) as session, session.begin():
        held = leases.holding(CrawlLease, "cqrb", session=session)
        assert held is not None and held.holder == "b"
        assert not leases.renew(CrawlLease, "cqrb", "a", TTL, session=session), "a lost it"
        assert not leases.release(CrawlLease, "cqrb", "a", session=session)
        assert leases.release(CrawlLease, "cqrb", "b", session=session)
    assert _take(engine, "a"), "released: free at once"


def test_renewal_keeps_when_it_was_first_taken(engine: sa.Engine) -> None:
    now = utcnow()
    with Session(engine) as session, session.begin():
        assert leases.take(SchedulerLease, "scheduler", "a", TTL, session=session, now=now)
    later = now + timedelta(seconds=15)
    with Session(engine) as session, session.begin():
        assert leases.take(SchedulerLease, "scheduler", "a", TTL, session=session, now=later)
        held = leases.holding(SchedulerLease, "scheduler", session=session)
    assert held is not None
    assert held.acquired_at == now and held.expires_at == later + TTL


def test_racing_takers_get_one_winner(engine: sa.Engine) -> None:
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def contend(holder: str) -> None:
        barrier.wait()
        if _take(engine, holder, "contested"):
            winners.append(holder)

    threads = [threading.Thread(target=contend, args=(f"h{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1


def test_a_dead_process_of_this_machine_holds_nothing(engine: sa.Engine) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)  # fmt: skip
    key = leases.machine_key()
    gone = f"{socket.gethostname()}:{int(dead.stdout)}:0000:{key}"
    alive = f"{socket.gethostname()}:{os.getpid()}:1111:{key}"
    elsewhere = f"{socket.gethostname()}:{int(dead.stdout)}:2222:ffffffff"  # same name, not us
    assert _take(engine, gone, "a") and _take(engine, alive, "b") and _take(engine, elsewhere, "c")
    assert _take(engine, "newcomer", "a"), "its holder is dead: no need to wait for expiry"
    assert not _take(engine, "newcomer", "b")
    assert not _take(engine, "newcomer", "c"), "a pid of another machine is not looked up here"
