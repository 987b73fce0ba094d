"""Hostile and odd texts go through analysis and into the store without an exception."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from pipeline.models import Agreement, Article
from pipeline.normalise import normalise
from pipeline.page import Page, content_hash
from pipeline.understand import understand

ODD_TEXTS = {
    "empty": "",
    "punctuation": "。。。,,,!!!——《》“”……" * 50,
    "english": "The two cities signed a cooperation agreement on Tuesday. " * 40,
    "tibetan": "བོད་ཡིག་གི་ཚིག་གྲུབ་འདི་ནི་དཔེ་ཙམ་ཡིན། " * 60,
    "mixed": "重慶市與四川省簽署《合作協議》。两地签署《框架协议》。Agreement signed. " * 20,
    "unbalanced": "3月1日,甲市与乙区签署《关于深化合作的框架协议,双方将合作。" * 10,
    "bad_date": "2月30日,泸州市与永川区签署《战略合作框架协议》。",
    "huge": "两地将深化合作,推动高质量发展。" * 330_000,  # ~5 MB of UTF-8
}


def _page(text: str) -> Page:
    norm = normalise(text)
    return Page(
        title="测试",
        text=text,
        norm_title="测试",
        norm_text=norm,
        published_at=datetime(2026, 3, 5, tzinfo=UTC),
        author=None,
        credited_source=None,
        language="zh-Hans",
        encoding="utf-8",
        method="density",
        content_hash=content_hash(norm),
    )


@pytest.mark.parametrize("name", sorted(ODD_TEXTS))
def test_odd_text_is_stored_with_what_could_be_known(engine: sa.Engine, name: str) -> None:
    from pipeline.understood_store import save_understood, store_new_article

    page = _page(ODD_TEXTS[name])
    understood = understand(page)
    with Session(engine) as session, session.begin():
        stored = store_new_article(
            "s",
            f"http://x.cn/{name}.html",
            page,
            b"",
            None,
            datetime.now(UTC),
            understood,
            session=session,
        )
        assert stored is not None
        article_id = stored.article_id
    with Session(engine) as session, session.begin():  # and again, as reanalyze does
        save_understood(article_id, page.norm_text, understood, session=session)
    with Session(engine) as session:
        article = session.get(Article, article_id)
        assert article is not None and article.analysed_at is not None
        assert article.is_agreement is not None
        if name in ("empty", "english", "tibetan", "huge"):
            assert article.analysis_error, f"{name}: the reason should be recorded"
        agreements = session.exec(select(Agreement).where(Agreement.article_id == article_id))
        for agreement in agreements:
            assert agreement.signed_on is None or len(agreement.signed_on) in (5, 10)
    if name == "bad_date":
        found = understood.analysis.agreements if understood.analysis else ()
        assert all(a.signed_on is None for a in found)


def _stored(engine: sa.Engine, text: str, url: str) -> tuple[int, object]:
    from pipeline.understood_store import store_new_article

    page = _page(text)
    understood = understand(page)
    with Session(engine) as session, session.begin():
        stored = store_new_article(
            "s", url, page, b"", None, datetime.now(UTC), understood, session=session
        )
        assert stored is not None
        return stored.article_id, (page, understood)


def test_reanalysis_keeps_what_a_reviewer_decided(engine: sa.Engine) -> None:
    """Deleting every agreement, or adding one the rules missed, survives `reanalyze`."""
    from pipeline.models import ReviewLabel
    from pipeline.understood_store import save_understood

    text = "11月20日，泸州市与重庆市永川区签署《泸永合作框架协议》。"
    deleted, (page, understood) = _stored(engine, text, "http://x.cn/deleted.html")
    with Session(engine) as session, session.begin():
        assert session.exec(select(Agreement).where(Agreement.article_id == deleted)).all()
        session.execute(sa.delete(Agreement).where(Agreement.article_id == deleted))  # type: ignore[arg-type]
        session.add(ReviewLabel(article_id=deleted, decision="correct", corrections={"x": 1}))
    with Session(engine) as session, session.begin():
        save_understood(deleted, page.norm_text, understood, session=session)  # type: ignore[attr-defined]
    with Session(engine) as session:
        assert session.exec(select(Agreement).where(Agreement.article_id == deleted)).all() == []

    added, (page, understood) = _stored(engine, "两地召开座谈会。", "http://x.cn/added.html")
    with Session(engine) as session, session.begin():
        article = session.get(Article, added)
        assert article is not None and not article.is_agreement
        article.is_agreement = True
        session.add(Agreement(article_id=added, title="补录协议", corrected=True))
    with Session(engine) as session, session.begin():
        save_understood(added, page.norm_text, understood, session=session)  # type: ignore[attr-defined]
    with Session(engine) as session:
        article = session.get(Article, added)
        assert article is not None and article.is_agreement is True
        titles = session.exec(select(Agreement.title).where(Agreement.article_id == added)).all()
        assert titles == ["补录协议"]
