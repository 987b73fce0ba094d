"""Delivering the outbox: claim a due digest, send its stored bytes, record the outcome.

Each step is its own short transaction and no SMTP traffic happens inside one, so a slow
server never holds the store's write lock. States of `Digest.status`:

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
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from notify.models import Digest, Subscriber
from notify.transport import DeliveryError, Transport
from pipeline.models import utcnow

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
    transport: Transport,
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

    Stops early when the transport itself fails (server down, login refused): the digest in
    hand goes back as it was, without using up one of its `max_attempts`.
    """
    rng = rng or random.Random()
    recover_unknown(engine, now=now, lease=lease)
    report = SendReport()
    pace = Pacer(per_minute, sleep=sleep, monotonic=monotonic)
    claimed = 0
    while limit is None or claimed < limit:
        # Wait before claiming, not after: an unsubscribe during the wait still counts.
        pace.wait()
        claim = claim_next(engine, now(), report)
        if claim is None:
            break
        claimed += 1
        try:
            transport.send(
                claim.message,
                sender=sender,
                recipients=[claim.email],
                message_id=claim.message_id,
            )
        except DeliveryError as err:
            log.warning("digest %s: %s delivery error: %s", claim.id, err.kind, err)
            if record_failure(engine, claim, err, now(), max_attempts, rng):
                report.retried += 1
            else:
                report.failed += 1
            if err.scope == "transport":
                break  # never offered, and the next one would fail the same way
        else:
            record_sent(engine, claim, now())
            report.sent += 1
        report.unknown_resent += claim.was_unknown
    return report


def eligible_statuses(kind: str) -> tuple[str, ...]:
    # A confirmation goes to an address that has not confirmed yet, or to a confirmed one
    # whose new preferences await its click (notify.subscriptions.subscribe); everything
    # else only to confirmed ones, so an unsubscribe or a bounce stops the very next send.
    return ("pending", "confirmed") if kind == "confirm" else ("confirmed",)


def skip_reason(subscriber_status: str) -> str:
    if subscriber_status == "pending":
        return "subscriber not confirmed"
    return f"subscriber {subscriber_status}"  # unsubscribed | bouncing


def _due_query(status: str, now: datetime) -> sa.Select:
    """The earliest due digest in one status: an index range scan on ix_digest_due.

    One query per status rather than `status IN (…)`, which makes SQLite sort every
    matching row for each claim.
    """
    d, s = DIGESTS.c, SUBSCRIBERS.c
    return (
        sa.select(d.id, d.kind, d.status, d.attempts, d.message, d.message_id, d.error)
        .add_columns(s.id.label("subscriber_id"), s.email, s.status.label("subscriber_status"))
        .add_columns(d.next_attempt_at)
        .join_from(DIGESTS, SUBSCRIBERS, d.subscriber_id == s.id)
        .where(d.status == status, d.next_attempt_at <= now)
        .order_by(d.next_attempt_at, d.id)
        .limit(1)
        .with_for_update(skip_locked=True, of=DIGESTS)
    )


def _earliest(conn: sa.Connection, queries: list[sa.Select]) -> sa.Row | None:
    rows = [row for query in queries if (row := conn.execute(query).first()) is not None]
    return min(rows, key=lambda r: (r.next_attempt_at, r.id)) if rows else None


def claim_next(engine: sa.Engine, now: datetime, report: SendReport) -> Claim | None:
    """Take the next due digest for this sender, or None; skipped ones are marked failed.

    The conditional UPDATE (status unchanged since read, subscriber still eligible) is the
    claim, so two senders never both win a digest: SQLite serialises writers (BEGIN
    IMMEDIATE); on PostgreSQL, SKIP LOCKED keeps them apart and the rowcount settles races.
    """
    d = DIGESTS.c
    queries = [_due_query(status, now) for status in CLAIMABLE]
    with engine.begin() as conn:
        while (row := _earliest(conn, queries)) is not None:
            same = sa.and_(d.id == row.id, d.status == row.status)
            if row.subscriber_status not in eligible_statuses(row.kind):
                reason = skip_reason(row.subscriber_status)
                done = conn.execute(
                    DIGESTS.update().where(same).values(status="failed", error=reason)
                )
                if done.rowcount:
                    log.info("digest %s: skipped, %s", row.id, reason)
                    report.skipped += 1
                continue
            if _take(conn, row, now):
                return Claim(
                    id=row.id,
                    subscriber_id=row.subscriber_id,
                    email=row.email,
                    message=row.message,
                    message_id=row.message_id,
                    attempts=row.attempts + 1,
                    was_unknown=row.status == "unknown",
                )
    return None


def _take(conn: sa.Connection, row: sa.Row[tuple[object, ...]], now: datetime) -> bool:
    d, s = DIGESTS.c, SUBSCRIBERS.c
    still_eligible = (
        sa.select(s.id)
        .where(s.id == d.subscriber_id, s.status.in_(eligible_statuses(row.kind)))
        .exists()
    )
    error = f"{RESEND_MARK}: {row.error or ''}" if row.status == "unknown" else row.error
    taken = conn.execute(
        DIGESTS.update()
        .where(d.id == row.id, d.status == row.status, still_eligible)
        .values(status="sending", claimed_at=now, attempts=d.attempts + 1, error=error)
    )
    return taken.rowcount == 1


def _mine(claim: Claim) -> sa.ColumnElement[bool]:
    # Ours while the attempts count is the one our claim wrote; "unknown" too, since a
    # recovery elsewhere may have relabelled it while we were still talking to the server.
    d = DIGESTS.c
    return sa.and_(
        d.id == claim.id, d.attempts == claim.attempts, d.status.in_(("sending", "unknown"))
    )


def record_sent(engine: sa.Engine, claim: Claim, now: datetime) -> None:
    with engine.begin() as conn:
        done = conn.execute(
            DIGESTS.update().where(_mine(claim)).values(status="sent", sent_at=now, error=None)
        )
        if not done.rowcount:
            log.warning("digest %s: sent, but another sender took it meanwhile", claim.id)
            return
        conn.execute(
            SUBSCRIBERS.update()
            .where(SUBSCRIBERS.c.id == claim.subscriber_id)
            .values(hard_failures=0)
        )


def record_failure(
    engine: sa.Engine,
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
    with engine.begin() as conn:
        done = conn.execute(DIGESTS.update().where(_mine(claim)).values(**values))
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
