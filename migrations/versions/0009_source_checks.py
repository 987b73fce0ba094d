"""sources: the latest live check of each source (`pactwatch sources check`)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 09:00:00

One row per source, replaced by each check; the desk's Sources page shows it beside the
health marks, and bundled default sources keep their verified date here (their TOML is not
the user's to edit).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0009'
down_revision: str | None = '0008'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('source_check',
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ok', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.String(), nullable=True),
    sa.Column('articles_found', sa.Integer(), nullable=False),
    sa.Column('sample_url', sa.String(), nullable=True),
    sa.Column('sample_title', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('source')
    )


def downgrade() -> None:
    op.drop_table('source_check')
