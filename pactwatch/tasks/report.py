"""Human-readable output of the CLI (the JSON forms are the contract's)."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.markup import escape
from rich.table import Table


def print_analysis(result: dict[str, Any], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    verdict = "agreements signed" if result["is_agreement"] else "no signed agreement"
    title = escape(result["title"] or "(no title)")
    console.print(f"[bold]{escape(result['path'])}[/bold]: {title}")
    console.print(f"  {verdict} (score {result['score']:.2f})")
    for number, found in enumerate(result["agreements"], start=1):
        name = f"《{found['title']}》" if found["title"] else "(untitled)"
        console.print(f"  {number}. {escape(name)} {found['signed_on'] or 'date unknown'}")
        console.print(f"     parties: {escape('; '.join(found['parties']))}")
        console.print(
            f"     regions: {escape('; '.join(found['regions']))}"
            f"   sectors: {', '.join(found['sectors'])}"
        )
    if result.get("error"):
        console.print(f"  [yellow]note: {escape(result['error'])}[/yellow]")


def subscriber_rows(engine: Any, tz: str) -> list[dict[str, Any]]:
    """The subscriptions as plain dicts (the `subscribers --json` lines)."""
    from sqlmodel import Session, col, select

    from notify.models import Subscriber
    from pipeline.gazetteer import division

    zone = ZoneInfo(tz)
    with Session(engine.execution_options(sqlite_begin="DEFERRED")) as session:
        rows = session.exec(select(Subscriber).order_by(col(Subscriber.id)))
        return [
            {
                "id": s.id, "email": s.email, "status": s.status, "frequency": s.frequency,
                "hour": s.hour, "weekday": s.weekday,
                "regions": [division(c).full_name for c in s.regions],
                "sectors": s.sectors, "keywords": s.keywords,
                "in_region_only": s.in_region_only,
                "confirmed_at": _iso(s.confirmed_at, zone),
                "last_digest_at": _iso(s.last_digest_at, zone),
            }
            for s in rows
        ]  # fmt: skip


def print_subscribers(rows: list[dict[str, Any]], console: Console | None = None) -> None:
    console = console or Console(highlight=False)
    table = Table(box=None)
    for column in ("id", "email", "status", "frequency", "regions", "sectors", "last digest"):
        table.add_column(column)
    for r in rows:
        table.add_row(
            str(r["id"]),
            escape(r["email"]),
            r["status"],
            r["frequency"],
            "、".join(r["regions"]) or "all",
            ", ".join(r["sectors"]) or "all",
            (r["last_digest_at"] or "")[:16],
        )
    console.print(table)


def print_planned(planned: list[Any], console: Console | None = None) -> None:
    """`digest --dry-run`: exactly what would be sent, as its plain-text part."""
    console = console or Console(highlight=False, soft_wrap=True)
    if not planned:
        console.print("no digest is due")
    for item in planned:
        console.rule(f"to {escape(item.subscriber.email)} · {escape(item.subject)}")
        console.print(escape(item.text))


def _iso(value: datetime | None, zone: ZoneInfo) -> str | None:
    return value.astimezone(zone).isoformat() if value else None
