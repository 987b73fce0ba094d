"""Writing what analysis understood: the verdict, the agreements, the duplicate link."""

from __future__ import annotations

import sqlalchemy as sa
from sqlmodel import Session, col

from pipeline import dedup
from pipeline.analysis import Understood
from pipeline.models import Agreement, Article, utcnow


def save_understood(
    article_id: int, norm_text: str, understood: Understood, *, session: Session
) -> Article:
    """Store the analysis of an article and link it to the story it repeats, if any.

    Meant for the article's own transaction, right after its insert, so the band index and
    the event keys never disagree with the stored articles. Replaces earlier results (for
    `pactwatch reanalyze`); agreements a reviewer corrected are kept.
    """
    article = session.get(Article, article_id)
    if article is None:
        raise LookupError(f"no article {article_id}")
    _save_verdict(article, understood)
    _replace_agreements(article_id, understood, session=session)
    _link_duplicate(article, norm_text, understood, session=session)
    session.add(article)
    return article


def _save_verdict(article: Article, understood: Understood) -> None:
    analysis = understood.analysis
    article.is_agreement = analysis.is_agreement if analysis else None
    article.score = round(analysis.score, 4) if analysis else None
    article.rule_score = (
        round(understood.rule_score, 4) if understood.rule_score is not None else None
    )
    article.evidence = list(analysis.evidence) if analysis else []
    article.analysis_error = understood.error
    article.analysis_version = understood.version
    article.analysed_at = utcnow()


def _replace_agreements(article_id: int, understood: Understood, *, session: Session) -> None:
    corrected = session.exec(  # type: ignore[call-overload]
        sa.select(sa.func.count()).where(
            col(Agreement.article_id) == article_id, col(Agreement.corrected).is_(True)
        )
    ).scalar()
    if corrected:
        return  # a reviewer's corrections outrank any new reading of the text
    session.execute(sa.delete(Agreement).where(col(Agreement.article_id) == article_id))
    if understood.analysis is None or not understood.analysis.is_agreement:
        return
    for position, found in enumerate(understood.analysis.agreements):
        session.add(
            Agreement(
                article_id=article_id,
                position=position,
                title=found.title,
                parties=list(found.parties),
                regions=list(found.regions),
                signed_on=found.signed_on,
                sectors=list(found.sectors),
                in_region=found.in_region,
                evidence=found.evidence,
            )
        )


def _link_duplicate(
    article: Article, norm_text: str, understood: Understood, *, session: Session
) -> None:
    assert article.id is not None
    dedup.forget_article(article.id, session=session)
    match = dedup.find_duplicate(
        understood.fingerprint, norm_text, session=session, exclude_id=article.id
    )
    if match is None and understood.event_keys:
        match = dedup.find_same_event(understood.event_keys, session=session, exclude_id=article.id)
    if match is not None and match.article_id < article.id:
        article.duplicate_of, article.duplicate_reason = match.article_id, match.reason
        article.similarity = round(match.similarity, 4)
    else:
        article.duplicate_of = article.duplicate_reason = article.similarity = None
    dedup.index_article(article.id, understood.fingerprint, session=session)
    dedup.index_events(article.id, understood.event_keys, session=session)
