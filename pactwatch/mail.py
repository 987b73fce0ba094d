"""Composition of notify for the CLI and the service: settings in, digests and mail out."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col

from notify.digests import (
    MailConfig,
    Planned,
    confirmations_since,
    prepare_due,
    queue_confirmation,
    record,
    render_for,
)
from notify.models import Subscriber
from notify.render import DigestRenderer, make_environment
from notify.sender import SendReport, send_pending
from notify.subscriptions import Preferences, subscribe
from notify.transport import transport_from_settings
from pactwatch.config import Config
from pactwatch.errors import MissingSecret
from pactwatch.settings import Settings
from pipeline.clock import utcnow
from pipeline.db import chunks

# Connections side by side keep a relay busy while this process claims and records: 1, 2, 4
# of them sent ~270, ~330, ~400 emails/s to bench/digest.py's local sink (more where the
# relay is farther away). Relays commonly allow far more per client; one that refuses a
# connection only stops that one sender thread (a transport error).
SMTP_CONNECTIONS = 4
# Confirmation messages to one address a day: enough for a typo corrected and a lost mail.
CONFIRMATIONS_PER_ADDRESS, CONFIRMATION_WINDOW = 3, timedelta(days=1)

log = logging.getLogger(__name__)


def mail_config(settings: Settings, config: Config, secret: str | None = None) -> MailConfig:
    key = secret or (settings.secret_key.get_secret_value() if settings.secret_key else None)
    if not key:
        raise MissingSecret("PACTWATCH_SECRET_KEY is not set: links in mail must be signed")
    digest = config.digest
    return MailConfig(
        base_url=settings.base_url, mail_from=settings.mail_from, secret=key,
        timezone=settings.timezone, require_review=digest.require_review,
        send_empty=digest.send_empty, group_by=digest.group_by,
        max_lookback=timedelta(days=digest.max_lookback_days),
    )  # fmt: skip


def deliver(
    engine: sa.Engine, settings: Settings, config: Config, now: datetime | None = None
) -> SendReport:
    """Send what the outbox holds now (SMTP, or .eml files without PACTWATCH_SMTP_URL).

    Over SMTP_CONNECTIONS connections side by side (see `send_pending`), one when paced.
    """
    smtp = settings.smtp_url.get_secret_value() if settings.smtp_url else None
    paced = config.digest.per_minute is not None
    count = SMTP_CONNECTIONS if smtp and not paced else 1
    transports = [transport_from_settings(smtp, settings.outbox_dir) for _ in range(count)]
    try:
        return send_pending(
            engine,
            transports,
            sender=settings.mail_from,
            now=(lambda: now) if now else utcnow,
            per_minute=config.digest.per_minute,
        )
    finally:
        for transport in transports:
            transport.close()


def subscribe_and_confirm(
    engine: sa.Engine, email: str, prefs: Preferences, *, mail: MailConfig, confirmed: bool
) -> tuple[Subscriber, bool]:
    """Create or update a subscription; queue the confirmation message when one is needed.

    At most `CONFIRMATIONS_PER_ADDRESS` confirmation messages go to one address a day,
    whoever asks and from wherever: the form must not be a way to flood a stranger's
    mailbox. Past that, the request is answered the same and nothing is sent.
    """
    now = utcnow()
    with Session(engine) as session, session.begin():
        subscriber, needs = subscribe(email, prefs, session=session, confirmed=confirmed, now=now)
        if needs and subscriber.id is not None:
            since = now - CONFIRMATION_WINDOW
            if (
                confirmations_since(subscriber.id, since, session=session)
                >= CONFIRMATIONS_PER_ADDRESS
            ):
                log.warning("confirmation for subscriber %s not sent: daily limit", subscriber.id)
            else:
                queue_confirmation(
                    subscriber, prefs.as_dict(), session=session, config=mail, now=now
                )
        session.expunge(subscriber)
    return subscriber, needs


@dataclass
class DigestRun:
    planned: list[Planned] = field(default_factory=list)  # kept by dry runs only
    recorded: int = 0
    stories: int = 0
    skipped: int = 0  # another run recorded the same deliveries first
    quiet: int = 0  # due, but nothing new for them


def run_digests(
    engine: sa.Engine,
    mail: MailConfig,
    *,
    now: datetime,
    frequency: str | None = None,
    dry_run: bool = False,
) -> DigestRun:
    """Plan every due digest; unless a dry run, write each to the outbox as it is rendered.

    One digest at a time, each in its own transaction: memory stays flat however many
    subscribers are due (10,000 planned at once held 1.6 GB), and the uniqueness of
    deliveries turns a concurrent run's duplicate into a skip instead of a second mail.
    """
    reader = engine.execution_options(sqlite_begin="DEFERRED")
    with Session(reader, expire_on_commit=False) as session:
        due = prepare_due(session=session, config=mail, now=now, frequency=frequency)
        session.expunge_all()
    result, renderer, quiet = DigestRun(), DigestRenderer(make_environment()), []
    with engine.connect() as conn:  # one connection, one transaction a digest
        for subscriber, chosen in due.selections(mail):
            if not chosen and not mail.send_empty:
                quiet.append(subscriber.id)
                continue
            start = due.since[subscriber.id or 0]
            planned = render_for(subscriber, chosen, start, now, mail, renderer)
            if dry_run:
                result.planned.append(planned)
            elif _record(conn, planned):
                result.recorded += 1
                result.stories += len(planned.items)
            else:
                result.skipped += 1
        result.quiet = len(quiet)
        if quiet and not dry_run:  # nothing new: their next period starts now
            with conn.begin():
                for ids in chunks(quiet):
                    conn.execute(
                        sa.update(Subscriber)
                        .where(col(Subscriber.id).in_(ids))
                        .values(last_digest_at=now)
                    )
    return result


def _record(conn: sa.Connection, planned: Planned) -> bool:
    try:
        with conn.begin():  # the digest and its deliveries, or nothing
            record(planned, conn=conn)
    except IntegrityError:
        return False  # its stories were already delivered: never mail them twice
    return True
