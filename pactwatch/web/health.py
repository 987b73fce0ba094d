"""`/healthz`: whether the store can be read and its schema is the one this code expects."""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic.runtime.migration import MigrationContext
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from pactwatch.web.context import context_of

log = logging.getLogger(__name__)


async def healthz(request: Request) -> JSONResponse:
    """200 with the schema revision; 503 when the store cannot be read or is not current."""
    web = context_of(request)
    headers = {"Cache-Control": "no-store"}
    try:
        revision = await run_in_threadpool(_revision, web.reader)
    except sa.exc.SQLAlchemyError:
        log.warning("health check: the store cannot be read", exc_info=True)
        body = {"status": "error", "database": "error", "schema": None}
        return JSONResponse(body, status_code=503, headers=headers)
    if revision != web.head:
        body = {"status": "error", "database": "ok", "schema": revision, "expected": web.head}
        return JSONResponse(body, status_code=503, headers=headers)
    return JSONResponse({"status": "ok", "database": "ok", "schema": revision}, headers=headers)


def _revision(engine: sa.Engine) -> str | None:
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


routes: list[BaseRoute] = [Route("/healthz", healthz, methods=["GET"])]
