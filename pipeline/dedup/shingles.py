"""Character shingles of an article's analysis text, as sorted unique 64-bit hashes.

Shingles are taken over the text with whitespace and punctuation removed, so a reprint that
re-punctuates, re-wraps paragraphs or merges lines has the same shingles. Short lines that are
page furniture another site's template leaves behind (来源：…, 责任编辑：…) are dropped first.
"""

from __future__ import annotations

import re

import numpy as np
import numpy.typing as npt

# Measured in bench/dedup_tune.py: with k=5 the weakest reprint is 1.6× as similar as the
# most similar pair of distinct same-topic stories (k=3: 1.35×); k=6-8 lose LSH recall.
SHINGLE_SIZE = 5

# Furniture lines: a label and a colon, short. A real sentence that starts with 记者 has no
# colon after it ("记者从市经信委获悉…"), so it is kept.
_FURNITURE = re.compile(
    r"^[(\[【]?\s*(来源|稿源|责任编辑|责编|编辑|作者|记者|通讯员|审核|审校|校对|监制|编审|"
    r"摄影|图片|供图|原标题)\s*[:：]"
)
_FURNITURE_MAX_CHARS = 40
_NOT_WORD = re.compile(r"[\W_]+")

# Multiplier of the polynomial rolling hash (odd, so multiplication is a bijection mod 2^64).
_ROLL = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def clean(norm_text: str) -> str:
    """The letters and digits that shingles are made of: furniture lines, spaces, punctuation go."""
    lines = (
        line
        for line in norm_text.splitlines()
        if not (len(line) <= _FURNITURE_MAX_CHARS and _FURNITURE.match(line.strip()))
    )
    return _NOT_WORD.sub("", "".join(lines))


def shingle_hashes(norm_text: str, k: int = SHINGLE_SIZE) -> npt.NDArray[np.uint64]:
    """Sorted unique 64-bit hashes of the k-character shingles of `clean(norm_text)`.

    A text shorter than k has one shingle, itself, so short notices still compare by hash.
    """
    text = clean(norm_text)
    if not text:
        return np.empty(0, dtype=np.uint64)
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    width = max(1, len(points) - k + 1)
    rolled = np.zeros(width, dtype=np.uint64)
    for offset in range(min(k, len(points))):
        # uint64 arrays wrap modulo 2^64 silently: exactly the arithmetic wanted here.
        rolled = rolled * _ROLL + points[offset : offset + width]
    return np.unique(_mix(rolled))


def _mix(values: npt.NDArray[np.uint64]) -> npt.NDArray[np.uint64]:
    """splitmix64's finaliser: every input bit moves every output bit."""
    values = (values ^ (values >> np.uint64(30))) * _MIX1
    values = (values ^ (values >> np.uint64(27))) * _MIX2
    return values ^ (values >> np.uint64(31))


def jaccard(first: npt.NDArray[np.uint64], second: npt.NDArray[np.uint64]) -> float:
    """Jaccard similarity of two sorted unique hash arrays; 0.0 when both are empty."""
    if first.size == 0 or second.size == 0:
        return 0.0
    # Binary search of one sorted array in the other: 4x faster than np.intersect1d, which
    # concatenates and re-sorts both (it was a tenth of a crawl's duplicate lookup).
    at = np.searchsorted(second, first)
    at[at == second.size] = 0
    shared = int(np.count_nonzero(second[at] == first))
    return shared / (first.size + second.size - shared)
