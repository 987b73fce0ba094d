"""`pactwatch sources add` and `sources check`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pactwatch.commands.base import (
    ConfigOption,
    console,
    engine_for,
    load_settings,
    sources_app,
)
from pactwatch.core.config import Config, find_config, load_config
from pactwatch.core.db import SchemaNotReady, require_current


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
    from pactwatch.core.config import DEFAULT_CONFIG_NAME
    from pactwatch.sources.commands import add_source

    settings = load_settings()
    path = find_config(config, settings.config, Path.cwd()) or Path.cwd() / DEFAULT_CONFIG_NAME
    cfg = load_config(path) if path.exists() else Config()
    code = add_source(
        settings, cfg, path, url, name, yes=yes, private=allow_private_addresses,
        confirm=lambda question: typer.confirm(question, err=True), console=console(),
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

    settings = load_settings()
    path = find_config(config, settings.config, Path.cwd())
    cfg = load_config(path)
    try:
        require_current(settings.database_url)
        engine = engine_for(settings)
    except SchemaNotReady as exc:
        typer.echo(f"not recording the checks in the store: {exc}", err=True)
        engine = None
    code = check_sources(
        settings, cfg, None if record_only else path, names or [],
        as_json=as_json, engine=engine, console=console(),
    )  # fmt: skip
    if code:
        raise typer.Exit(code)
