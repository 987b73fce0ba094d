"""What `pactwatch schedule` and `pactwatch status` read: plain dicts, the `--json` forms."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from notify.models import Digest
from pactwatch.core.config import Config
from pactwatch.service import leases
from pactwatch.service.leases import SCHEDULER
from pactwatch.service.models import CrawlLease, SchedulerLease
from pactwatch.service.schedule import CRAWL_PREFIX, desired_jobs, same_job, stored_jobs
from pipeline.clock import utcnow
from pipeline.models import CrawlError, CrawlRun, SourceState

ERROR_WINDOW = timedelta(hours=24)
QUEUED = ("pending", "sending", "unknown")  # digest states not yet settled


def _iso(value: datetime | None, zone: ZoneInfo) -> str | None:
    return value.astimezone(zone).isoformat(timespec="seconds") if value else None


def scheduler_lease(session: Session, zone: ZoneInfo, now: datetime) -> dict[str, Any] | None:
    held = leases.holding(SchedulerLease, SCHEDULER, session=session)
    if held is None:
        return None
    return {
        "holder": held.holder,
        "expires_at": _iso(held.expires_at, zone),
        "since": _iso(held.acquired_at, zone),
        "live": held.live(now),
    }


def schedule_rows(engine: sa.Engine, config: Config, zone: ZoneInfo) -> list[dict[str, Any]]:
    """Every job the config asks for, with its next run time; then stored ones it dropped.

    A job the service has not stored yet shows when it would first run if started now.
    """
    now = utcnow()
    stored = {job.id: job for job in stored_jobs(engine)}
    rows = []
    for spec in desired_jobs(config, zone, now):
        job = stored.pop(spec.id, None)
        if job is None:
            when, state = spec.trigger.get_next_fire_time(None, now), "not stored yet"
        else:
            when = job.next_run_time
            state = "scheduled" if same_job(job, spec) else "changed: applies on restart/SIGHUP"
        rows.append(_job_row(spec.id, spec.name, str(spec.trigger), when, state, zone))
    for job in stored.values():
        rows.append(
            _job_row(job.id, job.name, str(job.trigger), job.next_run_time, "dropped", zone)
        )
    return rows


def _job_row(
    job_id: str, name: str, trigger: str, when: datetime | None, state: str, zone: ZoneInfo
) -> dict[str, Any]:
    kind, _, source = job_id.partition(":") if job_id.startswith(CRAWL_PREFIX) else (job_id, "", "")
    return {
        "id": job_id,
        "kind": kind,
        "source": source or None,
        "name": name,
        "trigger": trigger,
        "next_run_time": _iso(when, zone),
        "state": state,
    }


def status_report(engine: sa.Engine, config: Config, zone: ZoneInfo) -> dict[str, Any]:
    """Scheduler lease, last crawl per source, the mail queue, errors of the last 24 h."""
    now = utcnow()
    with Session(engine.execution_options(sqlite_begin="DEFERRED")) as session:
        return {
            "now": _iso(now, zone),
            "scheduler": scheduler_lease(session, zone, now),
            "sources": _sources(config, session, zone, now),
            "mail_queue": _mail_queue(session, zone),
            "errors_24h": _errors(session, zone, now - ERROR_WINDOW),
        }


def _sources(
    config: Config, session: Session, zone: ZoneInfo, now: datetime
) -> list[dict[str, Any]]:
    known = session.exec(select(SourceState.name)).all()
    names = [*config.names(), *sorted(set(known) - set(config.names()))]
    held = {h.key: h for h in leases.holdings(CrawlLease, session=session) if h.live(now)}
    rows = []
    for name in names:
        last = session.exec(
            select(CrawlRun).where(CrawlRun.source == name).order_by(col(CrawlRun.id).desc())
        ).first()
        lease = held.get(name)
        rows.append(
            {
                "source": name,
                "configured": name in config.names(),
                "crawling_by": lease.holder if lease else None,
                "last_run": _run(last, zone, now) if last else None,
            }
        )
    return rows


def _run(run: CrawlRun, zone: ZoneInfo, now: datetime) -> dict[str, Any]:
    end = run.finished_at or now
    return {
        "id": run.id,
        "status": run.status,
        "finish_reason": run.finish_reason,
        "started_at": _iso(run.started_at, zone),
        "finished_at": _iso(run.finished_at, zone),
        "seconds": round((end - run.started_at).total_seconds(), 1),
        "pages_fetched": run.pages_fetched,
        "articles_new": run.articles_new,
        "agreements_found": run.agreements_found,
        "errors": run.errors,
        "articles_held_back": run.articles_held_back,  # failed for good before: not asked
    }


def _mail_queue(session: Session, zone: ZoneInfo) -> dict[str, Any]:
    query = (
        sa.select(
            col(Digest.status),
            col(Digest.kind),
            sa.func.count(),
            sa.func.min(Digest.next_attempt_at),
        )
        .where(col(Digest.status).in_(QUEUED))
        .group_by(col(Digest.status), col(Digest.kind))
    )
    rows = session.execute(query).all()
    return {
        "total": sum(count for _, _, count, _ in rows),
        "by_state": [
            {"status": status, "kind": kind, "count": count, "next_attempt_at": _when(first, zone)}
            for status, kind, count, first in rows
        ],
    }


def _when(value: object, zone: ZoneInfo) -> str | None:
    # An aggregate comes back raw (a string on SQLite): read it as the column would.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    assert isinstance(value, datetime)
    aware = value if value.tzinfo else value.replace(tzinfo=ZoneInfo("UTC"))
    return _iso(aware, zone)


def _errors(session: Session, zone: ZoneInfo, since: datetime) -> dict[str, Any]:
    pages = session.execute(
        sa.select(col(CrawlRun.source), col(CrawlError.kind), sa.func.count())
        .join(CrawlRun, col(CrawlRun.id) == col(CrawlError.run_id))
        .where(col(CrawlError.at) >= since)
        .group_by(col(CrawlRun.source), col(CrawlError.kind))
        .order_by(col(CrawlRun.source), col(CrawlError.kind))
    ).all()
    failed = session.exec(
        select(CrawlRun)
        .where(col(CrawlRun.started_at) >= since, CrawlRun.status == "failed")
        .order_by(col(CrawlRun.id).desc())
    ).all()
    mail = session.execute(
        sa.select(sa.func.count())
        .select_from(Digest)
        .where(col(Digest.status) == "failed", col(Digest.claimed_at) >= since)
    ).scalar_one()
    return {
        "page_errors": [{"source": s, "kind": k, "count": n} for s, k, n in pages],
        "failed_runs": [
            {
                "source": r.source,
                "finish_reason": r.finish_reason,
                "started_at": _iso(r.started_at, zone),
            }
            for r in failed
        ],
        "mail_failed": mail,
    }
