"""The `pactwatch` command line: parse, build settings once, hand over, map errors to exits."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError

from pactwatch.config import Config, ConfigError, Source, find_config, load_config
from pactwatch.db import SchemaNotReady, StoreUnreachable, require_current, upgrade
from pactwatch.errors import MissingSecret
from pactwatch.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: no "<bool>" on flags, no boxes cutting sentences
    context_settings={"max_content_width": 120},
    help="Crawl Sichuan/Chongqing news for cooperation agreements.",
)
db_app = typer.Typer(no_args_is_help=True, help="The store's schema.")


app.add_typer(db_app, name="db")
sources_app = typer.Typer(
    no_args_is_help=True, help="Add a site from its address; check the sources live."
)
app.add_typer(sources_app, name="sources")

ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="pactwatch.toml to use", dir_okay=False)
]


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"pactwatch {version('pactwatch')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    pass


class UsageError(Exception):
    """Bad usage or configuration: exit 2 with one line."""


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "PACTWATCH_" + "_".join(str(part) for part in error["loc"]).upper()
        message = str(error["msg"]).removeprefix("Value error, ")
        raise UsageError(f"{name}: {message}") from exc


def _config(settings: Settings, path: Path | None) -> Config:
    return load_config(find_config(path, settings.config, Path.cwd()))


@db_app.command("upgrade")
def db_upgrade(config: ConfigOption = None) -> None:
    """Create or migrate the schema (idempotent)."""
    settings = _settings()
    before, after = upgrade(settings.database_url)
    if before == after:
        typer.echo(f"schema is current (revision {after})")
    else:
        typer.echo(f"schema upgraded from {before or 'nothing'} to {after}")


@db_app.command("backup")
def db_backup(
    path: Annotated[Path, typer.Argument(help="file to write (replaced if it exists)")],
    config: ConfigOption = None,
) -> None:
    """Copy the whole store to PATH while the service keeps running.

    SQLite: its online backup API; PostgreSQL: pg_dump -Fc (the client must be installed).
    """
    from pactwatch.backup import BackupError, backup

    settings = _settings()
    try:
        done = backup(settings.database_url, path)
    except BackupError as exc:
        _fail(1, str(exc))
        return
    typer.echo(f"backed up the store (revision {done.revision}) to {path}: {done.bytes:,} bytes")


@db_app.command("restore")
def db_restore(
    path: Annotated[Path, typer.Argument(help="a file written by 'pactwatch db backup'")],
    force: Annotated[bool, typer.Option("--force", help="replace an existing store")] = False,
    config: ConfigOption = None,
) -> None:
    """Make the store the one in backup PATH (stop the service first).

    Refuses to replace an existing store without --force. PostgreSQL: pg_restore --clean.
    """
    from pactwatch.backup import BackupError, TargetExists, restore

    settings = _settings()
    try:
        done = restore(settings.database_url, path, force=force)
    except TargetExists as exc:
        raise UsageError(str(exc)) from exc
    except BackupError as exc:
        _fail(1, str(exc))
        return
    typer.echo(
        f"restored the store from {path} (revision {done.revision}); "
        "'pactwatch db upgrade' brings an older one up to this version"
    )


@sources_app.command("add")
def sources_add(
    url: Annotated[str, typer.Argument(help="a list page, feed or site front")],
    name: Annotated[str, typer.Option("--name", help="the new source's name, [a-z0-9_-]+")],
    yes: Annotated[bool, typer.Option("--yes", help="write without asking")] = False,
    allow_private_addresses: Annotated[
        bool, typer.Option("--allow-private-addresses", help="the site is on loopback/intranet")
    ] = False,
    config: ConfigOption = None,
) -> None:
    """Infer a source from URL, test-fetch a few articles, preview, and append it to the
    config in use (created if missing). Exit 1 when no working source could be inferred."""
    from pactwatch.config import DEFAULT_CONFIG_NAME
    from pactwatch.sources.commands import add_source

    settings = _settings()
    path = find_config(config, settings.config, Path.cwd()) or Path.cwd() / DEFAULT_CONFIG_NAME
    cfg = load_config(path) if path.exists() else Config()
    code = add_source(
        settings, cfg, path, url, name, yes=yes, private=allow_private_addresses,
        confirm=lambda question: typer.confirm(question, err=True), console=_console(),
    )  # fmt: skip
    if code:
        raise typer.Exit(code)


@sources_app.command("check")
def sources_check(
    names: Annotated[list[str] | None, typer.Argument(metavar="[NAME]...")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines")] = False,
    record_only: Annotated[bool, typer.Option("--record-only", hidden=True)] = False,
    config: ConfigOption = None,
) -> None:
    """Check sources live: reachable, article links found, a sample extracted, robots allows.

    Records each verdict in the store and `checked_on` in the config file of those that pass
    (the service's weekly check, `--record-only`, leaves the file alone).
    """
    from pactwatch.sources.commands import check_sources

    settings = _settings()
    path = find_config(config, settings.config, Path.cwd())
    cfg = load_config(path)
    try:
        require_current(settings.database_url)
        engine = _engine(settings)
    except SchemaNotReady as exc:
        typer.echo(f"not recording the checks in the store: {exc}", err=True)
        engine = None
    code = check_sources(
        settings, cfg, None if record_only else path, names or [],
        as_json=as_json, engine=engine, console=_console(),
    )  # fmt: skip
    if code:
        raise typer.Exit(code)


def _console() -> Any:
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


@app.command()
def crawl(
    source: Annotated[list[str] | None, typer.Option("--source", help="crawl only these")] = None,
    supervisor: Annotated[int | None, typer.Option(hidden=True)] = None,
    config: ConfigOption = None,
) -> None:
    """One crawl of the named (default: all enabled) sources; prints a summary."""
    settings = _settings()
    path = find_config(config, settings.config, Path.cwd())
    cfg = load_config(path)
    asked = source or []
    if supervisor is not None and asked:  # a batch: a source since removed fails only itself
        for gone in [name for name in asked if name not in cfg.names()]:
            typer.echo(f"{gone}: no longer in the config; skipped", err=True)
        asked = [name for name in asked if name in cfg.names()] or asked  # none left: exit 2
    sources = _chosen_sources(cfg, asked)
    if path is None and supervisor is None:
        _say_internet(len(sources))
    require_current(settings.database_url)
    # Imported late: Scrapy and the extractors take a second to load, and a config error
    # should answer at once.
    from pactwatch.crawl import run_crawl
    from pactwatch.service.crawls import BUSY_EXIT
    from pactwatch.service.held import holding_leases
    from pactwatch.summary import print_summary

    if supervisor is not None:  # started by `pactwatch run`: stop if it dies
        from pactwatch.service.child import watch_supervisor

        watch_supervisor(supervisor)
    engine = _engine(settings)
    names = [s.name for s in sources]
    # Each source's lease, held while it is crawled: no other crawl of it overlaps this one.
    with holding_leases(engine, names, cfg.service.crawl_lease_ttl) as (taken, busy):
        for skipped in busy:
            typer.echo(f"{skipped.source}: being crawled by {skipped.holder}; skipped", err=True)
        if taken:
            chosen = [s for s in sources if s.name in taken]
            print_summary(run_crawl(settings, cfg, chosen, progress=True))
        elif supervisor is not None:
            raise typer.Exit(BUSY_EXIT)  # tells the service it did not crawl
    engine.dispose()


def _say_internet(count: int) -> None:
    """Before the bundled sources are crawled: they are real sites, fetched for real."""
    typer.echo(
        f"no pactwatch.toml here: using the {count} bundled sources, real news sites on the "
        "internet (fetched politely, per robots.txt); --config, $PACTWATCH_CONFIG or "
        "./pactwatch.toml chooses others ('. var/demo.env' after `make demo`: the demo's)",
        err=True,
    )


def _chosen_sources(cfg: Config, names: list[str]) -> list[Source]:
    if names:
        return [cfg.source(name) for name in names]
    chosen = [s for s in cfg.sources if s.enabled]
    if not chosen:
        raise ConfigError("no enabled sources in the config")
    return chosen


@app.command()
def items(
    status: Annotated[str | None, typer.Option(help="new, approved or rejected")] = None,
    agreements_only: Annotated[bool, typer.Option("--agreements-only")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines")] = False,
    config: ConfigOption = None,
) -> None:
    """The stored articles, newest first."""
    from pactwatch.items import item_rows, print_items

    if status not in (None, "new", "approved", "rejected"):
        raise UsageError(f"--status must be new, approved or rejected, not {status!r}")
    settings = _settings()
    require_current(settings.database_url)
    rows = item_rows(settings, status=status, agreements_only=agreements_only)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        print_items(rows)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help=".html/.htm or .txt files")],
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines")] = False,
    config: ConfigOption = None,
) -> None:
    """Extract, normalise and classify local files; nothing is stored."""
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise UsageError(f"not a file: {', '.join(missing)}")
    settings = _settings()
    from pactwatch.analyze import analyze_file
    from pactwatch.report import print_analysis

    for path in paths:
        result = analyze_file(path, settings.timezone, str(settings.model_path))
        if as_json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            print_analysis(result)


@app.command()
def reanalyze(
    since: Annotated[
        datetime | None, typer.Option(help="only articles fetched since (ISO date)")
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Re-run extraction and analysis on stored articles, from their kept bytes."""
    settings = _settings()
    cfg = _config(settings, config)
    require_current(settings.database_url)
    from pactwatch.analyze import reanalyze as run

    if since is not None and since.tzinfo is None:
        since = since.replace(tzinfo=ZoneInfo(settings.timezone))
    counts = run(settings.database_url, cfg, settings.timezone, since, str(settings.model_path))
    typer.echo(
        f"reanalysed {counts.articles} article(s): {counts.agreements} report agreements, "
        f"{counts.duplicates} repeat an earlier story, {counts.failed} could not be analysed"
    )


@app.command()
def review(
    article_id: Annotated[int, typer.Argument(metavar="ID")],
    approve: Annotated[bool, typer.Option("--approve")] = False,
    reject: Annotated[bool, typer.Option("--reject")] = False,
    config: ConfigOption = None,
) -> None:
    """Approve or reject a stored article, as the review desk does."""
    if approve == reject:
        raise UsageError("give exactly one of --approve or --reject")
    settings = _settings()
    require_current(settings.database_url)
    from sqlmodel import Session

    from pactwatch.review import UnknownArticle, record_decision
    from pipeline.db import make_engine

    engine = make_engine(settings.database_url)
    try:
        with Session(engine) as session, session.begin():
            article = record_decision(
                article_id, "approve" if approve else "reject", session=session
            )
            status = article.status
    except UnknownArticle as exc:
        raise UsageError(str(exc)) from exc
    typer.echo(f"article {article_id}: {status}")


@app.command()
def train(
    corpus: Annotated[
        list[Path] | None,
        typer.Option(
            help="more labelled texts to fit on: a directory with labels.jsonl, a .jsonl "
            "or a .toml file (repeatable)"
        ),
    ] = None,
    config: ConfigOption = None,
) -> None:
    """Learn from review decisions; the model joins the rules only once validated."""
    settings = _settings()
    require_current(settings.database_url)
    from pactwatch.train import run_training
    from pipeline.learn.bundled import CorpusError

    missing = [str(p) for p in corpus or () if not p.exists()]
    if missing:
        raise UsageError(f"corpus not found: {', '.join(missing)}")
    try:
        report, sectors = run_training(settings.database_url, settings.model_path, corpus or ())
    except CorpusError as exc:
        raise UsageError(f"cannot read corpus {exc}") from exc
    typer.echo(report.message)
    typer.echo(sectors)
    if report.validated:
        typer.echo(f"model saved to {settings.model_path}; run 'pactwatch reanalyze' to apply it")


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
    from notify.subscriptions import BadPreferences, parse_preferences
    from pactwatch.mail import deliver, mail_config, subscribe_and_confirm

    settings = _settings()
    cfg = _config(settings, config)
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
        engine = _engine(settings)
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

    settings = _settings()
    require_current(settings.database_url)
    try:
        with Session(_engine(settings)) as session, session.begin():
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
    from pactwatch.report import print_subscribers, subscriber_rows

    settings = _settings()
    require_current(settings.database_url)
    rows = subscriber_rows(_engine(settings), settings.timezone)
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
    from pactwatch.mail import deliver, mail_config, run_digests
    from pactwatch.report import print_planned
    from pipeline.models import utcnow

    if frequency not in (None, "immediate", "daily", "weekly"):
        raise UsageError("--frequency must be immediate, daily or weekly")
    settings = _settings()
    cfg = _config(settings, config)
    mail = mail_config(settings, cfg)
    require_current(settings.database_url)
    when = utcnow() if now is None else now
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(settings.timezone))
    engine = _engine(settings)
    run = run_digests(engine, mail, now=when, frequency=frequency, dry_run=dry_run)
    if dry_run:
        print_planned(run.planned)
        return
    report = deliver(engine, settings, cfg, now=when)
    typer.echo(
        f"{run.recorded} digest(s) queued ({run.skipped} already delivered elsewhere); "
        f"sent {report.sent}, retrying {report.retried}, failed {report.failed}"
    )


