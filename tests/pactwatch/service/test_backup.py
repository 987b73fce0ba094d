"""`pactwatch db backup` while a writer inserts, `db restore` into a new store: the same items.

Runs on the store `tests/databases.py` gives: SQLite, or PostgreSQL when
PACTWATCH_TEST_POSTGRES names a server (pg_dump and pg_restore then run for real).
"""

from __future__ import annotations

import json
import threading
import zlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from pipeline import store
from pipeline.db import make_engine
from pipeline.page import Page, content_hash
from tests.databases import POSTGRES, fresh_database_url

SEEDED = 300  # articles before the backup; the writer adds more while it runs
BACKUPS = 2  # backups taken one after the other while the writer writes


def _page(number: int) -> Page:
    title = f"第{number}号 川渝合作协议签约"
    text = f"{number}日，两地签署合作框架协议。" + "成渝地区双城经济圈建设。" * 40
    return Page(
        title=title, text=text, norm_title=title, norm_text=text, published_at=None,
        author=None, credited_source=None, language="zh-Hans", encoding="utf-8",
        method="trafilatura", content_hash=content_hash(text),
    )  # fmt: skip


def _insert(engine: sa.Engine, number: int) -> None:
    """One article and its raw bytes, in one transaction, as a crawl stores them."""
    raw = zlib.compress(f"<html>{number}</html>".encode() * 200)
    with Session(engine) as session, session.begin():
        store.insert_article(
            "w", f"https://news.example/{number}.html", _page(number), raw, "text/html",
            datetime.now(UTC), session=session,
        )  # fmt: skip


class Writer(threading.Thread):
    """Inserts articles until stopped, as fast as the store takes them."""

    def __init__(self, engine: sa.Engine, first: int) -> None:
        super().__init__(daemon=True)
        self.engine, self.next = engine, first
        self.halt = threading.Event()
        self.failure: BaseException | None = None

    def run(self) -> None:
        try:
            while not self.halt.is_set():
                _insert(self.engine, self.next)
                self.next += 1
        except BaseException as exc:  # reported by the test
            self.failure = exc


@pytest.fixture
def source(cli: Any) -> Iterator[sa.Engine]:
    engine = make_engine(cli.database_url)
    with Session(engine) as session, session.begin():
        store.ensure_source("w", "写入者", None, session=session)
    for number in range(SEEDED):
        _insert(engine, number)
    yield engine
    engine.dispose()


def _items(cli: Any) -> list[dict[str, Any]]:
    return [json.loads(line) for line in cli.run("items", "--json").stdout.splitlines()]


def test_backup_while_writing_then_restore_gives_a_consistent_copy(
    cli: Any, source: sa.Engine, tmp_path: Path
) -> None:
    writer = Writer(source, SEEDED)
    writer.start()
    try:
        for index in range(BACKUPS):
            backed = cli.run("db", "backup", str(tmp_path / f"store-{index}.bak"))
            assert "backed up the store (revision" in backed.stdout
    finally:
        writer.halt.set()
        writer.join(30)
    assert writer.failure is None, writer.failure
    written = writer.next
    assert written > SEEDED, "the writer wrote while the backups ran"

    target = replace(cli, database_url=fresh_database_url(tmp_path, "restored"))
    restored = target.run("db", "restore", str(tmp_path / "store-1.bak"))
    assert "restored the store" in restored.stdout
    copy = _items(target)
    numbers = sorted(int(item["url"].rsplit("/", 1)[1].removesuffix(".html")) for item in copy)
    # One snapshot: every article committed before some instant, none after, none torn.
    assert numbers == list(range(len(numbers))) and SEEDED <= len(numbers) <= written
    original = {item["id"]: item for item in _items(cli)}
    assert copy == [original[item["id"]] for item in copy]
    [raw] = target.query("SELECT count(*) AS n FROM article_raw")
    assert raw["n"] == len(copy), "each article came with its raw bytes"


def test_restore_refuses_an_existing_store_without_force(
    cli: Any, source: sa.Engine, tmp_path: Path
) -> None:
    backup = tmp_path / "store.bak"
    cli.run("db", "backup", str(backup))
    refused = cli.run("db", "restore", str(backup), check=False)
    assert refused.returncode == 2 and "--force" in refused.stderr
    _insert(source, SEEDED)  # a change the restore must undo
    cli.run("db", "restore", str(backup), "--force")
    assert len(_items(cli)) == SEEDED
    missing = cli.run("db", "restore", str(tmp_path / "none.bak"), check=False)
    assert missing.returncode == 1 and "no backup at" in missing.stderr


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL only: pg_dump's absence")
def test_a_missing_pg_dump_is_a_clear_error(cli: Any, tmp_path: Path) -> None:
    failed = cli.run("db", "backup", str(tmp_path / "x.dump"), PATH=str(tmp_path), check=False)
    assert failed.returncode == 1
    assert "pg_dump not found: install the PostgreSQL client programs" in failed.stderr
