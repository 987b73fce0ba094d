"""pipeline.agreements.recognise: the API shape and robustness on any input."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from pipeline.agreements import ANALYSIS_VERSION, Analysis, FoundAgreement, recognise
from pipeline.normalise import normalise

SIGNED = normalise(
    "3月18日，重庆市璧山区与四川省遂宁市船山区在璧山签署《璧山区船山区产业协作战略合作框架协议》。"
)


def test_a_signed_agreement_is_recognised_and_extracted() -> None:
    result = recognise("璧山区与船山区签署战略合作框架协议", SIGNED, date(2026, 3, 18))
    assert result.is_agreement
    assert result.score > 0.8
    assert result.reason is None
    assert result.evidence == (SIGNED,)
    (found,) = result.agreements
    assert found.title == "璧山区船山区产业协作战略合作框架协议"
    assert found.parties == ("重庆市璧山区", "四川省遂宁市船山区")
    assert found.signed_on == "2026-03-18"
    assert found.sectors == ("industry",)
    assert found.evidence == SIGNED


def test_results_are_frozen_and_versioned() -> None:
    result = recognise("", SIGNED, None)
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.score = 1.0  # type: ignore[misc]
    assert isinstance(result.agreements[0], FoundAgreement)
    assert ANALYSIS_VERSION.startswith("rules-")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty body"),
        ("   \n\n ", "empty body"),
        ("Chengdu and Chongqing signed a cooperation agreement on Monday.", "not Chinese"),
        ("!!!,,,。。。《》》》", "not Chinese"),
        ("བོད་ཡིག་གི་གསར་འགྱུར། ཁྲིམས་ཡིག་ལ་མིང་རྟགས་བཀོད།", "not Chinese"),
    ],
)
def test_unusable_input_gives_a_reason_not_an_error(text: str, reason: str) -> None:
    result = recognise("title", text, None)
    assert result == Analysis(False, 0.0, (), (), reason)


def test_huge_body_is_truncated_with_a_reason() -> None:
    body = SIGNED + "\n" + "两地将深化合作,共建产业园区。" * 400_000  # ~6 MB
    result = recognise("", body, date(2026, 3, 20))
    assert result.reason == "body truncated to 200000 chars"
    assert result.is_agreement


@pytest.mark.parametrize(
    "text",
    [
        "《",
        "签署《",
        "《" * 5000 + "签署",
        "签署》》》《《《协议",
        "2月30日,甲市与乙县签署《合作协议",
        "与签署协议",
        "签署" * 10_000,
        "●" * 1000,
        "双方签署了合作协议" + "\n" * 1000,
        "\x00\ufffd签订\u200b协议",
    ],
)
def test_never_raises_on_odd_text(text: str) -> None:
    result = recognise(text[:50], text, date(2026, 1, 1))
    assert 0.0 <= result.score <= 1.0
    assert len(result.evidence) <= 5