def _engine(settings: Settings) -> Any:
    from pipeline.db import make_engine

    return make_engine(settings.database_url)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port to listen on")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="processes serving requests (one per core is fastest)")
    ] = 1,
    config: ConfigOption = None,
) -> None:
    """The review desk and the public pages (subscribe, confirm, unsubscribe, feed) until
    SIGTERM/SIGINT. The desk needs PACTWATCH_ADMIN_PASSWORD; links need PACTWATCH_SECRET_KEY.

    Each worker is a process with its own caches and login rate limit; requests run
    Python under one lock per process, so a second worker on a second core roughly halves
    the desk's response times under concurrent use."""
    import os
    import signal

    import uvicorn

    from pactwatch.web import create_app

    settings = _listening_settings(host, port)
    path = find_config(config, settings.config, Path.cwd())
    cfg = load_config(path)
    web = create_app(settings, cfg)  # MissingSecret without a key
    require_current(settings.database_url)
    # uvicorn shuts down gracefully on SIGTERM/SIGINT, then re-raises the signal to the
    # handler it found; a no-op one makes that clean stop exit 0 instead of dying again.
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        typer.echo(f"review desk on http://{host}:{port}/inbox, subscription form on /subscribe")
        if settings.admin_password is None:
            typer.echo("the desk is locked: set PACTWATCH_ADMIN_PASSWORD to log in")
        typer.echo("Ctrl-C to stop")
        # log_config=None: uvicorn's loggers go through ours (PACTWATCH_LOG_LEVEL).
        options: dict[str, Any] = {"log_config": None, "timeout_graceful_shutdown": 8}
        options |= cfg.web.uvicorn_options()
        if workers == 1:
            uvicorn.run(web, host=host, port=port, **options)
        else:
            if path is not None:  # the workers read the same config, wherever it was found
                os.environ["PACTWATCH_CONFIG"] = str(path.resolve())
            factory = "pactwatch.web:app_from_environment"
            uvicorn.run(factory, factory=True, workers=workers, host=host, port=port, **options)
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _listening_settings(host: str, port: int) -> Settings:
    """Settings for a process listening on host:port, checked free before anything starts.

    Unless PACTWATCH_BASE_URL is set, mail links point at this very server; the variable is
    exported too, so workers and the service's child processes build the same links.
    """
    import os

    from pactwatch.listen import CannotListen, base_url_for, check_port

    settings = _settings()
    try:
        check_port(host, port)
    except CannotListen as exc:
        _fail(1, str(exc))
    if "base_url" in settings.model_fields_set:
        return settings
    os.environ["PACTWATCH_BASE_URL"] = base_url_for(host, port)
    return settings.model_copy(update={"base_url": os.environ["PACTWATCH_BASE_URL"]})


