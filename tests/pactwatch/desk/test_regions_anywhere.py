"""Partners anywhere in China: the desk's region filter and the Atom feed take any place
(拉萨 includes its counties) and compound names (川渝, 渝桂黔陇)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import feedparser
import pytest
from sqlmodel import Session, select

from pipeline.models import Agreement, Article, SourceState
from pipeline.page import content_hash

PLACES = {
    "LHASA": ["重庆市", "西藏自治区拉萨市城关区"],
    "LANZHOU": ["四川省成都市", "甘肃省兰州市"],
    "GUIZHOU": ["贵州省遵义市", "重庆市江津区"],
}


@pytest.fixture(scope="module")
def partners(desk) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Three approved stories whose partners are outside 川渝."""
    engine = desk.engine()
    ids = {}
    with Session(engine) as session, session.begin():
        source = session.exec(select(SourceState.name)).first()
        assert source is not None
        for n, (marker, regions) in enumerate(PLACES.items()):
            text = f"{marker} 两地签署合作协议。"
            article = Article(
                source=source, url=f"https://far.example.cn/{n}", canonical_url=f"https://far.example.cn/{n}",
                title=f"{marker}协议", text=text, norm_title=f"{marker}协议", norm_text=text,
                language="zh-Hans", fetched_at=datetime.now(UTC), content_hash=content_hash(text),
                encoding="utf-8", extract_method="density", is_agreement=True, score=0.9,
                rule_score=0.9, status="approved", evidence=[text],
            )  # fmt: skip
            session.add(article)
            session.flush()
            assert article.id is not None
            session.add(
                Agreement(
                    article_id=article.id,
                    title=f"{marker}合作协议",
                    parties=["甲", "乙"],
                    regions=regions,
                    sectors=["industry"],
                    in_region=True,
                    evidence=text,
                )
            )
            ids[marker] = article.id
    engine.dispose()
    return ids


def _feed(desk: Any, query: str) -> set[str]:
    response = desk.client(login=False).get("/feed.atom?" + query)
    assert response.status_code == 200, response.text
    return {e.title for e in feedparser.parse(response.content).entries}


def _inbox(desk: Any, query: str) -> str:
    response = desk.client().get("/inbox?status=&" + query)
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize(
    ("region", "shown", "hidden"),
    [
        ("拉萨", {"LHASA"}, {"LANZHOU", "GUIZHOU"}),
        ("兰州", {"LANZHOU"}, {"LHASA", "GUIZHOU"}),
        ("渝桂黔陇", {"LHASA", "GUIZHOU", "LANZHOU"}, set()),
        ("西藏自治区拉萨市城关区", {"LHASA"}, {"LANZHOU"}),
    ],
)
def test_partner_places_filter_the_feed_and_the_inbox(
    desk, partners, region: str, shown: set[str], hidden: set[str]
) -> None:  # type: ignore[no-untyped-def]
    titles = _feed(desk, f"region={region}")
    page = _inbox(desk, f"region={region}")
    for marker in shown:
        assert any(marker in t for t in titles), (region, marker, titles)
        assert f"{marker}协议" in page
    for marker in hidden:
        assert not any(marker in t for t in titles), (region, marker)
        assert f"{marker}协议" not in page
