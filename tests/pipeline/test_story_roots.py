"""Story roots independent of crawl order: the earliest-published report is the root.

Real report texts (the seeds) as HTML pages, each syndicated three times with different
publication dates and page furniture, stored through the crawl's own `ingest` in several
orders, and by two writer processes at once: every order gives the same stories and roots.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from pactwatch.core.db import upgrade
from pipeline import store
from pipeline.db import make_engine
from pipeline.ingest import Fetched, ingest
from pipeline.models import Agreement, Article
from tests.databases import fresh_database_url

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"
FETCHED = datetime(2026, 11, 1, tzinfo=UTC)
SITES = ("first.example.cn", "second.example.cn", "third.example.cn")


def reports() -> list[Fetched]:
    """Each seed as published by three sites, a day apart; the first site published first."""
    out = []
    for n, path in enumerate(sorted(SEEDS.glob("*.txt"))):
        title, _, body = path.read_text(encoding="utf-8").strip().partition("\n")
        paragraphs = "".join(f"<p>{line}</p>" for line in body.splitlines() if line.strip())
        for day, site in enumerate(SITES):
            html = (
                f"<html><head><title>{title}_{site}</title></head><body>"
                f"<div class='nav'>首页 新闻 {site}</div><h1>{title}</h1>{paragraphs}"
                f"<div class='footer'>版权所有 {site}</div></body></html>"
            )
            published = (datetime(2026, 10, 1, 9, tzinfo=UTC) + timedelta(days=day)).isoformat()
            out.append(
                Fetched(
                    "s",
                    f"https://{site}/{n}.html",
                    html.encode(),
                    "text/html; charset=utf-8",
                    FETCHED,
                    published,
                )
            )
    return out


def new_store(tmp_path: Path, name: str) -> str:
    url = fresh_database_url(tmp_path, name)
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        store.ensure_source("s", "Sample", None, session=session)
    engine.dispose()
    return url


def stories(url: str) -> dict[str, frozenset[str]]:
    """Root URL → URLs of every report of its story; and no link points at a non-root."""
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.execute(
            sa.select(col(Article.id), col(Article.url), col(Article.duplicate_of))
        ).all()
    engine.dispose()
    by_id = {i: (u, d) for i, u, d in rows}
    out: dict[str, set[str]] = {}
    for _, (u, d) in by_id.items():
        assert d is None or by_id[d][1] is None, f"{u} links to a copy: a chain"
        root = u if d is None else by_id[d][0]
        out.setdefault(root, set()).add(u)
    return {root: frozenset(urls) for root, urls in out.items()}


def test_every_crawl_order_gives_the_same_stories_and_roots(tmp_path: Path) -> None:
    pages = reports()
    orders = {
        "published": pages,
        "reversed": pages[::-1],
        "interleaved": pages[1::2] + pages[::2],
    }
    results = {}
    for name, order in orders.items():
        url = new_store(tmp_path, name)
        for page in order:
            assert ingest(page, url).article_id is not None
        results[name] = stories(url)
    expected = {
        f"https://{SITES[0]}/{n}.html": frozenset(f"https://{s}/{n}.html" for s in SITES)
        for n in range(3)
    }
    for name, found in results.items():
        assert found == expected, name


def test_review_and_corrections_move_to_an_earlier_report(tmp_path: Path) -> None:
    late, early = reports()[2], reports()[0]  # the same story: third site, then first
    url = new_store(tmp_path, "review")
    old_root = ingest(late, url).article_id
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        article = session.get(Article, old_root)
        assert article is not None
        article.status = "approved"
        session.execute(sa.delete(Agreement).where(col(Agreement.article_id) == old_root))
        session.add(
            Agreement(
                article_id=old_root,
                title="审核后的协议",
                parties=["甲", "乙"],
                regions=["四川省泸州市"],
                sectors=["transport"],
                corrected=True,
            )
        )
    new = ingest(early, url)
    assert new.duplicate_of is None
    with Session(engine) as session:
        root = session.get(Article, new.article_id)
        copy = session.get(Article, old_root)
        agreements = session.exec(
            select(Agreement).where(Agreement.article_id == new.article_id)
        ).all()
    engine.dispose()
    assert root is not None and copy is not None
    assert (root.duplicate_of, root.status) == (None, "approved")
    assert copy.duplicate_of == root.id
    assert [(a.title, a.corrected) for a in agreements] == [("审核后的协议", True)]


WRITER = """
import json, sys
from datetime import datetime
from pipeline.ingest import Fetched, ingest
url, pages = sys.argv[1], json.load(open(sys.argv[2], encoding="utf-8"))
for p in pages:
    ingest(Fetched(p["source"], p["url"], p["body"].encode(), p["type"],
                   datetime.fromisoformat(p["fetched"]), p["listed"]), url)
"""


@pytest.mark.slow
def test_two_writers_at_once_agree_with_one(tmp_path: Path) -> None:
    """Two processes storing reports of the same stories at the same time, as two crawl
    workers or two Scrapyd nodes do: the stories and roots are those of one writer."""
    pages = reports()
    url = new_store(tmp_path, "two")
    writers = []
    for k in (0, 1):
        batch = tmp_path / f"batch{k}.json"
        batch.write_text(json.dumps([_plain(p) for p in pages[::-1][k::2]]), encoding="utf-8")
        writers.append(subprocess.Popen([sys.executable, "-c", WRITER, url, str(batch)]))
    for w in writers:
        assert w.wait(timeout=180) == 0
    one = new_store(tmp_path, "one")
    for page in pages:
        ingest(page, one)
    assert stories(url) == stories(one)


def _plain(page: Fetched) -> dict[str, str | None]:
    return {
        "source": page.source, "url": page.url, "body": page.body.decode(),
        "type": page.content_type, "fetched": page.fetched_at.isoformat(), "listed": page.listed,
    }  # fmt: skip


def test_reanalysis_keeps_the_roots_without_chains_or_self_links(tmp_path: Path) -> None:
    from pactwatch.core.config import Config
    from pactwatch.tasks.understand import reanalyze

    pages = reports()
    url = new_store(tmp_path, "again")
    for page in pages[::-1]:
        ingest(page, url)
    before = stories(url)
    reanalyze(url, Config(), "Asia/Shanghai", None)
    assert stories(url) == before
    engine = make_engine(url)
    with Session(engine) as session:
        loops = session.exec(select(Article).where(Article.duplicate_of == Article.id)).all()
    engine.dispose()
    assert loops == []
