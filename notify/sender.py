"""Delivering the outbox: claim a due digest, send its stored bytes, record the outcome.

Due digests are read a batch at a time (`DueQueue`), each claimed alone just before it is
sent. Each step is its own short transaction and no SMTP traffic happens inside one, so a
slow server never holds the store's write lock. States of `Digest.status`:

    pending ──claim (attempts + 1)──▶ sending
    sending ──250──▶ sent                        subscriber.hard_failures = 0
    sending ──4xx, timeout──▶ pending            next_attempt_at = now + backoff;
                                                 failed once attempts reach max_attempts
    sending ──5xx──▶ failed                      hard_failures + 1; the 3rd → "bouncing"
    sending ──server down, login refused──▶ as claimed from, attempt given back; run stops
    sending ──sender died, lease over──▶ unknown (recover_unknown)
    unknown ──claim──▶ sending (error = RESEND_MARK…), then 250 → sent, any refusal →
            failed, server down → unknown (it was never offered), died again → failed
    pending | unknown ──subscriber no longer eligible──▶ failed ("subscriber unsubscribed")

An "unknown" digest may have been delivered already; it is resent once, same bytes and
Message-ID, so the receiving side can drop the copy. The one-resend rule is kept in the row
itself, not in `attempts`: claiming an unknown digest writes `RESEND_MARK` at the head of
`error`, and `recover_unknown` turns a "sending" row carrying it into "failed".
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

import sqlalchemy as sa

from notify.models import Digest, Subscriber
from notify.transport import DeliveryError, Transport
from pipeline.clock import utcnow

log = logging.getLogger(__name__)

DIGESTS: sa.Table = Digest.__table__  # type: ignore[attr-defined]
SUBSCRIBERS: sa.Table = Subscriber.__table__  # type: ignore[attr-defined]

CLAIMABLE = ("pending", "unknown")
# A live sender holds a claim for one SMTP conversation: a few timeouts of 30 s at worst.
DEFAULT_LEASE = timedelta(minutes=10)
RESEND_MARK = "resend after unknown outcome"
BOUNCING_AFTER = 3  # consecutive permanent refusals before an address gets no more mail
BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_CAP = timedelta(hours=6)
BACKOFF_JITTER = 0.2
CLAIM_BATCH = 32  # due digests read at once; each is still claimed alone, just before sending


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0  # back in the queue for a later run
    failed: int = 0  # given up: refused, out of attempts, or an unknown resend that failed
    unknown_resent: int = 0  # also counted in sent or failed
    skipped: int = 0  # subscriber no longer wants (or may not get) this mail


@dataclass(frozen=True)
class Claim:
    id: int
    subscriber_id: int
    email: str
    message: bytes
    message_id: str
    attempts: int  # after this claim; also the fencing token of the record step
    was_unknown: bool


def backoff(attempts: int, rng: random.Random) -> timedelta:
    """1, 2, 4, … minutes after the n-th attempt, capped at 6 h, then ±20 % jitter."""
    base = min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP)
    return base * rng.uniform(1 - BACKOFF_JITTER, 1 + BACKOFF_JITTER)


def recover_unknown(
    engine: sa.Engine,
    *,
    now: Callable[[], datetime] = utcnow,
    lease: timedelta = DEFAULT_LEASE,
) -> int:
    """Digests left "sending" longer than `lease` become "unknown"; the number of them.

    A fresh process that knows no other sender runs may pass `lease=timedelta(0)`. A row
    that was already an unknown resend becomes "failed" instead: never a third copy.
    """
    cutoff = now() - lease
    stale = sa.and_(DIGESTS.c.status == "sending", DIGESTS.c.claimed_at <= cutoff)
    with engine.begin() as conn:
        gave_up = conn.execute(
            DIGESTS.update()
            .where(stale, DIGESTS.c.error.startswith(RESEND_MARK, autoescape=True))
            .values(status="failed", error="outcome unknown again after a resend; not resent")
            .returning(DIGESTS.c.id)
        ).scalars()
        for digest_id in gave_up:
            log.warning("digest %s: outcome unknown again after a resend; failed", digest_id)
        recovered = conn.execute(
            DIGESTS.update()
            .where(stale)
            .values(status="unknown", error="outcome unknown: the sender stopped while sending")
            .returning(DIGESTS.c.id)
        ).scalars()
        ids = list(recovered)
    for digest_id in ids:
        log.warning("digest %s: sender lost while sending; will resend once", digest_id)
    return len(ids)


def send_pending(
    engine: sa.Engine,
    transport: Transport | Sequence[Transport],
    *,
    sender: str,
    now: Callable[[], datetime] = utcnow,
    limit: int | None = None,
    per_minute: int | None = None,
    max_attempts: int = 6,
    rng: random.Random | None = None,
    lease: timedelta = DEFAULT_LEASE,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> SendReport:
    """Send every due digest (at most `limit`), at most `per_minute` a minute.

    Several transports (connections to one server) send side by side, a thread each, as
    concurrent senders do: while one waits for the server's reply, the others claim and
    record (bench/digest.py delivery to a local sink over 1, 2, 4 connections: ~270, ~330,
    ~400 emails/s). A paced or limited run uses the first transport only, so pace and limit
    stay exact. A sender stops early when its transport itself fails (server down, login
    refused): the digest in hand goes back as it was, without using up one of its
    `max_attempts`.
    """
    transports = list(transport) if isinstance(transport, Sequence) else [transport]
    rng = rng or random.Random()
    recover_unknown(engine, now=now, lease=lease)
    due = DueQueue()
    pace = Pacer(per_minute, sleep=sleep, monotonic=monotonic)
    if per_minute or limit is not None or len(transports) == 1:
        return _send_all(engine, transports[0], due, sender, now, limit, pace, max_attempts, rng)
    with ThreadPoolExecutor(len(transports), thread_name_prefix="send_pending") as pool:
        workers = [
            pool.submit(
                _send_all, engine, each, due, sender, now, None, pace, max_attempts, rng_of(rng)
            )
            for each in transports
        ]
        reports = [worker.result() for worker in workers]
    return SendReport(*(sum(getattr(r, f.name) for r in reports) for f in fields(SendReport)))


def rng_of(rng: random.Random) -> random.Random:
    """A generator of its own for a sender thread, seeded from the run's."""
    return random.Random(rng.random())


