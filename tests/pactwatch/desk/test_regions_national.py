"""Desk filters and the Atom feed with places anywhere in China and groups (拉萨, 渝桂黔陇)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select
from starlette.datastructures import QueryParams

from pactwatch.core.db import upgrade
from pactwatch.web.desk.feed import BadFeedQuery, FeedQuery, feed_entries
from pactwatch.web.desk.filters import BadFilter, ItemFilters
from pipeline.db import make_engine
from pipeline.models import Agreement, Article, SourceState
from pipeline.page import content_hash
from tests.databases import DIALECT, fresh_database_url

TZ = "Asia/Shanghai"
ARTICLES = [  # title, agreement regions
    ("拉萨城关区与成都签约", ["四川省成都市", "西藏自治区拉萨市城关区"]),
    ("泸州与永川签约", ["四川省泸州市泸县", "重庆市永川区"]),
    ("兰州与南宁签约", ["甘肃省兰州市", "广西壮族自治区南宁市"]),
    ("拉萨路小区", ["上海市"]),  # 拉萨 in a street name, not the region
]


@pytest.fixture(scope="module")
def session(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Session]:
    url = fresh_database_url(tmp_path_factory.mktemp("regions"), "r")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session:
        session.add(SourceState(name="s"))
        session.flush()
        for n, (title, regions) in enumerate(ARTICLES):
            article = Article(
                source="s", url=f"https://x.cn/{n}", canonical_url=f"https://x.cn/{n}",
                title=title, text=title, norm_title=title, norm_text=title, language="zh",
                fetched_at=datetime(2026, 11, 20, n, tzinfo=UTC), content_hash=content_hash(title),
                encoding="utf-8", extract_method="density", status="approved",
                is_agreement=True, score=0.9,
            )  # fmt: skip
            session.add(article)
            session.flush()
            session.add(Agreement(article_id=article.id, regions=regions, sectors=["industry"]))
        session.commit()
        yield session
    engine.dispose()


def titles(session: Session, region: str) -> list[str]:
    filters = ItemFilters.from_query({"region": region})
    stmt = filters.apply(select(Article), timezone=TZ, dialect=DIALECT).order_by(Article.id)
    return [a.title for a in session.exec(stmt)]


def feed_titles(session: Session, query: str) -> list[str]:
    parsed = FeedQuery.from_params(QueryParams(query))
    return sorted(e.title for e in feed_entries(parsed, session=session, dialect=DIALECT))


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        ("拉萨", ["拉萨城关区与成都签约"]),  # a city includes its districts
        ("西藏", ["拉萨城关区与成都签约"]),
        ("藏", ["拉萨城关区与成都签约"]),
        ("西藏自治区拉萨市城关区", ["拉萨城关区与成都签约"]),
        ("兰州", ["兰州与南宁签约"]),
        ("川渝", ["拉萨城关区与成都签约", "泸州与永川签约"]),  # a group: any member
        ("渝桂黔陇", ["泸州与永川签约", "兰州与南宁签约"]),
        ("泸州", ["泸州与永川签约"]),
        # a zone that is no region of its own stands for the city that runs it
        ("成都高新区", ["拉萨城关区与成都签约"]),
    ],
)
def test_desk_filter_by_any_place_or_group(
    session: Session, region: str, expected: list[str]
) -> None:
    assert titles(session, region) == expected


def test_unknown_region_is_refused() -> None:
    with pytest.raises(BadFilter, match="unknown region"):
        ItemFilters.from_query({"region": "川渝合作"})
    with pytest.raises(BadFeedQuery, match="unknown region"):
        FeedQuery.from_params(QueryParams("region=火星"))


def test_feed_by_any_place_or_group(session: Session) -> None:
    assert feed_titles(session, "region=拉萨") == ["拉萨城关区与成都签约"]
    assert feed_titles(session, "region=兰州,拉萨") == ["兰州与南宁签约", "拉萨城关区与成都签约"]
    assert feed_titles(session, "region=成渝") == ["拉萨城关区与成都签约", "泸州与永川签约"]
    query = FeedQuery.from_params(QueryParams("region=渝桂黔陇"))
    assert query.regions == ("重庆市", "广西壮族自治区", "贵州省", "甘肃省")
