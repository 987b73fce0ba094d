"""Stories: an agreement article with every other report of the same event folded under it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from pipeline.db import chunks
from pipeline.models import Agreement, Article


@dataclass
class Story:
    """The first report of a signing (`root`), its agreements, and who else reported it."""

    root: Article
    agreements: list[Agreement] = field(default_factory=list)
    also: list[Article] = field(default_factory=list)  # later reports, oldest first


def agreement_stories(
    *,
    session: Session,
    since: datetime | None = None,
    statuses: tuple[str, ...] = ("new", "approved"),
) -> list[Story]:
    """Stories whose first report is an agreement article, newest first.

    `since` filters on when the root was fetched; rejected roots are left out by default.
    """
    query = select(Article).where(
        col(Article.is_agreement).is_(True),
        col(Article.duplicate_of).is_(None),
        col(Article.status).in_(statuses),
    )
    if since is not None:
        query = query.where(col(Article.fetched_at) >= since)
    roots = list(session.exec(query.order_by(col(Article.fetched_at).desc(), col(Article.id))))
    stories = {a.id: Story(a) for a in roots if a.id is not None}
    ids = list(stories)
    for chunk in chunks(ids):
        for agreement in session.exec(
            select(Agreement)
            .where(col(Agreement.article_id).in_(chunk))
            .order_by(col(Agreement.position))
        ):
            stories[agreement.article_id].agreements.append(agreement)
        for copy in session.exec(
            select(Article).where(col(Article.duplicate_of).in_(chunk)).order_by(col(Article.id))
        ):
            stories[copy.duplicate_of or 0].also.append(copy)
    return list(stories.values())