def _send_all(
    engine: sa.Engine,
    transport: Transport,
    due: DueQueue,
    sender: str,
    now: Callable[[], datetime],
    limit: int | None,
    pace: Pacer,
    max_attempts: int,
    rng: random.Random,
) -> SendReport:
    """One sender's loop: claim the next due digest, send it, record the outcome."""
    report = SendReport()
    sent = 0
    with engine.connect() as conn:  # one connection for the run; no transaction spans SMTP
        while limit is None or sent < limit:
            # Wait before claiming, not after: an unsubscribe during the wait still counts.
            pace.wait()
            claim = None
            while claim is None:
                row = due.next(conn, now())
                if row is None:
                    return report
                claim = claim_row(conn, row, now(), report)
            sent += 1
            if not deliver_one(conn, transport, claim, sender, now, max_attempts, rng, report):
                break
    return report


def deliver_one(
    conn: sa.Connection,
    transport: Transport,
    claim: Claim,
    sender: str,
    now: Callable[[], datetime],
    max_attempts: int,
    rng: random.Random,
    report: SendReport,
) -> bool:
    """Send one claimed digest and record the outcome; False when the transport is down."""
    try:
        transport.send(
            claim.message, sender=sender, recipients=[claim.email], message_id=claim.message_id
        )
    except DeliveryError as err:
        log.warning("digest %s: %s delivery error: %s", claim.id, err.kind, err)
        if record_failure(conn, claim, err, now(), max_attempts, rng):
            report.retried += 1
        else:
            report.failed += 1
        if err.scope == "transport":
            return False  # never offered (no resend yet), and the next would fail the same way
    else:
        record_sent(conn, claim, now())
        report.sent += 1
    report.unknown_resent += claim.was_unknown
    return True


def eligible_statuses(kind: str) -> tuple[str, ...]:
    # A confirmation goes to an address that has not confirmed yet, or to a confirmed one
    # whose new preferences await its click (notify.subscriptions.subscribe); everything
    # else only to confirmed ones, so an unsubscribe or a bounce stops the very next send.
    return ("pending", "confirmed") if kind == "confirm" else ("confirmed",)


def skip_reason(subscriber_status: str) -> str:
    if subscriber_status == "pending":
        return "subscriber not confirmed"
    return f"subscriber {subscriber_status}"  # unsubscribed | bouncing


