"""`pactwatch items`: stored articles in the contract's JSON shape."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from rich.console import Console
from rich.table import Table
from sqlmodel import Session, col, select

from pactwatch.core.settings import Settings
from pipeline.db import chunks, make_engine
from pipeline.models import Agreement, Article


def item_rows(
    settings: Settings, *, status: str | None = None, agreements_only: bool = False
) -> list[dict[str, Any]]:
    """One contract-shaped dict per stored article, newest first."""
    tz = ZoneInfo(settings.timezone)
    engine = make_engine(settings.database_url).execution_options(sqlite_begin="DEFERRED")
    query = select(Article).order_by(col(Article.fetched_at).desc(), col(Article.id).desc())
    if status:
        query = query.where(Article.status == status)
    if agreements_only:
        query = query.where(col(Article.is_agreement).is_(True))
    with Session(engine) as session:
        articles = list(session.exec(query))
        found = _agreements_of([a.id for a in articles if a.id is not None], session=session)
        rows = [article_json(a, tz, found.get(a.id or 0, [])) for a in articles]
    engine.dispose()
    return rows


def _agreements_of(ids: list[int], *, session: Session) -> dict[int, list[Agreement]]:
    by_article: dict[int, list[Agreement]] = {}
    for chunk in chunks(ids):
        query = select(Agreement).where(col(Agreement.article_id).in_(chunk))
        for agreement in session.exec(query.order_by(col(Agreement.position))):
            by_article.setdefault(agreement.article_id, []).append(agreement)
    return by_article


def agreement_json(agreement: Agreement) -> dict[str, Any]:
    return {
        "title": agreement.title,
        "parties": agreement.parties,
        "regions": agreement.regions,
        "signed_on": agreement.signed_on,
        "sectors": agreement.sectors,
    }


def article_json(article: Article, tz: ZoneInfo, agreements: list[Agreement]) -> dict[str, Any]:
    return {
        "id": article.id,
        "url": article.url,
        "source": article.source,
        "title": article.title,
        "text": article.text,
        "published_at": _iso(article.published_at, tz),
        "fetched_at": _iso(article.fetched_at, tz),
        "is_agreement": article.is_agreement,
        "score": article.score,
        "status": article.status,
        "duplicate_of": article.duplicate_of,
        "agreements": [agreement_json(a) for a in agreements],
    }


def _iso(value: datetime | None, tz: ZoneInfo) -> str | None:
    return value.astimezone(tz).isoformat() if value is not None else None


def print_items(rows: list[dict[str, Any]]) -> None:
    table = Table(box=None)
    for column in ("id", "source", "published", "status", "title"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["source"],
            (row["published_at"] or "")[:16],
            row["status"],
            row["title"],
        )
    Console(highlight=False).print(table)
