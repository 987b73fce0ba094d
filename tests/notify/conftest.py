"""Stories for the notify tests, built from plain Article/Agreement objects (no store)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from itertools import count
from typing import Any

import pytest

from pipeline.models import Agreement, Article
from pipeline.stories import Story

_ids = count(1000)


def make_story(
    title: str = "泸州与永川签署合作协议",
    *,
    story_id: int | None = None,
    text: str = "11月20日，泸州市与重庆市永川区签署战略合作协议。双方将在产业等领域深化合作。",
    source: str = "cqrb",
    url: str | None = None,
    status: str = "new",
    agreements: list[dict[str, Any]] | None = None,
    also: Sequence[tuple[str, str]] = (),
) -> Story:
    """One story; each agreement dict overrides the defaults of a 泸州–永川 agreement."""
    sid = story_id if story_id is not None else next(_ids)
    root = Article(
        id=sid,
        source=source,
        url=url or f"https://news.example.cn/a/{sid}.html",
        canonical_url=f"https://news.example.cn/a/{sid}.html",
        title=title,
        text=text,
        norm_title=title,
        norm_text=text,
        language="zh",
        published_at=datetime(2024, 11, 20, 2, 30, tzinfo=UTC),
        content_hash=f"{sid:064x}",
        encoding="utf-8",
        extract_method="test",
        status=status,
        is_agreement=True,
    )
    rows = []
    for position, overrides in enumerate(agreements if agreements is not None else [{}]):
        fields: dict[str, Any] = {
            "title": "泸永合作框架协议",
            "parties": ["泸州市人民政府", "重庆市永川区人民政府"],
            "regions": ["四川省泸州市", "重庆市永川区"],
            "signed_on": "2024-11-20",
            "sectors": ["industry"],
            "in_region": True,
            "evidence": "泸州市与重庆市永川区签署《泸永合作框架协议》。",
        }
        fields.update(overrides)
        rows.append(Agreement(article_id=sid, position=position, **fields))
    copies = [
        Article(
            id=next(_ids),
            source=name,
            url=link,
            canonical_url=link,
            title=title,
            text=text,
            norm_title=title,
            norm_text=text,
            language="zh",
            content_hash="0" * 64,
            encoding="utf-8",
            extract_method="test",
            duplicate_of=sid,
        )
        for name, link in also
    ]
    return Story(root, rows, copies)


@pytest.fixture
def story_factory() -> Any:
    return make_story
