"""`pactwatch serve`, `run`, `schedule`, `status` and `hash-password`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any
from zoneinfo import ZoneInfo

import typer

from pactwatch.commands.base import (
    ConfigOption,
    UsageError,
    app,
    engine_for,
    listening_settings,
    load_cfg,
    load_settings,
    say_internet,
    service_logging,
)
from pactwatch.core.config import find_config, load_config
from pactwatch.core.db import require_current


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

    Each worker is a process with its own caches (the rate limits are the store's); requests run
    Python under one lock per process, so a second worker on a second core roughly halves
    the desk's response times under concurrent use."""
    import os
    import signal

    import uvicorn

    from pactwatch.web import create_app

    settings = listening_settings(host, port)
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

    settings = listening_settings(host, port)
    path = find_config(config, settings.config, Path.cwd())
    cfg = load_config(path)
    web = create_app(settings, cfg)  # MissingSecret without a key
    if path is None:
        say_internet(sum(s.enabled for s in cfg.sources))
    require_current(settings.database_url)
    service_logging(settings)
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

    settings = load_settings()
    cfg = load_cfg(settings, config)
    require_current(settings.database_url)
    engine = engine_for(settings)
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

    settings = load_settings()
    cfg = load_cfg(settings, config)
    require_current(settings.database_url)
    report = status_report(engine_for(settings), cfg, ZoneInfo(settings.timezone))
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
