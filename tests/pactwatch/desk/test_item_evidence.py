"""The item page shows evidence sentences in the article's own characters."""

from __future__ import annotations

from sqlmodel import select

from pipeline.models import Article


def test_evidence_is_shown_as_printed(desk, store_session) -> None:  # type: ignore[no-untyped-def]
    with store_session() as session:
        article, printed = next(
            (a, s.replace(",", "，"))
            for a in session.exec(select(Article).where(Article.is_agreement)).all()
            for s in a.evidence
            if "," in s and s.replace(",", "，") in a.text
        )
    page = desk.client().get(f"/items/{article.id}")
    assert page.status_code == 200
    listed = page.text.split('class="evidence-list">', 1)[1].split("</ol>", 1)[0]
    assert f"<li>{printed}</li>" in listed
