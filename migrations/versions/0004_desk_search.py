"""desk: full-text search over articles

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 06:00:00

SQLite: an FTS5 index with the trigram tokenizer (Chinese has no spaces between words, so
words cannot be tokenised without a dictionary; trigrams find any substring of three or
more characters, and shorter ones through the index's vocabulary), over the
Simplified-normalised title and body, kept in step with `article` by triggers, so every writer (crawl workers, reanalysis) updates it without
knowing it exists. PostgreSQL: pg_trgm GIN indexes serve the same `LIKE '%…%'` searches.
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each column is indexed with a space appended: a short term (协议) at the very end of a
# title then still begins a trigram ("协议 "), which is how short terms are looked up.
# Contentless (content=''): the text is in `article`; deleting needs the indexed values,
# which the triggers have.
INDEXED_OLD = "old.id, old.norm_title || ' ', old.norm_text || ' '"
INDEXED_NEW = "new.id, new.norm_title || ' ', new.norm_text || ' '"
SQLITE_UP = [
    """CREATE VIRTUAL TABLE article_fts USING fts5(
        norm_title, norm_text, content='', tokenize='trigram')""",
    f"""CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN
        INSERT INTO article_fts(rowid, norm_title, norm_text) VALUES ({INDEXED_NEW});
    END""",
    f"""CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, norm_title, norm_text)
        VALUES ('delete', {INDEXED_OLD});
    END""",
    # Only a change of the indexed columns touches the index: status changes at the desk
    # (the most frequent update) cost nothing here.
    f"""CREATE TRIGGER article_fts_update AFTER UPDATE OF norm_title, norm_text ON article BEGIN
        INSERT INTO article_fts(article_fts, rowid, norm_title, norm_text)
        VALUES ('delete', {INDEXED_OLD});
        INSERT INTO article_fts(rowid, norm_title, norm_text) VALUES ({INDEXED_NEW});
    END""",
    "INSERT INTO article_fts(rowid, norm_title, norm_text) "
    "SELECT id, norm_title || ' ', norm_text || ' ' FROM article",
    # The index's trigrams, so a one- or two-character term can be looked up as the
    # trigrams that begin with it, instead of reading every article.
    "CREATE VIRTUAL TABLE article_fts_vocab USING fts5vocab(article_fts, 'row')",
]
SQLITE_DOWN = [
    "DROP TABLE IF EXISTS article_fts_vocab",
    "DROP TRIGGER IF EXISTS article_fts_update",
    "DROP TRIGGER IF EXISTS article_fts_delete",
    "DROP TRIGGER IF EXISTS article_fts_insert",
    "DROP TABLE IF EXISTS article_fts",
]
POSTGRES_UP = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX ix_article_norm_title_trgm ON article USING gin (norm_title gin_trgm_ops)",
    "CREATE INDEX ix_article_norm_text_trgm ON article USING gin (norm_text gin_trgm_ops)",
]
POSTGRES_DOWN = [
    "DROP INDEX IF EXISTS ix_article_norm_text_trgm",
    "DROP INDEX IF EXISTS ix_article_norm_title_trgm",
]


def upgrade() -> None:
    for statement in SQLITE_UP if op.get_bind().dialect.name == "sqlite" else POSTGRES_UP:
        op.execute(statement)


def downgrade() -> None:
    for statement in SQLITE_DOWN if op.get_bind().dialect.name == "sqlite" else POSTGRES_DOWN:
        op.execute(statement)
