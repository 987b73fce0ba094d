"""The digest job at the scheduler's quarter-hour ticks: each subscriber at their own hour."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from pydantic import SecretStr
from sqlmodel import Session, col, select

from notify.models import Digest, Subscriber
from notify.subscriptions import parse_preferences, subscribe
from pactwatch.core.config import parse_config
from pactwatch.core.settings import Settings
from pactwatch.service.digests import due_digests
from pactwatch.service.schedule import service_specs

SERVICE_TZ = ZoneInfo("Asia/Shanghai")
# A Monday. The US is on daylight time since 8 March 2026, Europe not until 29 March.
START = datetime(2026, 3, 9, 1, 0, tzinfo=UTC)

PEOPLE = {
    "shanghai@example.com": dict(frequency="daily", hour=8, timezone="Asia/Shanghai"),
    "newyork@example.com": dict(frequency="daily", hour=8, timezone="America/New_York"),
    "berlin@example.com": dict(frequency="weekly", hour=7, weekday=0, timezone="Europe/Berlin"),
}


def _subscribe_all(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        for email, prefs in PEOPLE.items():
            subscriber, _ = subscribe(
                email,
                parse_preferences(**prefs),
                session=session,
                confirmed=True,
                now=START,  # type: ignore[arg-type]
            )
            subscriber.last_digest_at = START  # their previous digest went just now
            session.add(subscriber)


def _ticks(start: datetime, hours: int) -> list[datetime]:
    """When the service's digest job fires over `hours`, in the service's own zone."""
    digest = next(
        s for s in service_specs(parse_config("").service, SERVICE_TZ, start) if s.id == "digest"
    )
    ticks, previous = [], None
    now = start
    while True:
        fire = digest.trigger.get_next_fire_time(previous, now)
        assert fire is not None
        if fire > start + timedelta(hours=hours):
            return ticks
        ticks.append(fire)
        previous = now = fire


def test_each_subscriber_gets_the_digest_at_their_own_local_hour(
    engine: sa.Engine, tmp_path: Path
) -> None:
    _subscribe_all(engine)
    settings = Settings(
        database_url=engine.url.render_as_string(hide_password=False),
        secret_key=SecretStr("s3cret-for-digests"),
        outbox_dir=tmp_path / "outbox",
        timezone="Asia/Shanghai",
    )
    config = parse_config("[digest]\nsend_empty = true\n")  # no stories needed to see timing
    ticks = _ticks(START, 24)
    assert len(ticks) == 4 * 24 + 1  # every quarter hour, both ends included
    for now in ticks:
        due_digests(engine, settings, config, now=now)
    with Session(engine) as session:
        sent = session.exec(
            select(Subscriber.email, Digest.period_end)
            .join(Digest, col(Digest.subscriber_id) == col(Subscriber.id))
            .where(Digest.kind == "digest")
        ).all()
    got = {email: (end.astimezone(ZoneInfo(PEOPLE[email]["timezone"])), end) for email, end in sent}
    assert len(sent) == 3, sent
    # 08:00 in Shanghai is 00:00 UTC the next day; 08:00 in New York (EDT) is 12:00 UTC;
    # 07:00 on Monday in Berlin (CET) is 06:00 UTC.
    assert got["shanghai@example.com"][1] == datetime(2026, 3, 10, 0, 0, tzinfo=UTC)
    assert got["newyork@example.com"][1] == datetime(2026, 3, 9, 12, 0, tzinfo=UTC)
    assert got["berlin@example.com"][1] == datetime(2026, 3, 9, 6, 0, tzinfo=UTC)
    for local, _ in got.values():
        assert (local.minute, local.second) == (0, 0)
    assert len(list((tmp_path / "outbox").glob("*.eml"))) == 3, "the job also delivers"
