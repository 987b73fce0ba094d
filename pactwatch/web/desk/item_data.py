"""The item page's reads: one article with everything about it, and its text cut into
highlighted segments. The reviewer's decisions and corrections are written by
`pipeline.review`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlmodel import Session, col, select

from notify.evidence import original_span
from pactwatch.web.desk.inbox_data import REPORT_COLUMNS, Report
from pipeline.models import Agreement, Article, ReviewLabel
from pipeline.textnorm import is_traditional, to_simplified

HISTORY = 20  # the latest labels shown on the page
_MIN_PHRASE = 2  # a one-character "evidence" would mark every occurrence of it


@dataclass(frozen=True)
class Segment:
    """A run of the article text, marked when it is a sentence that decided the verdict."""

    text: str
    marked: bool


@dataclass
class ItemView:
    """What the item page shows of one article."""

    article: Article
    agreements: list[Agreement]
    also: list[Report]  # later reports of the same story
    root: Report | None  # the first report, when this article is a reprint
    labels: list[ReviewLabel] = field(default_factory=list)

    def shown(self, sentence: str) -> str:
        """An evidence sentence in the article's own characters ("，" not ",")."""
        return original_span(self.article.text, sentence)

    @property
    def segments(self) -> list[Segment]:
        phrases = [*self.article.evidence, *(a.evidence for a in self.agreements)]
        return highlight(self.article.text, phrases)


def load_item(article_id: int, *, session: Session) -> ItemView | None:
    """The article, its agreements, reprints, first report and latest labels; None if unknown."""
    article = session.get(Article, article_id)
    if article is None:
        return None
    agreements = session.exec(
        select(Agreement)
        .where(col(Agreement.article_id) == article_id)
        .order_by(col(Agreement.position), col(Agreement.id))
    ).all()
    also = _reports(col(Article.duplicate_of) == article_id, session=session)
    root = None
    if article.duplicate_of is not None:
        found = _reports(col(Article.id) == article.duplicate_of, session=session)
        root = found[0] if found else None
    labels = session.exec(
        select(ReviewLabel)
        .where(col(ReviewLabel.article_id) == article_id)
        .order_by(col(ReviewLabel.at).desc(), col(ReviewLabel.id).desc())
        .limit(HISTORY)
    ).all()
    return ItemView(article, list(agreements), also, root, list(labels))


def _reports(condition: sa.ColumnElement[bool], *, session: Session) -> list[Report]:
    rows = session.execute(
        sa.select(*REPORT_COLUMNS)
        .where(condition)
        .order_by(col(Article.fetched_at), col(Article.id))
    )
    return [Report(*row) for row in rows]


# --- highlighting -----------------------------------------------------------------------------


def highlight(text: str, phrases: Iterable[str]) -> list[Segment]:
    """`text` cut into segments, the places where a phrase occurs marked.

    The phrases come from the normalised text (Simplified, half-width, spaces folded), so
    they are looked up in a folded copy of `text` that remembers where each character came
    from; a phrase that cannot be found there is simply not marked.
    """
    folded, origin = _fold(text)
    spans: list[tuple[int, int]] = []
    for phrase in dict.fromkeys(phrases):
        key = _fold(phrase)[0]
        if len(key) < _MIN_PHRASE:
            continue
        start = folded.find(key)
        while start != -1:
            spans.append((origin[start], origin[start + len(key) - 1] + 1))
            start = folded.find(key, start + len(key))
    segments: list[Segment] = []
    position = 0
    for start, end in _merged(spans):
        if start > position:
            segments.append(Segment(text[position:start], False))
        segments.append(Segment(text[start:end], True))
        position = end
    if position < len(text):
        segments.append(Segment(text[position:], False))
    return segments


def _fold(text: str) -> tuple[str, list[int]]:
    """`text` the way normalisation spells it, without spaces, and each character's origin."""
    simplified = to_simplified(text) if is_traditional(text) else text
    if len(simplified) != len(text):  # a phrase conversion changed lengths: origins would drift
        simplified = text
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(simplified):
        for folded in unicodedata.normalize("NFKC", char):
            if not folded.isspace() and unicodedata.category(folded) != "Cf":
                chars.append(folded)
                origin.append(index)
    return "".join(chars), origin


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
