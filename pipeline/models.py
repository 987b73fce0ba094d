"""Tables owned by the pipeline: sources' crawl state, crawl runs, articles.

The schema itself is owned by Alembic (`migrations/`); these classes must match it, and
`tests/pipeline/test_migrations.py` checks that they do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from pipeline.clock import utcnow


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, whatever the database keeps.

    SQLite has no time zones: without this a `+08:00` publication time would come back naive.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r} given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _ts(**kwargs: Any) -> Any:
    return Field(sa_type=UTCDateTime, **kwargs)


class SourceState(SQLModel, table=True):
    """What the store knows of a configured source (the config itself stays in TOML)."""

    __tablename__ = "source"

    name: str = Field(primary_key=True, max_length=64)
    title: str = ""
    region: str | None = None
    first_seen_at: datetime = _ts(default_factory=utcnow)


class CrawlRun(SQLModel, table=True):
    """One crawl of one source, with the numbers the summary prints."""

    __tablename__ = "crawl_run"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(foreign_key="source.name", index=True, max_length=64)
    started_at: datetime = _ts(default_factory=utcnow)
    finished_at: datetime | None = _ts(default=None)
    status: str = Field(default="running", max_length=16)  # running | finished | failed
    finish_reason: str | None = None
    pages_fetched: int = 0
    not_modified: int = 0
    articles_new: int = 0
    articles_unchanged: int = 0  # article links skipped because the store already has them
    articles_dropped: int = 0  # fetched but not stored (empty, not an article, too big)
    articles_duplicate: int = 0  # stored, linked to an earlier report of the same story
    agreements_found: int = 0  # stored articles that report signed agreements
    errors: int = 0
    errors_by_kind: dict[str, int] = Field(default_factory=dict, sa_type=sa.JSON)
    bytes_received: int = 0
    # article links not requested: they failed for good before and wait out their backoff,
    # or were given up (`ArticleFailure`)
    articles_held_back: int = 0


class CrawlError(SQLModel, table=True):
    """One failed page of a crawl run, so the desk can show what broke and where."""

    __tablename__ = "crawl_error"

    id: int | None = Field(default=None, primary_key=True)
    run_id: int = Field(foreign_key="crawl_run.id", index=True)
    url: str
    kind: str = Field(max_length=32)
    message: str = ""
    at: datetime = _ts(default_factory=utcnow)


class PageValidator(SQLModel, table=True):
    """HTTP validators of a list page, feed or sitemap, for conditional GET next time."""

    __tablename__ = "page_validator"

    url: str = Field(primary_key=True)
    source: str = Field(max_length=64, index=True)
    etag: str | None = None
    last_modified: str | None = None
    checked_at: datetime = _ts(default_factory=utcnow)


class ArticleFailure(SQLModel, table=True):
    """An article URL that failed permanently (404/410, not HTML, too large), remembered so
    a changed list page does not request it on every crawl: retried with exponential
    backoff (`retry_at`), given up after a bound (`gave_up`)."""

    __tablename__ = "article_failure"

    url: str = Field(primary_key=True)  # canonical, as `article.url`
    source: str = Field(max_length=64, index=True)
    kind: str = Field(max_length=32)
    failures: int = 1
    last_at: datetime = _ts(default_factory=utcnow)
    retry_at: datetime = _ts(default_factory=utcnow)
    gave_up: bool = False


# The dates an article is placed in time by: its publication, else when it was fetched.
_WHEN = ("published_at", "fetched_at")


class Article(SQLModel, table=True):
    """One stored article, unique by canonical URL."""

    __tablename__ = "article"
    # The desk's statistics and feed select agreement stories (migration 0005): equality on
    # the first three columns, and both dates a month is taken from, so counts read no rows.
    __table_args__ = (
        sa.Index("ix_article_stats", "is_agreement", "duplicate_of", "status", *_WHEN),
        # The inbox: first reports of one status, newest stored first, and the columns its
        # other filters test, so counts read no rows (migration 0008).
        sa.Index(
            "ix_article_inbox",
            *("duplicate_of", "status", "id", "is_agreement", "score", "source", "fetched_at"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(foreign_key="source.name", index=True, max_length=64)
    url: str
    canonical_url: str = Field(unique=True)
    title: str
    text: str  # body as published (original script), furniture removed
    norm_title: str  # Simplified-script, normalised: what analysis reads
    norm_text: str
    language: str = Field(max_length=16)
    author: str | None = None
    credited_source: str | None = None  # the 来源 line: which outlet the page credits
    published_at: datetime | None = _ts(default=None, index=True)
    fetched_at: datetime = _ts(default_factory=utcnow, index=True)
    content_hash: str = Field(index=True, max_length=64)
    encoding: str = Field(max_length=32)
    extract_method: str = Field(max_length=16)
    status: str = Field(default="new", index=True, max_length=16)  # new | approved | rejected
    is_agreement: bool | None = None
    score: float | None = None  # what decided is_agreement: the rules', blended with a model
    rule_score: float | None = None  # the rules' own score, which models are trained against
    evidence: list[str] = Field(  # the sentences that decided is_agreement
        default_factory=list, sa_type=sa.JSON, sa_column_kwargs={"server_default": sa.text("'[]'")}
    )
    duplicate_of: int | None = Field(default=None, foreign_key="article.id", index=True)
    duplicate_reason: str | None = Field(default=None, max_length=16)  # hash | near | event
    similarity: float | None = None  # Jaccard with `duplicate_of` for near-duplicates
    analysed_at: datetime | None = _ts(default=None)
    analysis_version: str | None = Field(default=None, max_length=32)
    analysis_error: str | None = None  # why analysis could not run, when it could not


class ArticleRaw(SQLModel, table=True):
    """The fetched bytes, zlib-compressed, kept apart so scans of `article` stay small."""

    __tablename__ = "article_raw"

    article_id: int = Field(primary_key=True, foreign_key="article.id")
    content_type: str | None = None
    body_z: bytes = Field(sa_type=sa.LargeBinary)


class Agreement(SQLModel, table=True):
    """One cooperation agreement an article reports as signed."""

    __tablename__ = "agreement"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    position: int = 0  # order in the article
    title: str | None = None  # inside 《》, without the brackets
    parties: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # as written
    regions: list[str] = Field(default_factory=list, sa_type=sa.JSON)  # 四川省泸州市泸县 …
    signed_on: str | None = Field(default=None, max_length=10)  # YYYY-MM-DD, or MM-DD
    sectors: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    in_region: bool = False  # a party is in Sichuan or Chongqing
    evidence: str = ""  # the sentence it was read from
    corrected: bool = False  # edited by a reviewer


class MinhashBand(SQLModel, table=True):
    """LSH index of near-duplicate detection: one row per (band, bucket) of an article.

    Kept in SQL so every crawl process and worker sees the same index; a lookup is one
    indexed query per band, so its cost follows bucket sizes, not the store's size.
    """

    __tablename__ = "minhash_band"

    band: int = Field(primary_key=True)
    bucket: int = Field(primary_key=True, sa_type=sa.BigInteger)
    article_id: int = Field(primary_key=True, foreign_key="article.id", index=True)


class EventKey(SQLModel, table=True):
    """Keys of the agreements an article reports, to link different wordings of one event."""

    __tablename__ = "event_key"

    key: str = Field(primary_key=True, max_length=64)
    article_id: int = Field(primary_key=True, foreign_key="article.id", index=True)


class ReviewLabel(SQLModel, table=True):
    """A reviewer's decision on an article: training data and the record of who did what."""

    __tablename__ = "review_label"

    id: int | None = Field(default=None, primary_key=True)
    article_id: int = Field(foreign_key="article.id", index=True)
    decision: str = Field(max_length=16)  # approve | reject | correct
    corrections: dict[str, Any] = Field(default_factory=dict, sa_type=sa.JSON)
    reviewer: str = Field(default="admin", max_length=64)
    at: datetime = _ts(default_factory=utcnow)


class SourceCheck(SQLModel, table=True):
    """A source's latest live check (`pactwatch sources check`), replaced by the next one.

    In the store, not only as `checked_on` in the TOML: the bundled defaults are not a file
    the user owns, and the desk shows every source's check beside its health marks.
    """

    __tablename__ = "source_check"

    source: str = Field(primary_key=True, max_length=64)
    checked_at: datetime = _ts(default_factory=utcnow)
    ok: bool = False
    reason: str | None = None
    articles_found: int = 0
    sample_url: str | None = None
    sample_title: str | None = None
