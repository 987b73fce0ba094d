"""pipeline: memory of article URLs that failed for good, and a run's count of held-back links

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 09:30:00

`article_failure` keeps each article URL that failed permanently (404/410, not HTML, too
large) with its failure count and next retry time (exponential backoff, given up after a
bound), so a changed list page does not make every crawl request it again.
`crawl_run.articles_held_back` counts the links a run left alone for that reason.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "article_failure",
        sa.Column("url", sa.String(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("gave_up", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("url"),
    )
    op.create_index("ix_article_failure_source", "article_failure", ["source"])
    with op.batch_alter_table("crawl_run") as batch:
        batch.add_column(
            sa.Column("articles_held_back", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("crawl_run") as batch:
        batch.drop_column("articles_held_back")
    op.drop_index("ix_article_failure_source", table_name="article_failure")
    op.drop_table("article_failure")
