"""`pactwatch demo --serve`: the desk over the demo's store while the sample site answers."""

from __future__ import annotations

import secrets
import signal
from collections.abc import Callable

import uvicorn
from pydantic import SecretStr

from pactwatch.core.config import Config
from pactwatch.core.settings import Settings


def desk_server(settings: Settings, host: str, port: int) -> Callable[[Config, str], None]:
    """A `serve(config, secret)` for `run_demo`: the desk until Ctrl-C.

    The admin password is PACTWATCH_ADMIN_PASSWORD, else one drawn now and printed: the
    demo must open without any set-up, and a fixed password would be a known one.
    """

    def serve(config: Config, secret: str) -> None:
        from pactwatch.web import create_app

        password = settings.admin_password or SecretStr(secrets.token_urlsafe(12))
        desk = settings.model_copy(update={"admin_password": password})
        web = create_app(desk, config, secret=secret)
        shown = (
            "as set in PACTWATCH_ADMIN_PASSWORD"
            if settings.admin_password
            else (password.get_secret_value())
        )
        print(
            f"\nreview desk on http://{host}:{port}/inbox (user admin, password {shown}); "
            "the sample site stays up, so the digest's links open. Ctrl-C to stop",
            flush=True,
        )
        # uvicorn re-raises SIGINT to the handler it found after a clean stop: a no-op one
        # lets Ctrl-C end the demo with exit 0, as `serve` does.
        previous = signal.signal(signal.SIGINT, lambda *_: None)
        try:
            uvicorn.run(web, host=host, port=port, log_config=None)
        finally:
            signal.signal(signal.SIGINT, previous)

    return serve
