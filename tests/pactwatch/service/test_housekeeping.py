"""Housekeeping deletes fetched bytes and crawl runs past their time, nothing younger."""

from __future__ import annotations

import zlib
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session, func, select

from pactwatch.core.config import parse_config
from pactwatch.service.housekeeping import sweep
from pactwatch.service.models import CrawlLease
from pipeline import store
from pipeline.clock import utcnow
from pipeline.models import Article, ArticleRaw, CrawlError, CrawlRun
from pipeline.page import Page, content_hash


def _page(n: int) -> Page:
    text = f"第{n}篇：两地签署合作框架协议。"
    return Page(
        title=f"标题{n}", text=text, norm_title=f"标题{n}", norm_text=text, published_at=None,
        author=None, credited_source=None, language="zh-Hans", encoding="utf-8",
        method="trafilatura", content_hash=content_hash(text),
    )  # fmt: skip


def _count(engine: sa.Engine, model: type) -> int:
    with Session(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_old_bytes_and_runs_go_young_ones_and_articles_stay(engine: sa.Engine) -> None:
    now = utcnow()
    with Session(engine) as session, session.begin():
        store.ensure_source("s", "s", None, session=session)
        for n, age in enumerate([400, 200, 10]):  # days
            store.insert_article(
                "s", f"https://x.cn/{n}.html", _page(n), zlib.compress(b"<html/>"), "text/html",
                now - timedelta(days=age), session=session,
            )  # fmt: skip
        for age, status in [(120, "finished"), (120, "running"), (5, "failed")]:
            run = CrawlRun(source="s", started_at=now - timedelta(days=age), status=status)
            session.add(run)
            session.flush()
            assert run.id is not None
            session.add(CrawlError(run_id=run.id, url="https://x.cn/e", kind="http_404"))
        session.add(CrawlLease(source="gone", holder="h", expires_at=now - timedelta(days=3)))
        session.add(CrawlLease(source="s", holder="h", expires_at=now + timedelta(seconds=30)))
    service = parse_config("[service]\nkeep_raw_days = 180\nkeep_runs_days = 90\n").service
    swept = sweep(engine, service, now=now)
    assert (swept.raw, swept.runs, swept.errors, swept.leases) == (2, 1, 1, 1)
    assert _count(engine, Article) == 3, "articles themselves are kept"
    assert _count(engine, ArticleRaw) == 1
    assert _count(engine, CrawlError) == 2
    with Session(engine) as session:
        left = sorted(r.status for r in session.exec(select(CrawlRun)))
    assert left == ["failed", "running"], "a run still open is never deleted"
    assert sweep(engine, service, now=now) == type(swept)(), "nothing more the second time"
    keep_all = parse_config("[service]\nkeep_raw_days = 0\nkeep_runs_days = 0\n").service
    assert sweep(engine, keep_all, now=now + timedelta(days=3650)).raw == 0
