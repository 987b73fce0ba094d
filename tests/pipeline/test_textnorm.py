"""Script conversion and language guess."""

from __future__ import annotations

from pipeline.textnorm import detect_language, is_traditional, to_simplified

TRAD = "臺灣與香港的繁體中文新聞，經濟發展與體育運動報導。"
SIMP = "台湾与香港的繁体中文新闻，经济发展与体育运动报导。"


def test_to_simplified() -> None:
    assert to_simplified(TRAD) == SIMP
    assert to_simplified(SIMP) == SIMP
    assert to_simplified("plain ascii") == "plain ascii"


def test_is_traditional() -> None:
    assert is_traditional(TRAD)
    assert not is_traditional(SIMP)
    assert not is_traditional("")


def test_detect_language() -> None:
    assert detect_language(SIMP) == "zh-Hans"
    assert detect_language(TRAD) == "zh-Hant"
    assert detect_language("Chongqing and Sichuan signed an agreement today.") == "en"
    assert detect_language("12345 !!") == "und"
    assert detect_language("华为Mate20X 5G版半天不到需充电") == "zh-Hans"
