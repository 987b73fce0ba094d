"""The inbox: its data functions on a small store built here, then the page over HTTP on the
desk fixture's crawled store (stories, reprints folded, filters, counts, pages, escaping)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from pactwatch.core.db import upgrade
from pactwatch.web.desk.cache import MarkedCache
from pactwatch.web.desk.common import local_time
from pactwatch.web.desk.filters import ItemFilters
from pactwatch.web.desk.inbox_data import (
    as_params,
    external_link,
    inbox_page,
    known_sources,
    load_inbox,
    story_counts,
)
from pipeline.db import make_engine
from pipeline.models import Agreement, Article, ReviewLabel, SourceState
from pipeline.page import content_hash
from pipeline.textnorm import to_simplified
from tests.databases import DIALECT, fresh_database_url

TZ = "Asia/Shanghai"
NOW = datetime(2026, 11, 22, 4, 0, tzinfo=UTC)  # 12:00 in Shanghai
FILLERS = 12


def _article(
    n: int, source: str, title: str, body: str, fetched: datetime, **extra: Any
) -> Article:
    return Article(
        source=source, url=f"https://news.example.cn/{n}", canonical_url=f"https://news.example.cn/{n}",
        title=title, text=body, norm_title=to_simplified(title), norm_text=to_simplified(body),
        language="zh", fetched_at=fetched, content_hash=content_hash(body + str(n)),
        encoding="utf-8", extract_method="density", **extra,
    )  # fmt: skip


@pytest.fixture(scope="module")
def store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return fresh_database_url(tmp_path_factory.mktemp("inbox"), "inbox")


@pytest.fixture(scope="module")
def store(store_url: str) -> dict[str, int]:
    """A story with two reprints, stories of other statuses and sources, and fillers."""
    url = store_url
    upgrade(url)
    engine = make_engine(url)
    ids: dict[str, int] = {}
    with Session(engine) as session, session.begin():
        session.add_all([SourceState(name="s1"), SourceState(name="s2")])
        session.flush()
        # Stored in the order they were fetched, as crawls store them (ids follow the fetch);
        # the inbox lists newest stored first.
        rows = {
            "old": _article(
                3,
                "s1",
                "眉山春耕",
                "百万亩春耕生产有序推进。",
                NOW - timedelta(days=3),
                status="rejected",
                is_agreement=False,
                score=0.02,
            )
        }
        for key, article in rows.items():
            session.add(article)
            session.flush()
            ids[key] = article.id or 0
        for n in reversed(range(FILLERS)):  # two share a fetch time
            fetched = NOW - timedelta(days=1, hours=n if n != 5 else 4)
            session.add(_article(100 + n, "s1", f"填充稿件{n}", f"第{n}篇普通新闻。", fetched))
        session.flush()
        lu_text = "泸县与荣昌区签署产业合作协议。"
        rows = {
            "liang": _article(
                2,
                "s2",
                "兩江新區智能製造合作",
                "兩江新區與萬州區簽署智能製造合作協議。",
                NOW - timedelta(hours=2),
                status="approved",
                is_agreement=True,
                score=0.9,
            ),
            "lu": _article(
                1,
                "s1",
                "泸县与荣昌区签署协议",
                lu_text,
                NOW - timedelta(hours=1),
                is_agreement=True,
                score=0.97,
                evidence=[lu_text],
            ),
        }
        for key, article in rows.items():
            session.add(article)
            session.flush()
            ids[key] = article.id or 0
        for n in range(2):
            reprint = _article(
                10 + n, "s2", f"转载：泸县与荣昌区签署协议{n}", "泸县与荣昌区签署产业合作协议。",
                NOW - timedelta(minutes=30 - n), duplicate_of=ids["lu"], duplicate_reason="near",
            )  # fmt: skip
            session.add(reprint)
            session.flush()
            ids[f"reprint{n}"] = reprint.id or 0
        lu_regions = ["四川省泸州市泸县", "重庆市荣昌区"]
        session.add(
            Agreement(
                article_id=ids["lu"],
                title="产业合作协议",
                parties=["泸县", "荣昌区"],
                regions=lu_regions,
                sectors=["industry"],
            )
        )
        session.add(
            Agreement(article_id=ids["liang"], regions=["重庆市两江新区"], sectors=["digital"])
        )
    engine.dispose()
    return ids


@pytest.fixture
def session(store: dict[str, int], store_url: str) -> Iterator[Session]:
    engine = make_engine(store_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def page_ids(session: Session, **query: str) -> list[int]:
    filters = ItemFilters.from_query(query)
    page = inbox_page(filters, session=session, timezone=TZ, dialect=DIALECT)
    return [story.id for story in page.stories]


def roots(session: Session, *conditions: sa.ColumnElement[bool]) -> list[int]:
    """What the inbox should list (newest stored first), asked of the database directly."""
    query = (
        select(Article.id)
        .where(col(Article.duplicate_of).is_(None), *conditions)
        .order_by(col(Article.id).desc())
    )
    return [i for i in session.exec(query) if i is not None]


# --- data functions ---------------------------------------------------------------------------


def test_a_page_lists_first_reports_newest_first_with_their_reprints_folded(
    session: Session, store: dict[str, int]
) -> None:
    page = inbox_page(ItemFilters(status="new"), session=session, timezone=TZ, dialect=DIALECT)
    assert [s.id for s in page.stories] == roots(session, col(Article.status) == "new")
    first = page.stories[0]
    assert first.id == store["lu"]
    assert [r.id for r in first.also] == [store["reprint0"], store["reprint1"]]  # oldest first
    assert {r.source for r in first.also} == {"s2"}
    assert [a.regions for a in first.agreements] == [["四川省泸州市泸县", "重庆市荣昌区"]]
    assert first.evidence == ["泸县与荣昌区签署产业合作协议。"]
    assert all(s.id not in (store["reprint0"], store["reprint1"]) for s in page.stories)
    assert page.older is None and page.newer is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"source": "s2"}, ["liang"]),  # the reprints are s2's, but they are folded
        ({"region": "泸州"}, ["lu"]),  # 泸州 covers 泸县
        ({"region": "荣昌"}, ["lu"]),
        ({"sector": "digital"}, ["liang"]),
        ({"q": "智能制造"}, ["liang"]),  # Simplified query, Traditional text
        ({"q": "兩江新區"}, ["liang"]),  # Traditional query
        ({"q": "泸县"}, ["lu"]),  # two characters: no trigram, LIKE
        ({"q": "春耕 眉山"}, ["old"]),
        ({"q": "没有这种"}, []),
        ({"agreements_only": "1"}, ["lu", "liang"]),
        ({"min_score": "0.95"}, ["lu"]),
        ({"status": "rejected"}, ["old"]),
    ],
)
def test_filters_narrow_the_stories(
    session: Session, store: dict[str, int], query: dict[str, str], expected: list[str]
) -> None:
    assert page_ids(session, **{"status": "", **query}) == [store[k] for k in expected]


def test_date_filters_follow_the_desk_time_zone(session: Session, store: dict[str, int]) -> None:
    today = local_time(TZ)(NOW)[:10]
    day_before = local_time(TZ)(NOW - timedelta(days=3))[:10]
    assert page_ids(session, status="", since=today) == [store["lu"], store["liang"]]
    assert page_ids(session, status="", until=day_before) == [store["old"]]
    expected = roots(session, col(Article.fetched_at) < NOW - timedelta(hours=12))
    assert (
        page_ids(session, status="", until=local_time(TZ)(NOW - timedelta(days=1))[:10]) == expected
    )


def test_counts_cover_every_status_under_the_other_filters(session: Session) -> None:
    counts = story_counts(ItemFilters(status="new"), session=session, timezone=TZ, dialect=DIALECT)
    by_status = dict(
        session.execute(
            sa.select(col(Article.status), sa.func.count())
            .where(col(Article.duplicate_of).is_(None))
            .group_by(col(Article.status))
        ).all()
    )
    assert counts == {**by_status, "all": sum(by_status.values())}
    assert counts["new"] == 1 + FILLERS and counts["approved"] == 1 and counts["rejected"] == 1
    narrowed = story_counts(
        ItemFilters(agreements_only=True), session=session, timezone=TZ, dialect=DIALECT
    )
    assert narrowed == {"new": 1, "approved": 1, "rejected": 0, "all": 2}


def test_pages_follow_each_other_without_gaps_or_repeats(session: Session) -> None:
    everything = roots(session)
    filters = ItemFilters()
    seen: list[int] = []
    pages = []
    before = None
    while True:
        page = inbox_page(
            filters, session=session, timezone=TZ, dialect=DIALECT, before=before, limit=4
        )
        pages.append(page)
        seen += [s.id for s in page.stories]
        if page.older is None:
            break
        before = page.older
    assert seen == everything
    assert len(pages) == -(-len(everything) // 4)
    assert pages[0].newer is None and pages[1].newer == pages[1].stories[0].id
    back = inbox_page(
        filters, session=session, timezone=TZ, dialect=DIALECT, after=pages[2].newer, limit=4
    )
    assert [s.id for s in back.stories] == [s.id for s in pages[1].stories]
    assert back.older == pages[1].stories[-1].id and back.newer == pages[1].stories[0].id


def test_known_sources_join_the_configured_and_the_stored(session: Session) -> None:
    assert known_sources(["s9", "s1"], session=session) == ["s1", "s2", "s9"]


def test_query_strings_keep_an_empty_status_as_all_statuses() -> None:
    assert as_params(ItemFilters(q="泸州")) == "q=%E6%B3%B8%E5%B7%9E&status="
    assert as_params(ItemFilters(status="new"), status="") == "status="
    assert as_params(ItemFilters(), status="approved") == "status=approved"


def test_only_web_addresses_become_links() -> None:
    assert external_link(" https://a.cn/x?y=1 ") == "https://a.cn/x?y=1"
    assert external_link("http://a.cn") == "http://a.cn"
    for bad in (
        "javascript:alert(1)",
        "JAVASCRIPT:x",
        "java\tscript:x",
        "data:text/html,x",
        "/x",
        "https:x",
    ):
        assert external_link(bad) is None


# --- the page over HTTP -----------------------------------------------------------------------


def rows_of(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr class="story" id="story-(\d+)"', html)]


def test_the_inbox_shows_new_stories_as_the_store_has_them(
    desk: Any, store_session: Callable[[], Session]
) -> None:
    client = desk.client()
    html = client.get("/inbox?status=new&min_score=").text
    with store_session() as session:
        expected = roots(session, col(Article.status) == "new")[:50]
        counts = dict(
            session.execute(
                sa.select(col(Article.status), sa.func.count())
                .where(col(Article.duplicate_of).is_(None))
                .group_by(col(Article.status))
            ).all()
        )
        reprints = session.exec(select(Article).where(col(Article.duplicate_of).is_not(None))).all()
        folded = {a.id: a for a in reprints if a.duplicate_of in expected}
    assert rows_of(html) == expected
    assert f'data-count="new">{counts.get("new", 0)}<' in html
    assert f'data-count="all">{sum(counts.values())}<' in html
    assert folded, "the sample site has reprints"
    for reprint in folded.values():
        row = html.split(f'id="story-{reprint.duplicate_of}"')[1].split("</tr>")[0]
        assert "also reported by" in row
        assert f'<a href="/items/{reprint.id}">{reprint.source}</a>' in row
        assert f'id="story-{reprint.id}"' not in html


def test_filters_and_search_over_http(desk: Any, store_session: Callable[[], Session]) -> None:
    client = desk.client()
    with store_session() as session:
        county = [
            a.article_id for a in session.exec(select(Agreement)) if "四川省泸州市泸县" in a.regions
        ]
    in_luzhou = rows_of(client.get("/inbox", params={"region": "泸州", "status": ""}).text)
    assert county and set(county) <= set(in_luzhou)
    traditional = client.get("/inbox", params={"q": "兩江新區", "status": ""}).text
    simplified = client.get("/inbox", params={"q": "两江新区", "status": ""}).text
    assert rows_of(traditional) == rows_of(simplified) != []
    two = client.get("/inbox", params={"q": "泸州", "status": ""}).text
    assert set(county) <= set(rows_of(two))
    assert rows_of(client.get("/inbox", params={"source": "sample-faults"}).text)
    faults = client.get("/inbox", params={"source": "sample-faults", "sector": "industry"}).text
    assert rows_of(faults) == [] and "no stories match" in faults


def test_bad_filters_answer_400_with_the_reason(desk: Any) -> None:
    client = desk.client()
    for query, words in [
        ({"since": "2026-13-01"}, "YYYY-MM-DD"),
        ({"region": "火星"}, "unknown region"),
        ({"min_score": "2"}, "min_score"),
        ({"status": "maybe"}, "unknown status"),
        ({"before": "abc"}, "expected an item id"),
    ]:
        response = client.get("/inbox", params=query)
        assert response.status_code == 400, query
        assert words in response.text and 'class="error"' in response.text
        assert '<form class="filters"' in response.text  # the form stays, to fix the value


def test_hostile_titles_are_escaped_and_javascript_urls_are_not_links(desk: Any) -> None:
    html = desk.client().get("/inbox").text
    assert "&lt;script&gt;window.__pwned = 1" in html
    assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html
    assert 'href="javascript:' not in html and 'data-url="javascript:' not in html
    assert re.search(r'data-url=""', html)  # the javascript: story offers no original to open


def test_search_is_the_inbox_over_every_status(desk: Any) -> None:
    client = desk.client()
    response = client.get("/search", params={"q": "泸州 协议"})
    assert response.status_code == 303
    assert response.headers["location"] == "/inbox?q=%E6%B3%B8%E5%B7%9E+%E5%8D%8F%E8%AE%AE&status="
    assert desk.client(login=False).get("/search?q=x").status_code == 303  # to the login


def test_more_than_a_page_of_stories_is_paged_by_fifty(fresh_desk: Any) -> None:
    engine = fresh_desk.engine()
    with Session(engine) as session, session.begin():
        for n in range(60):
            session.add(
                _article(
                    1000 + n,
                    "sample-sc",
                    f"分页测试{n}",
                    f"分页测试正文{n}。",
                    NOW + timedelta(minutes=n),
                )
            )
    engine.dispose()
    client = fresh_desk.client()
    first = client.get("/inbox?status=new&min_score=").text  # the test articles score 0
    assert len(rows_of(first)) == 50
    older = re.search(r'href="/inbox\?([^"]*before=\d+)"', first)
    assert older
    second = client.get("/inbox?" + older.group(1).replace("&amp;", "&")).text
    assert set(rows_of(first)).isdisjoint(rows_of(second))
    total = int(re.search(r'data-count="new">(\d+)<', first).group(1))  # type: ignore[union-attr]
    assert len(rows_of(first)) + len(rows_of(second)) == total
    assert "Newer" in second and "Older" not in second


def test_kept_counts_change_as_soon_as_an_article_or_a_decision_is_stored(
    tmp_path: Path,
) -> None:
    url = fresh_database_url(tmp_path, "kept")
    upgrade(url)
    engine = make_engine(url)
    cache: MarkedCache[dict[str, int]] = MarkedCache(ttl=3600)
    calls = []

    def counts() -> dict[str, int]:
        with Session(engine) as session:
            inbox = load_inbox(
                ItemFilters(status="new"), session=session, configured=[], timezone=TZ,
                dialect=DIALECT, counts_cache=cache,
            )  # fmt: skip
            calls.append(inbox.counts)
            return inbox.counts

    with Session(engine) as session, session.begin():
        session.add(SourceState(name="s1"))
        session.flush()
        session.add(_article(1, "s1", "甲", "正文一", NOW))
    assert counts()["new"] == 1
    with Session(engine) as session, session.begin():
        session.add(_article(2, "s1", "乙", "正文二", NOW))
    assert counts()["new"] == 2  # a stored article is seen at once
    with Session(engine) as session, session.begin():
        first = session.exec(select(Article).where(Article.title == "甲")).one()
        first.status = "approved"
        session.add(ReviewLabel(article_id=first.id or 0, decision="approve"))
    assert counts() == {"new": 1, "approved": 1, "rejected": 0, "all": 2}  # so is a decision
    with Session(engine) as session, session.begin():
        session.execute(sa.update(Article).values(status="rejected"))  # unseen by the mark
    assert counts()["rejected"] == 0  # kept: until the TTL, or the next change
    engine.dispose()


def test_the_inbox_opens_on_likely_and_borderline_agreements(
    desk: Any, store_session: Callable[[], Session]
) -> None:
    """A crawl stores many more pages that report nothing than ones that do: the first
    screen is the new stories that may report an agreement, low scores one click away."""
    html = desk.client().get("/inbox").text
    with store_session() as session:
        likely = roots(session, col(Article.status) == "new", col(Article.score) >= 0.2)
        low = roots(session, col(Article.status) == "new", col(Article.score) < 0.2)
    assert likely and low, "the sample store has both"
    assert rows_of(html) == likely[:50]
    assert 'href="/inbox?status=new&amp;min_score="' in html
    everything = desk.client().get("/inbox?status=new&min_score=").text
    assert set(low[:10]) & set(rows_of(everything))
    assert "low-hidden" not in everything
