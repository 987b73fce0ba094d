"""Learn from review: a small text model that joins the rules once it has proved itself.

Reviewer decisions become labels (`labels_from_review`); `train` fits a character n-gram
model on them plus bundled examples and validates it on held-back review labels. Until it
is validated, or when no model file exists, `rescore` returns the rules' score unchanged.
"""

from __future__ import annotations

from pipeline.learn.model import MODEL_VERSION, TextModel, TrainReport
from pipeline.learn.training import (
    Example,
    article_text,
    combine,
    decision,
    labels_from_review,
    review_examples,
    train,
)


def rescore(model: TextModel | None, text: str, rule_score: float) -> float:
    """The article's score: the rules' alone unless a validated model is given."""
    if model is None or model.weight <= 0.0:
        return rule_score
    return combine(rule_score, model.proba(text), model.weight)


__all__ = [
    "MODEL_VERSION",
    "Example",
    "TextModel",
    "TrainReport",
    "article_text",
    "combine",
    "decision",
    "labels_from_review",
    "rescore",
    "review_examples",
    "train",
]
