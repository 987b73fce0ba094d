"""Desk: the inbox — stories to review, newest first, filtered, with what is left to do —
and `/search`, its entry point for finding anything whatever its status."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pactwatch.web.auth import login_required
from pactwatch.web.context import context_of
from pactwatch.web.desk.cache import MarkedCache, app_cache
from pactwatch.web.desk.common import desk_page, dialect_of, read
from pactwatch.web.desk.filters import BadFilter, ItemFilters
from pactwatch.web.desk.inbox_data import (
    COUNTS_TTL,
    STATUS_LABELS,
    Inbox,
    InboxPage,
    as_params,
    external_link,
    known_sources,
    load_inbox,
)
from pactwatch.web.desk.items import take_notice
from pipeline.agreements.sectors import SECTOR_LABELS

DEFAULT_STATUS = "new"  # the inbox opens on what still needs a decision
# ... and on what may report an agreement: a crawl stores far more pages that do not
# (scores around 0.03) than that do, and newest-first they would fill the first screens.
# Borderline scores stay in; "show low scores too" is one click (an empty min_score).
DEFAULT_MIN_SCORE = "0.2"
FIELDS = ("q", "source", "region", "sector", "status", "since", "until", "min_score")
TABS = tuple(STATUS_LABELS.items())


@login_required
async def inbox_page(request: Request) -> Response:
    web = context_of(request)
    params = dict(request.query_params)
    default_view = not params
    params.setdefault("status", DEFAULT_STATUS)
    # The default score is the view's, not the form's: filtering from here (a search) asks
    # about every score unless the score field is filled in.
    asked = {**params, "min_score": DEFAULT_MIN_SCORE} if default_view else params
    try:
        filters = ItemFilters.from_query(asked)
        before, after = _cursor(params, "before"), _cursor(params, "after")
    except BadFilter as exc:
        sources = await read(request, known_sources, web.config.names())
        return _render(
            request,
            params,
            None,
            Inbox(InboxPage([], older=None, newer=None), {}, sources),
            error=str(exc),
        )
    inbox = await read(
        request, load_inbox, filters, configured=web.config.names(),
        timezone=web.settings.timezone, dialect=dialect_of(request), before=before, after=after,
        counts_cache=app_cache(request, "inbox_counts", lambda: MarkedCache(COUNTS_TTL)),
    )  # fmt: skip
    return _render(request, params, filters, inbox, low_hidden=default_view)


def _render(
    request: Request,
    params: Mapping[str, str],
    filters: ItemFilters | None,
    inbox: Inbox,
    error: str | None = None,
    *,
    low_hidden: bool = False,
) -> Response:
    query = request.url.query
    return desk_page(
        request, "desk/inbox.html.j2", 400 if error else 200,
        title="收件箱", error=error, notice=take_notice(request),
        values={name: params.get(name, "") for name in FIELDS},
        agreements_only=params.get("agreements_only", "") in ("1", "on", "true"),
        filters=filters, inbox=inbox, links=_links(filters, inbox) if filters else {},
        tabs=TABS, status_labels=STATUS_LABELS, sectors=SECTOR_LABELS,
        here=request.url.path + (f"?{query}" if query else ""), link=external_link,
        low_hidden=low_hidden, min_score=DEFAULT_MIN_SCORE,
    )  # fmt: skip


def _links(filters: ItemFilters, inbox: Inbox) -> dict[str, str]:
    """Query strings of the status tabs and the pager, each keeping the other filters."""
    links = {status: as_params(filters, status=status) for status, _ in TABS}
    links["all"] = as_params(filters, status="")
    here = as_params(filters)
    if inbox.page.older is not None:
        links["older"] = f"{here}&before={inbox.page.older}"
    if inbox.page.newer is not None:
        links["newer"] = f"{here}&after={inbox.page.newer}"
    links["first"] = here
    return links


def _cursor(params: Mapping[str, str], name: str) -> int | None:
    value = params.get(name, "").strip()
    if not value:
        return None
    if not (value.isascii() and value.isdigit()) or len(value) > 18:
        raise BadFilter(f"{name}: 应为条目编号 (expected an item id, got {value!r})")
    return int(value)


@login_required
async def search(request: Request) -> Response:
    """Search is the inbox over every status: new, approved and rejected alike."""
    return RedirectResponse(
        "/inbox?" + urlencode({"q": request.query_params.get("q", ""), "status": ""}), 303
    )


routes: list[BaseRoute] = [
    Route("/inbox", inbox_page, methods=["GET"]),
    Route("/search", search, methods=["GET"]),
]
