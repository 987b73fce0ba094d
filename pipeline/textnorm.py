"""Script conversion and a cheap language guess for Chinese news text."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

__all__ = [
    "HALF_WIDTH_ALNUM",
    "cn_number",
    "detect_language",
    "is_traditional",
    "strip_invisible",
    "to_simplified",
]

# Zero-width and bidi characters some sites sprinkle in to defeat copying and matching; a
# caption "(资料\u200b图片)" must read as one. A character class, not a str.translate table:
# re scans in C, twenty times faster on text that has none (most text), and this runs on
# every node of every page.
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\xad]")


# A reprint's full-width digits and letters ("２０２４－０５－１６"), one for one as the usual
# ones (offsets keep); its full-width punctuation is what Chinese text has anyway.
HALF_WIDTH_ALNUM = {
    c: c - 0xFEE0 for r in ((0xFF10, 0xFF1A), (0xFF21, 0xFF3B), (0xFF41, 0xFF5B)) for c in range(*r)
} | {0xFF0D: "-", 0xFF0E: ".", 0xFF0F: "/"}


# Chinese numerals as dates write them; "Ｏ"/"O" stand in for 〇 in OCR'd and typed pages.
_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CN_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int:
    """十二 → 12, 二十一 → 21, 三十 → 30, 二〇二四 → 2024 (digit by digit); KeyError when
    `text` holds another character."""
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def in_order(short: str, full: str) -> bool:
    """Whether `short`'s characters are `full`'s, in order: how Chinese names are shortened
    ("重医附属儿童医院" of "重庆医科大学附属儿童医院")."""
    chars = iter(full)
    return all(ch in chars for ch in short)


def strip_invisible(text: str) -> str:
    return _INVISIBLE.sub("", text)


# is_traditional looks at a sample only: 400 Han characters decide reliably and
# keep the pure-Python converter at ~1 ms instead of ~10 ms for 5,000 characters.
_SAMPLE_HAN = 400
# Share of Han characters that change under t2s. Simplified text changes ~0 %
# (a few t2s entries map variants); Traditional news text changes 20-40 %.
_TRADITIONAL_SHARE = 0.08
# detect_language: at least this share of letters (Han + Latin) must be Han for zh.
_HAN_SHARE_FOR_ZH = 0.3
_MIN_LETTERS = 2


class _Converter(Protocol):
    def convert(self, text: str) -> str: ...


@lru_cache(maxsize=1)
def _t2s() -> _Converter:
    """The OpenCC t2s converter, built once per process.

    The official ``opencc`` wheel (C++) and ``opencc-python-reimplemented`` install the
    same module name; both take a config name, the official one with ``.json``.
    """
    import opencc  # deferred: loading the dictionaries costs ~100 ms

    try:
        converter: _Converter = opencc.OpenCC("t2s.json")
    except Exception:  # the reimplementation rejects the .json suffix
        converter = opencc.OpenCC("t2s")
    return converter


_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Counted by deleting the rest: a sub is ~3x faster than findall's list of matches.
_NOT_HAN = re.compile("[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_NOT_LATIN = re.compile("[^A-Za-z]+")
# detect_language reads a prefix only; 3,000 characters settle the counts.
_SAMPLE_CHARS = 3000


def to_simplified(text: str) -> str:
    """Convert Traditional Chinese to Simplified (OpenCC t2s); other text passes through."""
    if not _HAN.search(text):
        return text
    return _t2s().convert(text)


def is_traditional(text: str) -> bool:
    """Guess whether ``text`` is written in Traditional characters."""
    han = _NOT_HAN.sub("", text[: _SAMPLE_HAN * 4])[:_SAMPLE_HAN]
    if not han:
        return False
    converted = _t2s().convert(han)
    changed = sum(1 for a, b in zip(han, converted, strict=False) if a != b)
    return changed / len(han) >= _TRADITIONAL_SHARE


def detect_language(text: str) -> str:
    """Return "zh-Hans", "zh-Hant", "en" or "und" from counts of Han and Latin letters."""
    sample = text[:_SAMPLE_CHARS]
    han = len(_NOT_HAN.sub("", sample))
    latin = len(_NOT_LATIN.sub("", sample))
    if han + latin < _MIN_LETTERS:
        return "und"
    # A Latin word is ~5 letters but one Han character is a word, hence the weighting.
    if han / (han + latin / 5) >= _HAN_SHARE_FOR_ZH:
        return "zh-Hant" if is_traditional(sample) else "zh-Hans"
    if latin > han:
        return "en"
    return "und"
