"""The operator's monitor: which sources broke, remembered as incidents, mailed once each.

Reads `[service] operator_email` (unset: the service does not schedule the monitor),
`alert_nothing_new_runs` (N) and `alert_error_rate`. After each tick it reads the recent
crawl runs of every enabled source and applies `pactwatch.tasks.health_rules`, the desk's own
rules: N crawls failed in a row, nothing new in N finished crawls, or the last crawl failing
on more than `alert_error_rate` of its pages (the threshold alone: a mail is for a source
that is bad now, not for one that got worse). Each rule that fires is an incident of its
source (`monitor_incident`), opened once and closed when the rule stops firing; the
operator gets one mail when it opens and one when it clears.

The mail goes out after the incident is recorded; until it is accepted (SMTP, or the .eml
written) the incident stays unnotified and the next tick tries again.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from notify.transport import DeliveryError
from pactwatch.core.config import Config, ServiceConfig
from pactwatch.core.settings import Settings
from pactwatch.service.models import MonitorIncident
from pactwatch.service.monitor_mail import Incident, build_monitor_mail, send_mail
from pactwatch.tasks.health_rules import source_health
from pipeline.clock import utcnow
from pipeline.models import CrawlRun

log = logging.getLogger(__name__)

# Runs read per source: twice the streak the rules look for, so failed runs between
# finished ones (which the "nothing new" rule skips) still leave it enough to count.
EXTRA_RUNS = 10


@dataclass(frozen=True)
class Thresholds:
    """The monitor's rules, from `[service]`."""

    runs: int  # alert_nothing_new_runs: failed, or nothing new, this many crawls in a row
    error_rate: float  # alert_error_rate

    @classmethod
    def of(cls, service: ServiceConfig) -> Thresholds:
        return cls(service.alert_nothing_new_runs, service.alert_error_rate)

    @property
    def window(self) -> int:
        return 2 * self.runs + EXTRA_RUNS


def findings(runs: Sequence[CrawlRun], thresholds: Thresholds) -> dict[str, str]:
    """The rules that fire on these runs (newest first), by kind, with their reasons."""
    health = source_health(
        runs,
        nothing_new_runs=thresholds.runs,
        failed_runs=thresholds.runs,
        error_rate_alert=thresholds.error_rate,
        error_rate_jump=0,
    )
    return health.findings() if health.alert else {}


@dataclass
class Checked:
    """What one monitor run saw and did."""

    sources: int = 0
    opened: list[str] = field(default_factory=list)  # "source: kind"
    closed: list[str] = field(default_factory=list)
    mailed: int = 0  # incidents (opened or cleared) the mail that went out told of

    def describe(self) -> str | None:
        """A log line, or None when nothing changed."""
        if not (self.opened or self.closed or self.mailed):
            return None
        return (
            f"monitor: {self.sources} source(s); opened {self.opened or 'none'}, "
            f"cleared {self.closed or 'none'}; mailed {self.mailed} incident(s)"
        )


def check(
    engine: sa.Engine, settings: Settings, config: Config, now: datetime | None = None
) -> Checked:
    """Open and close incidents from the latest runs, then mail the operator what is new."""
    now = now or utcnow()
    thresholds = Thresholds.of(config.service)
    names = [source.name for source in config.sources if source.enabled]
    with Session(engine, expire_on_commit=False) as session, session.begin():
        runs = recent_runs(names, thresholds.window, session=session)
        found = {name: findings(runs[name], thresholds) for name in names}
        checked = track(found, session=session, now=now)
    checked.sources = len(names)
    for line in checked.opened:
        log.warning("monitor: incident opened, %s", line)
    for line in checked.closed:
        log.info("monitor: incident cleared, %s", line)
    if config.service.operator_email:
        checked.mailed = notify_operator(engine, settings, config, now=now)
    return checked


