"""Tables owned by the service: leases that keep crawls and schedulers from overlapping, and
the monitor's incidents.

The schema is Alembic's (migrations 0006 and 0007); `tests/pipeline/test_store.py` checks these
classes against it. APScheduler's own `apscheduler_jobs` is created there too, but is not
modelled: the job store reads and writes it.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from pipeline.clock import utcnow
from pipeline.models import UTCDateTime


class CrawlLease(SQLModel, table=True):
    """Who may crawl a source until when: one row per source, taken by one process at a time.

    No foreign key to `source`: a lease is taken before the crawl writes its source row.
    """

    __tablename__ = "crawl_lease"

    source: str = Field(primary_key=True, max_length=64)
    holder: str = Field(max_length=255)  # host:pid:token of the supervising process
    expires_at: datetime = Field(sa_type=UTCDateTime)
    acquired_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class SchedulerLease(SQLModel, table=True):
    """Which `pactwatch run` schedules: the one row named "scheduler", renewed while alive."""

    __tablename__ = "scheduler_lease"

    name: str = Field(primary_key=True, max_length=32)
    holder: str = Field(max_length=255)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    acquired_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MonitorIncident(SQLModel, table=True):
    """One problem of one source the monitor saw, from the run that showed it until it cleared.

    At most one open (`closed_at` null) per source and kind, which the partial unique index
    holds even if two schedulers overlap for a moment: a second would-be incident fails to
    insert instead of being mailed twice. `notified_at` is set once the operator's mail went
    out; `recovery_sent_at` once the "recovered" mail did (only for notified incidents).
    """

    __tablename__ = "monitor_incident"
    __table_args__ = (
        sa.Index(
            "ux_monitor_incident_open",
            "source",
            "kind",
            unique=True,
            sqlite_where=sa.text("closed_at IS NULL"),
            postgresql_where=sa.text("closed_at IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=64)  # no foreign key: like the leases, free of `source`
    # What pactwatch.tasks.health_rules found: failed | nothing_new | error_rate
    kind: str = Field(max_length=32)
    reason: str = ""  # what the rule said when the incident opened
    opened_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    notified_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    closed_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    recovery_sent_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
