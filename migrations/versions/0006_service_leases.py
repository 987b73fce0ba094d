"""service: crawl and scheduler leases, APScheduler's job store

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 10:00:00

`crawl_lease` keeps two crawls of one source from overlapping, also across machines;
`scheduler_lease` lets exactly one `pactwatch run` schedule. `apscheduler_jobs` is the
table of APScheduler 3's `SQLAlchemyJobStore`, with its exact shape: the store would create
it itself, but here the schema stays Alembic's and the service needs no CREATE privilege.
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('crawl_lease',
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('holder', sa.String(length=255), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('source')
    )
    op.create_table('scheduler_lease',
    sa.Column('name', sa.String(length=32), nullable=False),
    sa.Column('holder', sa.String(length=255), nullable=False),
    sa.Column('expires_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('acquired_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    # As `apscheduler.jobstores.sqlalchemy.SQLAlchemyJobStore` (3.x) declares it; it creates
    # the table only when missing, so this one is used as it is.
    op.create_table('apscheduler_jobs',
    sa.Column('id', sa.Unicode(length=191), nullable=False),
    sa.Column('next_run_time', sa.Float(precision=25), nullable=True),
    sa.Column('job_state', sa.LargeBinary(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_apscheduler_jobs_next_run_time', 'apscheduler_jobs', ['next_run_time'])


def downgrade() -> None:
    op.drop_index('ix_apscheduler_jobs_next_run_time', table_name='apscheduler_jobs')
    op.drop_table('apscheduler_jobs')
    op.drop_table('scheduler_lease')
    op.drop_table('crawl_lease')
