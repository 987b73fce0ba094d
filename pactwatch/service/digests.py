"""The mail jobs: digests due at subscribers' own hours, immediate alerts, the outbox.

Thin over `notify.run.run_digests` and `pactwatch.tasks.mail.deliver`, which decide who is
due (`notify.digests.is_due`: each subscriber's hour, weekday and zone) and record each
digest once. These only choose the frequency and what to say in the log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from notify.run import DigestRun, run_digests
from pactwatch.core.config import Config
from pactwatch.core.settings import Settings
from pactwatch.tasks.mail import deliver, mail_config
from pipeline.clock import utcnow


@dataclass(frozen=True)
class MailRun:
    """What one mail job did."""

    job: str
    queued: int = 0  # digests recorded in the outbox
    stories: int = 0
    sent: int = 0
    retried: int = 0
    failed: int = 0

    def describe(self) -> str | None:
        """A log line, or None when there was nothing to do."""
        if not (self.queued or self.sent or self.retried or self.failed):
            return None
        return (
            f"{self.job}: {self.queued} queued ({self.stories} stories), sent {self.sent}, "
            f"retrying {self.retried}, failed {self.failed}"
        )


def due_digests(
    engine: sa.Engine, settings: Settings, config: Config, now: datetime | None = None
) -> MailRun:
    """Record and send every daily and weekly digest due at `now` (default: the clock).

    Run every quarter hour, so each subscriber's digest goes within minutes of their hour in
    their own time zone; one missed while the service was down goes at the next run.
    """
    when = now or utcnow()
    mail = mail_config(settings, config)
    runs = [run_digests(engine, mail, now=when, frequency=f) for f in ("daily", "weekly")]
    return _sent("digests", runs, engine, settings, config, now)


def immediate(
    engine: sa.Engine, settings: Settings, config: Config, now: datetime | None = None
) -> MailRun:
    """Alerts for "immediate" subscribers: what was stored since each one's last alert."""
    mail = mail_config(settings, config)
    run = run_digests(engine, mail, now=now or utcnow(), frequency="immediate")
    return _sent("immediate alerts", [run], engine, settings, config, now)


def send(
    engine: sa.Engine, settings: Settings, config: Config, now: datetime | None = None
) -> MailRun:
    """Send what is pending or due for a retry in the outbox."""
    return _sent("outbox", [], engine, settings, config, now)


def _sent(
    job: str,
    runs: list[DigestRun],
    engine: sa.Engine,
    settings: Settings,
    config: Config,
    now: datetime | None,
) -> MailRun:
    report = deliver(engine, settings, config, now=now)
    return MailRun(
        job,
        queued=sum(r.recorded for r in runs),
        stories=sum(r.stories for r in runs),
        sent=report.sent,
        retried=report.retried,
        failed=report.failed,
    )
