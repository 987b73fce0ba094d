"""The statistics: numbers on a store with known agreements, the same numbers computed
directly on the crawled desk store, index use, the cache, and the page itself."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from itertools import combinations
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from pactwatch.core.db import upgrade
from pactwatch.web.desk.filters import BadFilter
from pactwatch.web.desk.stats import StatsCache
from pactwatch.web.desk.stats_data import (
    StatsFilters,
    collect_stats,
    fingerprint,
    month_span,
    place_of,
    places_of,
    query_plans,
)
from pipeline import store
from pipeline.db import make_engine
from pipeline.models import Agreement, Article, ReviewLabel
from tests.databases import DIALECT, fresh_database_url, sqlite_only

ZONE = "Asia/Shanghai"
HOSTILE_REGION = "<script>window.__pwned=1</script>"


def _article(session: Session, n: int, **fields: Any) -> int:
    values: dict[str, Any] = dict(
        source="s", url=f"https://x.cn/{n}", canonical_url=f"https://x.cn/{n}",
        title=f"标题{n}", text="正文", norm_title=f"标题{n}", norm_text="正文",
        language="zh-Hans", content_hash=f"{n:064d}", encoding="utf-8", extract_method="d",
        fetched_at=datetime(2026, 11, 1, tzinfo=UTC), is_agreement=True,
    )  # fmt: skip
    values.update(fields)
    article = Article(**values)
    session.add(article)
    session.flush()
    assert article.id is not None
    return article.id


def _agreement(session: Session, article_id: int, regions: list[str], sectors: list[str]) -> None:
    session.add(Agreement(article_id=article_id, regions=regions, sectors=sectors, title="协议"))


def seed_known(session: Session) -> dict[str, int]:
    """Four counted stories with four agreements in three months, and three that don't count."""
    store.ensure_source("s", "Sample", None, session=session)
    session.flush()  # the articles' foreign key needs the source row first
    at = datetime
    a1 = _article(session, 1, status="approved", published_at=at(2026, 3, 10, 2, tzinfo=UTC))
    _agreement(session, a1, ["四川省泸州市泸县", "重庆市永川区"], ["industry", "digital"])
    _agreement(session, a1, ["四川省泸州市", "重庆市", "重庆市荣昌区"], ["environment"])
    # No publication date: the month is the fetch's, in Beijing time (1 April, 01:00).
    a2 = _article(session, 2, fetched_at=at(2026, 3, 31, 17, tzinfo=UTC))
    _agreement(session, a2, ["重庆市永川区", "四川省泸州市", "四川省宜宾市"], ["industry"])
    a3 = _article(session, 3, status="rejected", published_at=at(2026, 3, 2, tzinfo=UTC))
    _agreement(session, a3, ["四川省泸州市", "重庆市永川区"], ["industry"])
    a4 = _article(session, 4, duplicate_of=a1, published_at=at(2026, 3, 11, tzinfo=UTC))
    _agreement(session, a4, ["四川省泸州市", "重庆市永川区"], ["industry"])
    a5 = _article(session, 5, is_agreement=False, published_at=at(2026, 3, 2, tzinfo=UTC))
    _agreement(session, a5, ["四川省泸州市", "重庆市永川区"], ["industry"])
    a6 = _article(session, 6, status="approved", published_at=at(2026, 1, 15, tzinfo=UTC))
    _agreement(session, a6, [HOSTILE_REGION, "四川省泸州市"], ["culture_tourism"])
    a7 = _article(session, 7, status="approved", published_at=at(2026, 4, 20, tzinfo=UTC))
    return {"a1": a1, "a2": a2, "a3": a3, "a6": a6, "a7": a7}


@pytest.fixture
def known(tmp_path: Path) -> Iterator[tuple[sa.Engine, dict[str, int]]]:
    url = fresh_database_url(tmp_path, "stats")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        ids = seed_known(session)
    yield engine, ids
    engine.dispose()


def _stats(engine: sa.Engine, filters: StatsFilters | None = None) -> Any:
    with Session(engine) as session:
        return collect_stats(
            filters or StatsFilters(), session=session, timezone=ZONE, dialect=DIALECT
        )


