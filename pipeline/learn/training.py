"""Fit the text model on labelled examples and decide whether it may join the rules.

The model earns a weight only by beating the rules on review labels it never saw: the
review labels are split (stratified, fixed seed) into a fitting part and a held-back part;
bundled examples only ever fit, since the rules were tuned on them and would look too good.
The weight itself is chosen by cross-validation on the fitting part, so the held-back labels
judge one fixed combination rather than pick the luckiest.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sklearn.model_selection import StratifiedKFold
from sqlalchemy import func
from sqlmodel import Session, col, select

from pipeline.learn.model import TextModel, TrainReport, fit, regression
from pipeline.models import Article, ReviewLabel

MIN_HELD_BACK = 20  # below this one article moves F1 by > 0.05: noise, not evidence
MIN_PER_CLASS = 5
MARGIN = 0.02  # combined F1 must beat the rules' by this much on the held-back labels
WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)  # candidate model weights, tried in this order
DEFAULT_WEIGHT = 0.5  # when the fitting part is too small to cross-validate
FOLDS = 5
THRESHOLD = 0.5
_EPS = 1e-3  # scores are clipped to [ε, 1-ε] before the logit: |logit| ≤ 6.9


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled text."""

    text: str  # normalised title + "\n" + normalised body (see `article_text`)
    label: bool  # True: reports signed agreements
    rule_score: float  # the rules' calibrated score for this text
    source: str  # "review" | "bundled"


def article_text(norm_title: str, norm_text: str) -> str:
    """The text the model reads for an article, the same in training and scoring."""
    return f"{norm_title}\n{norm_text}"


def combine(rule_score: float, model_proba: float, weight: float) -> float:
    """Blend the two probabilities in log-odds; weight 0 gives `rule_score` exactly."""
    if weight <= 0.0:
        return rule_score
    w = min(weight, 1.0)
    z = (1.0 - w) * _logit(rule_score) + w * _logit(model_proba)
    return 1.0 / (1.0 + math.exp(-z))


def decision(score: float) -> bool:
    """Whether a (rule or combined) score says the article reports signed agreements."""
    return score >= THRESHOLD


def labels_from_review(decision: str, article_is_agreement: bool | None) -> bool | None:
    """The training label a review decision gives an article; None when it gives none.

    - approve: the article's own verdict was right, so the label is that verdict
      (None when the article was never analysed: there is no verdict to confirm);
    - reject: the article is not a (relevant) signed-agreement report: False;
    - correct: the reviewer fixed an agreement's fields, so it reports one: True;
    - anything else: None.
    """
    if decision == "approve":
        return article_is_agreement
    if decision == "reject":
        return False
    if decision == "correct":
        return True
    return None


def review_examples(*, session: Session) -> list[Example]:
    """One example per reviewed article, from its latest decision, in article order.

    The rule score is the stored `Article.rule_score` (the rules alone, never a blend with
    an earlier model, which would train the model on its own output); articles without one
    (never analysed) and decisions that give no label are skipped.
    """
    latest = (
        select(func.max(ReviewLabel.id).label("id"))
        .group_by(col(ReviewLabel.article_id))
        .subquery()
    )
    rows = session.exec(
        select(ReviewLabel.decision, Article)
        .join(latest, col(ReviewLabel.id) == latest.c.id)
        .join(Article, col(Article.id) == col(ReviewLabel.article_id))
        .order_by(col(Article.id))
    )
    examples = []
    for verdict, article in rows:
        label = labels_from_review(verdict, article.is_agreement)
        if label is not None and article.rule_score is not None:
            text = article_text(article.norm_title, article.norm_text)
            examples.append(Example(text, label, article.rule_score, "review"))
    return examples


def train(
    examples: Sequence[Example], *, seed: int = 0, held_back: float = 0.25
) -> tuple[TextModel | None, TrainReport]:
    """Fit the text model; the report says whether, and with what weight, to combine it."""
    if not 0.0 <= held_back < 1.0:
        raise ValueError(f"held_back must be in [0, 1), not {held_back}")
    examples = _dedup(examples)
    review = [e for e in examples if e.source == "review"]
    fit_idx, held_idx = _split([e.label for e in review], held_back, seed)
    fitting = [e for e in examples if e.source != "review"] + [review[i] for i in fit_idx]
    held = [review[i] for i in held_idx]
    n_pos = sum(e.label for e in fitting)
    if n_pos in (0, len(fitting)):
        why = "no labels" if not examples else f"{len(fitting)} labels all of one class"
        return None, _unfitted(len(fitting), len(held), f"{why}: no model; rules alone")
    model, matrix = fit([e.text for e in fitting], [e.label for e in fitting])
    weight = _cv_weight(matrix, fitting, seed)
    report = _judge(model, fitting, held, weight, len(review))
    return model.with_report(report), report


