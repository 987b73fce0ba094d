"""Desk: the sources, their recent crawls and errors, whether they broke, and "crawl now".

One row per configured source, plus stored sources no longer in the config. Its numbers
come from the last `WINDOW` crawl runs of each source, read in one indexed query.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa
from sqlmodel import Session, col, func, select
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pactwatch.core.config import Source, find_config
from pactwatch.tasks.crawl_now import (
    LOG_DIR,
    AlreadyRunning,
    Children,
    ServiceCrawls,
    start_crawl,
)
from pactwatch.tasks.health_rules import Health, source_health
from pactwatch.web.auth import login_required
from pactwatch.web.context import context_of
from pactwatch.web.desk.cache import MarkedCache, app_cache
from pactwatch.web.desk.common import desk_page, read
from pipeline.checks import latest_checks
from pipeline.clock import utcnow
from pipeline.models import Article, CrawlError, CrawlRun, SourceCheck, SourceState
from pipeline.runs import RUNNING_FRESH, is_unfinished

WINDOW = 10  # runs per source the list page reads: the health rules and "errors, last 10"
DETAIL_RUNS = 50
DETAIL_ERRORS = 100
COUNTS_TTL = 300.0  # articles are only ever added, which the counts' mark sees


@dataclass(frozen=True)
class SourceRow:
    """One line of the sources page."""

    name: str
    title: str
    configured: bool
    enabled: bool
    last: CrawlRun | None  # the newest completed (finished or failed) run
    running: CrawlRun | None  # the newest run, when it has not completed
    errors_last: dict[str, int]
    errors_window: dict[str, int]
    window: int  # runs behind `errors_window`
    articles: int
    health: Health
    check: SourceCheck | None = None  # the latest `pactwatch sources check` of it


@dataclass(frozen=True)
class ErrorRow:
    at: datetime
    kind: str
    url: str
    href: str | None  # the URL when it may be a link: http(s) only
    message: str


# --- reading the store ----------------------------------------------------------------------


def recent_runs(
    names: Sequence[str], *, session: Session, per_source: int = WINDOW
) -> dict[str, list[CrawlRun]]:
    """The last `per_source` runs of each source, newest first.

    One statement: each stored source's newest runs, a short walk of the crawl_run(source)
    index per source however many runs the store holds (a window function would read them
    all). Built once; a UNION of a branch per source cost more to build than to run.
    """
    found: dict[str, list[CrawlRun]] = {name: [] for name in names}
    for run in session.exec(_RECENT_RUNS, params={"per_source": per_source}):
        if run.source in found:
            found[run.source].append(run)
    return found


_RECENT_RUNS = (
    select(CrawlRun)
    .join(
        SourceState,
        col(CrawlRun.id).in_(
            sa.select(col(CrawlRun.id))
            .where(col(CrawlRun.source) == col(SourceState.name))
            .order_by(col(CrawlRun.id).desc())
            .limit(sa.bindparam("per_source"))
            .correlate(SourceState)
        ),
    )
    .order_by(col(CrawlRun.id).desc())
)


def article_counts(*, session: Session) -> dict[str, int]:
    query = select(Article.source, func.count()).group_by(Article.source)
    return {source: count for source, count in session.exec(query)}


def source_rows(
    configured: Sequence[Source],
    *,
    session: Session,
    now: datetime | None = None,
    counts_cache: MarkedCache[dict[str, int]] | None = None,
) -> list[SourceRow]:
    """Configured sources in config order, then stored ones no longer configured.

    Articles per source are counted through `counts_cache` while no article was stored
    since (counting reads an index of every article: ~5 ms at 100,000)."""
    stored = dict(session.exec(select(SourceState.name, SourceState.title)).all())
    names = [s.name for s in configured] + sorted(set(stored) - {s.name for s in configured})
    runs = recent_runs(names, session=session)
    if counts_cache is None:
        counts = article_counts(session=session)
    else:
        newest = session.exec(select(func.max(Article.id))).one()
        counts = counts_cache.get("articles", newest, lambda: article_counts(session=session))
    by_name = {s.name: s for s in configured}
    fresh = (now or utcnow()) - RUNNING_FRESH  # older "running" rows are killed crawls' leftovers
    checks = latest_checks(session=session)
    rows = []
    for name in names:
        source = by_name.get(name)
        title = (source.title if source else "") or stored.get(name) or name
        row = _row(name, title, source, runs[name], counts.get(name, 0), fresh)
        rows.append(replace(row, check=checks.get(name)))
    return rows


def _row(
    name: str,
    title: str,
    source: Source | None,
    runs: list[CrawlRun],
    articles: int,
    fresh: datetime,
) -> SourceRow:
    done = [run for run in runs if not is_unfinished(run)]
    last = done[0] if done else None
    running = runs[0] if runs and is_unfinished(runs[0]) else None
    return SourceRow(
        name=name, title=title, configured=source is not None,
        enabled=source.enabled if source else False,
        last=last, running=running if running and running.started_at >= fresh else None,
        errors_last=sum_kinds([last.errors_by_kind]) if last else {},
        errors_window=sum_kinds(run.errors_by_kind for run in runs), window=len(runs),
        articles=articles, health=source_health(runs),
    )  # fmt: skip


def sum_kinds(counts: Iterable[dict[str, int] | None]) -> dict[str, int]:
    total: Counter[str] = Counter()
    for kinds in counts:
        total.update(kinds or {})
    return dict(total.most_common())


def source_detail(name: str, *, session: Session) -> tuple[list[CrawlRun], list[ErrorRow]] | None:
    """A source's recent runs and errors; None when the store never saw the source."""
    if session.get(SourceState, name) is None:
        return None
    runs = recent_runs([name], session=session, per_source=DETAIL_RUNS)[name]
    return runs, source_errors(name, session=session)


