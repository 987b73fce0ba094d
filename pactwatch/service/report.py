"""Human-readable `pactwatch schedule` and `pactwatch status` (their `--json` is status.py's)."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from sqlmodel import Session

from pactwatch.service.status import scheduler_lease
from pactwatch.tasks.summary import summary_console
from pipeline.clock import utcnow


def print_schedule(
    rows: list[dict[str, Any]], engine: sa.Engine, zone: ZoneInfo, console: Console | None = None
) -> None:
    """Who schedules, then the jobs."""
    console = console or summary_console()
    with Session(engine.execution_options(sqlite_begin="DEFERRED")) as session:
        console.print(_leader_line(scheduler_lease(session, zone, utcnow())))
    table = Table(box=None)
    for column in ("job", "what", "next run", "state"):
        table.add_column(column, no_wrap=column != "what")
    for row in rows:
        table.add_row(
            escape(row["id"]), escape(row["name"]), row["next_run_time"] or "paused", row["state"]
        )
    console.print(table)


def _leader_line(lease: dict[str, Any] | None) -> str:
    if lease is None:
        return "scheduler: none is running (start one with 'pactwatch run')"
    state = "scheduling" if lease["live"] else "lease expired: no scheduler is running"
    return f"scheduler: {escape(lease['holder'])} ({state}, lease until {lease['expires_at']})"


def print_status(report: dict[str, Any], console: Console | None = None) -> None:
    console = console or summary_console()
    console.print(_leader_line(report["scheduler"]))
    console.print(_sources_table(report["sources"]))
    queue = report["mail_queue"]
    parts = [f"{q['count']} {q['kind']} {q['status']}" for q in queue["by_state"]]
    console.print(
        f"mail queue: {queue['total']} message(s)" + (f" ({', '.join(parts)})" if parts else "")
    )
    _print_errors(report["errors_24h"], console)


def _sources_table(sources: list[dict[str, Any]]) -> Table:
    table = Table(title="last crawl per source", title_justify="left", box=None)
    for column in ("source", "last run", "outcome", "s", "pages", "new", "errors", "held", "now"):
        table.add_column(
            column,
            justify="left" if column in ("source", "last run", "outcome", "now") else "right",
        )
    for row in sources:
        run = row["last_run"]
        now = "crawling" if row["crawling_by"] else ""
        if run is None:
            table.add_row(escape(row["source"]), "never", "", "", "", "", "", "", now)
            continue
        outcome = (
            run["status"]
            if run["finish_reason"] in (None, "finished")
            else f"{run['status']}: {run['finish_reason']}"
        )
        table.add_row(
            escape(row["source"]), (run["started_at"] or "")[:19], escape(outcome),
            f"{run['seconds']:.1f}", str(run["pages_fetched"]), str(run["articles_new"]),
            str(run["errors"]), str(run.get("articles_held_back", 0)), now,
        )  # fmt: skip
    return table


def _print_errors(errors: dict[str, Any], console: Console) -> None:
    pages = errors["page_errors"]
    failed = errors["failed_runs"]
    if not (pages or failed or errors["mail_failed"]):
        console.print("errors in the last 24 h: none")
        return
    console.print("errors in the last 24 h:")
    for item in pages:
        console.print(
            f"  {escape(item['source'])}: {item['count']} page(s) failed ({item['kind']})"
        )
    for run in failed:
        console.print(
            f"  {escape(run['source'])}: crawl {run['finish_reason']} "
            f"at {(run['started_at'] or '')[:19]}"
        )
    if errors["mail_failed"]:
        console.print(f"  mail: {errors['mail_failed']} message(s) given up")
