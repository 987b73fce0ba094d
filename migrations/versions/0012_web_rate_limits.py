"""web: rate-limit hits in the store

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05 12:10:00

`rate_hit` holds the desk's login limit and the public form's subscription limit, so that
every worker of `serve --workers N` (and every host behind one proxy) counts the same
attempts and a restart forgets none (pactwatch/web/limits.py).
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0012'
down_revision: str | None = '0011'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('rate_hit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.String(length=16), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('at', sa.Float(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_rate_hit_key', 'rate_hit', ['bucket', 'key', 'at'])


def downgrade() -> None:
    op.drop_index('ix_rate_hit_key', table_name='rate_hit')
    op.drop_table('rate_hit')
