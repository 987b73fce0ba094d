"""pipeline: sources, crawl runs, articles

Revision ID: 0001
Revises: 
Create Date: 2026-11-22 03:51:05.755389
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table('page_validator',
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('etag', sa.String(), nullable=True),
    sa.Column('last_modified', sa.String(), nullable=True),
    sa.Column('checked_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('url')
    )
    with op.batch_alter_table('page_validator', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_page_validator_source'), ['source'], unique=False)

    op.create_table('source',
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('region', sa.String(), nullable=True),
    sa.Column('first_seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    op.create_table('article',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('canonical_url', sa.String(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('text', sa.String(), nullable=False),
    sa.Column('norm_title', sa.String(), nullable=False),
    sa.Column('norm_text', sa.String(), nullable=False),
    sa.Column('language', sa.String(length=16), nullable=False),
    sa.Column('author', sa.String(), nullable=True),
    sa.Column('credited_source', sa.String(), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('fetched_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('encoding', sa.String(length=32), nullable=False),
    sa.Column('extract_method', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('is_agreement', sa.Boolean(), nullable=True),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('duplicate_of', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['duplicate_of'], ['article.id'], ),
    sa.ForeignKeyConstraint(['source'], ['source.name'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('canonical_url')
    )
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_article_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_duplicate_of'), ['duplicate_of'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_fetched_at'), ['fetched_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_published_at'), ['published_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_article_status'), ['status'], unique=False)

    op.create_table('crawl_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('finish_reason', sa.String(), nullable=True),
    sa.Column('pages_fetched', sa.Integer(), nullable=False),
    sa.Column('not_modified', sa.Integer(), nullable=False),
    sa.Column('articles_new', sa.Integer(), nullable=False),
    sa.Column('articles_unchanged', sa.Integer(), nullable=False),
    sa.Column('articles_dropped', sa.Integer(), nullable=False),
    sa.Column('errors', sa.Integer(), nullable=False),
    sa.Column('errors_by_kind', sa.JSON(), nullable=False),
    sa.Column('bytes_received', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['source'], ['source.name'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_run_source'), ['source'], unique=False)

    op.create_table('article_raw',
    sa.Column('article_id', sa.Integer(), nullable=False),
    sa.Column('content_type', sa.String(), nullable=True),
    sa.Column('body_z', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['article_id'], ['article.id'], ),
    sa.PrimaryKeyConstraint('article_id')
    )
    op.create_table('crawl_error',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('message', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['crawl_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('crawl_error', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crawl_error_run_id'), ['run_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('crawl_error', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_error_run_id'))

    op.drop_table('crawl_error')
    op.drop_table('article_raw')
    with op.batch_alter_table('crawl_run', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crawl_run_source'))

    op.drop_table('crawl_run')
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_article_status'))
        batch_op.drop_index(batch_op.f('ix_article_source'))
        batch_op.drop_index(batch_op.f('ix_article_published_at'))
        batch_op.drop_index(batch_op.f('ix_article_fetched_at'))
        batch_op.drop_index(batch_op.f('ix_article_duplicate_of'))
        batch_op.drop_index(batch_op.f('ix_article_content_hash'))

    op.drop_table('article')
    op.drop_table('source')
    with op.batch_alter_table('page_validator', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_page_validator_source'))

    op.drop_table('page_validator')

