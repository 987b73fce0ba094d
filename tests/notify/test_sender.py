"""The outbox sender against a migrated SQLite file and real SMTP servers on 127.0.0.1."""

from __future__ import annotations

import logging
import random
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from notify.models import Digest, Subscriber
from notify.sender import (
    CLAIM_BATCH,
    RESEND_MARK,
    SendReport,
    backoff,
    recover_unknown,
    send_pending,
)
from notify.transport import SmtpTransport, to_wire
from pactwatch.core.db import upgrade
from pipeline.clock import utcnow
from pipeline.db import make_engine
from tests.databases import fresh_database_url
from tests.notify.smtp_servers import (
    SENDER,
    Recorder,
    make_message,
    silent_server,
    smtp_server,
)

REPO = Path(__file__).resolve().parents[2]
T0 = datetime(2025, 3, 1, 0, 0, tzinfo=UTC)


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    return url


@pytest.fixture
def engine(database_url: str) -> Iterator[sa.Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


def at(moment: datetime) -> Callable[[], datetime]:
    return lambda: moment


def smtp(port: int, timeout: float = 5.0) -> SmtpTransport:
    return SmtpTransport.from_url(
        f"smtp://127.0.0.1:{port}", timeout=timeout, local_hostname="client.test"
    )


def add_subscriber(engine: sa.Engine, email: str, status: str = "confirmed", **kw: Any) -> int:
    with Session(engine) as session:
        subscriber = Subscriber(email=email, status=status, **kw)
        session.add(subscriber)
        session.commit()
        assert subscriber.id is not None
        return subscriber.id


def add_digest(
    engine: sa.Engine, subscriber_id: int, message_id: str, *, email: str = "", **kw: Any
) -> int:
    kw.setdefault("next_attempt_at", T0)
    with Session(engine) as session:
        digest = Digest(
            subscriber_id=subscriber_id,
            message_id=message_id,
            message=make_message(message_id, to=email or "reader@example.org"),
            **kw,
        )
        session.add(digest)
        session.commit()
        assert digest.id is not None
        return digest.id


def digest(engine: sa.Engine, digest_id: int) -> Digest:
    with Session(engine) as session:
        row = session.get(Digest, digest_id)
        assert row is not None
        return row


def subscriber(engine: sa.Engine, subscriber_id: int) -> Subscriber:
    with Session(engine) as session:
        row = session.get(Subscriber, subscriber_id)
        assert row is not None
        return row


def run(engine: sa.Engine, port: int, moment: datetime = T0, **kw: Any) -> SendReport:
    transport = smtp(port)
    try:
        return send_pending(engine, transport, sender=SENDER, now=at(moment), **kw)
    finally:
        transport.close()


@pytest.fixture
def sink() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    with smtp_server(recorder) as server:
        yield recorder, server.port


def test_sends_due_digests_once(engine: sa.Engine, sink: tuple[Recorder, int]) -> None:
    recorder, port = sink
    a = add_subscriber(engine, "a@example.org")
    b = add_subscriber(engine, "b@example.org")
    first = add_digest(engine, a, "<d1@pactwatch.test>")
    second = add_digest(engine, b, "<d2@pactwatch.test>")
    later = add_digest(engine, a, "<d3@pactwatch.test>", next_attempt_at=T0 + timedelta(hours=1))

    assert run(engine, port) == SendReport(sent=2, retried=0, failed=0, unknown_resent=0, skipped=0)
    assert run(engine, port) == SendReport(0, 0, 0, 0, 0)

    assert recorder.message_ids == ["<d1@pactwatch.test>", "<d2@pactwatch.test>"]
    assert [r.rcpt_tos for r in recorder.received] == [["a@example.org"], ["b@example.org"]]
    assert recorder.received[0].content == to_wire(digest(engine, first).message)
    for digest_id in (first, second):
        row = digest(engine, digest_id)
        assert (row.status, row.sent_at, row.attempts, row.error) == ("sent", T0, 1, None)
    assert digest(engine, later).status == "pending"


def test_451_is_retried_later_and_delivered_once(engine: sa.Engine) -> None:
    recorder = Recorder.scripted(["451 4.7.1 greylisted, try again later"])
    sid = add_subscriber(engine, "a@example.org")
    did = add_digest(engine, sid, "<grey@pactwatch.test>")
    with smtp_server(recorder) as server:
        assert run(engine, server.port).retried == 1
        row = digest(engine, did)
        assert (row.status, row.attempts) == ("pending", 1)
        assert "451" in (row.error or "")
        assert T0 + timedelta(seconds=48) <= row.next_attempt_at <= T0 + timedelta(seconds=72)

        assert run(engine, server.port, T0 + timedelta(seconds=30)).sent == 0  # not yet due
        assert run(engine, server.port, T0 + timedelta(minutes=2)).sent == 1
        assert run(engine, server.port, T0 + timedelta(days=1)).sent == 0
    assert recorder.message_ids == ["<grey@pactwatch.test>"]
    row = digest(engine, did)
    assert (row.status, row.attempts, row.error) == ("sent", 2, None)
    assert subscriber(engine, sid).hard_failures == 0


def test_temporary_failures_back_off_then_give_up(engine: sa.Engine) -> None:
    recorder = Recorder.scripted(["451 4.3.0 later"] * 10)
    sid = add_subscriber(engine, "a@example.org")
    did = add_digest(engine, sid, "<t@pactwatch.test>")
    moment = T0
    waits = []
    with smtp_server(recorder) as server:
        for _ in range(3):
            run(engine, server.port, moment, max_attempts=3, rng=random.Random(7))
            row = digest(engine, did)
            waits.append(row.next_attempt_at - moment)
            moment = row.next_attempt_at
    row = digest(engine, did)
    assert (row.status, row.attempts) == ("failed", 3)
    assert 0.8 <= waits[0] / timedelta(minutes=1) <= 1.2  # 1 min after the first attempt
    assert 1.6 <= waits[1] / timedelta(minutes=1) <= 2.4  # 2 min after the second
    assert subscriber(engine, sid).hard_failures == 0  # temporary refusals are no bounces


def test_backoff_doubles_with_jitter_and_is_capped() -> None:
    rng = random.Random(1)
    for attempts, minutes in [(1, 1), (2, 2), (3, 4), (6, 32)]:
        wait = backoff(attempts, rng) / timedelta(minutes=1)
        assert 0.8 * minutes <= wait <= 1.2 * minutes
    assert backoff(30, rng) <= timedelta(hours=6) * 1.2


def test_550_fails_and_three_make_a_bouncing_subscriber(engine: sa.Engine) -> None:
    recorder = Recorder(rcpt_replies={"*": "550 5.1.1 no such user"})
    sid = add_subscriber(engine, "gone@example.org")
    ids = [add_digest(engine, sid, f"<b{n}@pactwatch.test>") for n in range(4)]
    with smtp_server(recorder) as server:
        report = run(engine, server.port)
    assert (report.failed, report.skipped, report.sent) == (3, 1, 0)
    assert recorder.received == []
    gone = subscriber(engine, sid)
    assert (gone.status, gone.hard_failures) == ("bouncing", 3)
    assert all("550" in (digest(engine, d).error or "") for d in ids[:3])
    assert digest(engine, ids[3]).error == "subscriber bouncing"
    assert {digest(engine, d).status for d in ids} == {"failed"}


def test_a_delivery_resets_hard_failures(engine: sa.Engine, sink: tuple[Recorder, int]) -> None:
    _, port = sink
    sid = add_subscriber(engine, "a@example.org", hard_failures=2)
    add_digest(engine, sid, "<ok@pactwatch.test>")
    assert run(engine, port).sent == 1
    assert subscriber(engine, sid).hard_failures == 0


def test_only_confirmed_subscribers_get_digests(
    engine: sa.Engine, sink: tuple[Recorder, int]
) -> None:
    recorder, port = sink
    gone = add_subscriber(engine, "gone@example.org", status="unsubscribed")
    new = add_subscriber(engine, "new@example.org", status="pending")
    known = add_subscriber(engine, "known@example.org")
    skipped = [
        add_digest(engine, gone, "<gone@pactwatch.test>"),
        add_digest(engine, gone, "<gone-confirm@pactwatch.test>", kind="confirm"),
        add_digest(engine, new, "<new@pactwatch.test>"),
    ]
    add_digest(engine, new, "<new-confirm@pactwatch.test>", kind="confirm")
    add_digest(engine, known, "<known-confirm@pactwatch.test>", kind="confirm")

    report = run(engine, port)

    assert (report.sent, report.skipped) == (2, 3)
    assert sorted(recorder.message_ids) == [
        "<known-confirm@pactwatch.test>",
        "<new-confirm@pactwatch.test>",
    ]
    assert [digest(engine, d).error for d in skipped] == [
        "subscriber unsubscribed",
        "subscriber unsubscribed",
        "subscriber not confirmed",
    ]


def test_unsubscribing_stops_the_very_next_send(engine: sa.Engine, database_url: str) -> None:
    sid = add_subscriber(engine, "a@example.org")
    add_digest(engine, sid, "<first@pactwatch.test>")
    second = add_digest(engine, sid, "<second@pactwatch.test>", next_attempt_at=T0)
    other = make_engine(database_url)

    class UnsubscribeOnArrival(Recorder):
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            # The reader unsubscribes while the sender waits for our 250: that write must
            # not wait for the sender either (no transaction spans SMTP traffic).
            with other.begin() as conn:
                conn.execute(
                    sa.update(Subscriber.__table__).values(status="unsubscribed")  # type: ignore[attr-defined]
                )
            return await super().handle_DATA(server, session, envelope)

    recorder = UnsubscribeOnArrival()
    try:
        with smtp_server(recorder) as server:
            report = run(engine, server.port)
    finally:
        other.dispose()
    assert (report.sent, report.skipped) == (1, 1)
    assert recorder.message_ids == ["<first@pactwatch.test>"]
    assert digest(engine, second).error == "subscriber unsubscribed"


def test_a_dead_server_stops_the_run_without_using_attempts(engine: sa.Engine) -> None:
    sid = add_subscriber(engine, "a@example.org")
    first = add_digest(engine, sid, "<x1@pactwatch.test>")
    second = add_digest(engine, sid, "<x2@pactwatch.test>")
    with silent_server() as port:
        transport = smtp(port, timeout=0.3)
        try:
            report = send_pending(engine, transport, sender=SENDER, now=at(T0))
        finally:
            transport.close()
    assert (report.retried, report.sent, report.failed) == (1, 0, 0)
    row = digest(engine, first)
    assert (row.status, row.attempts) == ("pending", 0)
    assert "timed out" in (row.error or "")
    assert row.next_attempt_at > T0
    untouched = digest(engine, second)
    assert (untouched.attempts, untouched.error) == (0, None)


def test_limit_and_rate(engine: sa.Engine, sink: tuple[Recorder, int]) -> None:
    recorder, port = sink
    sid = add_subscriber(engine, "a@example.org")
    for n in range(4):
        add_digest(engine, sid, f"<r{n}@pactwatch.test>")
    clock = [100.0]
    slept: list[float] = []

    def sleep(seconds: float) -> None:
        slept.append(seconds)
        clock[0] += seconds

    report = run(engine, port, limit=3, per_minute=20, sleep=sleep, monotonic=lambda: clock[0])
    assert report.sent == 3
    assert slept == [3.0, 3.0]  # 20 a minute: one every 3 s
    assert len(recorder.received) == 3


def test_failures_are_logged_by_id_without_the_message(
    engine: sa.Engine, caplog: pytest.LogCaptureFixture
) -> None:
    sid = add_subscriber(engine, "a@example.org")
    did = add_digest(engine, sid, "<log@pactwatch.test>")
    recorder = Recorder(rcpt_replies={"*": "550 5.1.1 no such user"})
    with caplog.at_level(logging.WARNING, logger="notify.sender"):
        with smtp_server(recorder) as server:
            run(engine, server.port)
    [line] = [r.getMessage() for r in caplog.records if r.name == "notify.sender"]
    assert f"digest {did}" in line
    assert "550 5.1.1 no such user" in line
    assert "成渝" not in line


def test_two_senders_deliver_each_digest_exactly_once(
    database_url: str, engine: sa.Engine, sink: tuple[Recorder, int]
) -> None:
    recorder, port = sink
    expected = []
    for n in range(40):
        sid = add_subscriber(engine, f"r{n}@example.org")
        expected.append(f"<c{n}@pactwatch.test>")
        add_digest(engine, sid, expected[-1], email=f"r{n}@example.org")
    engines = [make_engine(database_url) for _ in range(2)]
    reports: list[SendReport] = []
    errors: list[BaseException] = []
    start = threading.Barrier(2)

    def sender(own: sa.Engine) -> None:
        try:
            start.wait()
            reports.append(run(own, port))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=sender, args=(e,)) for e in engines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    for own in engines:
        own.dispose()

    assert errors == []
    assert sorted(recorder.message_ids) == sorted(expected)  # none missing, none twice
    # Both runs take a share (about 20/20 here), but which digests each gets is not fixed.
    assert sum(r.sent for r in reports) == 40
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT status, attempts FROM digest")).all()
    assert set(rows) == {("sent", 1)}


