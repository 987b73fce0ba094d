"""Review decisions and corrections: the one writer of `review_label` and of what a
reviewer changes on an article (its status) or its agreements.

A decision sets the article's status and keeps a label for training (`pactwatch train`).
A correction sets `agreement.corrected`, which `pactwatch reanalyze` respects
(`pipeline.understood_store.save_understood`), and is kept as a "correct" label. The
callers (the desk, `pactwatch review`) own the transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from pipeline.models import Agreement, Article, ReviewLabel

STATUS_OF = {"approve": "approved", "reject": "rejected"}


class UnknownArticle(LookupError):
    """No stored article has this id."""


class UnknownAgreement(LookupError):
    """The article has no agreement with this id."""


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


def record_decisions(
    article_ids: list[int], decision: str, *, session: Session, reviewer: str = "admin"
) -> dict[int, str]:
    """Approve or reject every one of `article_ids`; their statuses before, by id.

    `UnknownArticle` when any id is unknown: the caller's transaction then changes nothing.
    """
    ids = list(dict.fromkeys(article_ids))
    # One SELECT for all; record_decision's lookups then come from the identity map.
    found = {a.id: a.status for a in session.exec(select(Article).where(col(Article.id).in_(ids)))}
    missing = [i for i in ids if i not in found]
    if missing:
        raise UnknownArticle(f"no article with id {missing[0]}")
    for article_id in ids:
        record_decision(article_id, decision, session=session, reviewer=reviewer)
    return {i: found[i] for i in ids}


def save_agreement(
    article_id: int,
    agreement_id: int,
    fields: Mapping[str, object],
    *,
    session: Session,
    reviewer: str = "admin",
) -> None:
    """Store the reviewer's version of an agreement; the label keeps what changed."""
    agreement = _agreement_of(article_id, agreement_id, session=session)
    changes = {name: value for name, value in fields.items() if getattr(agreement, name) != value}
    for name, value in changes.items():
        setattr(agreement, name, value)
    agreement.corrected = True
    session.add(agreement)
    record_correction(
        article_id,
        {"agreement": agreement_id, "action": "edit", **changes},
        session=session,
        reviewer=reviewer,
    )


def add_agreement(
    article_id: int, fields: Mapping[str, object], *, session: Session, reviewer: str = "admin"
) -> int:
    """An agreement the analysis missed, by id; the article now counts as reporting one."""
    article = session.get(Article, article_id)
    if article is None:
        raise UnknownArticle(f"no article with id {article_id}")
    last = session.execute(
        sa.select(sa.func.max(col(Agreement.position))).where(
            col(Agreement.article_id) == article_id
        )
    ).scalar()
    agreement = Agreement(
        article_id=article_id,
        position=0 if last is None else last + 1,
        corrected=True,
        evidence="",
        **fields,  # type: ignore[arg-type]
    )
    session.add(agreement)
    article.is_agreement = True
    session.add(article)
    session.flush()
    assert agreement.id is not None
    record_correction(
        article_id,
        {"agreement": agreement.id, "action": "add", **fields},
        session=session,
        reviewer=reviewer,
    )
    return agreement.id


def delete_agreement(
    article_id: int, agreement_id: int, *, session: Session, reviewer: str = "admin"
) -> None:
    """Remove a wrongly read agreement; the rest count as reviewed, so reanalysis keeps them."""
    agreement = _agreement_of(article_id, agreement_id, session=session)
    title = agreement.title
    session.delete(agreement)
    session.execute(
        sa.update(Agreement)
        .where(col(Agreement.article_id) == article_id, col(Agreement.id) != agreement_id)
        .values(corrected=True)
    )
    record_correction(
        article_id,
        {"agreement": agreement_id, "action": "delete", "title": title},
        session=session,
        reviewer=reviewer,
    )


def _agreement_of(article_id: int, agreement_id: int, *, session: Session) -> Agreement:
    agreement = session.get(Agreement, agreement_id)
    if agreement is None or agreement.article_id != article_id:
        raise UnknownAgreement(f"article {article_id} has no agreement {agreement_id}")
    return agreement
