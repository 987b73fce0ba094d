"""The analysis text: one spelling of Chinese, whatever script, width or junk the page had.

The original text is stored as published; everything that reads meaning (dedup,
recognition, extraction of agreements, search) reads this normalised form.
"""

from __future__ import annotations

import html
import re
import unicodedata

from pipeline.textnorm import to_simplified

_SPACE = re.compile(r"[^\S\n]+")
# A pinyin gloss after a character: 犍(qián)为, 綦(qí)江 — reading aids, not text. A tone
# mark is required so that 世界银行(World Bank) stays. Runs after NFKC: parentheses are ASCII.
_PINYIN_GLOSS = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[^)]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])"
    r"(?:[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]+\s?){1,4}\)",
    re.IGNORECASE,
)
# The same gloss on a mis-encoded page, its character and "(" turned into "?", often with a
# stray letter after it: 叶永忠?guī)ш?duì)一行 (was 带(dài)队(duì)). Removing it keeps the
# sentence whole, where "?" would end it.
_MANGLED_GLOSS = re.compile(
    r"\?(?=[^)]{0,6}[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüê]{1,6}\)"
    r"[^\s\u4e00-\u9fff\d,。?!:;、]?",
    re.IGNORECASE,
)
# Zero-width and bidi characters some sites sprinkle in to defeat copying and matching.
_INVISIBLE = re.compile("[\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff\u00ad]")
# HTML entities left in text copied from a page's source: "签署&nbsp;《…》", "&amp;".
_ENTITY = re.compile(r"&(?:[a-z]{2,8}|#\d{2,7}|#x[0-9a-f]{2,6});", re.IGNORECASE)
# Runs of decorative symbols left by share bars and dividers: ★★★, ———, ■■.
_DECORATION = re.compile(r"([★☆■□◆◇●○▲△▼▽※＊*=~—-])\1{2,}")


def normalise(text: str) -> str:
    """Simplified script, NFKC (full-width → half-width), junk removed, one space per run.

    Paragraph breaks survive as "\\n" because sentence-level analysis needs them.
    """
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m[0]), text)
    folded = unicodedata.normalize("NFKC", to_simplified(_INVISIBLE.sub("", text)))
    folded = _DECORATION.sub("", _MANGLED_GLOSS.sub("", _PINYIN_GLOSS.sub("", folded)))
    lines = (_SPACE.sub(" ", line).strip() for line in folded.split("\n"))
    return "\n".join(line for line in lines if line)
