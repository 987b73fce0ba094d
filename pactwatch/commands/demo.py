"""`pactwatch demo`: one offline cycle against the bundled sample site."""

from __future__ import annotations

from typing import Annotated

import typer

from pactwatch.commands.base import (
    ConfigOption,
    app,
    listening_settings,
    load_settings,
)


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
    from pactwatch.tasks.demo import run_demo
    from pactwatch.tasks.demo_desk import desk_server

    if serve:
        settings = listening_settings("127.0.0.1", desk_port)
        run_demo(settings, port=port, serve=desk_server(settings, "127.0.0.1", desk_port))
    else:
        run_demo(load_settings(), port=port)