class DueQueue:
    """Due digests, read CLAIM_BATCH at a time and handed out earliest first.

    Reading them one at a time cost two queries and a transaction a message. A row handed
    out is only a candidate: `claim_row` takes it if nothing changed meanwhile, so a crash
    still leaves at most the digest in flight "sending". One queue serves every sender
    thread of a run, so they do not race for the same rows.
    """

    def __init__(self) -> None:
        self._rows: deque[sa.Row[tuple[object, ...]]] = deque()
        self._lock = threading.Lock()

    def next(self, conn: sa.Connection, now: datetime) -> sa.Row[tuple[object, ...]] | None:
        with self._lock:
            if not self._rows:
                with conn.begin():
                    rows = [row for q in _due_queries(now) for row in conn.execute(q)]
                rows.sort(key=lambda r: (r.next_attempt_at, r.id))
                self._rows.extend(rows[:CLAIM_BATCH])
            return self._rows.popleft() if self._rows else None


def _due_queries(now: datetime) -> list[sa.Select]:
    """The earliest due digests, per status: index range scans on ix_digest_due.

    One query per status rather than `status IN (…)`, which makes SQLite sort every
    matching row.
    """
    d, s = DIGESTS.c, SUBSCRIBERS.c
    return [
        sa.select(d.id, d.kind, d.status, d.attempts, d.message, d.message_id, d.error)
        .add_columns(s.id.label("subscriber_id"), s.email, d.next_attempt_at)
        .join_from(DIGESTS, SUBSCRIBERS, d.subscriber_id == s.id)
        .where(d.status == status, d.next_attempt_at <= now)
        .order_by(d.next_attempt_at, d.id)
        .limit(CLAIM_BATCH)
        for status in CLAIMABLE
    ]


def _claim_statement(status: str, kind: str) -> sa.Update:
    """Take a digest as read: same status and attempts, still due, subscriber eligible."""
    d, s = DIGESTS.c, SUBSCRIBERS.c
    eligible = (
        sa.select(s.id)
        .where(s.id == d.subscriber_id, s.status.in_(eligible_statuses(kind)))
        .exists()
    )
    taken = (
        DIGESTS.update()
        .where(d.id == sa.bindparam("digest"), d.status == status)
        .where(
            d.attempts == sa.bindparam("read_attempts"), d.next_attempt_at <= sa.bindparam("now")
        )
        .where(eligible)
        .values(status="sending", claimed_at=sa.bindparam("now"), attempts=d.attempts + 1)
    )
    return taken.values(error=sa.bindparam("resend_error")) if status == "unknown" else taken


# Statements run once a message are built once: building them each time cost more than
# SQLite took to run them (~80 µs each).
_CLAIM = {
    (status, kind): _claim_statement(status, kind)
    for status in CLAIMABLE
    for kind in ("confirm", "digest")
}
_NOW_OF = (
    sa.select(DIGESTS.c.status, DIGESTS.c.attempts, SUBSCRIBERS.c.status.label("subscriber_status"))
    .join_from(DIGESTS, SUBSCRIBERS, DIGESTS.c.subscriber_id == SUBSCRIBERS.c.id)
    .where(DIGESTS.c.id == sa.bindparam("digest"))
)
# Ours while the attempts count is the one our claim wrote; "unknown" too, since a
# recovery elsewhere may have relabelled it while we were still talking to the server.
_MINE = sa.and_(
    DIGESTS.c.id == sa.bindparam("claim_id"),
    DIGESTS.c.attempts == sa.bindparam("claim_attempts"),
    DIGESTS.c.status.in_(("sending", "unknown")),
)
_SENT = DIGESTS.update().where(_MINE).values(status="sent", sent_at=sa.bindparam("at"), error=None)
_DELIVERED = (
    SUBSCRIBERS.update()
    .where(SUBSCRIBERS.c.id == sa.bindparam("subscriber"), SUBSCRIBERS.c.hard_failures != 0)
    .values(hard_failures=0)
)


