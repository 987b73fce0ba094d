"""Quality gate of near-duplicate detection: pinned recall of reprints, no false links.

The corpus is `bench/dedup_corpus.py` at a smaller size (the full table is in
`bench/dedup_tune.py`). A floor is never lowered silently.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from pactwatch.core.db import upgrade
from pipeline import dedup, store
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.models import Article
from pipeline.normalise import normalise
from pipeline.page import Page, content_hash
from tests.databases import fresh_database_url

CORPUS = Path(__file__).resolve().parents[2] / "bench" / "dedup_corpus.py"
MIN_RECALL = 0.98
MAX_FALSE_LINKS = 0


def load_corpus_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("dedup_corpus", CORPUS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_reprints_are_found_and_distinct_stories_are_not_linked(tmp_path: Path) -> None:
    url = fresh_database_url(tmp_path, "gate")
    upgrade(url)
    engine = make_engine(url)
    stories = load_corpus_module().corpus(400, 200, seed=3)
    story_of: dict[int, int] = {}
    with Session(engine) as session, session.begin():
        store.ensure_source("s", "Sample", None, session=session)
    for story in stories:
        with Session(engine) as session, session.begin():  # one transaction per article
            article_id = _save(session, story.text, story.id)
            story_of[article_id] = story.story
    roots = _roots(engine)
    reprints = [s.id + 1 for s in stories if s.reprint_of is not None]  # ids start at 1
    found = sum(1 for i in reprints if i in roots and story_of[roots[i]] == story_of[i])
    false = sum(1 for i, root in roots.items() if story_of[root] != story_of[i])
    assert (false, len(reprints)) == (MAX_FALSE_LINKS, 200)
    print(f"recall {found / len(reprints):.3f}, false links {false}")
    assert found / len(reprints) >= MIN_RECALL


def _save(session: Session, text: str, number: int) -> int:
    norm = normalise(text)
    page = Page(
        title="t", text=text, norm_title="t", norm_text=norm, published_at=None, author=None,
        credited_source=None, language="zh-Hans", encoding="utf-8", method="test",
        content_hash=content_hash(norm),
    )  # fmt: skip
    url = f"https://x.cn/{number}"
    article_id = store.insert_article("s", url, page, b"", None, utcnow(), session=session)
    assert article_id == number + 1
    fp = dedup.fingerprint(norm, page.content_hash)
    match = dedup.find_duplicate(fp, norm, session=session, exclude_id=article_id)
    if match is not None:
        session.execute(
            sa.update(Article)
            .where(Article.id == article_id)  # type: ignore[arg-type]
            .values(duplicate_of=match.article_id, duplicate_reason=match.reason)
        )
    dedup.index_article(article_id, fp, session=session)
    return article_id


def _roots(engine: sa.Engine) -> dict[int, int]:
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, duplicate_of FROM article WHERE duplicate_of IS NOT NULL")
        )
        return {int(i): int(root) for i, root in rows}
