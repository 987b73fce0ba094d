"""The store on a real SQLite file, migrated by Alembic as in production."""

from __future__ import annotations

import threading
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import Session, SQLModel, select

from pactwatch.core.db import SchemaNotReady, current_revision, require_current, upgrade
from pipeline import store
from pipeline.db import make_engine, modelled
from pipeline.models import Article, ArticleRaw
from pipeline.page import Page, content_hash
from tests.databases import fresh_database_url, sqlite_only

CST = timezone(timedelta(hours=8))


def _page(title: str = "泸州永川签约", published: datetime | None = None) -> Page:
    text = "5月27日,两地签署合作框架协议。"
    return Page(
        title=title,
        text=text,
        norm_title=title,
        norm_text=text,
        published_at=published,
        author=None,
        credited_source="川江都市报",
        language="zh-Hans",
        encoding="utf-8",
        method="trafilatura",
        content_hash=content_hash(text),
    )


def test_schema_matches_the_models_and_upgrade_is_idempotent(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "m")
    with pytest.raises(SchemaNotReady, match="db upgrade"):
        require_current(url)
    assert upgrade(url)[0] is None
    assert upgrade(url)[0] == current_revision(url)
    require_current(url)
    engine = make_engine(url)
    with engine.connect() as connection:
        diff = compare_metadata(
            MigrationContext.configure(
                connection, opts={"compare_type": True, "include_name": modelled}
            ),
            SQLModel.metadata,
        )
    assert diff == []


@sqlite_only("pragmas")
def test_sqlite_is_tuned_for_a_service(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 30000
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_insert_is_idempotent_by_canonical_url_and_keeps_raw_bytes(engine: sa.Engine) -> None:
    published = datetime(2020, 7, 15, 9, 30, tzinfo=CST)
    raw = zlib.compress("<html>原文</html>".encode("gbk"))
    with Session(engine) as session, session.begin():
        first = store.insert_article(
            "s",
            "https://www.x.cn/a/1.html?utm_source=wx",
            _page(published=published),
            raw,
            "text/html",
            datetime.now(UTC),
            session=session,
        )
    with Session(engine) as session, session.begin():
        again = store.insert_article(
            "s",
            "http://m.x.cn/a/1.html",
            _page("改过的标题"),
            raw,
            None,
            datetime.now(UTC),
            session=session,
        )
    assert first is not None and again is None
    with Session(engine) as session:
        [article] = session.exec(select(Article)).all()
        assert article.published_at == published  # aware, same instant
        assert article.published_at.tzinfo is not None
        raw_row = session.get(ArticleRaw, article.id)
        assert raw_row is not None
        assert raw_row.body_z == raw
        known = store.known_urls(["http://x.cn/a/1.html", "http://x.cn/a/2.html"], session=session)
    assert known == {"http://x.cn/a/1.html"}


def test_naive_datetimes_are_refused(engine: sa.Engine) -> None:
    with Session(engine) as session, pytest.raises(sa.exc.StatementError, match="naive"):
        store.insert_article(
            "s",
            "http://x.cn/n.html",
            _page(published=datetime(2020, 1, 1)),
            b"",
            None,
            datetime.now(UTC),
            session=session,
        )


def test_validators_round_trip_and_are_dropped(engine: sa.Engine) -> None:
    with Session(engine) as session, session.begin():
        store.save_validators(
            "s", [("http://x.cn/list", '"e1"', "Sun, 22 Nov 2026 00:00:00 GMT")], session=session
        )
    with Session(engine) as session, session.begin():
        assert store.load_validators("s", session=session) == {
            "http://x.cn/list": ('"e1"', "Sun, 22 Nov 2026 00:00:00 GMT")
        }
        store.drop_validators(["http://x.cn/list"], session=session)
    with Session(engine) as session:
        assert store.load_validators("s", session=session) == {}


def test_concurrent_writers_queue_instead_of_failing(engine: sa.Engine) -> None:
    """BEGIN IMMEDIATE + busy_timeout: 4 threads × 25 inserts, no 'database is locked'."""
    errors: list[BaseException] = []

    def write(worker: int) -> None:
        own = make_engine(str(engine.url))
        try:
            for n in range(25):
                with Session(own) as session, session.begin():
                    store.insert_article(
                        "s",
                        f"http://x.cn/{worker}/{n}.html",
                        _page(),
                        b"x",
                        None,
                        datetime.now(UTC),
                        session=session,
                    )
        except BaseException as exc:
            errors.append(exc)
        finally:
            own.dispose()

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with Session(engine) as session:
        assert len(session.exec(select(Article.id)).all()) == 100
