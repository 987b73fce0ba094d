"""Regression gate on our own labelled reports (tests/data/reports): they ship with the repo,
so this runs on every checkout, with or without ../shared.

These texts were written to probe issue 11's phenomena and the rules were then corrected on
them, so the floors guard against regressions; they are no measure of accuracy on unseen
reports (that is the dev gate, tests/pipeline/test_reports_gate.py).

Measured when pinned (rules-7, 184 texts, 100 reporting signings): recognition P 1.000
R 0.990; 《titles》 0.981 (precision 0.990); parties 0.922; party regions 0.881; signing
dates 0.853; sectors sharing one 0.946; 1 trap title.
"""

from __future__ import annotations

import pytest

from tests.evaluation.reports import OWN, OWN_SPLITS, Scores, load_reports, score_reports

FLOORS = {
    "precision": 0.97, "recall": 0.97, "titles": 0.95, "title_precision": 0.96, "parties": 0.89,
    "regions": 0.85, "dates": 0.82, "sectors_overlap": 0.91,
}  # fmt: skip
MAX_TRAPS = 1


@pytest.fixture(scope="module")
def own() -> Scores:
    return score_reports(load_reports(OWN_SPLITS, OWN))["all"]


def test_own_reports_meet_their_floors(own: Scores) -> None:
    metrics = own.metrics()
    below = {k: round(metrics[k], 3) for k, floor in FLOORS.items() if metrics[k] < floor}
    assert not below, f"own reports below floor: {below}; errors: {own.errors}"


def test_own_reports_traps(own: Scores) -> None:
    assert own.trap_hits <= MAX_TRAPS, [e for e in own.errors if "trap" in e]


def test_every_own_report_is_labelled_and_present() -> None:
    reports = load_reports(OWN_SPLITS, OWN)
    assert len(reports) == 184
    assert all(r.path.is_file() for r in reports)
