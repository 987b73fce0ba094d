"""Tables owned by the service: leases that keep crawls and schedulers from overlapping.

The schema is Alembic's (migration 0006); `tests/pipeline/test_store.py` checks these
classes against it. APScheduler's own `apscheduler_jobs` is created there too, but is not
modelled: the job store reads and writes it.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from pipeline.models import UTCDateTime, utcnow


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
