"""What every desk page shares: rendering in the desk layout, and store access off the event loop.

Store work runs in Starlette's thread pool with one Session per request: reads on the
reader engine (no write lock, so a crawl never blocks the desk), writes on the writer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from pactwatch.web.auth import csrf_token
from pactwatch.web.context import context_of
from pactwatch.web.templating import page

T = TypeVar("T")

# The desk's sections, in the order of its navigation bar: (path, label).
NAVIGATION = (
    ("/inbox", "收件箱 Inbox"),
    ("/sources", "来源 Sources"),
    ("/subscribers", "订阅者 Subscribers"),
    ("/stats", "统计 Statistics"),
)


def desk_page(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """`template` (which extends `desk/_layout.html.j2`) with what the layout needs."""
    web = context_of(request)
    return page(
        web.env, template, status_code,
        csrf_token=csrf_token(request), navigation=NAVIGATION, path=request.url.path,
        when=local_time(web.settings.timezone), **context,
    )  # fmt: skip


def local_time(timezone: str) -> Callable[[datetime | None], str]:
    """The templates' `when(t)`: a stored UTC time as the desk's clock shows it."""
    zone = ZoneInfo(timezone)

    def when(value: datetime | None) -> str:
        return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else "—"

    return when


async def read(request: Request, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work(*args, session=…, **kwargs)` on a reading Session, in the thread pool."""
    engine = context_of(request).reader

    def run() -> T:
        with Session(engine) as session:
            return work(*args, session=session, **kwargs)

    return await run_in_threadpool(run)


async def write(request: Request, work: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """`work(*args, session=…, **kwargs)` in one write transaction, in the thread pool."""
    engine = context_of(request).engine

    def run() -> T:
        with Session(engine) as session, session.begin():
            return work(*args, session=session, **kwargs)

    return await run_in_threadpool(run)


def dialect_of(request: Request) -> str:
    return context_of(request).reader.dialect.name