def source_errors(
    name: str, *, session: Session, runs: int = DETAIL_RUNS, limit: int = DETAIL_ERRORS
) -> list[ErrorRow]:
    """The newest failed pages of the source's last `runs` crawls (crawl_error(run_id) index)."""
    recent = (
        select(CrawlRun.id)
        .where(CrawlRun.source == name)
        .order_by(col(CrawlRun.id).desc())
        .limit(runs)
    )
    query = (
        select(CrawlError)
        .where(col(CrawlError.run_id).in_(recent))
        .order_by(col(CrawlError.id).desc())
        .limit(limit)
    )
    return [
        ErrorRow(e.at, e.kind, e.url, e.url if web_url(e.url) else None, e.message)
        for e in session.exec(query)
    ]


def web_url(url: str) -> bool:
    """Whether a scraped URL may become a link: http(s) with a host, nothing else."""
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


# --- pages ----------------------------------------------------------------------------------


NOTICES = {
    "started": "已开始抓取 {name} (crawl started)",
    "running": "{name} 正在抓取中，未重复启动 (already running)",
}


@login_required
async def sources_page(request: Request) -> Response:
    web = context_of(request)
    rows = await read(
        request, source_rows, web.config.sources,
        counts_cache=app_cache(request, "source_counts", lambda: MarkedCache(COUNTS_TTL)),
    )  # fmt: skip
    notice = None
    name, outcome = request.query_params.get("source", ""), request.query_params.get("crawl", "")
    if outcome in NOTICES and any(row.name == name for row in rows):
        notice = NOTICES[outcome].format(name=name)
    children = children_of(request)
    return desk_page(
        request, "desk/sources.html.j2", title="来源", rows=rows, notice=notice,
        active=children.active(), failed=children.failed(), log_dir=str(LOG_DIR),
    )  # fmt: skip


@login_required
async def source_page(request: Request) -> Response:
    web = context_of(request)
    name = request.path_params["name"]
    source = next((s for s in web.config.sources if s.name == name), None)
    found = await read(request, source_detail, name)
    if source is None and found is None:
        raise HTTPException(404)
    runs, errors = found or ([], [])
    return desk_page(
        request, "desk/source.html.j2", title=f"来源 {name}",
        name=name, source=source, runs=runs, errors=errors, health=source_health(runs[:WINDOW]),
        running=name in children_of(request).active(),
    )  # fmt: skip


@login_required
async def crawl_now(request: Request) -> Response:
    web = context_of(request)
    name = request.path_params["name"]
    if name not in web.config.names():
        raise HTTPException(404)
    children = children_of(request)
    outcome: object
    if isinstance(children, Children):
        outcome = await read(
            request, start_crawl, name, children=children,
            config_path=config_path(web.settings.config), workdir=Path.cwd(),
        )  # fmt: skip
    else:  # `pactwatch run`: the service's executor, limits and records
        outcome = await read(request, children.start, name)
    state = "running" if isinstance(outcome, AlreadyRunning) else "started"
    return RedirectResponse("/sources?" + urlencode({"crawl": state, "source": name}), 303)


def children_of(request: Request) -> Children | ServiceCrawls:
    """The service's crawls under `pactwatch run`; else those this server started."""
    state = request.app.state
    service = getattr(state, "desk_crawls", None)
    if isinstance(service, ServiceCrawls):
        return service
    children = getattr(state, "crawl_children", None)
    if not isinstance(children, Children):
        children = state.crawl_children = Children()
    return children


def config_path(from_settings: Path | None) -> Path | None:
    """The config file the server read (`cli._config`'s order), absolute for the child."""
    found = find_config(None, from_settings, Path.cwd())
    return found.resolve() if found is not None else None


routes: list[BaseRoute] = [
    Route("/sources", sources_page, methods=["GET"]),
    Route("/sources/{name}", source_page, methods=["GET"]),
    Route("/sources/{name}/crawl", crawl_now, methods=["POST"]),
]
