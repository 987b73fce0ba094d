"""Notify wired to the settings, for the CLI, the service and the web: settings in, mail out."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from notify.digests import MailConfig
from notify.sender import SendReport, send_pending
from notify.transport import transport_from_settings
from pactwatch.core.config import Config
from pactwatch.core.errors import MissingSecret
from pactwatch.core.settings import Settings
from pipeline.clock import utcnow

# Connections side by side keep a relay busy while this process claims and records: 1, 2, 4
# of them sent ~270, ~330, ~400 emails/s to bench/digest.py's local sink (more where the
# relay is farther away). Relays commonly allow far more per client; one that refuses a
# connection only stops that one sender thread (a transport error).
SMTP_CONNECTIONS = 4


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
