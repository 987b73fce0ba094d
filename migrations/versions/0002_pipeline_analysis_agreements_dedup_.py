"""pipeline: analysis, agreements, dedup index, review labels

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 04:13:44.866895
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('agreement',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=True),
    sa.Column('parties', sa.JSON(), nullable=False),
    sa.Column('regions', sa.JSON(), nullable=False),
    sa.Column('signed_on', sa.String(length=10), nullable=True),
    sa.Column('sectors', sa.JSON(), nullable=False),
    sa.Column('in_region', sa.Boolean(), nullable=False),
    sa.Column('evidence', sa.String(), nullable=False),
    sa.Column('corrected', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agreement_article_id'), ['article_id'], unique=False)

    op.create_table('event_key',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('key', 'article_id')
    )
    with op.batch_alter_table('event_key', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_event_key_article_id'), ['article_id'], unique=False)

    op.create_table('minhash_band',
    sa.Column('band', sa.Integer(), nullable=False),
    sa.Column('bucket', sa.BigInteger(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('band', 'bucket', 'article_id')
    )
    with op.batch_alter_table('minhash_band', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_minhash_band_article_id'), ['article_id'], unique=False)

    op.create_table('review_label',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.String(length=16), nullable=False),
    sa.Column('corrections', sa.JSON(), nullable=False),
    sa.Column('reviewer', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('review_label', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_review_label_article_id'), ['article_id'], unique=False)

    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('articles_duplicate', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('agreements_found', sa.Integer(), nullable=False, server_default='0'))

    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('evidence', sa.JSON(), nullable=False, server_default=sa.text("'[]'")))
        batch_op.add_column(sa.Column('rule_score', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('duplicate_reason', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('similarity', sa.Float(), nullable=True))
        batch_op.add_column(sa.Column('analysed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('analysis_version', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('analysis_error', sa.String(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.drop_column('agreements_found')
        batch_op.drop_column('articles_duplicate')

    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('analysis_error')
        batch_op.drop_column('analysis_version')
        batch_op.drop_column('analysed_at')
        batch_op.drop_column('similarity')
        batch_op.drop_column('duplicate_reason')
        batch_op.drop_column('evidence')
        batch_op.drop_column('rule_score')

    with op.batch_alter_table('review_label', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_review_label_article_id'))

    op.drop_table('review_label')
    with op.batch_alter_table('minhash_band', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_minhash_band_article_id'))

    op.drop_table('minhash_band')
    with op.batch_alter_table('event_key', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_event_key_article_id'))

    op.drop_table('event_key')
    with op.batch_alter_table('agreement', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agreement_article_id'))

    op.drop_table('agreement')

