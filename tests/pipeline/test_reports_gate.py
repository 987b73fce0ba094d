"""Quality gate on real reports nobody here wrote: the dev split of ../shared/corpus.

Every text goes through `pactwatch analyze`'s own code path (tests/evaluation/reports.py).
Floors are pinned on dev, never on train (the rules and weights were fitted on train), a
little under the figures measured when pinned, so that one text changing its reading does
not fail the suite but a real regression does. A floor is never lowered silently: lowering
one needs a comment here saying which figure dropped, from what, and why.

Measured when pinned (rules-20, 55 dev texts, 33 reporting signings): recognition P 0.938
R 0.909 F1 0.923; 《titles》 0.842 (precision 1.000); parties 0.832; party regions 0.806
(precision 0.951); signing dates 0.969; sectors exactly as labelled 0.463, sharing one
0.854, per code F1 0.732 (0.878 and 0.748 at rules-17: one agreement whose signers
are now read as both bodies, "A与B负责人代表双方签约", changed its sectors); no trap title.
"""

from __future__ import annotations

import pytest

from tests.evaluation.reports import CORPUS, Scores, load_reports, score_reports

FLOORS = {
    "precision": 0.9, "recall": 0.87, "f1": 0.9, "titles": 0.8, "title_precision": 0.95,
    "parties": 0.79, "regions": 0.76, "dates": 0.93, "sectors": 0.4, "sectors_overlap": 0.82,
    "sectors_f1": 0.7,
}  # fmt: skip
MAX_TRAPS = 0


@pytest.fixture(scope="module")
def dev() -> Scores:
    if not (CORPUS / "labels.jsonl").is_file():
        pytest.skip(f"{CORPUS} not found: the labelled reports are not shipped with the repo")
    return score_reports(load_reports(("dev",)))["dev"]


def test_dev_split_meets_its_floors(dev: Scores) -> None:
    metrics = dev.metrics()
    below = {k: round(metrics[k], 3) for k, floor in FLOORS.items() if metrics[k] < floor}
    assert not below, f"dev below floor: {below}; errors: {dev.errors}"


def test_no_trap_reported_as_signed_beyond_the_pinned_count(dev: Scores) -> None:
    assert dev.trap_hits <= MAX_TRAPS, [e for e in dev.errors if "trap" in e]