def test_recover_unknown_respects_the_lease(engine: sa.Engine) -> None:
    sid = add_subscriber(engine, "a@example.org")
    fresh = add_digest(engine, sid, "<fresh@x>", status="sending", claimed_at=T0)
    stale = add_digest(
        engine, sid, "<stale@x>", status="sending", claimed_at=T0 - timedelta(minutes=11)
    )
    again = add_digest(
        engine,
        sid,
        "<again@x>",
        status="sending",
        claimed_at=T0 - timedelta(hours=1),
        error=f"{RESEND_MARK}: outcome unknown",
    )
    assert recover_unknown(engine, now=at(T0)) == 1
    assert [digest(engine, d).status for d in (fresh, stale, again)] == [
        "sending",
        "unknown",
        "failed",  # already the one resend: never a third copy
    ]
    assert recover_unknown(engine, now=at(T0), lease=timedelta(0)) == 1
    assert digest(engine, fresh).status == "unknown"


def test_an_unknown_digest_gets_one_resend_only(engine: sa.Engine) -> None:
    recorder = Recorder.scripted(["451 4.3.0 later"])
    sid = add_subscriber(engine, "a@example.org")
    did = add_digest(engine, sid, "<u@pactwatch.test>", status="unknown", attempts=1)
    with smtp_server(recorder) as server:
        report = run(engine, server.port)
        assert run(engine, server.port, T0 + timedelta(days=1)).sent == 0
    assert (report.unknown_resent, report.failed, report.retried) == (1, 1, 0)
    assert digest(engine, did).status == "failed"
    assert recorder.received == []