def test_known_agreements_are_counted_by_month_sector_and_pair(known) -> None:  # type: ignore[no-untyped-def]
    stats = _stats(known[0])
    assert [(m.month, m.stories, m.agreements) for m in stats.months] == [
        ("2026-01", 1, 1), ("2026-02", 0, 0), ("2026-03", 1, 2), ("2026-04", 2, 1),
    ]  # fmt: skip
    assert (stats.stories, stats.agreements) == (4, 4)
    by_month = {m.month: m.sectors for m in stats.months}
    assert by_month["2026-03"] == {"industry": 1, "digital": 1, "environment": 1}
    assert by_month["2026-04"] == {"industry": 1}
    assert stats.sectors[0] == "industry"
    assert set(stats.sectors) == {"industry", "digital", "environment", "culture_tourism"}
    pairs = {p.label: p.agreements for p in stats.pairs}
    assert pairs == {
        "泸州市–永川区": 2,  # 泸县 is in 泸州市
        "泸州市–荣昌区": 1,  # 重庆市 beside 荣昌区 adds nothing
        "宜宾市–泸州市": 1,
        "宜宾市–永川区": 1,
        f"泸州市–{HOSTILE_REGION}": 1,  # unknown text is kept as it is, escaped on the page
    }
    assert stats.pairs[0].label == "泸州市–永川区"
    places = {place.label: n for place, n in stats.places}
    assert places == {"泸州市": 4, "永川区": 2, "荣昌区": 1, "宜宾市": 1, HOSTILE_REGION: 1}


def test_filters_narrow_to_approved_stories_and_a_date_range(known) -> None:  # type: ignore[no-untyped-def]
    engine, _ = known
    approved = _stats(engine, StatsFilters(approved_only=True))
    assert (approved.stories, approved.agreements) == (3, 3)
    april = _stats(engine, StatsFilters(since=datetime(2026, 4, 1).date()))
    assert [(m.month, m.stories) for m in april.months] == [("2026-04", 2)]
    march = _stats(engine, StatsFilters(until=datetime(2026, 3, 31).date()))
    assert (march.stories, march.agreements) == (2, 3)  # the 1 April 01:00 story is out
    empty = _stats(engine, StatsFilters(since=datetime(2030, 1, 1).date()))
    assert (empty.months, empty.pairs, empty.places) == ([], [], [])


def test_stats_filters_parse_the_query_string() -> None:
    parsed = StatsFilters.from_query(
        {"since": "2026-01-01", "until": "2026-03-31", "approved": "1"}
    )
    assert parsed == StatsFilters(datetime(2026, 1, 1).date(), datetime(2026, 3, 31).date(), True)
    assert parsed.statuses == ("approved",) and StatsFilters().statuses == ("new", "approved")
    assert "status=approved" in parsed.item_filters().to_query()
    for bad in ({"since": "yesterday"}, {"since": "2026-02-01", "until": "2026-01-01"}):
        with pytest.raises(BadFilter):
            StatsFilters.from_query(bad)


def test_places_are_raised_to_city_level() -> None:
    assert place_of("四川省泸州市泸县").label == "泸州市"
    assert place_of("四川省泸州市泸县").key == "四川省泸州市"
    assert place_of("重庆市永川区").label == "永川区"  # Chongqing's districts are its cities
    assert place_of("重庆市两江新区").label == "两江新区"
    assert place_of("四川省成都市天府新区").label == "成都市"
    assert place_of("四川省遂宁市蓬溪县蓬南镇").label == "遂宁市"  # a town: its county's city
    assert place_of("四川省").label == "四川省"
    assert place_of("火星").key == "火星"
    assert [p.label for p in places_of(["重庆市永川区", "四川省", "四川省宜宾市", "重庆市"])] == [
        "宜宾市", "永川区",
    ]  # fmt: skip
    assert [p.label for p in places_of(["四川省", "重庆市"])] == ["四川省", "重庆市"]
    assert month_span(["2025-11", "2026-02", "2025-12"]) == [
        "2025-11", "2025-12", "2026-01", "2026-02",
    ]  # fmt: skip
    assert month_span([]) == []


@sqlite_only("EXPLAIN QUERY PLAN wording (PostgreSQL's planner picks by table size)")
def test_the_statistics_queries_use_the_indexes(known) -> None:  # type: ignore[no-untyped-def]
    with Session(known[0]) as session:
        plans = query_plans(session)
    assert set(plans) == {"stories_by_month", "sectors_by_month", "region_sets"}
    for name, lines in plans.items():
        joined = " | ".join(lines)
        assert "SEARCH article USING COVERING INDEX ix_article_stats" in joined, (name, joined)
        assert not any(re.match(r"SCAN (article|agreement)\b", line) for line in lines), joined
        if name != "stories_by_month":
            assert "SEARCH agreement USING INDEX ix_agreement_article_id" in joined, joined


def test_the_cache_reuses_numbers_until_the_store_changes_or_they_expire(known) -> None:  # type: ignore[no-untyped-def]
    engine, ids = known
    now = [0.0]
    cache = StatsCache(ttl=60, clock=lambda: now[0])
    filters = StatsFilters()

    def view() -> Any:
        with Session(engine) as session:
            return cache.get(filters, session=session, timezone=ZONE, dialect=DIALECT)

    first = view()
    assert set(first.charts) == {"months", "pairs", "sectors", "network"}
    assert view() is first
    with Session(engine) as session:
        before = fingerprint(filters, session=session, timezone=ZONE)
    with Session(engine) as session, session.begin():
        article = session.get(Article, ids["a2"])
        assert article is not None
        article.status = "rejected"
        session.add(ReviewLabel(article_id=ids["a2"], decision="reject"))
    with Session(engine) as session:
        assert fingerprint(filters, session=session, timezone=ZONE) != before
    second = view()
    assert second is not first and second.stats.stories == 3
    now[0] = 61.0
    third = view()
    assert third is not second and third.stats == second.stats


