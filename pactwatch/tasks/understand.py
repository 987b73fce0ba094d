"""`pactwatch analyze` (local files, nothing stored) and `pactwatch reanalyze` (the store)."""

from __future__ import annotations

import zlib
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from sqlmodel import Session, col, select

from pactwatch.core.config import Config
from pipeline.agreements import FoundAgreement
from pipeline.agreements.sectors import SectorWeights
from pipeline.db import make_engine
from pipeline.extract import ExtractionError, XPathOverrides
from pipeline.learn import TextModel
from pipeline.models import Article, ArticleRaw
from pipeline.page import Page, content_hash, read_html, read_plain_text
from pipeline.store import update_page
from pipeline.understand import Understood, model_at, sectors_at, understand
from pipeline.understood_store import save_understood

HTML_SUFFIXES = (".html", ".htm", ".shtml", ".xhtml")


def agreement_json(found: FoundAgreement) -> dict[str, Any]:
    return {
        "title": found.title,
        "parties": list(found.parties),
        "regions": list(found.regions),
        "signed_on": found.signed_on,
        "sectors": list(found.sectors),
    }


def analyze_file(path: Path, tz: str, model_path: str | None = None) -> dict[str, Any]:
    """The contract's `analyze --json` object for one file; never raises on its content.

    `model_path`: where `pactwatch train` keeps what it learnt (`settings.model_path`).
    """
    body = path.read_bytes()
    # A saved page's relative dateline ("3小时前") counts back from when it was saved.
    saved_at = datetime.fromtimestamp(path.stat().st_mtime, UTC)
    try:
        if path.suffix.lower() in HTML_SUFFIXES:
            page = read_html(body, None, path.resolve().as_uri(), None, tz, saved_at)
        else:
            page = read_plain_text(body)
    except ExtractionError as exc:
        found = exc.found  # a page without a body may still show its headline and date
        return {
            "path": str(path),
            "title": exc.title or None,
            "published_at": found.value.astimezone(ZoneInfo(tz)).isoformat() if found else None,
            "date_source": found.source if found else None,
            "text": None,
            "is_agreement": False,
            "score": 0.0,
            "agreements": [],
            "error": str(exc),
        }
    understood = understand(page, tz, model_at(model_path), sectors_at(model_path))
    return _file_json(path, page, understood, ZoneInfo(tz))


def _file_json(path: Path, page: Page, understood: Understood, tz: ZoneInfo) -> dict[str, Any]:
    analysis = understood.analysis
    found = analysis.agreements if analysis and analysis.is_agreement else ()
    result: dict[str, Any] = {
        "path": str(path),
        "title": page.title,
        "published_at": page.published_at.astimezone(tz).isoformat() if page.published_at else None,
        "date_source": page.date_source if page.published_at else None,
        "text": page.text,
        "is_agreement": bool(analysis and analysis.is_agreement),
        "score": round(analysis.score, 4) if analysis else 0.0,
        "agreements": [agreement_json(a) for a in found],
    }
    if analysis:
        result["evidence"] = list(analysis.evidence)
    if understood.error:
        result["error"] = understood.error
    return result


class Learnt(NamedTuple):
    """What `pactwatch train` saved: the text model and the refitted sector weights."""

    model: TextModel | None
    sectors: SectorWeights | None


@dataclass
class ReanalyzeCounts:
    articles: int = 0
    agreements: int = 0
    duplicates: int = 0
    failed: int = 0


def reanalyze(
    database_url: str,
    config: Config,
    tz: str,
    since: datetime | None,
    model_path: str | None = None,
) -> ReanalyzeCounts:
    """Re-extract and re-understand stored articles from their kept bytes, oldest first.

    Oldest first, because duplicate links point to the earliest report: re-linking in id
    order rebuilds the same roots. One transaction per article, like the crawl.
    """
    rules = {
        s.name: XPathOverrides.from_mapping(s.extract.model_dump())
        for s in config.sources
        if s.extract
    }
    learnt = Learnt(model_at(model_path), sectors_at(model_path))
    engine = make_engine(database_url)
    counts = ReanalyzeCounts()
    for article_id in _article_ids(engine, since):
        with Session(engine) as session, session.begin():
            article = _reanalyze_one(article_id, rules, tz, learnt, session=session)
            counts.articles += 1
            counts.agreements += bool(article.is_agreement)
            counts.duplicates += article.duplicate_of is not None
            counts.failed += article.analysis_error is not None
    engine.dispose()
    return counts


def _article_ids(engine: Any, since: datetime | None) -> list[int]:
    query = select(Article.id).order_by(col(Article.id))
    if since is not None:
        query = query.where(col(Article.fetched_at) >= since)
    with Session(engine) as session:
        return [i for i in session.exec(query).all() if i is not None]


def _reanalyze_one(
    article_id: int,
    rules: dict[str, XPathOverrides],
    tz: str,
    learnt: Learnt,
    *,
    session: Session,
) -> Article:
    article = session.get(Article, article_id)
    raw = session.get(ArticleRaw, article_id)
    assert article is not None
    page = page_of(article)
    if raw is not None:
        try:
            fresh = read_html(
                zlib.decompress(raw.body_z),
                raw.content_type,
                article.url,
                rules.get(article.source),
                tz,
                article.fetched_at,  # relative datelines count from the original fetch
            )
            update_page(article, fresh)
            # what the page tells beyond the stored columns (its site, a reprint's original
            # day) is read again too; the date stays the stored one when the page has none
            page = replace(fresh, published_at=article.published_at)
        except ExtractionError:
            pass  # the stored extraction stays; analysis below still runs on it
    understood = understand(page, tz, learnt.model, learnt.sectors)
    return save_understood(article_id, page.norm_text, understood, session=session)


def page_of(article: Article) -> Page:
    return Page(
        title=article.title,
        text=article.text,
        norm_title=article.norm_title,
        norm_text=article.norm_text,
        published_at=article.published_at,
        author=article.author,
        credited_source=article.credited_source,
        language=article.language,
        encoding=article.encoding,
        method=article.extract_method,
        content_hash=content_hash(article.norm_text),
    )
