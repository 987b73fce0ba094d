"""The desk's filters and search, on a small real store (SQLite with the migrations' FTS5)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session, select

from pactwatch.core.db import upgrade
from pactwatch.web.desk.filters import BadFilter, ItemFilters
from pipeline.db import make_engine
from pipeline.models import Agreement, Article, SourceState
from pipeline.page import content_hash
from tests.databases import DIALECT, fresh_database_url

TZ = "Asia/Shanghai"
ARTICLES = [
    # title, body, status, fetched (UTC), agreement regions, sectors
    ("泸州市与永川区签署合作协议", "双方将在产业协作等领域合作。", "new",
     datetime(2026, 11, 20, 1, tzinfo=UTC), ["四川省泸州市泸县", "重庆市永川区"], ["industry"]),
    ("成都發布5G基站建設計劃", "成都市今年新建5G基站。", "approved",
     datetime(2026, 11, 21, 17, tzinfo=UTC), ["四川省成都市"], ["digital"]),
    ("万州区召开工作会议", "会议研究部署重点任务，项目落户泸州", "rejected",
     datetime(2026, 10, 1, tzinfo=UTC), None, None),
]  # fmt: skip


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    url = fresh_database_url(tmp_path_factory.mktemp("filters"), "f")
    upgrade(url)
    engine = make_engine(url)
    from pipeline.textnorm import to_simplified

    with Session(engine) as session:
        session.add(SourceState(name="s"))
        session.flush()
        for n, (title, body, status, fetched, regions, sectors) in enumerate(ARTICLES):
            article = Article(
                source="s", url=f"https://x.cn/{n}", canonical_url=f"https://x.cn/{n}",
                title=title, text=body, norm_title=to_simplified(title),
                norm_text=to_simplified(body), language="zh", fetched_at=fetched,
                content_hash=content_hash(body), encoding="utf-8", extract_method="density",
                status=status, is_agreement=regions is not None, score=0.9 if regions else 0.1,
            )  # fmt: skip
            session.add(article)
            session.flush()
            if regions is not None:
                session.add(Agreement(article_id=article.id, regions=regions, sectors=sectors))
        session.commit()
        yield session
    engine.dispose()


def titles(session: Session, **query: str) -> list[str]:
    filters = ItemFilters.from_query(query)
    stmt = filters.apply(select(Article), timezone=TZ, dialect=DIALECT).order_by(Article.id)
    return [a.title for a in session.exec(stmt)]


def test_search_finds_long_and_short_terms_in_either_script(session: Session) -> None:
    assert titles(session, q="永川区") == ["泸州市与永川区签署合作协议"]
    assert titles(session, q="泸州") == ["泸州市与永川区签署合作协议", "万州区召开工作会议"]
    assert titles(session, q="5g") == ["成都發布5G基站建設計劃"]
    assert titles(session, q="建設計劃") == ["成都發布5G基站建設計劃"]  # Traditional query
    assert titles(session, q="泸州 协议") == ["泸州市与永川区签署合作协议"]
    assert titles(session, q='"') == []
    assert titles(session, q="不存在的词") == []


def test_region_includes_its_counties_and_sector_status_dates_narrow(session: Session) -> None:
    assert titles(session, region="泸州") == ["泸州市与永川区签署合作协议"]
    assert titles(session, region="四川") == [
        "泸州市与永川区签署合作协议",
        "成都發布5G基站建設計劃",
    ]
    assert titles(session, region="永川") == ["泸州市与永川区签署合作协议"]
    assert titles(session, sector="digital") == ["成都發布5G基站建設計劃"]
    assert titles(session, region="泸州", sector="industry") == ["泸州市与永川区签署合作协议"]
    assert titles(session, region="泸州", sector="digital") == []
    assert titles(session, status="rejected") == ["万州区召开工作会议"]
    assert titles(session, agreements_only="1", min_score="0.5") == [t for t, *_ in ARTICLES[:2]]
    # 2026-11-21 17:00 UTC is 11-22 01:00 in Shanghai: a day is the desk's day.
    assert titles(session, since="2026-11-22") == ["成都發布5G基站建設計劃"]
    assert titles(session, until="2026-11-21") == [
        "泸州市与永川区签署合作协议",
        "万州区召开工作会议",
    ]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"region": "火星"}, "unknown region"),
        ({"sector": "mining"}, "unknown sector"),
        ({"status": "gone"}, "unknown status"),
        ({"since": "2026-13-01"}, "since"),
        ({"min_score": "2"}, "between"),
        ({"min_score": "x"}, "number"),
    ],
)
def test_nonsense_is_refused_with_the_field_named(query: dict[str, str], message: str) -> None:
    with pytest.raises(BadFilter, match=message):
        ItemFilters.from_query(query)


def test_the_query_string_round_trips() -> None:
    filters = ItemFilters.from_query(
        {"q": " 泸州  协议 ", "region": "泸州", "since": "2026-01-02", "agreements_only": "on"}
    )
    assert filters.q == "泸州 协议" and filters.since == date(2026, 1, 2)
    assert ItemFilters.from_query(dict(_pairs(filters.to_query()))) == filters
    assert "status=new" in filters.to_query(status="new")


def _pairs(query: str) -> list[tuple[str, str]]:
    from urllib.parse import parse_qsl

    return parse_qsl(query)
    assert ItemFilters.from_query({}) == ItemFilters()


def test_the_index_follows_updates_and_deletes(tmp_path_factory: pytest.TempPathFactory) -> None:
    url = fresh_database_url(tmp_path_factory.mktemp("fts"), "f")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(SourceState(name="s"))
        session.flush()
        article = Article(
            source="s", url="https://x.cn/", canonical_url="https://x.cn/", title="t", text="b",
            norm_title="旧标题协议", norm_text="正文", language="zh", content_hash="0" * 64,
            encoding="utf-8", extract_method="density",
        )  # fmt: skip
        session.add(article)
        session.commit()
        assert titles(session, q="旧标题") == ["t"]
        article.norm_title = "新标题"
        session.add(article)
        session.commit()
        assert titles(session, q="旧标题") == [] and titles(session, q="新标题") == ["t"]
        article.status = "approved"  # not an indexed column: the index is not touched
        session.add(article)
        session.commit()
        session.delete(article)
        session.commit()
        assert titles(session, q="新标题") == [] and titles(session, q="标题") == []
    engine.dispose()
