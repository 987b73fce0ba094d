"""The three seed articles against tests/data/seeds/gold.json: every gold agreement."""

from __future__ import annotations

import pytest

from pipeline.agreements import recognise, regions
from tests.evaluation.cases import Case, load_seeds

SEEDS = load_seeds()
needs_gazetteer = pytest.mark.skipif(
    not regions.available(), reason="pipeline.gazetteer not built yet: regions unresolvable"
)


@pytest.mark.parametrize("case", SEEDS, ids=lambda c: c.id)
def test_every_gold_agreement_found_with_title_and_date(case: Case) -> None:
    result = recognise(case.title, case.text, case.published)
    assert result.is_agreement
    assert case.agreements is not None
    found = list(result.agreements)
    assert len(found) == len(case.agreements)  # nothing optional reported as signed
    for gold, got in zip(case.agreements, found, strict=True):  # reading order
        assert got.title == gold.title
        assert got.signed_on == gold.signed_on
        assert set(got.sectors) == set(gold.sectors)


@needs_gazetteer
@pytest.mark.parametrize("case", SEEDS, ids=lambda c: c.id)
def test_every_gold_agreement_has_its_regions(case: Case) -> None:
    result = recognise(case.title, case.text, case.published)
    assert case.agreements is not None
    for gold, got in zip(case.agreements, result.agreements, strict=True):
        assert got.regions == gold.regions, got.evidence
        assert got.in_region


def test_drafted_plan_and_consultation_are_not_signed() -> None:
    (beibei,) = [c for c in SEEDS if "beibei" in c.id]
    titles = [a.title for a in recognise(beibei.title, beibei.text, beibei.published).agreements]
    assert not any(t and "三年行动计划" in t for t in titles)
    assert len(titles) == 3  # the 宣传部 publicity cooperation names no signed document


def test_supply_contract_is_not_a_cooperation_agreement() -> None:
    (lj,) = [c for c in SEEDS if "liangjiang" in c.id]
    found = recognise(lj.title, lj.text, lj.published).agreements
    assert all("长安跨越" not in p for a in found for p in a.parties)