def test_an_unknown_digest_stays_unknown_when_the_server_is_down(engine: sa.Engine) -> None:
    sid = add_subscriber(engine, "a@example.org")
    did = add_digest(engine, sid, "<u@pactwatch.test>", status="unknown", attempts=1)
    with silent_server() as port:
        transport = smtp(port, timeout=0.3)
        try:
            report = send_pending(engine, transport, sender=SENDER, now=at(T0))
        finally:
            transport.close()
    assert (report.retried, report.unknown_resent) == (1, 0)
    row = digest(engine, did)
    assert (row.status, row.attempts) == ("unknown", 1)  # it was never offered: still one resend
    assert not (row.error or "").startswith(RESEND_MARK)


CRASHING_SENDER = """
import sys
from notify.sender import send_pending
from notify.transport import SmtpTransport
from pipeline.db import make_engine

engine = make_engine(sys.argv[1])
transport = SmtpTransport.from_url(sys.argv[2], timeout=30, local_hostname="client.test")
send_pending(engine, transport, sender="pactwatch@example.org")
"""


def test_a_crash_after_sending_means_one_resend_with_the_same_message_id(
    database_url: str, engine: sa.Engine
) -> None:
    sid = add_subscriber(engine, "a@example.org")
    did = add_digest(engine, sid, "<crash@pactwatch.test>")
    recorder = Recorder(stall_first=True)  # holds its 250 until released
    with smtp_server(recorder) as server:
        url = f"smtp://127.0.0.1:{server.port}"
        with subprocess.Popen(
            [sys.executable, "-c", CRASHING_SENDER, database_url, url],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as proc:
            try:
                arrived = recorder.arrived.wait(20)
                proc.send_signal(signal.SIGKILL)  # it has sent; it has not recorded
                _, stderr = proc.communicate(timeout=10)
            finally:
                recorder.release.set()
            assert arrived, stderr.decode()
        assert digest(engine, did).status == "sending"

        # A fresh process knows no sender runs: no lease to wait out.
        assert recover_unknown(engine, now=utcnow, lease=timedelta(0)) == 1
        report = run(engine, server.port, utcnow())
        later = run(engine, server.port, utcnow() + timedelta(days=1), lease=timedelta(0))

    assert (report.sent, report.unknown_resent) == (1, 1)
    assert later == SendReport(0, 0, 0, 0, 0)
    assert recorder.message_ids == ["<crash@pactwatch.test>"] * 2
    assert recorder.received[0].content == recorder.received[1].content
    row = digest(engine, did)
    assert (row.status, row.attempts) == ("sent", 2)


# --- batches of claims, and several connections -------------------------------------------


def test_claims_come_in_batches_and_each_digest_goes_once(
    engine: sa.Engine, sink: tuple[Recorder, int]
) -> None:
    recorder, port = sink
    expected = []
    for n in range(2 * CLAIM_BATCH + 5):
        sid = add_subscriber(engine, f"r{n}@example.org")
        expected.append(f"<b{n}@pactwatch.test>")
        add_digest(engine, sid, expected[-1], next_attempt_at=T0 - timedelta(seconds=n))
    report = run(engine, port)
    assert (report.sent, report.failed, report.retried) == (len(expected), 0, 0)
    assert recorder.message_ids == expected[::-1]  # earliest due first
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT status, attempts, error FROM digest")).all()
    assert set(rows) == {("sent", 1, None)}


def test_a_dead_server_leaves_the_rest_of_the_batch_untouched(engine: sa.Engine) -> None:
    sid = add_subscriber(engine, "a@example.org")
    ids = [add_digest(engine, sid, f"<p{n}@pactwatch.test>") for n in range(4)]
    unknown = add_digest(
        engine, sid, "<u@pactwatch.test>", status="unknown", attempts=1, error="lost"
    )
    with silent_server() as port:
        transport = smtp(port, timeout=0.3)
        try:
            report = send_pending(engine, transport, sender=SENDER, now=at(T0))
        finally:
            transport.close()
    assert (report.retried, report.sent, report.failed, report.unknown_resent) == (1, 0, 0, 0)
    tried, *untried = [digest(engine, d) for d in ids]
    assert (tried.status, tried.attempts) == ("pending", 0)
    assert "timed out" in (tried.error or "")
    # Read with it but never claimed: untouched, and the unknown one keeps its one resend.
    assert [(d.status, d.attempts, d.error) for d in untried] == [("pending", 0, None)] * 3
    back = digest(engine, unknown)
    assert (back.status, back.attempts, back.error) == ("unknown", 1, "lost")


def test_a_digest_changed_after_it_was_read_goes_as_it_is_now(
    engine: sa.Engine, database_url: str
) -> None:
    sid = add_subscriber(engine, "a@example.org")
    add_digest(engine, sid, "<first@pactwatch.test>")
    second = add_digest(engine, sid, "<second@pactwatch.test>")
    other = make_engine(database_url)

    class RecoverOnArrival(Recorder):
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            # Another process marks the second one "unknown" after we read it as pending.
            with other.begin() as conn:
                conn.execute(
                    sa.text("UPDATE digest SET status = 'unknown' WHERE id = :id"), {"id": second}
                )
            return await super().handle_DATA(server, session, envelope)

    recorder = RecoverOnArrival()
    try:
        with smtp_server(recorder) as server:
            report = run(engine, server.port)
    finally:
        other.dispose()
    # Not claimed as the pending row we read: read again, it went as the unknown one it is.
    assert (report.sent, report.unknown_resent, report.skipped) == (2, 1, 0)
    assert recorder.message_ids == ["<first@pactwatch.test>", "<second@pactwatch.test>"]
    row = digest(engine, second)
    assert (row.status, row.attempts) == ("sent", 1)


def test_two_connections_share_the_queue(engine: sa.Engine, sink: tuple[Recorder, int]) -> None:
    recorder, port = sink
    expected = []
    for n in range(CLAIM_BATCH + 20):
        sid = add_subscriber(engine, f"r{n}@example.org")
        expected.append(f"<p{n}@pactwatch.test>")
        add_digest(engine, sid, expected[-1], email=f"r{n}@example.org")
    transports = [smtp(port), smtp(port)]
    try:
        report = send_pending(engine, transports, sender=SENDER, now=at(T0))
    finally:
        for transport in transports:
            transport.close()
    assert report == SendReport(sent=len(expected))
    assert sorted(recorder.message_ids) == sorted(expected)  # none missing, none twice
    assert len({r.peer for r in recorder.received}) == 2  # both connections carried some
    assert all(r.rcpt_tos == [f"r{r.message_id[2:-16]}@example.org"] for r in recorder.received)


def test_a_limited_run_uses_one_connection(engine: sa.Engine, sink: tuple[Recorder, int]) -> None:
    recorder, port = sink
    sid = add_subscriber(engine, "a@example.org")
    for n in range(5):
        add_digest(engine, sid, f"<l{n}@pactwatch.test>")
    transports = [smtp(port), smtp(port)]
    try:
        report = send_pending(engine, transports, sender=SENDER, now=at(T0), limit=3)
    finally:
        for transport in transports:
            transport.close()
    assert report.sent == 3 and len({r.peer for r in recorder.received}) == 1
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT status, attempts FROM digest ORDER BY id")).all()
    assert [tuple(r) for r in rows] == [("sent", 1)] * 3 + [("pending", 0)] * 2
