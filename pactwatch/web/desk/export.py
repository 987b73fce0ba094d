"""Desk: `GET /export.csv` and `GET /export.json`, one row per agreement of a selection.

The selection is the inbox's: `ItemFilters.from_query` of the same query string, so the
query of an inbox view (`ItemFilters.to_query()`) exports what that view lists. A missing
`status` means every status here, as it does for `ItemFilters`. Newest article first (by
id), its agreements in the order the article gives them.

Both formats stream: rows are read `CHUNK` articles at a time, each chunk in its own short
read session, so 100,000 agreements never sit in memory at once and a slow download
holds no transaction open. Scraped text is hostile: CSV cells that a spreadsheet would
run as a formula are defused (`spreadsheet_safe`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.sql import Select
from sqlmodel import Session, col, select
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route

from pactwatch.web.auth import login_required
from pactwatch.web.context import context_of
from pactwatch.web.desk.common import dialect_of
from pactwatch.web.desk.filters import BadFilter, ItemFilters
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.models import Agreement, Article

CHUNK = 500  # articles per read; one IN list of their ids stays under SQLite's 999 limit
JOIN = "；"  # parties and regions within one cell, as Chinese lists are written
# A cell starting with one of these is a formula to Excel and LibreOffice (OWASP, "CSV
# Injection"): =HYPERLINK(…) in a scraped title would run when the file is opened.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "article_id", "article_title", "url", "source", "published_at", "status",
    "agreement_title", "parties", "regions", "signed_on", "sectors", "sector_labels",
)  # fmt: skip


@dataclass(frozen=True)
class ExportRow:
    """One agreement with the article that reports it."""

    article_id: int
    article_title: str
    url: str
    source: str
    published_at: datetime | None
    status: str
    agreement_title: str | None
    parties: Sequence[str]
    regions: Sequence[str]
    signed_on: str | None
    sectors: Sequence[str]  # codes of SECTOR_LABELS


def export_chunk(
    filters: ItemFilters,
    *,
    session: Session,
    before: int | None,
    limit: int,
    timezone: str,
    dialect: str,
) -> tuple[list[ExportRow], int | None]:
    """Rows of the next `limit` selected articles below id `before`, and the next `before`.

    The second value is None when no article is left.
    """
    has_agreement = sa.exists().where(col(Agreement.article_id) == col(Article.id))
    wanted = sa.select(
        col(Article.id), col(Article.title), col(Article.url), col(Article.source),
        col(Article.published_at), col(Article.status),
    ).where(has_agreement)  # fmt: skip
    # Cast: `ItemFilters.apply` is typed for a one-column Select.
    query = filters.apply(cast("Select[Any]", wanted), timezone=timezone, dialect=dialect)
    if before is not None:
        query = query.where(col(Article.id) < before)
    articles = session.execute(query.order_by(col(Article.id).desc()).limit(limit)).all()
    if not articles:
        return [], None
    by_article: dict[int, list[Agreement]] = {a.id: [] for a in articles}
    found = session.exec(
        select(Agreement)
        .where(col(Agreement.article_id).in_(list(by_article)))
        .order_by(col(Agreement.position), col(Agreement.id))
    )
    for agreement in found:
        by_article[agreement.article_id].append(agreement)
    rows = [
        _row(article, agreement) for article in articles for agreement in by_article[article.id]
    ]
    return rows, articles[-1].id if len(articles) == limit else None


def export_rows(
    engine: sa.Engine, filters: ItemFilters, *, timezone: str, dialect: str, chunk: int = CHUNK
) -> Iterator[list[ExportRow]]:
    """Every selected agreement, a chunk of articles' rows at a time, one session each."""
    before: int | None = None
    while True:
        with Session(engine) as session:
            rows, before = export_chunk(
                filters, session=session, before=before, limit=chunk,
                timezone=timezone, dialect=dialect,
            )  # fmt: skip
        if rows:
            yield rows
        if before is None:
            return


def _row(article: sa.Row[Any], agreement: Agreement) -> ExportRow:
    return ExportRow(
        article_id=article.id, article_title=article.title, url=article.url,
        source=article.source, published_at=article.published_at, status=article.status,
        agreement_title=agreement.title, parties=_strings(agreement.parties),
        regions=_strings(agreement.regions), signed_on=agreement.signed_on,
        sectors=_strings(agreement.sectors),
    )  # fmt: skip