@app.command()
def run(
    host: Annotated[str, typer.Option(help="address the desk listens on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="port the desk listens on")] = 8000,
    config: ConfigOption = None,
) -> None:
    """The service: scheduled crawls, digests and alerts, and the review desk.

    Runs until SIGTERM/SIGINT (a clean stop within 10 s); SIGHUP re-reads the config.
    Needs PACTWATCH_SECRET_KEY; the desk needs PACTWATCH_ADMIN_PASSWORD.
    """
    from pactwatch.service.service import run_service
    from pactwatch.web import create_app

    settings = _listening_settings(host, port)
    path = find_config(config, settings.config, Path.cwd())
    cfg = load_config(path)
    web = create_app(settings, cfg)  # MissingSecret without a key
    if path is None:
        _say_internet(sum(s.enabled for s in cfg.sources))
    require_current(settings.database_url)
    _service_logging(settings)
    typer.echo(f"pactwatch run: desk on http://{host}:{port}/inbox; Ctrl-C to stop", err=True)
    if settings.admin_password is None:
        typer.echo("the desk is locked: set PACTWATCH_ADMIN_PASSWORD to log in", err=True)
    run_service(settings, cfg, path, web, host, port)


@app.command()
def schedule(
    as_json: Annotated[bool, typer.Option("--json", help="JSON Lines, one job a line")] = False,
    config: ConfigOption = None,
) -> None:
    """The service's jobs and their next run times.

    A crawl per enabled source, then digest, immediate, sender and housekeeping, as the
    job store in the database holds them (or would, for jobs not stored yet).
    """
    from pactwatch.service.report import print_schedule
    from pactwatch.service.status import schedule_rows

    settings = _settings()
    cfg = _config(settings, config)
    require_current(settings.database_url)
    engine = _engine(settings)
    rows = schedule_rows(engine, cfg, ZoneInfo(settings.timezone))
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        print_schedule(rows, engine, ZoneInfo(settings.timezone))


@app.command()
def status(
    as_json: Annotated[bool, typer.Option("--json", help="one JSON object")] = False,
    config: ConfigOption = None,
) -> None:
    """Last crawl per source, the mail queue, errors of the last 24 h.

    Also which `pactwatch run` holds the scheduler lease.
    """
    from pactwatch.service.report import print_status
    from pactwatch.service.status import status_report

    settings = _settings()
    cfg = _config(settings, config)
    require_current(settings.database_url)
    report = status_report(_engine(settings), cfg, ZoneInfo(settings.timezone))
    if as_json:
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        print_status(report)


@app.command("hash-password")
def hash_password_cmd() -> None:
    """Print an argon2 hash of a password (asked twice on a terminal, else one line of
    stdin), for PACTWATCH_ADMIN_PASSWORD.

    With the hash in the environment, the password itself is never stored on the server.
    """
    from pactwatch.web.auth import MIN_PASSWORD, hash_password

    if sys.stdin.isatty():
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True, err=True)
    else:  # `printf '%s\n' "$PASSWORD" | pactwatch hash-password`: one line from the pipe
        password = sys.stdin.readline().rstrip("\r\n")
    if len(password) < MIN_PASSWORD:
        raise UsageError(f"use at least {MIN_PASSWORD} characters")
    typer.echo(hash_password(password))


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="port of the bundled sample site")] = 8765,
    serve: Annotated[
        bool, typer.Option("--serve", help="then keep the site up and serve the desk")
    ] = False,
    desk_port: Annotated[int, typer.Option(help="port of the desk with --serve")] = 8000,
    config: ConfigOption = None,
) -> None:
    """One offline cycle against the bundled sample news site (what `make demo` runs).

    With --serve (`make demo-desk`) the review desk then runs on 127.0.0.1 over the demo's
    store, and the sample site stays up, so every link in the demo's digest opens.
    """
    from pactwatch.demo import run_demo
    from pactwatch.demo_desk import desk_server

    if serve:
        settings = _listening_settings("127.0.0.1", desk_port)
        run_demo(settings, port=port, serve=desk_server(settings, "127.0.0.1", desk_port))
    else:
        run_demo(_settings(), port=port)


