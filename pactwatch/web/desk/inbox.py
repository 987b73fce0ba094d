"""Desk: inbox (to be written)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pactwatch.web.auth import login_required
from pactwatch.web.desk.common import desk_page


@login_required
async def inbox_page(request: Request) -> Response:
    return desk_page(request, "desk/inbox.html.j2", title="收件箱")


routes: list[BaseRoute] = [Route("/inbox", inbox_page, methods=["GET"])]
