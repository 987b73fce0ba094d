"""desk: sessions kept in the store

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05 09:00:00

`desk_session` holds one row per logged-in desk session; the cookie carries its id, so
logout and "log out everywhere" end sessions on every worker (pactwatch/web/sessions.py).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('desk_session',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade() -> None:
    op.drop_table('desk_session')
