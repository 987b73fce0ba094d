"""Writing what analysis understood: the verdict, the agreements, the duplicate link."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col

from pipeline import dedup, store
from pipeline.clock import utcnow
from pipeline.dedup.roots import move_copies, reroot_if_earlier
from pipeline.models import Agreement, Article, ReviewLabel
from pipeline.page import Page
from pipeline.understand import Understood

# PostgreSQL's advisory lock key for storing a new article: any constant bigint will do.
STORE_LOCK = int.from_bytes(b"pactwat", "big")


@dataclass(frozen=True, slots=True)
class Stored:
    """What the crawl counts of a newly stored article."""

    article_id: int
    duplicate_of: int | None
    is_agreement: bool


def store_new_article(
    source: str,
    url: str,
    page: Page,
    body_z: bytes,
    content_type: str | None,
    fetched_at: datetime,
    understood: Understood,
    *,
    session: Session,
    cache: dedup.ShingleCache | None = None,
) -> Stored | None:
    """Insert an analysed article with its duplicate link; None when the URL is stored.

    The duplicate is looked up before the insert: every stored article is older then, and
    no other writer stores an article until this one commits (SQLite's BEGIN IMMEDIATE; on
    PostgreSQL a transaction-level advisory lock), so no copy can slip in between: two
    crawl processes or Scrapyd nodes storing the same story at once link it, not split it.
    Analysis runs before, outside the lock: only the few milliseconds of lookup and insert
    are serialised. One INSERT carries the verdict and the link, which halves the
    statements per article against insert-then-update (measured: 5.1 → 3.0 ms per article
    in bench/).
    """
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": STORE_LOCK})
    match = _find_match(page.norm_text, understood, session=session, cache=cache)
    values = {**verdict_values(understood), **link_values(match)}
    new_id = store.insert_article(
        source, url, page, body_z, content_type, fetched_at, session=session, extra=values
    )
    if new_id is None:
        return None
    _insert_agreements(new_id, understood, session=session)
    _index(new_id, understood, session=session, cache=cache)
    root = reroot_if_earlier(new_id, match.article_id, session=session) if match else None
    is_agreement = bool(understood.analysis and understood.analysis.is_agreement)
    return Stored(new_id, root if root != new_id else None, is_agreement)


def save_understood(
    article_id: int,
    norm_text: str,
    understood: Understood,
    *,
    session: Session,
    cache: dedup.ShingleCache | None = None,
) -> Article:
    """Replace a stored article's analysis and duplicate link (`pactwatch reanalyze`).

    Agreements a reviewer corrected are kept, and so is the article's `is_agreement`: the
    reviewer's reading outranks any new reading of the text, also when they deleted every
    agreement or added one to an article the rules had passed over.
    Only older articles can be matched, so re-linking in id order rebuilds the same roots.
    """
    article = session.get(Article, article_id)
    if article is None:
        raise LookupError(f"no article {article_id}")
    dedup.forget_article(article_id, session=session)
    match = _find_match(norm_text, understood, session=session, cache=cache, before=article_id)
    if match is not None and match.article_id == article_id:
        match = None  # an older copy of this root leads back to it: it stays the root
    corrected = _has_corrections(article_id, session=session)
    values = {**verdict_values(understood), **link_values(match)}
    if corrected:
        del values["is_agreement"]
    for key, value in values.items():
        setattr(article, key, value)
    session.add(article)
    if not corrected:
        session.execute(sa.delete(Agreement).where(col(Agreement.article_id) == article_id))
        _insert_agreements(article_id, understood, session=session)
    _index(article_id, understood, session=session, cache=cache)
    if (
        match is not None
        and reroot_if_earlier(article_id, match.article_id, session=session) != article_id
    ):
        move_copies(article_id, match.article_id, session=session)  # no chains
    session.refresh(article)
    return article


def verdict_values(understood: Understood) -> dict[str, object]:
    """The article's analysis columns."""
    analysis = understood.analysis
    rule = understood.rule_score
    return {
        "is_agreement": analysis.is_agreement if analysis else None,
        "score": round(analysis.score, 4) if analysis else None,
        "rule_score": round(rule, 4) if rule is not None else None,
        "evidence": list(analysis.evidence) if analysis else [],
        "analysis_error": understood.error,
        "analysis_version": understood.version,
        "analysed_at": utcnow(),
    }


def link_values(match: dedup.DuplicateMatch | None) -> Mapping[str, object]:
    if match is None:
        return {"duplicate_of": None, "duplicate_reason": None, "similarity": None}
    return {
        "duplicate_of": match.article_id,
        "duplicate_reason": match.reason,
        "similarity": round(match.similarity, 4),
    }


def _find_match(
    norm_text: str,
    understood: Understood,
    *,
    session: Session,
    cache: dedup.ShingleCache | None,
    before: int | None = None,
) -> dedup.DuplicateMatch | None:
    """Same content or a near copy first; failing that, another report of the same signing."""
    match = dedup.find_duplicate(
        understood.fingerprint, norm_text, session=session, exclude_id=before, cache=cache
    )
    if match is None and understood.event_keys:
        match = dedup.find_same_event(understood.event_keys, session=session, exclude_id=before)
    return match


def _insert_agreements(article_id: int, understood: Understood, *, session: Session) -> None:
    analysis = understood.analysis
    if analysis is None or not analysis.is_agreement or not analysis.agreements:
        return
    rows = [
        {
            "article_id": article_id, "position": position, "title": found.title,
            "parties": list(found.parties), "regions": list(found.regions),
            "signed_on": found.signed_on, "sectors": list(found.sectors),
            "in_region": found.in_region, "evidence": found.evidence, "corrected": False,
        }
        for position, found in enumerate(analysis.agreements)
    ]  # fmt: skip
    session.execute(sa.insert(Agreement), rows)


def _has_corrections(article_id: int, *, session: Session) -> bool:
    """A corrected agreement, or a correction label (deleting the last agreement leaves none)."""
    agreement = sa.select(col(Agreement.id)).where(
        col(Agreement.article_id) == article_id, col(Agreement.corrected).is_(True)
    )
    label = sa.select(col(ReviewLabel.id)).where(
        col(ReviewLabel.article_id) == article_id, col(ReviewLabel.decision) == "correct"
    )
    return bool(session.execute(sa.select(sa.exists(agreement) | sa.exists(label))).scalar())


def _index(
    article_id: int, understood: Understood, *, session: Session, cache: dedup.ShingleCache | None
) -> None:
    dedup.index_article(article_id, understood.fingerprint, session=session)
    dedup.index_events(article_id, understood.event_keys, session=session)
    if cache is not None and understood.fingerprint.shingles:
        cache[article_id] = understood.fingerprint.shingle_array()
