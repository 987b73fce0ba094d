"""Accuracy of `pactwatch analyze` on the real labelled reports of ../shared/corpus.

Usage: .venv/bin/python bench/reports_eval.py [--errors] [--split train|dev]… [--own | --dir D]
Fit and tune on train; quote dev. Each text goes through the CLI's own code path.
`--own`: our own labelled reports (tests/data/reports) instead.
`--dir D`: a set written elsewhere in the same shape (D/labels.jsonl, any split), such as a
held-out set to score once before reading it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.agreements import entities
from tests.evaluation.reports import (
    COLUMNS,
    CORPUS,
    OWN,
    OWN_SPLITS,
    load_reports,
    score_reports,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--split", action="append", default=None)
    parser.add_argument("--no-ner", action="store_true", help="parties from the rules alone")
    parser.add_argument("--own", action="store_true", help="tests/data/reports, not the corpus")
    parser.add_argument("--dir", type=Path, help="another labelled set: DIR/labels.jsonl")
    args = parser.parse_args()
    if args.no_ner:
        entities._tagger = lambda: None  # type: ignore[assignment]
    if args.dir:
        with (args.dir / "labels.jsonl").open(encoding="utf-8") as lines:
            splits = {json.loads(line)["split"] for line in lines if line.strip()}
        reports = load_reports(args.split or splits, args.dir)
    elif args.own:
        reports = load_reports(args.split or OWN_SPLITS, OWN)
    elif not CORPUS.is_dir():
        sys.exit(f"{CORPUS} not found")
    else:
        reports = load_reports(args.split or ("train", "dev"))
    started = time.perf_counter()
    table = score_reports(reports)
    took = time.perf_counter() - started
    print(f"{len(reports)} texts in {took:.1f} s\n")
    print("| split | n | " + " | ".join(COLUMNS) + " |")
    print("|---" * (len(COLUMNS) + 2) + "|")
    for split, s in table.items():
        m = s.metrics()
        n = s.tp + s.fp + s.fn + s.tn
        cells = " | ".join(f"{m[c]:.3f}" if c != "traps" else f"{m[c]:.0f}" for c in COLUMNS)
        print(f"| {split} | {n} | {cells} |")
    if args.errors:
        for split, s in table.items():
            if split != "all":
                print(f"\n{split}:\n  " + "\n  ".join(s.errors))


if __name__ == "__main__":
    main()
