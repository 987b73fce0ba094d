"""Fit the sector model (`pipeline.agreements.sectors`) on labelled agreements.

Rows come from texts with labelled agreements (each matched to the agreement the rules read,
by title, else by a shared party) and from reviewers' corrections at the desk, whose edited
sectors are the label for the agreement's own sentence. One logistic model, shared by all
sectors with a bias each, as `sector_probabilities` reads it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression
from sqlmodel import Session, col, select

from pipeline.agreements.extract import Draft
from pipeline.agreements.parties import same_party
from pipeline.agreements.recognise import read_signings
from pipeline.agreements.sectors import (
    ARTICLE_CHARS,
    FIELDS,
    SECTOR_LABELS,
    SectorWeights,
    sector_features,
)
from pipeline.models import Agreement, Article
from pipeline.normalise import normalise

# Inverse L2 strength. 26 weights over ~2,000 rows (agreements x sectors) need little of it:
# cross-validated on train (5-fold x5), sector-code F1 0.734 at C=1, 0.759 at 10, 0.756 at 100.
C = 10.0
# The paragraph after the signing sentence that speaks for its sectors, as drafts read it.
CONTEXT_CHARS = 300


@dataclass(frozen=True, slots=True)
class SectorExample:
    """One agreement's evidence and its labelled sectors."""

    doc: str
    parties: tuple[str, ...]
    sentence: str
    context: str
    article: str
    sectors: frozenset[str]


def labelled_examples(
    title: str, body: str, gold: Sequence[tuple[str | None, Sequence[str], Sequence[str]]]
) -> list[SectorExample]:
    """Examples of one text whose agreements are labelled `(title, parties, sectors)`."""
    _, drafts = read_signings(title, body, None)
    pool = list(drafts)
    article = f"{title}\n{body[:ARTICLE_CHARS]}"
    out = []
    for g_title, g_parties, g_sectors in gold:
        d = _match(g_title, g_parties, pool)
        if d is None:
            continue
        pool.remove(d)
        out.append(
            SectorExample(d.doc, d.parties, d.evidence, d.context, article, frozenset(g_sectors))
        )
    return out


def corrected_examples(*, session: Session) -> list[SectorExample]:
    """Agreements whose fields a reviewer corrected, read in their article's text."""
    rows = session.exec(
        select(Agreement, Article.norm_title, Article.norm_text)
        .join(Article, col(Article.id) == col(Agreement.article_id))
        .where(col(Agreement.corrected).is_(True))
    )
    out = []
    for agreement, title, text in rows:
        sentence = normalise(agreement.evidence)
        at = text.find(sentence) if sentence else -1
        context = text[at : at + len(sentence) + CONTEXT_CHARS] if at >= 0 else sentence
        out.append(
            SectorExample(
                agreement.title or "",
                tuple(agreement.parties),
                sentence,
                context,
                f"{title}\n{text[:ARTICLE_CHARS]}",
                frozenset(agreement.sectors),
            )
        )
    return out


def fit_sector_weights(examples: Iterable[SectorExample], about: str) -> SectorWeights | None:
    """The model fitted on `examples`; None when they hold fewer than two distinct labels."""
    x, y = [], []
    codes = list(SECTOR_LABELS)
    for e in examples:
        features = sector_features(e.doc, e.parties, e.sentence, e.context, e.article)
        for code in codes:
            x.append(features[code] + [float(code == c) for c in codes])
            y.append(float(code in e.sectors))
    if len(set(y)) < 2:
        return None
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=5000)
    coef = model.fit(np.array(x), np.array(y)).coef_[0]
    n = len(FIELDS)
    return SectorWeights(
        tuple(round(float(w), 4) for w in coef[:n]),
        {c: round(float(b), 4) for c, b in zip(codes, coef[n:], strict=True)},
        about,
    )


def _match(title: str | None, parties: Sequence[str], drafts: list[Draft]) -> Draft | None:
    if title:
        hit = next((d for d in drafts if d.title == normalise(title)), None)
        if hit:
            return hit
    names = [normalise(p) for p in parties]
    return next(
        (d for d in drafts if any(same_party(p, q) for p in names for q in d.parties)), None
    )
