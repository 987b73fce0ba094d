"""Evidence sentences as the article printed them.

The analysis reads normalised text (NFKC: "，" → ","; Traditional → Simplified), so the
sentences it keeps as evidence are normalised too. Readers should see the article's own
characters: `original_span` finds the sentence's span in the stored text and returns that.
"""

from __future__ import annotations

import unicodedata

from pipeline.textnorm import to_simplified


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` folded as the analysis folds it, spaces dropped; and, per folded character,
    the index of the original character it came from."""
    simplified = to_simplified(text)
    if len(simplified) != len(text):  # a phrase conversion changed lengths: script as is
        simplified = text
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(simplified):
        for folded in unicodedata.normalize("NFKC", char):
            if not folded.isspace():
                chars.append(folded)
                origin.append(index)
    return "".join(chars), origin


def original_span(text: str, sentence: str) -> str:
    """The part of `text` that `sentence` (its normalised form) was read from.

    `sentence` itself when it cannot be found (an older analysis, text edited since).
    """
    wanted = "".join(c for c in unicodedata.normalize("NFKC", sentence) if not c.isspace())
    if not wanted:
        return sentence
    folded, origin = _folded(text)
    start = folded.find(wanted)
    if start < 0:
        return sentence
    return text[origin[start] : origin[start + len(wanted) - 1] + 1]