def claim_row(
    conn: sa.Connection, row: sa.Row[tuple[object, ...]], now: datetime, report: SendReport
) -> Claim | None:
    """The claim on a due digest read earlier, or None; one whose subscriber is no longer
    eligible is failed instead.

    The conditional UPDATE is the claim, so two senders never both win a digest: SQLite
    serialises writers (BEGIN IMMEDIATE); on PostgreSQL the row lock and the recheck of
    the WHERE settle races.
    """
    kind = "confirm" if row.kind == "confirm" else "digest"
    params = {"digest": row.id, "read_attempts": row.attempts, "now": now}
    if row.status == "unknown":
        params["resend_error"] = f"{RESEND_MARK}: {row.error or ''}"
    with conn.begin():
        if conn.execute(_CLAIM[row.status, kind], params).rowcount == 1:
            return Claim(
                id=row.id,
                subscriber_id=row.subscriber_id,
                email=row.email,
                message=row.message,
                message_id=row.message_id,
                attempts=row.attempts + 1,
                was_unknown=row.status == "unknown",
            )
        current = conn.execute(_NOW_OF, {"digest": row.id}).one_or_none()
        if current is None or (current.status, current.attempts) != (row.status, row.attempts):
            return None  # another sender took it, or it changed: not ours to judge
        if current.subscriber_status in eligible_statuses(row.kind):
            return None  # no longer due (a clock step back): a later run takes it
        reason = skip_reason(current.subscriber_status)
        conn.execute(
            DIGESTS.update()
            .where(DIGESTS.c.id == row.id, DIGESTS.c.status == row.status)
            .values(status="failed", error=reason)
        )
    log.info("digest %s: skipped, %s", row.id, reason)
    report.skipped += 1
    return None


def _mine(claim: Claim) -> dict[str, object]:
    return {"claim_id": claim.id, "claim_attempts": claim.attempts}


def record_sent(conn: sa.Connection, claim: Claim, now: datetime) -> None:
    with conn.begin():
        done = conn.execute(_SENT, {**_mine(claim), "at": now})
        if not done.rowcount:
            log.warning("digest %s: sent, but another sender took it meanwhile", claim.id)
            return
        conn.execute(_DELIVERED, {"subscriber": claim.subscriber_id})


def record_failure(
    conn: sa.Connection,
    claim: Claim,
    err: DeliveryError,
    now: datetime,
    max_attempts: int,
    rng: random.Random,
) -> bool:
    """Write the outcome of a refused delivery; True when the digest will be tried again."""
    text = str(err)[:2000]
    if err.scope == "transport":
        # Not this message's fault: as it was before the claim, attempt given back.
        values: dict[str, object] = {
            "status": "unknown" if claim.was_unknown else "pending",
            "attempts": claim.attempts - 1,
            "next_attempt_at": now + backoff(1, rng),
            "error": text,
        }
        retry = True
    elif err.kind == "temporary" and not claim.was_unknown and claim.attempts < max_attempts:
        values = {"status": "pending", "next_attempt_at": now + backoff(claim.attempts, rng)}
        values["error"] = text
        retry = True
    else:
        lead = "the one resend after an unknown outcome failed: " if claim.was_unknown else ""
        values = {"status": "failed", "error": lead + text}
        retry = False
    with conn.begin():
        done = conn.execute(DIGESTS.update().where(_MINE).values(**values), _mine(claim))
        if done.rowcount and err.scope == "message" and err.kind == "permanent":
            _count_hard_failure(conn, claim.subscriber_id, now)
    return retry


def _count_hard_failure(conn: sa.Connection, subscriber_id: int, now: datetime) -> None:
    s = SUBSCRIBERS.c
    conn.execute(
        SUBSCRIBERS.update()
        .where(s.id == subscriber_id)
        .values(
            hard_failures=s.hard_failures + 1,
            status=sa.case(
                (
                    sa.and_(
                        s.hard_failures + 1 >= BOUNCING_AFTER,
                        s.status.in_(("pending", "confirmed")),
                    ),
                    "bouncing",
                ),
                else_=s.status,
            ),
            updated_at=now,
        )
    )


class Pacer:
    """At most `per_minute` sends a minute: sends start at least 60/per_minute s apart.

    Evenly spaced rather than bursty, so no 60-second window ever holds more than the cap.
    """

    def __init__(
        self,
        per_minute: int | None,
        *,
        sleep: Callable[[float], None],
        monotonic: Callable[[], float],
    ) -> None:
        self.interval = 60.0 / per_minute if per_minute else 0.0
        self.sleep = sleep
        self.monotonic = monotonic
        self.next_at: float | None = None

    def wait(self) -> None:
        if not self.interval:
            return
        now = self.monotonic()
        if self.next_at is not None and now < self.next_at:
            self.sleep(self.next_at - now)
            now = self.next_at
        self.next_at = now + self.interval
