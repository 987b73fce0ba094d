"""A digest run against a migrated SQLite store: what goes in the outbox, atomically."""

from __future__ import annotations

import email
import email.policy
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from notify.digests import MailConfig
from notify.models import Delivery, Digest, Subscriber
from notify.run import plan_digests, record_once, run_digests
from pactwatch.core.config import Config
from pactwatch.core.db import upgrade
from pactwatch.core.settings import Settings
from pactwatch.tasks.mail import deliver
from pipeline.db import make_engine
from pipeline.dedup.roots import reroot_if_earlier
from pipeline.models import Article, SourceState
from pipeline.stories import Story
from tests.databases import fresh_database_url
from tests.notify.smtp_servers import Recorder, smtp_server

NOW = datetime(2025, 3, 1, 2, 0, tzinfo=UTC)  # 10:00 in Shanghai: the 08:00 digests are due
MAIL = MailConfig(
    base_url="https://pw.example.org/", mail_from="digest@pw.example.org", secret="test-secret"
)
HOSTILE = "<script>alert(1)</script>协议\r\nBcc: victim@example.org"


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        session.add(SourceState(name="cqrb", title="重庆日报"))
    yield engine
    engine.dispose()


def add_stories(engine: sa.Engine, *stories: Story) -> None:
    with Session(engine) as session, session.begin():
        for story in stories:
            story.root.fetched_at = NOW - timedelta(hours=3)
            session.add(story.root)
            session.flush()
            session.add_all(story.agreements)


def add_subscriber(engine: sa.Engine, email: str, regions: list[str], **kw: Any) -> int:
    with Session(engine) as session, session.begin():
        row = Subscriber(email=email, regions=regions, **{"status": "confirmed", **kw})
        session.add(row)
        session.flush()
        assert row.id is not None
        return row.id


def parse(raw: bytes) -> EmailMessage:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    return message


@pytest.fixture
def store(engine: sa.Engine, story_factory: Any) -> dict[str, int]:
    add_stories(
        engine,
        story_factory("泸州与永川签署合作协议", story_id=101),
        story_factory(HOSTILE, story_id=102, agreements=[{"regions": ["四川省泸州市"]}]),
        story_factory(
            "成都与重庆签署协议", story_id=103, agreements=[{"regions": ["四川省成都市"]}]
        ),
    )
    return {
        "luzhou": add_subscriber(engine, "luzhou@example.org", ["510500"]),
        "chengdu": add_subscriber(engine, "chengdu@example.org", ["510100"]),
        "gone": add_subscriber(engine, "gone@example.org", [], status="unsubscribed"),
    }


def test_each_digest_is_recorded_with_its_deliveries(
    engine: sa.Engine, store: dict[str, int]
) -> None:
    run = run_digests(engine, MAIL, now=NOW)
    assert (run.recorded, run.stories, run.skipped) == (2, 3, 0)
    with Session(engine) as session:
        digests = {d.subscriber_id: d for d in session.exec(select(Digest))}
        delivered = {
            (d.subscriber_id, d.story_id, d.digest_id) for d in session.exec(select(Delivery))
        }
        luzhou = session.get(Subscriber, store["luzhou"])
    assert set(digests) == {store["luzhou"], store["chengdu"]}
    first, second = digests[store["luzhou"]], digests[store["chengdu"]]
    assert delivered == {
        (store["luzhou"], 101, first.id),
        (store["luzhou"], 102, first.id),
        (store["chengdu"], 103, second.id),
    }
    assert (first.status, first.story_count, first.next_attempt_at) == ("pending", 2, NOW)
    assert luzhou is not None and luzhou.last_digest_at == NOW
    message = parse(first.message)
    assert message["Message-ID"] == first.message_id and message["Subject"] == first.subject
    assert first.subject.endswith("· 2 篇报道 · 2 项协议")


