"""Rate limits kept in the store: every worker and every restart counts the same attempts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from sqlmodel import Session, func, select

from pactwatch.core.db import upgrade
from pactwatch.web.limits import RateHit, StoreLimiter
from pipeline.db import make_engine
from tests.databases import fresh_database_url


@pytest.fixture
def engine(tmp_path) -> sa.Engine:  # type: ignore[no-untyped-def]
    url = fresh_database_url(tmp_path)
    upgrade(url)
    return make_engine(url)


def test_two_limiters_on_one_store_count_the_same_hits(engine: sa.Engine) -> None:
    now = [1000.0]
    first, second = (StoreLimiter(engine, "login", 3, 60.0, clock=lambda: now[0]) for _ in "ab")
    assert first.hit("192.0.2.1") is None
    assert second.hit("192.0.2.1") is None  # another worker, the same count
    assert first.hit("192.0.2.1") is None
    assert second.waiting("192.0.2.1") == pytest.approx(60.0)
    assert second.hit("192.0.2.1") == pytest.approx(60.0)  # refused, not counted
    assert first.hit("192.0.2.2") is None  # other clients are not held back
    other_bucket = StoreLimiter(engine, "subscribe", 3, 60.0, clock=lambda: now[0])
    assert other_bucket.hit("192.0.2.1") is None
    now[0] += 61
    assert first.hit("192.0.2.1") is None  # the window slid past the old hits


def test_forget_clears_one_key_and_expired_hits_are_dropped(engine: sa.Engine) -> None:
    now = [1000.0]
    limiter = StoreLimiter(engine, "login", 2, 60.0, clock=lambda: now[0])
    for key in ("a", "a", "b"):
        limiter.hit(key)
    assert limiter.waiting("a") is not None
    limiter.forget("a")
    assert limiter.waiting("a") is None and limiter.waiting("b") is None
    now[0] += 120
    limiter.hit("c")  # a new hit sweeps the bucket's expired ones
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(RateHit)).one() == 1


def test_a_huge_key_is_cut_not_refused(engine: sa.Engine) -> None:
    limiter = StoreLimiter(engine, "subscribe", 1, 60.0)
    assert limiter.hit("x" * 10_000) is None
    assert limiter.hit("x" * 64) is not None  # the same 64-character key
