"""Exports: CSV for spreadsheets and JSON, one row per agreement of the inbox's selection."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any
from zoneinfo import ZoneInfo

import httpx
from sqlmodel import Session, col, select

from pactwatch.web.desk.export import COLUMNS, csv_record, export_rows, spreadsheet_safe
from pactwatch.web.desk.filters import ItemFilters
from pipeline.models import Agreement, Article
from tests.databases import DIALECT

ZONE = "Asia/Shanghai"
FORMULAS = ['=HYPERLINK("http://evil.example","点我")', "+1+1", "-2", "@SUM(A1)", "\t=1"]


def _csv(response: httpx.Response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    assert response.content.startswith(b"\xef\xbb\xbf")  # Excel needs the BOM for UTF-8
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == COLUMNS
    return rows[1:]


def _expected(session: Session, keep: Any = lambda article, agreements: True) -> list[tuple]:
    """(article id, agreement id) of every exported row, newest article first: computed
    directly from all rows, `keep(article, its agreements)` choosing the articles."""
    rows = []
    for article in session.exec(select(Article).order_by(col(Article.id).desc())):
        agreements = list(
            session.exec(
                select(Agreement)
                .where(Agreement.article_id == article.id)
                .order_by(col(Agreement.position), col(Agreement.id))
            )
        )
        if agreements and keep(article, agreements):
            rows.extend((article.id, a.title or "") for a in agreements)
    return rows


def test_exports_need_a_login(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    for path in ("/export.csv", "/export.json?status=new"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/login?next=/export.")


def test_the_csv_has_one_row_per_agreement_and_keeps_hostile_text_as_text(
    desk, store_session
) -> None:  # type: ignore[no-untyped-def]
    response = desk.client().get("/export.csv")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert re.fullmatch(
        r'attachment; filename="pactwatch-agreements-\d{4}-\d\d-\d\d\.csv"',
        response.headers["content-disposition"],
    )
    body = _csv(response)
    with store_session() as session:
        expected = _expected(session)
    assert len(expected) > 10
    assert [(int(row[0]), row[6]) for row in body] == expected
    titles = {row[1] for row in body}
    for n, bad in enumerate(desk.hostile):
        assert f"{bad}标题{n}" in titles  # quotes, newlines-free markup: intact as text
    hostile = next(row for row in body if row[1] == f"{desk.hostile[1]}标题1")
    assert hostile[7] == f"{desk.hostile[1]}；重庆市永川区人民政府"
    assert hostile[8] == "四川省泸州市；重庆市永川区"
    assert (hostile[10], hostile[11]) == ("industry", "产业协作与招商")
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00", hostile[4])


def test_the_json_has_the_same_rows_with_lists_and_sector_labels(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    response = client.get("/export.json")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["content-disposition"].endswith('.json"')
    rows = json.loads(response.content)
    assert isinstance(rows, list)
    assert [(r["article_id"], r["agreement_title"] or "") for r in rows] == [
        (int(row[0]), row[6]) for row in _csv(client.get("/export.csv"))
    ]
    hostile = next(r for r in rows if r["article_title"] == f"{desk.hostile[0]}标题0")
    assert hostile["parties"] == [desk.hostile[0], "重庆市永川区人民政府"]
    assert hostile["regions"] == ["四川省泸州市", "重庆市永川区"]
    assert hostile["sectors"] == [{"code": "industry", "label": "产业协作与招商"}]
    assert hostile["status"] == "new" and hostile["signed_on"] == "2026-11-20"
    empty = client.get("/export.json?since=2099-01-01")
    assert empty.status_code == 200 and json.loads(empty.content) == []


def test_the_inbox_filters_select_what_is_exported(desk, store_session) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    with store_session() as session:
        luzhou = _expected(
            session,
            lambda article, agreements: any(
                r.startswith("四川省泸州市") for a in agreements for r in a.regions
            ),
        )
        industry = _expected(
            session, lambda article, agreements: any("industry" in a.sectors for a in agreements)
        )
        cq = _expected(session, lambda article, agreements: article.source == "sample-cq")
    everything = len(_csv(client.get("/export.csv")))
    for query, expected in (("region=泸州", luzhou), ("sector=industry", industry),
                            ("source=sample-cq", cq)):  # fmt: skip
        body = _csv(client.get(f"/export.csv?{query}"))
        assert [(int(row[0]), row[6]) for row in body] == expected, query
        assert 0 < len(expected) < everything, query
    # What a GET form of the inbox sends: every field, most of them empty.
    form = "q=&source=&region=&sector=&status=&since=&until=&min_score="
    assert len(_csv(client.get(f"/export.csv?{form}"))) == everything
    refused = client.get("/export.csv?region=火星")
    assert refused.status_code == 400 and "unknown region" in refused.text


def test_formulas_in_scraped_text_are_defused_in_the_csv_only(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    engine = fresh_desk.engine()
    with Session(engine) as session, session.begin():
        article = session.exec(select(Article).order_by(col(Article.id).desc())).first()
        assert article is not None and article.id is not None
        article.title = FORMULAS[0]
        session.add(article)
        session.add(
            Agreement(article_id=article.id, position=9, title=FORMULAS[1],
                      parties=FORMULAS[2:4], regions=["四川省泸州市"], sectors=[])
        )  # fmt: skip
        article_id = article.id
    engine.dispose()
    client = fresh_desk.client()
    row = next(r for r in _csv(client.get("/export.csv")) if r[6] == "'" + FORMULAS[1])
    assert row[0] == str(article_id) and row[1] == "'" + FORMULAS[0]
    assert row[7] == "'-2；@SUM(A1)"
    exported = json.loads(client.get("/export.json").content)
    raw = next(r for r in exported if r["agreement_title"] == FORMULAS[1])
    assert raw["article_title"] == FORMULAS[0] and raw["parties"] == FORMULAS[2:4]


def test_spreadsheet_safe_prefixes_formula_starts_only() -> None:
    for formula in [*FORMULAS, "\r=1"]:
        assert spreadsheet_safe(formula) == "'" + formula
    for text in ("泸州", "1+1", "a=b", "", "'quoted", "2026-11-20"):
        assert spreadsheet_safe(text) == text


def test_rows_stream_in_chunks_that_add_up_to_the_whole(desk, store_session) -> None:  # type: ignore[no-untyped-def]
    engine = desk.engine()
    try:
        small = list(export_rows(engine, ItemFilters(), timezone=ZONE, dialect=DIALECT, chunk=2))
        whole = list(export_rows(engine, ItemFilters(), timezone=ZONE, dialect=DIALECT))
    finally:
        engine.dispose()
    assert len(whole) == 1 and len(small) > 5
    flat = [row for chunk in small for row in chunk]
    assert flat == whole[0]
    with store_session() as session:
        assert [(r.article_id, r.agreement_title or "") for r in flat] == _expected(session)
    cells = csv_record(flat[0], ZoneInfo(ZONE))
    assert len(cells) == len(COLUMNS) and cells[0] == str(flat[0].article_id)
