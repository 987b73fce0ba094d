"""Review decisions, as the web desk records them: the article's status plus a label."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from pipeline.models import Article, ReviewLabel

STATUS_OF = {"approve": "approved", "reject": "rejected"}


class UnknownArticle(LookupError):
    """No stored article has this id."""


def record_decision(
    article_id: int,
    decision: str,
    *,
    session: Session,
    reviewer: str = "admin",
    corrections: dict[str, Any] | None = None,
) -> Article:
    """Approve or reject an article; the label is kept for training (`pactwatch train`)."""
    if decision not in STATUS_OF:
        raise ValueError(f"unknown decision {decision!r}")
    article = session.get(Article, article_id)
    if article is None:
        raise UnknownArticle(f"no article with id {article_id}")
    article.status = STATUS_OF[decision]
    session.add(article)
    session.add(
        ReviewLabel(
            article_id=article_id,
            decision=decision,
            reviewer=reviewer,
            corrections=corrections or {},
        )
    )
    return article
