"""Fit the shipped sector weights (pipeline/agreements/data/sectors.json) on the train split.

Usage: .venv/bin/python bench/fit_sectors.py [--write]
Rows: every agreement the rules find in a train text and match to a labelled one (same
title, else a shared party), with the labelled sectors as targets: the train split of
../shared/corpus plus our packaged examples and the seeds. dev is never read here.
`--write` saves the weights; without it they are only printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.learn.sectors import SectorExample, fit_sector_weights, labelled_examples  # noqa: E402
from pipeline.page import read_plain_text  # noqa: E402
from tests.evaluation.cases import PACKAGED, load_seeds, load_toml  # noqa: E402
from tests.evaluation.reports import CORPUS, load_reports  # noqa: E402

OUT = ROOT / "pipeline/agreements/data/sectors.json"


def examples() -> list[SectorExample]:
    out = []
    for report in load_reports(("train",)):
        if report.positive:
            page = read_plain_text(report.path.read_bytes())
            gold = [(g["title"], g["parties"], g["sectors"]) for g in report.gold]
            out += labelled_examples(page.norm_title, page.norm_text, gold)
    for case in load_toml(PACKAGED, "train") + load_seeds():
        if case.is_agreement and case.agreements:
            gold = [(g.title, list(g.parties), list(g.sectors)) for g in case.agreements]
            out += labelled_examples(case.title, case.text, gold)
    return out


def main() -> None:
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS} not found")
    rows = examples()
    weights = fit_sector_weights(
        rows, f"fitted by bench/fit_sectors.py on {len(rows)} train agreements; do not edit"
    )
    assert weights is not None
    print(weights.to_json())
    if "--write" in sys.argv:
        OUT.write_text(weights.to_json(), "utf-8")
        print(f"written {OUT}")


if __name__ == "__main__":
    main()
