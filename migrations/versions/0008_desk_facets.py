"""desk: agreement facets, and the inbox in store order

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 09:30:00

The desk's region and sector filters (inbox, exports, feed) asked, for every candidate
article, whether one of its agreements' JSON lists held the value: a `json_each` per row,
1.6 s for one inbox page at 100,000 articles with 8 readers. `agreement_facet` holds each
region and sector of each article's agreements as a row, so a filter is an index range:
a region matches its divisions (泸州 matches 四川省泸州市泸县) as `value >= '四川省泸州市'
AND value < '四川省泸州市' || U+10FFFF`. Triggers keep it in step with `agreement`, so every
writer (the pipeline, reanalysis, corrections at the desk) updates it without knowing it
exists; a change to an article's agreements rebuilds that article's rows.

The inbox now lists stories newest stored first (by id, which follows the fetch), so a
page is read straight off `ix_article_inbox` (SQLite: and search results off the search
index's rowids) instead of being sorted: the index's third column becomes `id`, and it
carries the columns the other filters test.
"""
from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = '0008'
down_revision: str | None = '0007'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FACETS = ("region", "regions"), ("sector", "sectors")  # (kind, agreement's JSON column)
# First reports of a status in id order, and the columns of the desk's other filters, so a
# page or a count under them reads the index alone (a min_score filter counted 90,000
# first reports through the table: 0.4 s).
INBOX_COLUMNS = ['duplicate_of', 'status', 'id', 'is_agreement', 'score', 'source', 'fetched_at']


def _rows(article: str | None, *, postgres: bool = False) -> str:
    """SELECT of the facet rows of one article's agreements (every article's: None)."""
    element, value = ("jsonb_array_elements_text", "e") if postgres else ("json_each", "e.value")
    where = f" WHERE agreement.article_id = {article}" if article else ""
    cast = "::jsonb" if postgres else ""
    return " UNION ".join(
        f"SELECT '{kind}', {value}, agreement.article_id FROM agreement, "
        f"{element}(agreement.{column}{cast}) AS e{where}"
        for kind, column in FACETS
    )


# Values compare by code point (SQLite's BINARY; "C" on PostgreSQL, whose default collation
# may not), so a prefix's range is exact.
TABLE = """CREATE TABLE agreement_facet (
    kind VARCHAR(8) NOT NULL,
    value VARCHAR{collate} NOT NULL,
    article_id INTEGER NOT NULL,
    PRIMARY KEY (kind, value, article_id)
){suffix}"""
INDEX = "CREATE INDEX ix_agreement_facet_article_id ON agreement_facet (article_id)"

SQLITE_UP = [
    TABLE.format(collate="", suffix=" WITHOUT ROWID"),
    INDEX,
    f"""CREATE TRIGGER agreement_facet_insert AFTER INSERT ON agreement BEGIN
        INSERT OR IGNORE INTO agreement_facet {_rows('new.article_id')};
    END""",
    # A deleted or changed agreement may share a value with one that stays: the article's
    # rows are rebuilt from what remains.
    f"""CREATE TRIGGER agreement_facet_delete AFTER DELETE ON agreement BEGIN
        DELETE FROM agreement_facet WHERE article_id = old.article_id;
        INSERT OR IGNORE INTO agreement_facet {_rows('old.article_id')};
    END""",
    f"""CREATE TRIGGER agreement_facet_update
    AFTER UPDATE OF regions, sectors, article_id ON agreement BEGIN
        DELETE FROM agreement_facet WHERE article_id IN (old.article_id, new.article_id);
        INSERT OR IGNORE INTO agreement_facet {_rows('old.article_id')};
        INSERT OR IGNORE INTO agreement_facet {_rows('new.article_id')};
    END""",
    f"INSERT OR IGNORE INTO agreement_facet {_rows(None)}",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS agreement_facet_update",
    "DROP TRIGGER IF EXISTS agreement_facet_delete",
    "DROP TRIGGER IF EXISTS agreement_facet_insert",
    "DROP TABLE IF EXISTS agreement_facet",
]
POSTGRES_UP = [
    TABLE.format(collate=' COLLATE "C"', suffix=""),
    INDEX,
    f"""CREATE FUNCTION agreement_facet_rebuild(article integer) RETURNS void AS $$
    BEGIN
        DELETE FROM agreement_facet WHERE article_id = article;
        INSERT INTO agreement_facet {_rows('article', postgres=True)}
        ON CONFLICT DO NOTHING;
    END $$ LANGUAGE plpgsql""",
    """CREATE FUNCTION agreement_facet_changed() RETURNS trigger AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'UPDATE') THEN
            PERFORM agreement_facet_rebuild(OLD.article_id);
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            PERFORM agreement_facet_rebuild(NEW.article_id);
        END IF;
        RETURN NULL;
    END $$ LANGUAGE plpgsql""",
    """CREATE TRIGGER agreement_facet_changed
    AFTER INSERT OR DELETE OR UPDATE OF regions, sectors, article_id ON agreement
    FOR EACH ROW EXECUTE FUNCTION agreement_facet_changed()""",
    f"INSERT INTO agreement_facet {_rows(None, postgres=True)} ON CONFLICT DO NOTHING",
]
POSTGRES_DOWN = [
    "DROP TRIGGER IF EXISTS agreement_facet_changed ON agreement",
    "DROP FUNCTION IF EXISTS agreement_facet_changed()",
    "DROP FUNCTION IF EXISTS agreement_facet_rebuild(integer)",
    "DROP TABLE IF EXISTS agreement_facet",
]


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_UP if sqlite else POSTGRES_UP:
        op.execute(statement)
    op.drop_index('ix_article_inbox', table_name='article')
    op.create_index('ix_article_inbox', 'article', INBOX_COLUMNS)


def downgrade() -> None:
    op.drop_index('ix_article_inbox', table_name='article')
    op.create_index('ix_article_inbox', 'article', ['duplicate_of', 'status', 'fetched_at'])
    sqlite = op.get_bind().dialect.name == "sqlite"
    for statement in SQLITE_DOWN if sqlite else POSTGRES_DOWN:
        op.execute(statement)
