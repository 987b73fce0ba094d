"""Composition of notify for the CLI and the service: settings in, digests and mail out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from notify.sender import SendReport, send_pending
from notify.transport import transport_from_settings
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from notify.digests import MailConfig, Planned, plan_digests, queue_confirmation, record
from notify.models import Subscriber
from notify.subscriptions import Preferences, subscribe
from pactwatch.config import Config
from pactwatch.errors import MissingSecret
from pactwatch.settings import Settings
from pipeline.models import utcnow


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
    """Send what the outbox holds now (SMTP, or .eml files without PACTWATCH_SMTP_URL)."""
    smtp = settings.smtp_url.get_secret_value() if settings.smtp_url else None
    transport = transport_from_settings(smtp, settings.outbox_dir)
    try:
        return send_pending(
            engine,
            transport,
            sender=settings.mail_from,
            now=(lambda: now) if now else utcnow,
            per_minute=config.digest.per_minute,
        )
    finally:
        transport.close()


def subscribe_and_confirm(
    engine: sa.Engine, email: str, prefs: Preferences, *, mail: MailConfig, confirmed: bool
) -> tuple[Subscriber, bool]:
    """Create or update a subscription; queue the confirmation message when one is needed."""
    now = utcnow()
    with Session(engine) as session, session.begin():
        subscriber, needs = subscribe(email, prefs, session=session, confirmed=confirmed, now=now)
        if needs:
            queue_confirmation(subscriber, prefs.as_dict(), session=session, config=mail, now=now)
        session.expunge(subscriber)
    return subscriber, needs


@dataclass
class DigestRun:
    planned: list[Planned]
    recorded: int = 0
    skipped: int = 0  # another run recorded the same deliveries first


def run_digests(
    engine: sa.Engine,
    mail: MailConfig,
    *,
    now: datetime,
    frequency: str | None = None,
    dry_run: bool = False,
) -> DigestRun:
    """Plan every due digest; unless a dry run, write each to the outbox in its own transaction."""
    # expire_on_commit off: the planned digests keep their subscriber rows after commit.
    with Session(engine, expire_on_commit=False) as session:
        planned = plan_digests(session=session, config=mail, now=now, frequency=frequency)
        if dry_run:
            return DigestRun(planned)  # closing without commit writes nothing
        session.commit()  # subscribers with nothing new start their next period now
        for item in planned:
            session.expunge(item.subscriber)
    run = DigestRun(planned)
    for item in planned:
        try:
            with Session(engine) as session, session.begin():
                item.subscriber = session.merge(item.subscriber)
                record(item, session=session)
            run.recorded += 1
        except IntegrityError:
            run.skipped += 1  # its stories were already delivered: never mail them twice
    return run