def test_hostile_titles_stay_text_and_out_of_the_headers(
    engine: sa.Engine, store: dict[str, int]
) -> None:
    run_digests(engine, MAIL, now=NOW)
    with Session(engine) as session:
        digest = session.exec(select(Digest).where(Digest.subscriber_id == store["luzhou"])).one()
    raw = digest.message
    assert b"\r\nBcc:" not in raw and raw.count(b"\n") == raw.count(b"\r\n")
    message = parse(raw)
    assert "Bcc" not in message and message["To"] == "luzhou@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["Auto-Submitted"] == "auto-generated" and message["Precedence"] == "bulk"
    html = message.get_body(("html",)).get_content()  # type: ignore[union-attr]
    text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;协议" in html
    assert "<script>alert(1)</script>协议" in text


def test_a_second_run_mails_nothing_twice(engine: sa.Engine, store: dict[str, int]) -> None:
    assert run_digests(engine, MAIL, now=NOW).recorded == 2
    later = run_digests(engine, MAIL, now=NOW + timedelta(days=1))
    assert (later.recorded, later.quiet) == (0, 2)  # due again, but nothing new for them


def test_a_digest_and_its_deliveries_are_written_together_or_not_at_all(
    engine: sa.Engine, store: dict[str, int]
) -> None:
    with Session(engine) as session:
        [planned] = [
            p
            for p in plan_digests(session=session, config=MAIL, now=NOW)
            if p.subscriber.id == store["luzhou"]
        ]
    # Another run delivered story 102 meanwhile (same subscriber, same story: unique).
    with Session(engine) as session, session.begin():
        other = Digest(subscriber_id=store["luzhou"], message_id="<other@x>", message=b"x")
        session.add(other)
        session.flush()
        assert other.id is not None
        session.add(Delivery(digest_id=other.id, subscriber_id=store["luzhou"], story_id=102))
    with engine.connect() as conn:
        assert record_once(conn, planned) is False
    with Session(engine) as session:
        assert [d.message_id for d in session.exec(select(Digest))] == ["<other@x>"]
        assert len(session.exec(select(Delivery)).all()) == 1
        luzhou = session.get(Subscriber, store["luzhou"])
        assert luzhou is not None and luzhou.last_digest_at is None


def test_a_dry_run_writes_nothing(engine: sa.Engine, store: dict[str, int]) -> None:
    run = run_digests(engine, MAIL, now=NOW, dry_run=True)
    assert sorted(p.subscriber.email for p in run.planned) == [
        "chengdu@example.org",
        "luzhou@example.org",
    ]
    with Session(engine) as session:
        assert session.exec(select(Digest)).all() == []


@pytest.mark.parametrize("per_minute", [None, 6000])
def test_deliver_sends_each_digest_once_over_smtp(
    engine: sa.Engine, store: dict[str, int], per_minute: int | None
) -> None:
    run_digests(engine, MAIL, now=NOW)
    recorder = Recorder()
    with smtp_server(recorder) as server:
        settings = Settings(
            database_url=str(engine.url),
            smtp_url=f"smtp://127.0.0.1:{server.port}",
            mail_from=MAIL.mail_from,
        )
        config = Config.model_validate({"digest": {"per_minute": per_minute}})
        report = deliver(engine, settings, config, now=NOW)
    assert (report.sent, report.failed, report.retried) == (2, 0, 0)
    with Session(engine) as session:
        sent = sorted(d.message_id for d in session.exec(select(Digest)) if d.status == "sent")
    assert sorted(recorder.message_ids) == sent and len(sent) == 2
    if per_minute:  # paced: one connection, so the pace holds
        assert len({r.peer for r in recorder.received}) == 1


def test_a_story_rerooted_on_an_earlier_report_is_not_mailed_again(
    engine: sa.Engine, store: dict[str, int], story_factory: Any
) -> None:
    assert run_digests(engine, MAIL, now=NOW).recorded == 2
    # An earlier report of story 101 arrives late: it becomes the story's root.
    earlier = story_factory("泸州与永川签署合作协议(首发)", story_id=201)
    earlier.root.published_at = datetime(2024, 11, 19, 2, 30, tzinfo=UTC)
    add_stories(engine, earlier)
    with Session(engine) as session, session.begin():
        session.execute(
            sa.update(Article).where(Article.id == 201).values(fetched_at=NOW + timedelta(hours=1))
        )
        assert reroot_if_earlier(201, 101, session=session) == 201
    later = run_digests(engine, MAIL, now=NOW + timedelta(days=1))
    assert later.recorded == 0
