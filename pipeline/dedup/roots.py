"""Story roots independent of crawl order: the earliest-published report is the root.

Links point at the root directly (no chains). When a report stored after its reprints was
published earlier, the story is re-rooted onto it in the storing transaction: the old root
and its copies link to the new one, and what reviewers decided moves with the story (its
status; agreements a reviewer corrected replace the new root's own reading). Deliveries
need no move: notify counts a story delivered when any of its reports was.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Session, col

from pipeline.models import Agreement, Article

_FAR_FUTURE = datetime(9999, 1, 1)


def first_report_key(
    published_at: datetime | None, fetched_at: datetime | None, url: str
) -> tuple[datetime, str]:
    """What orders two reports of one story: publication time (fetch time when unknown),
    then the URL, so that every crawl order agrees on the root."""
    when = published_at or fetched_at or _FAR_FUTURE
    return (_naive_utc(when), url)


def reroot_if_earlier(new_id: int, root_id: int, *, session: Session) -> int:
    """Make `new_id` the root of `root_id`'s story when it was published first; the root.

    The old root's row is locked first (`FOR UPDATE` on PostgreSQL; SQLite's writer lock
    already serialises), so two writers storing reports of one story decide in turn.
    """
    root = _locked(root_id, session=session)
    new = session.get(Article, new_id)
    if root is None or new is None or root.id == new.id:
        return root_id
    if first_report_key(new.published_at, new.fetched_at, new.url) >= first_report_key(
        root.published_at, root.fetched_at, root.url
    ):
        return root_id
    moved = [root_id, *_copies(root_id, session=session)]
    session.execute(
        sa.update(Article)
        .where(col(Article.id).in_([i for i in moved if i != new_id]))
        .values(duplicate_of=new_id)
    )
    # The old root repeats the new one for the reason the new one was linked to it.
    session.execute(
        sa.update(Article)
        .where(col(Article.id) == root_id)
        .values(duplicate_reason=new.duplicate_reason, similarity=new.similarity)
    )
    _take_review(new, root, session=session)
    new.duplicate_of, new.duplicate_reason, new.similarity = None, None, None
    session.add(new)
    session.flush()
    return new_id


def move_copies(from_id: int, to_id: int, *, session: Session) -> None:
    """Copies of an article that has just become a copy itself follow it to its root; the
    root, if it was one of them, is a root again (no chains, no self-links)."""
    copies = col(Article.duplicate_of) == from_id
    session.execute(
        sa.update(Article)
        .where(col(Article.id) == to_id, copies)
        .values(duplicate_of=None, duplicate_reason=None, similarity=None)
    )
    session.execute(
        sa.update(Article).where(copies, col(Article.id) != to_id).values(duplicate_of=to_id)
    )


def _take_review(new: Article, root: Article, *, session: Session) -> None:
    """The story's review state and a reviewer's reading move to the new root."""
    new.status = root.status
    corrected = session.execute(
        sa.select(sa.func.count()).where(
            col(Agreement.article_id) == root.id, col(Agreement.corrected).is_(True)
        )
    ).scalar()
    if corrected:
        session.execute(sa.delete(Agreement).where(col(Agreement.article_id) == new.id))
        session.execute(
            sa.update(Agreement)
            .where(col(Agreement.article_id) == root.id)
            .values(article_id=new.id)
        )
        new.is_agreement = root.is_agreement


def _copies(root_id: int, *, session: Session) -> list[int]:
    rows = session.execute(sa.select(col(Article.id)).where(col(Article.duplicate_of) == root_id))
    return [row[0] for row in rows]


def _locked(article_id: int, *, session: Session) -> Article | None:
    return session.execute(
        sa.select(Article).where(col(Article.id) == article_id).with_for_update()
    ).scalar_one_or_none()


def _naive_utc(when: datetime) -> datetime:
    offset = when.utcoffset()
    return when.replace(tzinfo=None) - offset if offset is not None else when
