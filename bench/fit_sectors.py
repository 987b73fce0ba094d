"""Fit the sector model (pipeline/agreements/sectors.py) on the train split; write its weights.

Usage: .venv/bin/python bench/fit_sectors.py [--write]
Rows: every agreement the rules find in a train text and match to a labelled one (same
title, else a shared party), with the labelled sectors as targets; the train split of
../shared/corpus plus our packaged examples and the seeds. dev is never read here.
`--write` saves pipeline/agreements/data/sectors.json; without it the fit is only printed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.agreements.analyse import read_signings  # noqa: E402
from pipeline.agreements.extract import Draft  # noqa: E402
from pipeline.agreements.sectors import (  # noqa: E402
    ARTICLE_CHARS,
    FIELDS,
    SECTOR_LABELS,
    sector_features,
)
from pipeline.normalise import normalise  # noqa: E402
from pipeline.page import analyse_text  # noqa: E402
from tests.evaluation.cases import PACKAGED, load_seeds, load_toml  # noqa: E402
from tests.evaluation.reports import CORPUS, load_reports, same_party  # noqa: E402

OUT = ROOT / "pipeline/agreements/data/sectors.json"
C = 1.0  # inverse L2 strength; ~250 agreements x 15 sectors


def texts() -> list[tuple[str, str, list[tuple[str | None, list[str], list[str]]]]]:
    """(title, body, gold [(title, parties, sectors)]) of every labelled positive train text."""
    out = []
    for report in load_reports(("train",)):
        if report.positive:
            page = analyse_text(report.path.read_bytes())
            gold = [(g["title"], g["parties"], g["sectors"]) for g in report.gold]
            out.append((page.norm_title, page.norm_text, gold))
    for case in load_toml(PACKAGED, "train") + load_seeds():
        if case.is_agreement and case.agreements:
            gold = [(g.title, list(g.parties), list(g.sectors)) for g in case.agreements]
            out.append((case.title, case.text, gold))
    return out


def match(gold: tuple[str | None, list[str], list[str]], drafts: list[Draft]) -> Draft | None:
    title, parties, _ = gold
    if title:
        hit = next((d for d in drafts if d.title == normalise(title)), None)
        if hit:
            return hit
    names = [normalise(p) for p in parties]
    return next(
        (d for d in drafts if any(same_party(p, q) for p in names for q in d.parties)), None
    )


def rows() -> tuple[np.ndarray, np.ndarray]:
    codes = list(SECTOR_LABELS)
    x, y = [], []
    for title, body, gold in texts():
        _, drafts = read_signings(title, body, None)
        drafts = [d for d in drafts if not d.historical]
        article = f"{title}\n{body[:ARTICLE_CHARS]}"
        for g in gold:
            d = match(g, drafts)
            if d is None:
                continue
            drafts.remove(d)
            features = sector_features(d.doc, d.parties, d.evidence, d.context, article)
            for code in codes:
                onehot = [float(code == c) for c in codes]
                x.append(features[code] + onehot)
                y.append(float(code in g[2]))
    return np.array(x), np.array(y)


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} not found")
    x, y = rows()
    model = LogisticRegression(C=C, fit_intercept=False, max_iter=5000).fit(x, y)
    coef = model.coef_[0]
    n = len(FIELDS)
    fitted = {
        "about": "fitted by bench/fit_sectors.py on the train split; do not edit by hand",
        "rows": int(len(y) // len(SECTOR_LABELS)),
        "fields": list(FIELDS),
        "weights": [round(float(w), 4) for w in coef[:n]],
        "bias": {c: round(float(b), 4) for c, b in zip(SECTOR_LABELS, coef[n:], strict=True)},
    }
    print(json.dumps(fitted, ensure_ascii=False, indent=1))
    if "--write" in sys.argv:
        OUT.write_text(json.dumps(fitted, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"written {OUT}")


if __name__ == "__main__":
    main()
