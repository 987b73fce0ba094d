"""Desk: `GET /stats`, agreements over time, by sector, and who cooperates with whom.

The numbers come from `stats_data.collect_stats`, through a `StatsCache`; this module turns
them into charts (server-rendered SVG, `charts`) and the tables beside them, and links the
same selection to the exports and the public feed.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup
from sqlmodel import Session
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from pactwatch.web.auth import login_required
from pactwatch.web.context import context_of
from pactwatch.web.desk import charts
from pactwatch.web.desk.cache import MarkedCache
from pactwatch.web.desk.common import desk_page, dialect_of, read
from pactwatch.web.desk.filters import BadFilter
from pactwatch.web.desk.stats_data import (
    Stats,
    StatsFilters,
    collect_stats,
    fingerprint,
    query_plans,
)
from pipeline.agreements.sectors import SECTOR_LABELS

TOP_PAIRS = 15
NETWORK_PLACES = 24  # more nodes than this on one circle and the labels collide
NETWORK_EDGES = 60  # the strongest ties; every pair drawn would be a hairball

__all__ = ["StatsCache", "query_plans", "routes"]  # query_plans: for bench/desk.py


@dataclass(frozen=True)
class StatsView:
    """The numbers and their charts: everything of the page that is not per request."""

    stats: Stats
    charts: Mapping[str, Markup]  # empty when nothing was counted


class StatsCache:
    """The page's numbers and charts, reused while the store's `fingerprint` is unchanged.

    Computing them reads every counted agreement (~100 ms at 100,000 articles, a fifth of
    them agreements); the fingerprint costs ~3 ms, so repeated views cost little. Entries
    also expire after `ttl` seconds, for edits the fingerprint cannot see.
    """

    def __init__(
        self, ttl: float = 300.0, size: int = 16, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._views: MarkedCache[StatsView] = MarkedCache(ttl, size, clock)

    def get(
        self, filters: StatsFilters, *, session: Session, timezone: str, dialect: str
    ) -> StatsView:
        def compute() -> StatsView:
            stats = collect_stats(filters, session=session, timezone=timezone, dialect=dialect)
            return StatsView(stats, _charts(stats) if stats.agreements else {})

        mark = fingerprint(filters, session=session, timezone=timezone)
        return self._views.get((filters, timezone, dialect), mark, compute)


def cache_of(request: Request) -> StatsCache:
    """The app's one StatsCache, made on first use (the event loop runs this: no race)."""
    cache: StatsCache | None = getattr(request.app.state, "stats_cache", None)
    if cache is None:
        cache = request.app.state.stats_cache = StatsCache()
    return cache


@login_required
async def stats_page(request: Request) -> Response:
    try:
        filters = StatsFilters.from_query(request.query_params)
    except BadFilter as exc:
        return _page(request, StatsFilters(), None, error=str(exc), status=400)
    web = context_of(request)
    view = await read(
        request, cache_of(request).get, filters,
        timezone=web.settings.timezone, dialect=dialect_of(request),
    )  # fmt: skip
    return _page(request, filters, view)


def _page(
    request: Request,
    filters: StatsFilters,
    view: StatsView | None,
    *,
    error: str | None = None,
    status: int = 200,
) -> Response:
    return desk_page(
        request, "desk/stats.html.j2", status,
        title="统计 Statistics", filters=filters, error=error,
        stats=view.stats if view else None, charts=view.charts if view else {},
        export_query=filters.item_filters().to_query(), top_pairs=TOP_PAIRS,
    )  # fmt: skip


def _charts(stats: Stats) -> dict[str, Markup]:
    return {
        "months": _months_chart(stats),
        "pairs": _pairs_chart(stats),
        "sectors": _sectors_chart(stats),
        "network": _network_chart(stats),
    }


def _months_chart(stats: Stats) -> Markup:
    bars = [
        charts.Bar(m.month, m.agreements, f"{m.month}：{m.agreements} 项协议，{m.stories} 篇报道")
        for m in stats.months
    ]
    return charts.bar_chart(
        bars, title="每月签约协议 Agreements per month", x_label="月份 month",
        y_label="协议数 agreements",
    )  # fmt: skip


def _pairs_chart(stats: Stats) -> Markup:
    bars = [
        charts.Bar(p.label, p.agreements, f"{p.a.key} × {p.b.key}：{p.agreements} 项协议")
        for p in stats.pairs[:TOP_PAIRS]
    ]
    return charts.ranking_chart(
        bars, title="合作最多的地区组合 Top region pairs", x_label="协议数 agreements"
    )


def _sectors_chart(stats: Stats) -> Markup:
    codes = list(SECTOR_LABELS)
    series = [
        charts.Series(
            SECTOR_LABELS.get(code, code),
            [m.sectors.get(code, 0) for m in stats.months],
            # By the sector, not its rank: a sector keeps its colour whatever is selected.
            charts.PALETTE[codes.index(code) % len(charts.PALETTE)] if code in codes else "",
        )
        for code in stats.sectors
    ]
    return charts.stacked_bar_chart(
        [m.month for m in stats.months], series,
        title="各领域协议（按月）Sectors per month", x_label="月份 month",
        y_label="协议数 agreements",
    )  # fmt: skip


def _network_chart(stats: Stats) -> Markup:
    shown = stats.places[:NETWORK_PLACES]
    keys = {place.key for place, _ in shown}
    nodes = [
        charts.Node(place.key, place.label, n, place.group, f"{place.key}：{n} 项协议")
        for place, n in shown
    ]
    edges = [
        charts.Edge(p.a.key, p.b.key, p.agreements, f"{p.label}：{p.agreements} 项协议")
        for p in stats.pairs
        if p.a.key in keys and p.b.key in keys
    ][:NETWORK_EDGES]
    return charts.network_chart(
        nodes, edges, title="地区合作网络 Cooperation network (川 left, 渝 right)"
    )


routes: list[BaseRoute] = [Route("/stats", stats_page, methods=["GET"])]
