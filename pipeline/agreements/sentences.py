"""Split a normalised article into paragraphs and sentences, keeping their positions."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A sentence ends at 。!? (NFKC has folded ！？ to !?) or at a "●" bullet: round-ups such
# as the Luzhou seed put two agreements in one paragraph, one per bullet.
_SENTENCE = re.compile(r"[^。!?●]+[。!?]*")
# Clause boundaries inside a sentence; "、" is not one because it joins list items.
CLAUSE_BREAKS = frozenset(",;:")
# A clause longer than this is not a signing clause but run-on text (a page without
# punctuation); the longest real one in the seeds is ~90 characters. Bounding the scan
# keeps a pathological sentence linear instead of quadratic.
MAX_CLAUSE = 200
_OPEN = "《“‘(「"
_CLOSE = "》”’)」"


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its text, the paragraph it belongs to and its offset in the article."""

    text: str
    para: int
    start: int


def split_sentences(text: str) -> list[Sentence]:
    """Sentences in reading order; empty paragraphs and bare punctuation are dropped."""
    out: list[Sentence] = []
    offset = 0
    for para, line in enumerate(text.split("\n")):
        for m in _SENTENCE.finditer(line):
            chunk = m.group().strip()
            if chunk and not _only_punctuation(chunk):
                out.append(Sentence(chunk, para, offset + m.start()))
        offset += len(line) + 1
    return out


def _only_punctuation(chunk: str) -> bool:
    return not any(ch.isalnum() for ch in chunk)


def clause_start(sentence: str, end: int) -> int:
    """Index where the clause ending at `end` begins: after the last break outside brackets.

    Titles and quotations keep their commas (《“同饮一江水,共护母亲河”…》), so a break only
    counts at bracket depth 0, read right to left.
    """
    depth = 0
    floor = max(0, end - MAX_CLAUSE)
    for i in range(end - 1, floor - 1, -1):
        ch = sentence[i]
        if ch in _CLOSE:
            depth += 1
        elif ch in _OPEN:
            depth = max(0, depth - 1)
        elif depth == 0 and ch in CLAUSE_BREAKS:
            return i + 1
    return floor


def clause_end(sentence: str, start: int) -> int:
    """Index where the clause starting at `start` ends (exclusive), brackets respected."""
    depth = 0
    ceiling = min(len(sentence), start + MAX_CLAUSE)
    for i in range(start, ceiling):
        ch = sentence[i]
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0 and (ch in CLAUSE_BREAKS or ch in "。!?"):
            return i
    return ceiling
