"""Understanding an extracted page: agreements, fingerprint, event keys (pure, per worker).

Runs next to extraction in the worker processes; the store pipeline then links duplicates
and writes the results in the article's own transaction.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import zlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple
from zoneinfo import ZoneInfo

from pipeline.agreements import ANALYSIS_VERSION, Analysis, recognise
from pipeline.agreements.sectors import SectorWeights, load_weights, weights_path
from pipeline.dedup import Fingerprint, event_keys, fingerprint
from pipeline.extract import XPathOverrides
from pipeline.page import Page, parse_listed_date, read_html

if TYPE_CHECKING:
    # Imported when a model is in use only: scikit-learn and SciPy cost every extraction
    # worker ~100 MB and a second of start-up, and most stores never train a model.
    from pipeline.learn import TextModel

# zlib level for the stored bytes: 3 is twice as fast as the default 6 on 60 KB pages
# (0.27 against 0.59 ms) for 12 % more bytes (16.5 % of the page against 14.7 %).
_BODY_LEVEL = 3

__all__ = [
    "ANALYSIS_VERSION",
    "Processed",
    "Understood",
    "model_at",
    "process_html",
    "sectors_at",
    "understand",
]


@dataclass(frozen=True, slots=True)
class Understood:
    """What analysis found in one page; `error` says why `analysis` is missing."""

    analysis: Analysis | None
    error: str | None
    fingerprint: Fingerprint
    event_keys: tuple[str, ...]
    rule_score: float | None = None
    version: str = ANALYSIS_VERSION


def understand(
    page: Page,
    tz: str = "Asia/Shanghai",
    model: TextModel | None = None,
    sectors: SectorWeights | None = None,
) -> Understood:
    """Recognise and extract agreements, fingerprint the text; never raises on a page.

    With a validated review-trained `model`, its score is blended with the rules' and the
    blend decides; `rule_score` keeps the rules' own, which the next training needs.
    `sectors`: sector weights refitted with reviewers' corrections (`sectors_at`).
    """
    # a reprint's "昨日" is the day before its original ran, not before the copy
    published = page.reported_on or _local_date(page, tz)
    analysis: Analysis | None
    rule_score = None
    try:
        analysis = recognise(
            page.norm_title, page.norm_text, published, sectors, page.site, page.site_address
        )
        rule_score, error = analysis.score, analysis.reason
        analysis = _blend(analysis, page, model)
    except Exception as exc:  # a rule bug must cost one article its analysis, not the crawl
        analysis, error = None, f"analysis failed: {type(exc).__name__}: {exc}"[:300]
    keys = (
        event_keys((a.title, a.regions, a.signed_on) for a in analysis.agreements)
        if analysis
        else []
    )
    return Understood(
        analysis, error, fingerprint(page.norm_text, page.content_hash), tuple(keys), rule_score
    )


def _blend(analysis: Analysis, page: Page, model: TextModel | None) -> Analysis:
    if model is None:
        return analysis
    from pipeline.learn import article_text, decision, rescore

    score = rescore(model, article_text(page.norm_title, page.norm_text), analysis.score)
    if score == analysis.score:
        return analysis
    verdict = decision(score)
    agreements = analysis.agreements if verdict else ()
    return dataclasses.replace(analysis, score=score, is_agreement=verdict, agreements=agreements)


def model_at(path: str | None) -> TextModel | None:
    """The validated model saved at `path`, loaded once per process and file version."""
    if not path:
        return None
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _load_model(path, mtime)


def sectors_at(model_path: str | None) -> SectorWeights | None:
    """Sector weights `pactwatch train` saved beside the model, loaded once per file version."""
    if not model_path:
        return None
    path = weights_path(Path(model_path))
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _load_sectors(str(path), mtime)


@functools.lru_cache(maxsize=2)
def _load_sectors(path: str, mtime_ns: int) -> SectorWeights | None:
    return load_weights(Path(path))


@functools.lru_cache(maxsize=2)
def _load_model(path: str, mtime_ns: int) -> TextModel | None:
    from pipeline.learn import TextModel

    model = TextModel.load(Path(path))
    return model if model is not None and model.weight > 0 else None


class Processed(NamedTuple):
    """A fetched page, extracted and understood, and its bytes compressed for the store."""

    page: Page
    understood: Understood
    body_z: bytes


def process_html(
    body: bytes,
    content_type: str | None,
    url: str | None,
    overrides: XPathOverrides | None = None,
    tz: str = "Asia/Shanghai",
    listed: str | None = None,
    model_path: str | None = None,
    fetched_at: datetime | None = None,
) -> Processed:
    """Extraction, understanding and compression in one call: one worker round trip a page.

    `listed` is the date a feed entry or sitemap gave, used when the page states none;
    `model_path` a review-trained model (see `model_at`). Compressing here keeps ~0.15 ms
    per page off the process that stores.
    """
    page = read_html(body, content_type, url, overrides, tz, fetched_at)
    if page.published_at is None and listed:
        listed_at = parse_listed_date(listed, tz)
        source = "listed" if listed_at else None  # the feed entry's or sitemap's date
        page = dataclasses.replace(page, published_at=listed_at, date_source=source)
    understood = understand(page, tz, model_at(model_path), sectors_at(model_path))
    return Processed(page, understood, zlib.compress(body, _BODY_LEVEL))


def _local_date(page: Page, tz: str) -> date | None:
    if page.published_at is None:
        return None
    return page.published_at.astimezone(ZoneInfo(tz)).date()
