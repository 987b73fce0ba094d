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


def record_correction(
    article_id: int,
    corrections: dict[str, Any],
    *,
    session: Session,
    reviewer: str = "admin",
) -> ReviewLabel:
    """Keep a reviewer's edit of what was read from an article (its agreements) as a label.

    The article's status is left alone: a correction says what the article reports, not
    whether it belongs in the digest. `corrections` names the agreement and the new values.
    """
    if session.get(Article, article_id) is None:
        raise UnknownArticle(f"no article with id {article_id}")
    label = ReviewLabel(
        article_id=article_id, decision="correct", reviewer=reviewer, corrections=corrections
    )
    session.add(label)
    return label
