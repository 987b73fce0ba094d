"""Accuracy of pipeline.agreements on the labelled corpora, per split; optionally refit.

Usage: .venv/bin/python bench/analysis_eval.py [--fit] [--errors]
  --fit     refit the logistic weights on the tuning splits (train, seeds, sample-site)
            and print them for pinning in pipeline/agreements/score.py
  --errors  list every miss behind the table
Splits: train (pipeline/learn/data/examples.toml, tuned on), heldout (heldout.toml, never
tuned on), seeds, sample-site, real-pages (../shared, negatives, read while tuning).
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.agreements.recognise import read_signings
from pipeline.agreements.score import FEATURES, INTERCEPT, WEIGHTS, Features, features
from tests.evaluation.cases import Case, brier, evaluate, load_all, reliability
from tests.evaluation.reports import CORPUS, as_cases, load_reports

FIT_SPLITS = ("train", "seeds", "sample-site", "corpus-train")
# L2 strength: with ~60 fitting articles an unpenalised fit runs weights to infinity on
# separable features and the probabilities lose calibration.
L2 = 0.3
COLUMNS = (
    "precision", "recall", "f1", "agreement_recall", "title_recall", "title_precision",
    "region_accuracy", "date_accuracy", "sector_accuracy", "party_accuracy",
)  # fmt: skip


def table(cases: list[Case], show_errors: bool) -> None:
    tallies = evaluate(cases)
    print("| split | n | " + " | ".join(COLUMNS) + " | brier |")
    print("|---" * (len(COLUMNS) + 3) + "|")
    for split, t in tallies.items():
        m = t.metrics()
        cells = " | ".join(f"{m[c]:.3f}" for c in COLUMNS)
        print(f"| {split} | {len(t.scores)} | {cells} | {brier(t.scores):.3f} |")
    for split in ("all", "heldout"):
        print(f"\nreliability ({split}): bin, n, mean score, share positive")
        for row in reliability(tallies[split].scores):
            print(f"  {row[0]}  n={row[1]:3d}  mean={row[2]:.3f}  positive={row[3]:.3f}")
    if show_errors:
        for split, t in tallies.items():
            if split != "all" and t.errors:
                print(f"\n{split} errors:\n  " + "\n  ".join(t.errors))


def feature_rows(cases: list[Case]) -> list[tuple[tuple[float, ...], float]]:
    """(feature vector, label) for each case, built exactly as recognise() builds them."""
    rows = []
    for case in cases:
        clauses, drafts = read_signings(case.title, case.text, case.published)
        f: Features = features(case.title, case.text, clauses, drafts)
        rows.append((f.vector(), float(case.is_agreement)))
    return rows


def fit(rows: list[tuple[tuple[float, ...], float]], steps: int = 20000) -> list[float]:
    """Batch gradient descent on the L2-penalised log loss; returns [bias, *weights]."""
    w = [INTERCEPT, *(WEIGHTS.get(n, 0.0) for n in FEATURES)]
    rate = 0.1
    for _ in range(steps):
        grad = [0.0] * len(w)
        for x, y in rows:
            z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], x, strict=True))
            err = 1.0 / (1.0 + math.exp(-max(-30, min(30, z)))) - y
            grad[0] += err
            for i, xi in enumerate(x, 1):
                grad[i] += err * xi
        for i in range(len(w)):
            penalty = L2 * w[i] if i else 0.0
            w[i] -= rate * (grad[i] + penalty) / len(rows)
    return w


def cross_validate(rows: list[tuple[tuple[float, ...], float]], folds: int = 5) -> None:
    """F1 and log loss of the fitted model on each fold of the fitting rows held out: how
    a feature set generalises, judged without dev."""
    tp = fp = fn = 0
    loss = 0.0
    for k in range(folds):
        held = rows[k::folds]
        w = fit([r for i, r in enumerate(rows) if i % folds != k], steps=5000)
        for x, y in held:
            z = w[0] + sum(wi * xi for wi, xi in zip(w[1:], x, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-30, min(30, z))))
            loss -= math.log(max(1e-9, p if y else 1 - p))
            tp += p >= 0.5 and y == 1
            fp += p >= 0.5 and y == 0
            fn += p < 0.5 and y == 1
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(
        f"{folds}-fold on {len(rows)} rows: F1 {f1:.3f} (tp {tp} fp {fp} fn {fn}), "
        f"log loss {loss / len(rows):.3f}"
    )


def main() -> None:
    cases = load_all()
    if CORPUS.is_dir():
        cases += as_cases(load_reports(("train", "dev")))
    if "--cv" in sys.argv:
        cross_validate(feature_rows([c for c in cases if c.split in FIT_SPLITS]))
        return
    if "--fit" in sys.argv:
        w = fit(feature_rows([c for c in cases if c.split in FIT_SPLITS]))
        print(f"INTERCEPT = {w[0]:.2f}")
        print("WEIGHTS = {")
        for name, value in zip(FEATURES, w[1:], strict=True):
            print(f'    "{name}": {value:.2f},')
        print("}")
        return
    table(cases, "--errors" in sys.argv)


if __name__ == "__main__":
    main()
