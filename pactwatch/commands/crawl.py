"""`pactwatch crawl` and `items`: fetch the sources once, list what is stored."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from pactwatch.commands.base import (
    ConfigOption,
    UsageError,
    app,
    engine_for,
    load_settings,
    say_internet,
)
from pactwatch.core.config import Config, ConfigError, Source, find_config, load_config
from pactwatch.core.db import require_current


@app.command()
def crawl(
    source: Annotated[list[str] | None, typer.Option("--source", help="crawl only these")] = None,
    supervisor: Annotated[int | None, typer.Option(hidden=True)] = None,
    config: ConfigOption = None,
) -> None:
    """One crawl of the named (default: all enabled) sources; prints a summary."""
    settings = load_settings()
    path = find_config(config, settings.config, Path.cwd())
    cfg = load_config(path)
    asked = source or []
    if supervisor is not None and asked:  # a batch: a source since removed fails only itself
        for gone in [name for name in asked if name not in cfg.names()]:
            typer.echo(f"{gone}: no longer in the config; skipped", err=True)
        asked = [name for name in asked if name in cfg.names()] or asked  # none left: exit 2
    sources = _chosen_sources(cfg, asked)
    if path is None and supervisor is None:
        say_internet(len(sources))
    require_current(settings.database_url)
    # Imported late: Scrapy and the extractors take a second to load, and a config error
    # should answer at once.
    from pactwatch.service.crawls import BUSY_EXIT
    from pactwatch.service.held import holding_leases
    from pactwatch.tasks.crawl import run_crawl
    from pactwatch.tasks.summary import print_summary

    if supervisor is not None:  # started by `pactwatch run`: stop if it dies
        from pactwatch.service.child import watch_supervisor

        watch_supervisor(supervisor)
    engine = engine_for(settings)
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
    from pactwatch.tasks.items import item_rows, print_items

    if status not in (None, "new", "approved", "rejected"):
        raise UsageError(f"--status must be new, approved or rejected, not {status!r}")
    settings = load_settings()
    require_current(settings.database_url)
    rows = item_rows(settings, status=status, agreements_only=agreements_only)
    if as_json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        print_items(rows)
