"""`/healthz`: whether the store can be read, its schema is current, crawls are recent, and
(in `pactwatch run`) the scheduler is alive.

No login: it says nothing about stored data beyond an age in seconds. 200 when all is
well; 503 when the store cannot be read, the schema is not the one this code expects, or
the service reports its scheduler dead. A stale last crawl is reported, not failed on:
a desk serving an idle store (`pactwatch serve` without the service) is healthy.
A running service sets `scheduler_health` on the app's state: a callable returning
("ok" | "standby" | "dead", details).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from pactwatch.core.metrics import aware
from pactwatch.core.outage import first_line, unreachable
from pactwatch.web.context import context_of

log = logging.getLogger(__name__)


async def healthz(request: Request) -> JSONResponse:
    """The status as JSON: database, schema, last_crawl_age_seconds, scheduler."""
    web = context_of(request)
    headers = {"Cache-Control": "no-store"}
    try:
        revision, last_ok = await run_in_threadpool(_store_state, web.reader)
    except sa.exc.SQLAlchemyError as exc:
        # Unreachable: one line (a probe every few seconds would repeat the traceback).
        log.warning(
            "health check: the store cannot be read: %s", first_line(exc),
            exc_info=not unreachable(exc),
        )  # fmt: skip
        down = {"status": "error", "database": "error", "schema": None}
        return JSONResponse(down, status_code=503, headers=headers)
    body: dict[str, Any] = {"status": "ok", "database": "ok", "schema": revision}
    if revision != web.head:
        body.update(status="error", expected=web.head)
    age = (datetime.now(UTC) - aware(last_ok)).total_seconds() if last_ok else None
    body["last_crawl_age_seconds"] = None if age is None else round(age)
    scheduler: Callable[[], tuple[str, dict[str, Any]]] | None = getattr(
        request.app.state, "scheduler_health", None
    )
    if scheduler is not None:
        state, details = scheduler()
        body["scheduler"] = {"state": state, **details}
        if state == "dead":
            body["status"] = "error"
    return JSONResponse(body, status_code=200 if body["status"] == "ok" else 503, headers=headers)


def _store_state(engine: sa.Engine) -> tuple[str | None, object]:
    with engine.connect() as connection:
        revision = MigrationContext.configure(connection).get_current_revision()
        last_ok = connection.exec_driver_sql(
            "SELECT max(finished_at) FROM crawl_run WHERE status = 'finished'"
        ).scalar()
        return revision, last_ok


routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
