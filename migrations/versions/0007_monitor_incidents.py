"""service: the monitor's incidents

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29 10:00:00

`monitor_incident` remembers each problem of a source the monitor mailed the operator
about, so one incident is mailed once, and once more when it clears. The partial unique
index allows one open incident per source and kind.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0007'
down_revision: str | None = '0006'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('monitor_incident',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('reason', sa.String(), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('notified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('recovery_sent_at', sa.DateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index(
        'ux_monitor_incident_open', 'monitor_incident', ['source', 'kind'], unique=True,
        sqlite_where=sa.text('closed_at IS NULL'), postgresql_where=sa.text('closed_at IS NULL'),
    )


def downgrade() -> None:
    op.drop_index('ux_monitor_incident_open', table_name='monitor_incident')
    op.drop_table('monitor_incident')
