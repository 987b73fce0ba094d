"""How the analysis holds up when a report's text comes in another shape than it was labelled in.

Usage: .venv/bin/python bench/reports_robustness.py [--split train]… [--own] [--errors SHAPE]

The shapes (tests/evaluation/shapes.py) are those real copies of a story come in: lines
broken inside sentences, Traditional script, half-width punctuation or full-width digits,
indents, portal furniture, a breadcrumb run into the headline, the page's <title> over it,
HTML entities, zero-width junk, spaced digits, dates in words. The table scores the
labelled texts in every shape side by side, so a field that drops in one shape names a
phenomenon the rules read only in the shape they were written against. `--errors SHAPE`
lists what that shape loses against the texts as labelled (train and own reports only: dev
is measured, never read).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pactwatch.tasks.understand import analyze_file
from tests.evaluation.reports import (
    COLUMNS,
    CORPUS,
    OWN,
    OWN_SPLITS,
    Scores,
    load_reports,
    score_one,
)
from tests.evaluation.shapes import SHAPES


def _analyse(job: tuple[str, str, str]) -> dict[str, Any]:
    name, transform, text = job
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_text(SHAPES[transform](text), encoding="utf-8")
        return analyze_file(path, "Asia/Shanghai")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", action="append", default=None)
    parser.add_argument("--own", action="store_true", help="tests/data/reports, not the corpus")
    parser.add_argument("--errors", choices=list(SHAPES), help="what this transform loses")
    args = parser.parse_args()
    if args.own:
        reports = load_reports(args.split or OWN_SPLITS, OWN)
    elif not CORPUS.is_dir():
        sys.exit(f"{CORPUS} not found")
    else:
        reports = load_reports(args.split or ("train",))
    if args.errors and any(r.split == "dev" for r in reports):
        sys.exit("dev is measured, never read: --errors takes train or own reports")
    names = [args.errors] if args.errors else list(SHAPES)
    if args.errors and args.errors != "as labelled":
        names.insert(0, "as labelled")
    table: dict[str, Scores] = {}
    texts = [
        (r.label["file"].replace("/", "_"), r.path.read_text(encoding="utf-8")) for r in reports
    ]
    with ProcessPoolExecutor(2) as pool:
        for transform in names:
            jobs = [(name, transform, text) for name, text in texts]
            s = table[transform] = Scores()
            for report, result in zip(reports, pool.map(_analyse, jobs, chunksize=16), strict=True):
                score_one(s, report, result)
    print(f"{len(reports)} texts\n")
    print("| shape | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 1) + "|")
    for transform, s in table.items():
        m = s.metrics()
        cells = " | ".join(f"{m[c]:.3f}" if c != "traps" else f"{m[c]:.0f}" for c in COLUMNS)
        print(f"| {transform} | {cells} |")
    if args.errors and args.errors != "as labelled":
        before = set(table["as labelled"].errors)
        print(
            f"\nlost when {args.errors}:\n  "
            + "\n  ".join(e for e in table[args.errors].errors if e not in before)
        )


if __name__ == "__main__":
    main()
