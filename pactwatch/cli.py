"""The `pactwatch` command line: parse, build settings once, hand over, map errors to exits."""

from __future__ import annotations

import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer
from pydantic import ValidationError

from pactwatch.config import Config, ConfigError, Source, find_config, load_config
from pactwatch.db import SchemaNotReady, require_current, upgrade
from pactwatch.settings import Settings

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="Crawl Sichuan/Chongqing news for cooperation agreements.",
)
db_app = typer.Typer(no_args_is_help=True, help="The store's schema.")
app.add_typer(db_app, name="db")

ConfigOption = Annotated[
    Path | None, typer.Option("--config", help="pactwatch.toml to use", dir_okay=False)
]


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


@app.command()
def crawl(
    source: Annotated[list[str] | None, typer.Option("--source", help="crawl only these")] = None,
    config: ConfigOption = None,
) -> None:
    """One crawl of the named (default: all enabled) sources; prints a summary."""
    settings = _settings()
    cfg = _config(settings, config)
    sources = _chosen_sources(cfg, source or [])
    require_current(settings.database_url)
    # Imported late: Scrapy and the extractors take a second to load, and a config error
    # should answer at once.
    from pactwatch.crawl import run_crawl
    from pactwatch.summary import print_summary

    summaries = run_crawl(settings, cfg, sources, progress=True)
    print_summary(summaries)


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
    from pipeline.analysis import model_at

    model = model_at(str(settings.model_path))
    for path in paths:
        result = analyze_file(path, settings.timezone, model)
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
    from pipeline.analysis import model_at

    model = model_at(str(settings.model_path))
    counts = run(settings.database_url, cfg, settings.timezone, since, model)
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
def train(config: ConfigOption = None) -> None:
    """Learn from review decisions; the model joins the rules only once validated."""
    settings = _settings()
    require_current(settings.database_url)
    from pactwatch.train import run_training

    report = run_training(settings.database_url, settings.model_path)
    typer.echo(report.message)
    if report.validated:
        typer.echo(f"model saved to {settings.model_path}; run 'pactwatch reanalyze' to apply it")


@app.command()
def demo(
    port: Annotated[int, typer.Option(help="port of the bundled sample site")] = 8765,
    config: ConfigOption = None,
) -> None:
    """One offline cycle against the bundled sample news site (what `make demo` runs)."""
    from pactwatch.demo import run_demo

    run_demo(_settings(), port=port)


def main() -> None:
    """Entry point: expected errors become one line and an exit status, never a traceback.

    Typer itself answers bad usage (unknown option, missing argument) with exit 2.
    """
    _configure_logging()
    try:
        app()
    except (ConfigError, UsageError, SchemaNotReady) as exc:
        _fail(2, str(exc))
    except KeyboardInterrupt:
        _fail(130, "interrupted")
    except Exception as exc:
        logging.getLogger("pactwatch").debug("failure", exc_info=True)
        _fail(1, f"{type(exc).__name__}: {exc}")


def _configure_logging() -> None:
    try:
        name = Settings().log_level.upper()
    except Exception:  # a bad environment is reported by the command itself
        name = "WARNING"
    level = getattr(logging, name, logging.WARNING)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.setLevel(level)
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)


def _fail(code: int, message: str) -> None:
    sys.stderr.write(f"pactwatch: error: {message}\n")
    sys.exit(code)
