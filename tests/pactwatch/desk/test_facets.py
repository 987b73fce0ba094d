"""`agreement_facet` (migration 0008): its triggers keep it equal to what the agreements
hold, whichever way they change, so the region and sector filters read the truth."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session, select

from pactwatch.core.db import upgrade
from pactwatch.web.desk.filters import ItemFilters
from pactwatch.web.desk.inbox_data import inbox_page
from pipeline.db import make_engine
from pipeline.models import Agreement, Article, SourceState
from tests.databases import DIALECT, fresh_database_url


def _article(session: Session, n: int) -> int:
    article = Article(
        source="s", url=f"https://x.cn/{n}", canonical_url=f"https://x.cn/{n}", title=f"t{n}",
        text="正文", norm_title=f"t{n}", norm_text="正文", language="zh",
        content_hash=f"{n:064x}", encoding="utf-8", extract_method="density",
    )  # fmt: skip
    session.add(article)
    session.flush()
    assert article.id is not None
    return article.id


def facets(session: Session) -> set[tuple[str, str, int]]:
    rows = session.execute(sa.text("SELECT kind, value, article_id FROM agreement_facet"))
    return {(kind, value, article_id) for kind, value, article_id in rows}


def derived(session: Session) -> set[tuple[str, str, int]]:
    """What the facets must be: every region and sector of every agreement, by article."""
    found = set()
    for agreement in session.exec(select(Agreement)):
        found |= {("region", r, agreement.article_id) for r in agreement.regions}
        found |= {("sector", s, agreement.article_id) for s in agreement.sectors}
    return found


def test_facets_follow_every_change_of_the_agreements(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "facets")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        session.add(SourceState(name="s"))
        session.flush()
        a, b = _article(session, 1), _article(session, 2)
        first = Agreement(
            article_id=a, regions=["四川省泸州市泸县", "重庆市荣昌区"], sectors=["industry"]
        )
        second = Agreement(article_id=a, regions=["重庆市荣昌区"], sectors=["tourism"])
        session.add_all([first, second])
        session.flush()
        first_id, second_id = first.id, second.id
    steps = []

    def check(step: str) -> None:
        with Session(engine) as session:
            assert facets(session) == derived(session), step
            steps.append(step)

    check("inserted: a region two agreements share is one row")
    with Session(engine) as session, session.begin():
        session.delete(session.get(Agreement, first_id))
    check("deleted one: the shared region stays, the other's values go")
    with Session(engine) as session, session.begin():
        kept = session.get(Agreement, second_id)
        assert kept is not None
        kept.sectors = ["education", "health"]
        kept.regions = ["四川省成都市"]
    check("corrected in place")
    with Session(engine) as session, session.begin():
        kept = session.get(Agreement, second_id)
        assert kept is not None
        kept.article_id = b
    check("moved to another article")
    with Session(engine) as session:
        assert facets(session) == {
            ("region", "四川省成都市", b), ("sector", "education", b), ("sector", "health", b),
        }  # fmt: skip
    with Session(engine) as session, session.begin():
        session.execute(sa.delete(Agreement))
    check("all deleted")
    with Session(engine) as session:
        assert facets(session) == set()
    engine.dispose()
    assert len(steps) == 5


def test_a_region_filter_matches_its_divisions_and_nothing_beside(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "prefix")
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        session.add(SourceState(name="s"))
        session.flush()
        ids = {}
        for n, region in enumerate(
            ["四川省泸州市泸县", "四川省泸州市", "四川省泸", "重庆市荣昌区"]
        ):
            ids[region] = _article(session, n)
            session.add(Agreement(article_id=ids[region], regions=[region], sectors=["industry"]))
    with Session(engine) as session:
        filters = ItemFilters.from_query({"region": "泸州"})
        page = inbox_page(filters, session=session, timezone="Asia/Shanghai", dialect=DIALECT)
        assert [s.id for s in page.stories] == [ids["四川省泸州市"], ids["四川省泸州市泸县"]]
    engine.dispose()