def main() -> None:
    """Entry point: expected errors become one line and an exit status, never a traceback.

    Typer itself answers bad usage (unknown option, missing argument) with exit 2.
    """
    _configure_logging()
    try:
        app()
    except (ConfigError, UsageError, SchemaNotReady, MissingSecret) as exc:
        _fail(2, str(exc))
    except StoreUnreachable as exc:
        _fail(1, str(exc))
    except KeyboardInterrupt:
        _fail(130, "interrupted")
    except Exception as exc:
        logging.getLogger("pactwatch").debug("failure", exc_info=True)
        _fail(1, f"{type(exc).__name__}: {exc}")


def _configure_logging() -> None:
    """stderr logging at PACTWATCH_LOG_LEVEL, as JSON Lines or text (PACTWATCH_LOG_FORMAT;
    unset: JSON unless stderr is a terminal, so the journal and collectors get fields)."""
    from pactwatch.logs import configure

    try:
        settings = Settings()
        name, fmt = settings.log_level.upper(), settings.log_format
    except Exception:  # a bad environment is reported by the command itself
        name, fmt = "WARNING", None
    configure(getattr(logging, name, logging.WARNING), fmt, sys.stderr)


def _service_logging(settings: Settings) -> None:
    """The service says what it starts, finishes and kills: INFO for our loggers, unless
    PACTWATCH_LOG_LEVEL chose a level (then that one, as everywhere)."""
    if "log_level" in settings.model_fields_set:
        return
    logging.getLogger("pactwatch").setLevel(logging.INFO)
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.INFO)


def _fail(code: int, message: str) -> None:
    sys.stderr.write(f"pactwatch: error: {message}\n")
    sys.exit(code)