def _judge(
    model: TextModel,
    fitting: Sequence[Example],
    held: Sequence[Example],
    weight: float,
    n_review: int,
) -> TrainReport:
    """Score rules, model and their blend on the held-back labels; validate or not."""
    truth = [e.label for e in held]
    probas = [model.proba(e.text) for e in held]
    rules_f1 = f1(truth, [decision(e.rule_score) for e in held])
    model_f1 = f1(truth, [decision(p) for p in probas])
    combined_f1 = f1(
        truth,
        [decision(combine(e.rule_score, p, weight)) for e, p in zip(held, probas, strict=True)],
    )
    n_pos = sum(truth)
    enough = len(held) >= MIN_HELD_BACK and min(n_pos, len(held) - n_pos) >= MIN_PER_CLASS
    validated = enough and weight > 0 and combined_f1 >= rules_f1 + MARGIN
    scores = (
        f"rules F1 {rules_f1:.2f}, combined {combined_f1:.2f}"
        f" (model {model_f1:.2f}, weight {weight:.2f})"
    )
    message = _message(n_review, len(held), n_pos, enough, validated, scores)
    return TrainReport(
        trained_on=len(fitting),
        held_back=len(held),
        rules_f1=rules_f1,
        model_f1=model_f1,
        combined_f1=combined_f1,
        validated=validated,
        weight=weight if validated else 0.0,
        message=message,
    )


def _message(
    n_review: int, n_held: int, n_pos: int, enough: bool, validated: bool, scores: str
) -> str:
    if not enough:
        return (
            f"{n_review} review labels, {n_held} held back ({n_pos} positive):"
            f" need ≥ {MIN_HELD_BACK} held back with ≥ {MIN_PER_CLASS} of each class"
            " to validate; rules alone"
        )
    if validated:
        return f"validated on {n_held} held-back labels: {scores}; model combined"
    return (
        f"not validated on {n_held} held-back labels: {scores}, need a gain ≥ {MARGIN}; rules alone"
    )


def _cv_weight(matrix: sparse.csr_matrix, fitting: Sequence[Example], seed: int) -> float:
    """The weight whose blend scores best on out-of-fold model probabilities (ties: lighter)."""
    labels = np.array([e.label for e in fitting])
    folds = min(FOLDS, int(labels.sum()), int((~labels).sum()))
    if folds < 2:
        return DEFAULT_WEIGHT
    probas = np.zeros(len(labels))
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for fit_rows, test_rows in splitter.split(np.zeros(len(labels)), labels):
        reg = regression().fit(matrix[fit_rows], labels[fit_rows])
        probas[test_rows] = reg.predict_proba(matrix[test_rows])[:, 1]
    truth = labels.tolist()

    def blended_f1(weight: float) -> float:
        blend = [
            combine(e.rule_score, float(p), weight) for e, p in zip(fitting, probas, strict=True)
        ]
        return f1(truth, [decision(s) for s in blend])

    return max(WEIGHTS, key=lambda w: (blended_f1(w), -w))


def _split(labels: Sequence[bool], fraction: float, seed: int) -> tuple[list[int], list[int]]:
    """Indices to fit and to hold back: `fraction` of each class, chosen by a seeded shuffle."""
    rng = np.random.default_rng(seed)
    y = np.asarray(labels, dtype=bool)
    held: list[int] = []
    for cls in (False, True):
        members = np.flatnonzero(y == cls)
        held += rng.permutation(members)[: round(fraction * len(members))].tolist()
    kept = set(held)
    return [i for i in range(len(y)) if i not in kept], sorted(held)


def _dedup(examples: Sequence[Example]) -> list[Example]:
    """One example per text, review over bundled, later over earlier: no text on both sides."""
    by_text: dict[str, Example] = {}
    for e in sorted(examples, key=lambda e: e.source == "review"):  # stable: order kept within
        by_text.pop(e.text, None)
        by_text[e.text] = e
    return list(by_text.values())


def f1(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    """F1 of the positive class (0 when there is nothing to find and nothing found)."""
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    positives = sum(truth) + sum(predicted)
    return 2.0 * tp / positives if positives else 0.0


def _logit(p: float) -> float:
    p = min(max(p, _EPS), 1.0 - _EPS)
    return math.log(p / (1.0 - p))


def _unfitted(trained_on: int, held_back: int, message: str) -> TrainReport:
    return TrainReport(
        trained_on, held_back, 0.0, 0.0, 0.0, validated=False, weight=0.0, message=message
    )
