"""The public Atom feed: approved agreement stories only, hostile text kept as text, filters,
conditional requests; read with feedparser, as feed readers would."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import feedparser
import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from pactwatch.web.desk.feed import FeedEntry, FeedQuery, build_feed, feed_entries
from pipeline.models import Agreement, Article, ReviewLabel
from tests.databases import DIALECT

REVIEWED_AT = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def reviewed(desk) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """Every agreement story approved, but one rejected and one left new; one approval dated."""
    engine = desk.engine()
    with Session(engine) as session, session.begin():
        roots = list(
            session.exec(
                select(Article)
                .where(col(Article.is_agreement).is_(True), col(Article.duplicate_of).is_(None))
                .order_by(col(Article.id))
            )
        )
        rejected, waiting, dated = roots[0], roots[1], roots[2]
        for article in roots:
            article.status = "approved"
        rejected.status, waiting.status = "rejected", "new"
        session.add(ReviewLabel(article_id=dated.id, decision="approve", at=REVIEWED_AT))
        session.execute(
            sa.update(Article)
            .where(col(Article.duplicate_of).is_not(None))
            .values(status="approved")
        )
        ids = {"rejected": rejected.id, "new": waiting.id, "dated": dated.id}
    engine.dispose()
    return ids


def _expected(session: Session, keep: Any = lambda agreements: True) -> list[int]:
    """Approved agreement stories, newest first, computed from every row."""
    found = []
    for article in session.exec(select(Article)):
        if (article.status, article.is_agreement, article.duplicate_of) != ("approved", True, None):
            continue
        agreements = session.exec(select(Agreement).where(Agreement.article_id == article.id))
        if keep(list(agreements)):
            found.append((article.published_at or article.fetched_at, article.id))
    return [article_id for _, article_id in sorted(found, reverse=True)][:50]


def _ids(parsed: Any) -> list[int]:
    return [int(e.id.rsplit("/", 1)[1]) for e in parsed.entries]


def _get(desk: Any, query: str = "") -> Any:
    response = desk.client(login=False).get("/feed.atom" + query)
    assert response.status_code == 200, response.text
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    return parsed


def test_the_feed_is_public_and_lists_approved_stories_newest_first(
    desk, reviewed, store_session
) -> None:  # type: ignore[no-untyped-def]
    response = desk.client(login=False).get("/feed.atom")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo and parsed.version == "atom10"
    with store_session() as session:
        expected = _expected(session)
        duplicates = session.exec(
            select(Article.id).where(col(Article.duplicate_of).is_not(None))
        ).all()
    assert len(expected) > 5 and _ids(parsed) == expected
    assert reviewed["rejected"] not in expected and reviewed["new"] not in expected
    assert not set(duplicates) & set(_ids(parsed))
    assert parsed.feed.links[0].rel == "self"
    assert parsed.feed.links[0].href == desk.base + "/feed.atom"
    host = urlsplit(desk.base).hostname
    assert parsed.feed.id == f"tag:{host},2024:feed/agreements"
    assert all(e.id.startswith(f"tag:{host},2024:article/") for e in parsed.entries)
    assert _ids(_get(desk)) == _ids(parsed)  # stable ids


def test_entries_keep_hostile_text_as_text_and_link_only_to_web_pages(desk, reviewed) -> None:  # type: ignore[no-untyped-def]
    parsed = _get(desk)
    titles = {e.title for e in parsed.entries}
    for n, bad in enumerate(desk.hostile):
        assert f"{bad}标题{n}" in titles
    first = next(e for e in parsed.entries if e.title == f"{desk.hostile[0]}标题0")
    assert desk.hostile[0] in first.summary and "地区：四川省泸州市；重庆市永川区" in first.summary
    assert "签署日期：2026-11-20" in first.summary and "产业协作与招商" in first.summary
    assert [t.term for t in first.tags] == ["industry"]
    for entry in parsed.entries:
        hrefs = [link.href for link in entry.get("links", [])]
        assert all(urlsplit(h).scheme in ("http", "https") for h in hrefs), hrefs
        assert not any(h.startswith(desk.base) for h in hrefs)  # nothing on the desk
    scripted = next(e for e in parsed.entries if e.title == f"{desk.hostile[2]}标题2")
    assert not any(link.get("rel") == "alternate" for link in scripted.get("links", []))
    assert scripted.content[0].value.startswith("《javascript:")  # content, since no link


def test_updated_is_the_review_time_else_the_publication(desk, reviewed, store_session) -> None:  # type: ignore[no-untyped-def]
    parsed = _get(desk)
    by_id = dict(zip(_ids(parsed), parsed.entries, strict=True))
    assert by_id[reviewed["dated"]].updated == "2026-11-21T09:30:00Z"
    with store_session() as session:
        article = session.get(Article, _ids(parsed)[0])
        assert article is not None
    if article.published_at is not None:
        assert by_id[article.id].published == article.published_at.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_region_and_sector_filters(desk, reviewed, store_session) -> None:  # type: ignore[no-untyped-def]
    with store_session() as session:
        luzhou = _expected(
            session, lambda ags: any(r.startswith("四川省泸州市") for a in ags for r in a.regions)
        )
        yongchuan_industry = _expected(
            session,
            lambda ags: (
                any(r.startswith("重庆市永川区") for a in ags for r in a.regions)
                and any("industry" in a.sectors for a in ags)
            ),
        )
        two_sectors = _expected(
            session, lambda ags: any({"industry", "digital"} & set(a.sectors) for a in ags)
        )
    assert 0 < len(luzhou) < len(_ids(_get(desk)))
    assert _ids(_get(desk, "?region=泸州")) == luzhou
    assert _ids(_get(desk, "?region=永川&sector=industry")) == yongchuan_industry
    assert _ids(_get(desk, "?sector=industry,digital")) == two_sectors
    assert _ids(_get(desk, "?sector=industry&sector=digital")) == two_sectors
    both = _get(desk, "?region=泸州，永川")
    assert len(_ids(both)) >= len(luzhou)
    assert "四川省泸州市" in both.feed.title
    assert both.feed.links[0].href.startswith(desk.base + "/feed.atom?region=")


def test_unknown_filter_values_are_a_plain_400(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    for query, message in (
        ("?region=火星", "unknown region"),
        ("?sector=mining", "unknown sector"),
    ):
        response = client.get("/feed.atom" + query)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("text/plain")
        assert message in response.text


def test_conditional_requests_get_304(desk, reviewed) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    first = client.get("/feed.atom")
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get("/feed.atom", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert client.get("/feed.atom", headers={"If-Modified-Since": modified}).status_code == 304
    assert client.get("/feed.atom", headers={"If-None-Match": '"other"'}).status_code == 200
    filtered = client.get("/feed.atom?region=泸州", headers={"If-None-Match": etag})
    assert filtered.status_code == 200 and filtered.headers["etag"] != etag


def test_feed_entries_stop_at_the_limit(desk, reviewed, store_session) -> None:  # type: ignore[no-untyped-def]
    with store_session() as session:
        entries = feed_entries(FeedQuery(), session=session, dialect=DIALECT, limit=3)
        assert [e.article_id for e in entries] == _expected(session)[:3]


def test_the_document_is_valid_xml_whatever_the_scraped_characters() -> None:
    agreement = Agreement(
        article_id=1, title="协议\x0b", parties=["<b>甲</b>"], regions=["四川省泸州市"],
        sectors=["digital"], signed_on=None,
    )  # fmt: skip
    entry = FeedEntry(
        1, "标题\x00&<>", " javascript:alert(1)", None, datetime(2026, 1, 1, tzinfo=UTC)
    )
    entry.agreements.append(agreement)
    later = FeedEntry(
        2, "b", "https://x.cn/2", None, datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=1)
    )
    body = build_feed(
        [entry, later], FeedQuery(sectors=("digital",)), base_url="https://desk.example/"
    )
    root = ET.fromstring(body)
    atom = "{http://www.w3.org/2005/Atom}"
    assert root.findtext(f"{atom}updated") == "2026-01-02T00:00:00Z"
    assert root.findtext(f"{atom}id") == "tag:desk.example,2024:feed/agreements?sector=digital"
    first = root.findall(f"{atom}entry")[0]
    assert first.findtext(f"{atom}title") == "标题\ufffd&<>"
    assert first.find(f"{atom}link") is None and first.find(f"{atom}content") is not None
    assert "签约方：<b>甲</b>" in (first.findtext(f"{atom}summary") or "")