def recent_runs(
    names: Sequence[str], per_source: int, *, session: Session
) -> dict[str, list[CrawlRun]]:
    """The last `per_source` runs of each source, newest first (a short index walk each)."""
    found: dict[str, list[CrawlRun]] = {}
    for name in names:
        query = (
            select(CrawlRun)
            .where(col(CrawlRun.source) == name)
            .order_by(col(CrawlRun.id).desc())
            .limit(per_source)
        )
        found[name] = list(session.exec(query))
    return found


def track(found: dict[str, dict[str, str]], *, session: Session, now: datetime) -> Checked:
    """Close the open incidents whose rule no longer fires; open one per new finding.

    Incidents of sources no longer watched (removed, disabled) close without a mail: the
    operator took them away.
    """
    checked = Checked()
    open_ = session.exec(select(MonitorIncident).where(col(MonitorIncident.closed_at).is_(None)))
    still: set[tuple[str, str]] = set()
    for incident in open_:
        if incident.kind in found.get(incident.source, {}):
            still.add((incident.source, incident.kind))
            continue
        incident.closed_at = now
        if incident.source not in found:
            incident.recovery_sent_at = now  # nothing to tell
        checked.closed.append(f"{incident.source}: {incident.kind}")
    for source, kinds in found.items():
        for kind, reason in kinds.items():
            if (source, kind) not in still and open_incident(source, kind, reason, session, now):
                checked.opened.append(f"{source}: {kind}")
    return checked


def open_incident(source: str, kind: str, reason: str, session: Session, now: datetime) -> bool:
    """Open an incident in a savepoint; False when another scheduler opened it first."""
    try:
        with session.begin_nested():  # a savepoint: a lost race costs this row only
            session.add(MonitorIncident(source=source, kind=kind, reason=reason, opened_at=now))
    except IntegrityError:  # another scheduler, for a moment, opened it first
        return False
    return True


def notify_operator(engine: sa.Engine, settings: Settings, config: Config, now: datetime) -> int:
    """Mail `[service] operator_email` the incidents not told yet; how many it told of.

    A delivery that fails is logged and left for the next run: nothing is marked sent.
    """
    address = config.service.operator_email
    assert address is not None
    with Session(engine.execution_options(sqlite_begin="DEFERRED")) as session:
        opened = _incidents(session, MonitorIncident.notified_at, open_=True)
        cleared = _incidents(session, MonitorIncident.recovery_sent_at, open_=False)
    if not (opened or cleared):
        return 0
    titles = {source.name: source.title for source in config.sources}
    message = build_monitor_mail(
        opened, cleared, to=address, settings=settings, titles=titles, now=now
    )
    try:
        send_mail(message, settings)
    except DeliveryError as exc:
        log.warning("monitor: mail to %s not sent, trying again next time: %s", address, exc)
        return 0
    with Session(engine) as session, session.begin():
        _mark(session, "notified_at", [i.id for i in opened], now)
        _mark(session, "recovery_sent_at", [i.id for i in cleared], now)
    return len(opened) + len(cleared)


def _incidents(session: Session, unsent: object, *, open_: bool) -> list[Incident]:
    closed = col(MonitorIncident.closed_at)
    query = select(MonitorIncident).where(col(unsent).is_(None)).order_by(col(MonitorIncident.id))
    if open_:
        query = query.where(closed.is_(None))
    else:  # a "cleared" mail only for an incident whose opening was told
        query = query.where(closed.is_not(None), col(MonitorIncident.notified_at).is_not(None))
    return [Incident.of(row) for row in session.exec(query)]


def _mark(session: Session, column: str, ids: list[int], now: datetime) -> None:
    """Set `column` to `now` on incidents `ids` where it is still unset."""
    if ids:
        unset = getattr(MonitorIncident, column)
        session.execute(
            sa.update(MonitorIncident)
            .where(col(MonitorIncident.id).in_(ids), col(unset).is_(None))
            .values({column: now})
        )
