"""`pactwatch subscribe`, `unsubscribe`, `subscribers` and `digest`."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from pactwatch.commands.base import (
    ConfigOption,
    UsageError,
    app,
    engine_for,
    load_cfg,
    load_settings,
)
from pactwatch.core.db import require_current


@app.command("subscribe")
def subscribe_cmd(
    email: str,
    region: Annotated[
        list[str] | None, typer.Option("--region", help="泸州, 永川区, 四川 …")
    ] = None,
    sector: Annotated[
        list[str] | None, typer.Option("--sector", help="industry, digital …")
    ] = None,
    keyword: Annotated[list[str] | None, typer.Option("--keyword")] = None,
    frequency: Annotated[str, typer.Option(help="immediate, daily or weekly")] = "daily",
    hour: Annotated[int, typer.Option(help="local hour of daily/weekly digests")] = 8,
    weekday: Annotated[int, typer.Option(help="weekly: 0 = Monday … 6 = Sunday")] = 0,
    all_regions: Annotated[
        bool, typer.Option("--all-regions", help="also agreements with no 川渝 party")
    ] = False,
    confirmed: Annotated[bool, typer.Option("--confirmed", help="skip double opt-in")] = False,
    config: ConfigOption = None,
) -> None:
    """Create or update a subscription; without --confirmed a confirmation is mailed first."""
    from notify.addresses import BadAddress, normalise_address
    from notify.confirmations import subscribe_and_confirm
    from notify.subscriptions import BadPreferences, parse_preferences
    from pactwatch.tasks.mail import deliver, mail_config

    settings = load_settings()
    cfg = load_cfg(settings, config)
    try:
        normalise_address(email)  # a typo in the address is what to hear about first
        prefs = parse_preferences(
            regions=region,
            sectors=sector,
            keywords=keyword,
            frequency=frequency,
            hour=hour,
            weekday=weekday,
            in_region_only=not all_regions,
            timezone=settings.timezone,
        )
        mail = mail_config(settings, cfg)
        require_current(settings.database_url)
        engine = engine_for(settings)
        subscriber, needs = subscribe_and_confirm(
            engine, email, prefs, mail=mail, confirmed=confirmed
        )
    except (BadAddress, BadPreferences) as exc:
        raise UsageError(str(exc)) from exc
    if needs:
        deliver(engine, settings, cfg)
        typer.echo(f"{subscriber.email}: confirmation sent; nothing else until it is followed")
    else:
        typer.echo(f"{subscriber.email}: subscribed ({subscriber.frequency})")


@app.command("unsubscribe")
def unsubscribe_cmd(email: str, config: ConfigOption = None) -> None:
    """Stop all mail to this address (effective before the next send)."""
    from sqlmodel import Session

    from notify.addresses import BadAddress
    from notify.subscriptions import find_subscriber, unsubscribe

    settings = load_settings()
    require_current(settings.database_url)
    try:
        with Session(engine_for(settings)) as session, session.begin():
            subscriber = find_subscriber(email, session=session)
            if subscriber is None:
                raise UsageError(f"no subscription for {email}")
            unsubscribe(subscriber, session=session)
    except BadAddress as exc:
        raise UsageError(str(exc)) from exc
    typer.echo(f"{email}: unsubscribed")


@app.command()
def subscribers(
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines")] = False,
    config: ConfigOption = None,
) -> None:
    """The subscriptions."""
    from pactwatch.tasks.report import print_subscribers, subscriber_rows

    settings = load_settings()
    require_current(settings.database_url)
    rows = subscriber_rows(engine_for(settings), settings.timezone)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        print_subscribers(rows)


@app.command()
def digest(
    frequency: Annotated[str | None, typer.Option(help="only immediate, daily or weekly")] = None,
    now: Annotated[datetime | None, typer.Option(help="pretend it is this time (ISO 8601)")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="render and print only")] = False,
    config: ConfigOption = None,
) -> None:
    """Build and deliver every digest that is due; a second run delivers nothing new."""
    from notify.run import run_digests
    from pactwatch.tasks.mail import deliver, mail_config
    from pactwatch.tasks.report import print_planned
    from pipeline.clock import utcnow

    if frequency not in (None, "immediate", "daily", "weekly"):
        raise UsageError("--frequency must be immediate, daily or weekly")
    settings = load_settings()
    cfg = load_cfg(settings, config)
    mail = mail_config(settings, cfg)
    require_current(settings.database_url)
    when = utcnow() if now is None else now
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(settings.timezone))
    engine = engine_for(settings)
    run = run_digests(engine, mail, now=when, frequency=frequency, dry_run=dry_run)
    if dry_run:
        print_planned(run.planned)
        return
    report = deliver(engine, settings, cfg, now=when)
    typer.echo(
        f"{run.recorded} digest(s) queued ({run.skipped} already delivered elsewhere); "
        f"sent {report.sent}, retrying {report.retried}, failed {report.failed}"
    )
