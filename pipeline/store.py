"""Store access for the crawl: small functions that take `*, session`."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, select

from pipeline.clock import utcnow
from pipeline.db import chunks, core
from pipeline.models import (
    Article,
    ArticleRaw,
    CrawlError,
    PageValidator,
    SourceState,
)
from pipeline.page import Page
from pipeline.urls import canonical_url


def ensure_source(name: str, title: str, region: str | None, *, session: Session) -> None:
    row = session.get(SourceState, name)
    if row is None:
        session.add(SourceState(name=name, title=title, region=region))
    elif (row.title, row.region) != (title, region):
        row.title, row.region = title, region
        session.add(row)


def known_urls(urls: Sequence[str], *, session: Session) -> set[str]:
    """The subset of `urls` whose canonical form the store already holds."""
    by_canonical: dict[str, list[str]] = {}
    for url in urls:
        by_canonical.setdefault(canonical_url(url), []).append(url)
    found: list[str] = []
    for chunk in chunks(list(by_canonical)):  # a list page may carry thousands of links
        query = select(Article.canonical_url).where(col(Article.canonical_url).in_(chunk))
        found.extend(session.exec(query).all())
    return {url for canonical in found for url in by_canonical[canonical]}


def insert_article(
    source: str,
    url: str,
    page: Page,
    body_z: bytes,
    content_type: str | None,
    fetched_at: datetime,
    *,
    session: Session,
    extra: Mapping[str, object] | None = None,
) -> int | None:
    """Store an article unless its canonical URL is already stored; the new id, or None.

    `body_z` is the fetched bytes, zlib-compressed (by the worker that extracted them);
    `extra` more article columns (the analysis). Idempotent by construction
    (`ON CONFLICT DO NOTHING`), so a re-run after a crash or two crawlers racing on the same
    link store it once.
    """
    values = {
        "source": source,
        "url": url,
        "canonical_url": canonical_url(url),
        "title": page.title,
        "text": page.text,
        "norm_title": page.norm_title,
        "norm_text": page.norm_text,
        "language": page.language,
        "author": page.author,
        "credited_source": page.credited_source,
        "published_at": page.published_at,
        "fetched_at": fetched_at,
        "content_hash": page.content_hash,
        "encoding": page.encoding,
        "extract_method": page.method,
        "status": "new",
        **(extra or {}),
    }
    dialect = session.get_bind().dialect.name
    connection = core(session)
    article_id = connection.execute(_insert_ignore(dialect), values).scalar()
    if article_id is None:
        return None
    raw = {"article_id": article_id, "content_type": content_type, "body_z": body_z}
    connection.execute(sa.insert(ArticleRaw), raw)
    return int(article_id)


def update_page(article: Article, page: Page) -> None:
    """Replace an article's extracted fields with a new extraction of the same bytes."""
    article.title, article.text = page.title, page.text
    article.norm_title, article.norm_text = page.norm_title, page.norm_text
    article.language, article.author = page.language, page.author
    article.credited_source, article.encoding = page.credited_source, page.encoding
    article.extract_method, article.content_hash = page.method, page.content_hash
    article.published_at = page.published_at or article.published_at


@functools.cache
def _insert_ignore(dialect: str) -> sa.Insert:
    """The article INSERT, its values bound at execution: binding them into the statement
    (`.values(**row)`) coerced every value on every call, a tenth of the storing time."""
    table = Article.__table__  # type: ignore[attr-defined]
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(table).on_conflict_do_nothing(index_elements=["canonical_url"])
    return statement.returning(table.c.id)


def record_error(run_id: int, url: str, kind: str, message: str, *, session: Session) -> None:
    session.add(CrawlError(run_id=run_id, url=url, kind=kind, message=message[:500]))


def load_validators(source: str, *, session: Session) -> dict[str, tuple[str | None, str | None]]:
    rows = session.exec(select(PageValidator).where(PageValidator.source == source)).all()
    return {row.url: (row.etag, row.last_modified) for row in rows}


def save_validators(
    source: str, validators: Iterable[tuple[str, str | None, str | None]], *, session: Session
) -> None:
    for url, etag, last_modified in validators:
        row = session.get(PageValidator, url) or PageValidator(url=url, source=source)
        row.etag, row.last_modified, row.checked_at = etag, last_modified, utcnow()
        session.add(row)


def drop_validators(urls: Iterable[str], *, session: Session) -> None:
    """Forget validators of listings not followed in full, so the next crawl reads them again."""
    url_list = list(urls)
    if url_list:
        session.execute(sa.delete(PageValidator).where(col(PageValidator.url).in_(url_list)))
