from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import Session

from notify.addresses import BadAddress, normalise_address
from notify.subscriptions import (
    BadPreferences,
    Preferences,
    confirm,
    find_subscriber,
    parse_preferences,
    subscribe,
    unsubscribe,
)
from notify.tokens import BadToken, make_token, read_token
from pactwatch.core.db import upgrade
from pipeline.db import make_engine
from tests.databases import fresh_database_url

SECRET = "test-secret"


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    url = fresh_database_url(tmp_path, "subs")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def test_addresses_are_normalised_and_checked() -> None:
    assert normalise_address("  Li.Ming@Example.CN ") == "li.ming@example.cn"
    for bad in ("nobody", "a@", "a b@c.cn", "x@y\r\nBcc: z@w.cn"):
        with pytest.raises(BadAddress):
            normalise_address(bad)


def test_preferences_resolve_region_names_and_refuse_nonsense() -> None:
    prefs = parse_preferences(
        regions=["泸州", "永川区", "瀘州"],
        sectors=["industry"],
        keywords=["協議", " 物流 "],
        frequency="weekly",
        weekday=4,
    )
    assert prefs.regions == ("510500", "500118")  # 瀘州 folds to 泸州: one code
    assert prefs.keywords == ("协议", "物流")
    for kwargs in (
        {"regions": ["火星"]},
        {"sectors": ["space"]},
        {"frequency": "hourly"},
        {"hour": 24},
        {"timezone": "Mars/Base"},
    ):
        with pytest.raises(BadPreferences):
            parse_preferences(**kwargs)  # type: ignore[arg-type]


def test_double_opt_in_and_resubscribing(session: Session) -> None:
    prefs = parse_preferences(regions=["泸州"])
    subscriber, needs = subscribe("A@Example.cn", prefs, session=session)
    assert needs and subscriber.status == "pending"
    claim = read_token(SECRET, "confirm", make_token(SECRET, "confirm", subscriber.id or 0, 1))
    assert confirm(claim, session=session, ip="127.0.0.1") is subscriber
    assert subscriber.status == "confirmed" and subscriber.confirmed_ip == "127.0.0.1"

    # A stranger re-subscribing the address changes nothing until the owner confirms.
    other = Preferences(regions=("500000",), frequency="immediate")
    same, needs = subscribe("a@example.cn", other, session=session)
    assert same.id == subscriber.id and needs and same.regions == ["510500"]
    token = make_token(SECRET, "confirm", same.id or 0, same.token_version, other.as_dict())
    confirm(read_token(SECRET, "confirm", token), session=session)
    assert same.regions == ["500000"] and same.frequency == "immediate"

    unsubscribe(same, session=session)
    assert same.status == "unsubscribed"
    assert confirm(read_token(SECRET, "confirm", token), session=session) is None  # stale link
    session.commit()
    found = find_subscriber("A@EXAMPLE.CN", session=session)
    assert found is not None and found.status == "unsubscribed"


def test_operator_can_subscribe_confirmed(session: Session) -> None:
    subscriber, needs = subscribe("ops@example.cn", Preferences(), session=session, confirmed=True)
    assert not needs and subscriber.status == "confirmed" and subscriber.confirmed_at


def test_tokens_are_single_purpose_and_tamper_evident() -> None:
    token = make_token(SECRET, "unsubscribe", 7, 1)
    assert read_token(SECRET, "unsubscribe", token).subscriber_id == 7
    with pytest.raises(BadToken):
        read_token(SECRET, "confirm", token)  # another purpose
    with pytest.raises(BadToken):
        read_token("another-secret", "unsubscribe", token)
    with pytest.raises(BadToken):
        read_token(SECRET, "unsubscribe", token[:-2] + "xx")


def test_expired_tokens_say_so(monkeypatch: pytest.MonkeyPatch) -> None:
    token = make_token(SECRET, "confirm", 7, 1)
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() + 8 * 86400)
    with pytest.raises(BadToken) as caught:
        read_token(SECRET, "confirm", token)
    assert caught.value.expired
