"""Metrics in the Prometheus text format (version 0.0.4): the `Metric` family, its
rendering, and the figures the store holds. Shared by `/metrics` (pactwatch.web.metrics)
and the running service's own figures (pactwatch.service.telemetry), so neither package
imports the other.

The figures are the store's state, so every process sharing a database reports the same
numbers and a restart loses nothing: totals of what the store holds (articles,
agreements, digests by status, crawl runs by status, pages fetched, errors by kind of
the crawl runs still kept) plus the queue depth and the age of the last good crawl.
Housekeeping deletes old crawl runs, so those sums are gauges, not counters.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"


@dataclass(frozen=True)
class Metric:
    """One metric family: its samples are (labels, value)."""

    name: str
    help: str
    kind: str = "gauge"  # gauge | counter
    samples: Sequence[tuple[dict[str, str], float]] = field(default_factory=tuple)


def render(metrics: Iterable[Metric]) -> str:
    """The text exposition format; label values escaped as the format requires."""
    lines: list[str] = []
    for metric in metrics:
        lines.append(f"# HELP {metric.name} {metric.help}")
        lines.append(f"# TYPE {metric.name} {metric.kind}")
        for labels, value in metric.samples:
            lines.append(f"{metric.name}{_labels(labels)} {_number(value)}")
    return "\n".join(lines) + "\n"


def _labels(labels: dict[str, str]) -> str:
    if not labels:
        return ""
    return "{" + ",".join(f'{k}="{_escape(v)}"' for k, v in sorted(labels.items())) + "}"


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\n", "\\n").replace('"', '\\"')


def _number(value: float) -> str:
    if math.isnan(value):
        return "NaN"
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def store_metrics(connection: sa.Connection, now: datetime) -> list[Metric]:
    """What the store holds, in a few aggregate queries."""

    def grouped(sql: str, label: str) -> list[tuple[dict[str, str], float]]:
        return [({label: str(key)}, float(n or 0)) for key, n in connection.exec_driver_sql(sql)]

    def one(sql: str) -> object:
        return connection.exec_driver_sql(sql).scalar()

    digests = grouped("SELECT status, count(*) FROM digest GROUP BY status", "status")
    queue = sum(n for labels, n in digests if labels["status"] in ("pending", "unknown"))
    last_ok = one("SELECT max(finished_at) FROM crawl_run WHERE status = 'finished'")
    age = (now - aware(last_ok)).total_seconds() if last_ok else math.nan
    pages, new = _sums(connection)
    return [
        Metric("pactwatch_articles", "Stored articles by review status.",
               samples=grouped("SELECT status, count(*) FROM article GROUP BY status", "status")),
        Metric("pactwatch_agreements", "Stored agreements.",
               samples=[({}, float(connection.exec_driver_sql(
                   "SELECT count(*) FROM agreement").scalar_one()))]),
        Metric("pactwatch_crawl_runs", "Crawl runs kept, by outcome.",
               samples=grouped("SELECT status, count(*) FROM crawl_run GROUP BY status", "status")),
        Metric("pactwatch_pages_fetched", "Pages fetched by the crawl runs kept.",
               samples=[({}, pages)]),
        Metric("pactwatch_articles_new", "New articles stored by the crawl runs kept.",
               samples=[({}, new)]),
        Metric("pactwatch_crawl_errors", "Failed pages of the crawl runs kept, by kind.",
               samples=grouped("SELECT kind, count(*) FROM crawl_error GROUP BY kind", "kind")),
        Metric("pactwatch_digests", "Digests by delivery status.", samples=digests),
        Metric("pactwatch_digest_queue", "Digests waiting to be sent (pending or unknown).",
               samples=[({}, queue)]),
        Metric("pactwatch_last_successful_crawl_age_seconds",
               "Seconds since the last crawl run that finished.", samples=[({}, age)]),
    ]  # fmt: skip


def _sums(connection: sa.Connection) -> tuple[float, float]:
    sql = "SELECT coalesce(sum(pages_fetched), 0), coalesce(sum(articles_new), 0) FROM crawl_run"
    pages, new = connection.exec_driver_sql(sql).one()
    return float(pages), float(new)


def aware(value: object) -> datetime:
    """A timestamp column read raw: SQLite gives text, PostgreSQL an aware datetime."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
