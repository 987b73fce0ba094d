"""`/metrics`: the store's figures (pactwatch.core.metrics) in the Prometheus text format.

A running service adds its own figures (job lag, crawls started) through `extra_metrics`
on the app's state: a callable returning `Metric`s.

Answered to loopback clients and to a logged-in desk session only: the numbers are
about stored data, which the contract keeps behind the login.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from pactwatch.core.metrics import CONTENT_TYPE, Metric, render, store_metrics
from pactwatch.web.auth import logged_in
from pactwatch.web.context import context_of


async def allowed(request: Request) -> bool:
    host = request.client.host if request.client else ""
    try:
        if ipaddress.ip_address(host).is_loopback:
            return True
    except ValueError:
        pass
    return await logged_in(request)


async def metrics(request: Request) -> Response:
    if not await allowed(request):
        return PlainTextResponse("log in, or scrape from this host\n", status_code=403)
    web = context_of(request)

    def collect() -> list[Metric]:
        with web.reader.connect() as connection:
            return store_metrics(connection, datetime.now(UTC))

    families = await run_in_threadpool(collect)
    extra: Callable[[], list[Metric]] | None = getattr(request.app.state, "extra_metrics", None)
    if extra is not None:
        families.extend(await run_in_threadpool(extra))
    return PlainTextResponse(render(families), media_type=CONTENT_TYPE)


routes: list[BaseRoute] = [Route("/metrics", metrics, methods=["GET"])]
