"""What every command shares: the Typer apps, settings from the environment, the config,
the store's engine, the console, and how errors and logs are shown."""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import ValidationError

from pactwatch.core.config import Config, find_config, load_config
from pactwatch.core.settings import Settings

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


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        error = exc.errors()[0]
        name = "PACTWATCH_" + "_".join(str(part) for part in error["loc"]).upper()
        message = str(error["msg"]).removeprefix("Value error, ")
        raise UsageError(f"{name}: {message}") from exc


def load_cfg(settings: Settings, path: Path | None) -> Config:
    return load_config(find_config(path, settings.config, Path.cwd()))


def engine_for(settings: Settings) -> Any:
    from pipeline.db import make_engine

    return make_engine(settings.database_url)


def console() -> Any:
    from rich.console import Console

    return Console(highlight=False, width=None if sys.stdout.isatty() else 160)


def say_internet(count: int) -> None:
    """Before the bundled sources are crawled: they are real sites, fetched for real."""
    typer.echo(
        f"no pactwatch.toml here: using the {count} bundled sources, real news sites on the "
        "internet (fetched politely, per robots.txt); --config, $PACTWATCH_CONFIG or "
        "./pactwatch.toml chooses others ('. var/demo.env' after `make demo`: the demo's)",
        err=True,
    )


def listening_settings(host: str, port: int) -> Settings:
    """Settings for a process listening on host:port, checked free before anything starts.

    Unless PACTWATCH_BASE_URL is set, mail links point at this very server; the variable is
    exported too, so workers and the service's child processes build the same links.
    """
    from pactwatch.core.listen import CannotListen, base_url_for, check_port

    settings = load_settings()
    try:
        check_port(host, port)
    except CannotListen as exc:
        fail(1, str(exc))
    if "base_url" in settings.model_fields_set:
        return settings
    os.environ["PACTWATCH_BASE_URL"] = base_url_for(host, port)
    return settings.model_copy(update={"base_url": os.environ["PACTWATCH_BASE_URL"]})


def configure_logging() -> None:
    """stderr logging at PACTWATCH_LOG_LEVEL, as JSON Lines or text (PACTWATCH_LOG_FORMAT;
    unset: JSON unless stderr is a terminal, so the journal and collectors get fields)."""
    from pactwatch.core.logs import configure

    try:
        settings = Settings()
        name, fmt = settings.log_level.upper(), settings.log_format
    except Exception:  # a bad environment is reported by the command itself
        name, fmt = "WARNING", None
    configure(getattr(logging, name, logging.WARNING), fmt, sys.stderr)


def service_logging(settings: Settings) -> None:
    """The service says what it starts, finishes and kills: INFO for our loggers, unless
    PACTWATCH_LOG_LEVEL chose a level (then that one, as everywhere)."""
    if "log_level" in settings.model_fields_set:
        return
    logging.getLogger("pactwatch").setLevel(logging.INFO)
    for handler in logging.getLogger().handlers:
        handler.setLevel(logging.INFO)


def fail(code: int, message: str) -> None:
    sys.stderr.write(f"pactwatch: error: {message}\n")
    sys.exit(code)
