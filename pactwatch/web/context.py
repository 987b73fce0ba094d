"""What the web endpoints share, built once in `create_app` and kept on `app.state.web`."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from jinja2 import Environment
from starlette.requests import Request

from notify.digests import MailConfig
from pactwatch.core.config import Config
from pactwatch.core.settings import Settings
from pactwatch.web.limits import StoreLimiter

if TYPE_CHECKING:
    from pactwatch.web.auth import Admin

log = logging.getLogger(__name__)


class Courier:
    """Runs `send` (the outbox delivery) for web requests, one run at a time.

    A request arriving during a run does not start a second one: it asks the running one to
    go round once more, so its message is never left behind and at most one thread of the
    pool is ever busy talking SMTP.
    """

    def __init__(self, send: Callable[[], object]) -> None:
        self._send = send
        self._guard = threading.Lock()
        self._running = False
        self._again = False

    def __call__(self) -> None:
        with self._guard:
            if self._running:
                self._again = True
                return
            self._running = True
        while True:
            try:
                self._send()
            except Exception:  # the message stays in the outbox; the service retries it
                log.warning("delivering the outbox failed", exc_info=True)
            with self._guard:
                if not self._again:
                    self._running = False
                    return
                self._again = False


@dataclass(frozen=True)
class WebContext:
    """Settings, the store and the shared helpers of every page."""

    settings: Settings
    config: Config
    mail: MailConfig
    engine: sa.Engine  # writes: BEGIN IMMEDIATE on SQLite
    reader: sa.Engine  # reads: no write lock taken, so a crawl's transaction never blocks them
    env: Environment
    subscribe_limit: StoreLimiter  # confirmation requests per client
    courier: Courier
    head: str  # the schema revision this code expects
    admin: Admin
    login_limit: StoreLimiter  # failed logins per client


def context_of(request: Request) -> WebContext:
    web: WebContext = request.app.state.web
    return web