def _direct(session: Session) -> tuple[Counter[str], Counter[str], Counter[str]]:
    """Stories and agreements per month, and pairs, computed in Python from every row."""
    zone = ZoneInfo(ZONE)
    stories: Counter[str] = Counter()
    agreements: Counter[str] = Counter()
    pairs: Counter[str] = Counter()
    for article in session.exec(select(Article)):
        counted = (
            article.is_agreement is True
            and article.duplicate_of is None
            and article.status in ("new", "approved")
        )
        if not counted:
            continue
        month = f"{(article.published_at or article.fetched_at).astimezone(zone):%Y-%m}"
        stories[month] += 1
        for agreement in session.exec(select(Agreement).where(Agreement.article_id == article.id)):
            agreements[month] += 1
            for a, b in combinations(places_of(agreement.regions), 2):
                pairs[f"{a.label}–{b.label}"] += 1
    return stories, agreements, pairs


def test_the_crawled_store_numbers_match_a_direct_computation(store_session) -> None:  # type: ignore[no-untyped-def]
    with store_session() as session:
        stories, agreements, pairs = _direct(session)
        stats = collect_stats(StatsFilters(), session=session, timezone=ZONE, dialect=DIALECT)
    assert sum(stories.values()) > 5 and len(pairs) > 3  # the sample site has real variety
    assert {m.month: m.stories for m in stats.months if m.stories} == dict(stories)
    assert {m.month: m.agreements for m in stats.months if m.agreements} == dict(agreements)
    assert {p.label: p.agreements for p in stats.pairs} == dict(pairs)


# --- the page -------------------------------------------------------------------------------


def test_the_page_needs_a_login(desk) -> None:  # type: ignore[no-untyped-def]
    response = desk.client(login=False).get("/stats")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=/stats")


def test_the_page_draws_the_charts_with_the_stores_numbers(desk, store_session) -> None:  # type: ignore[no-untyped-def]
    with store_session() as session:
        stats = collect_stats(StatsFilters(), session=session, timezone=ZONE, dialect=DIALECT)
    page = desk.client().get("/stats")
    assert page.status_code == 200
    html = page.text
    assert html.count("<svg ") == 4 and html.count('class="chart"') == 4
    assert f'<strong class="stories">{stats.stories}</strong>' in html
    assert f'<strong class="agreements">{stats.agreements}</strong>' in html
    top = stats.pairs[0]
    assert f"<td>{top.label}</td>" in html and f"{top.label}：{top.agreements} 项协议" in html
    assert html.count('<rect class="bar"') == len(stats.months) + min(15, len(stats.pairs))
    assert '<link rel="stylesheet" href="/static/stats.css">' in html
    assert 'href="/export.csv?agreements_only=1"' in html
    assert 'type="application/atom+xml"' in html
    assert " style=" not in html and "<style" not in html  # the CSP refuses inline styles


def test_the_page_filters_and_refuses_nonsense_dates(desk, store_session) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    page = client.get("/stats?approved=1&since=2020-01-01")
    assert page.status_code == 200
    assert "checked" in page.text and 'value="2020-01-01"' in page.text
    assert "export.csv?status=approved&amp;since=2020-01-01&amp;agreements_only=1" in page.text
    with store_session() as session:
        approved = collect_stats(
            StatsFilters(since=datetime(2020, 1, 1).date(), approved_only=True),
            session=session,
            timezone=ZONE,
            dialect=DIALECT,
        )
    assert f'<strong class="agreements">{approved.agreements}</strong>' in page.text
    assert ("no agreements counted" in page.text) == (approved.agreements == 0)
    bad = client.get("/stats?since=not-a-date")
    assert bad.status_code == 400
    assert "expected a date" in bad.text and "not-a-date" in bad.text


def test_hostile_region_text_is_escaped_on_the_page(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    engine = fresh_desk.engine()
    with Session(engine) as session, session.begin():
        counted = select(Article).where(
            col(Article.is_agreement).is_(True), col(Article.duplicate_of).is_(None)
        )
        article = session.exec(counted).first()
        assert article is not None and article.id is not None
        _agreement(session, article.id, [HOSTILE_REGION + '"x', "重庆市永川区"], ["industry"])
    engine.dispose()
    html = fresh_desk.client().get("/stats").text
    assert "<script>window.__pwned" not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert html.count("<svg ") == 4
