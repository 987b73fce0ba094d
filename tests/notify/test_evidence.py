"""Evidence is shown in the article's own characters, not the analysis's folded ones."""

from __future__ import annotations

from typing import Any

from notify.evidence import original_span
from notify.selection import to_items
from pipeline.normalise import normalise

TEXT = "据悉，四川省与重庆市签署《川渝合作框架协议（２０２４）》，双方将加强合作。其他内容。"


def test_the_normalised_sentence_maps_back_to_the_original_characters() -> None:
    sentence = normalise("四川省与重庆市签署《川渝合作框架协议（２０２４）》，双方将加强合作。")
    assert "," in sentence  # what the analysis keeps: half-width
    shown = original_span(TEXT, sentence)
    assert shown == "四川省与重庆市签署《川渝合作框架协议（２０２４）》，双方将加强合作。"


def test_traditional_text_and_unknown_sentences() -> None:
    traditional = "四川與重慶簽署協議，推動發展。"
    assert original_span(traditional, normalise(traditional)) == traditional
    assert original_span(TEXT, "not in the text") == "not in the text"


def test_the_digest_excerpt_keeps_full_width_punctuation(story_factory: Any) -> None:
    long_lead = "本报讯" + "，".join(["川渝两地持续推进合作"] * 30) + "。\n" + TEXT
    evidence = normalise("四川省与重庆市签署《川渝合作框架协议（２０２４）》，双方将加强合作。")
    story = story_factory("川渝签约", text=long_lead, agreements=[{"evidence": evidence}])
    (item,) = to_items([story])
    assert "，双方" in item.summary and ",双方" not in item.summary
