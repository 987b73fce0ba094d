"""`pactwatch analyze`, `reanalyze`, `review` and `train`: reading reports, learning."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo

import typer

from pactwatch.commands.base import (
    ConfigOption,
    UsageError,
    app,
    load_cfg,
    load_settings,
)
from pactwatch.core.db import require_current


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
    settings = load_settings()
    from pactwatch.tasks.report import print_analysis
    from pactwatch.tasks.understand import analyze_file

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
    settings = load_settings()
    cfg = load_cfg(settings, config)
    require_current(settings.database_url)
    from pactwatch.tasks.understand import reanalyze as run

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
    settings = load_settings()
    require_current(settings.database_url)
    from sqlmodel import Session

    from pipeline.db import make_engine
    from pipeline.review import UnknownArticle, record_decision

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
    settings = load_settings()
    require_current(settings.database_url)
    from pactwatch.tasks.train import run_training
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