def _strings(value: object) -> list[str]:
    """A JSON list as stored, kept to its strings (the column holds whatever was written)."""
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# --- CSV ----------------------------------------------------------------------------------


def spreadsheet_safe(cell: str) -> str:
    """`cell`, with a leading apostrophe if a spreadsheet would read it as a formula."""
    return "'" + cell if cell.startswith(FORMULA_START) else cell


def csv_record(row: ExportRow, zone: ZoneInfo) -> list[str]:
    cells = [
        str(row.article_id), row.article_title, row.url, row.source,
        _local(row.published_at, zone) or "", row.status, row.agreement_title or "",
        JOIN.join(row.parties), JOIN.join(row.regions), row.signed_on or "",
        JOIN.join(row.sectors), JOIN.join(SECTOR_LABELS.get(s, s) for s in row.sectors),
    ]  # fmt: skip
    return [spreadsheet_safe(cell) for cell in cells]


def csv_chunks(chunks: Iterable[list[ExportRow]], zone: ZoneInfo) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (else Excel reads Chinese as ANSI), CRLF rows."""
    yield ("\ufeff" + _csv_text([list(COLUMNS)])).encode()
    for rows in chunks:
        yield _csv_text(csv_record(row, zone) for row in rows).encode()


def _csv_text(records: Iterable[list[str]]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerows(records)
    return buffer.getvalue()


# --- JSON ---------------------------------------------------------------------------------


def json_record(row: ExportRow, zone: ZoneInfo) -> dict[str, Any]:
    return {
        "article_id": row.article_id, "article_title": row.article_title, "url": row.url,
        "source": row.source, "published_at": _local(row.published_at, zone),
        "status": row.status, "agreement_title": row.agreement_title,
        "parties": list(row.parties), "regions": list(row.regions),
        "signed_on": row.signed_on,
        "sectors": [{"code": s, "label": SECTOR_LABELS.get(s, s)} for s in row.sectors],
    }  # fmt: skip


def json_chunks(chunks: Iterable[list[ExportRow]], zone: ZoneInfo) -> Iterator[bytes]:
    """One JSON array of `json_record` objects, one object per line."""
    separator = "[\n"
    for rows in chunks:
        parts = []
        for row in rows:
            parts.append(separator + json.dumps(json_record(row, zone), ensure_ascii=False))
            separator = ",\n"
        yield "".join(parts).encode()
    yield ("[]\n" if separator == "[\n" else "\n]\n").encode()


def _local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return moment.astimezone(zone).isoformat(timespec="seconds") if moment else None


# --- routes -------------------------------------------------------------------------------


@login_required
async def export_csv(request: Request) -> Response:
    """The selection as CSV (see COLUMNS), for spreadsheets."""
    return _export(request, "csv", "text/csv; charset=utf-8", csv_chunks)


@login_required
async def export_json(request: Request) -> Response:
    """The selection as a JSON array of objects: the CSV's columns, with `parties` and
    `regions` as lists and `sectors` as a list of {"code", "label"}; times in ISO 8601 with
    the desk's offset, absent values null."""
    return _export(request, "json", "application/json", json_chunks)


Encoder = Callable[[Iterable[list[ExportRow]], ZoneInfo], Iterator[bytes]]


def _export(request: Request, extension: str, media_type: str, encode: Encoder) -> Response:
    try:
        filters = ItemFilters.from_query(request.query_params)
    except BadFilter as exc:
        return PlainTextResponse(str(exc), status_code=400)
    web = context_of(request)
    zone = ZoneInfo(web.settings.timezone)
    chunks = export_rows(
        web.reader, filters, timezone=web.settings.timezone, dialect=dialect_of(request)
    )
    name = f"pactwatch-agreements-{datetime.now(zone):%Y-%m-%d}.{extension}"
    headers = {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}
    # A sync iterator: Starlette runs each step in its thread pool, off the event loop.
    return StreamingResponse(encode(chunks, zone), media_type=media_type, headers=headers)


routes: list[BaseRoute] = [
    Route("/export.csv", export_csv, methods=["GET"]),
    Route("/export.json", export_json, methods=["GET"]),
]
