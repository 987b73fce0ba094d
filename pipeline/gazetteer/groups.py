"""Compound abbreviations: one name for several places (川渝, 成德眉资, 渝桂黔陇四省区市)."""

from __future__ import annotations

import re
from functools import cache

from pipeline.gazetteer.index import gazetteer
from pipeline.gazetteer.model import PROVINCE, Division
from pipeline.gazetteer.tree import division

# A run of one-character province abbreviations names those provinces when it mentions
# 川 or 渝 (our region: 川陕, 渝黔, 渝桂黔陇) or is followed by a count of them
# ("京津冀三地", "黑吉辽三省"): elsewhere such runs are ordinary words (新京报, 青云).
_COUNTED = r"(?:两|三|四|五|六|\d)(?:省|地|市|区)|(?:两|三|四|五|六|\d)?省[区市]{1,2}|地区"


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, Division]]:
    gaz = gazetteer()
    letters = {
        alias: d
        for d in gaz.by_code.values()
        if d.level == PROVINCE
        for alias in d.aliases
        if len(alias) == 1
    }
    names = sorted(gaz.groups, key=len, reverse=True)
    named = re.compile("|".join(map(re.escape, names))) if names else re.compile(r"(?!)")
    chars = "".join(sorted(letters))
    run = re.compile(rf"[{chars}]{{2,5}}(?={_COUNTED})|[{chars}]*[川渝][{chars}]*")
    return named, run, letters


def expand_group(text: str) -> list[tuple[int, int, tuple[Division, ...]]]:
    """(start, end, member divisions) of each compound abbreviation in `text`, in order.

    A run that is part of a division's own name ("青川县") is not a group.
    """
    named, run, letters = _patterns()
    gaz = gazetteer()
    found: dict[int, tuple[int, int, tuple[Division, ...]]] = {}
    places = {i for s, e, _ in _division_spans(text) for i in range(s, e)}
    for m in named.finditer(text):
        if places & set(range(m.start(), m.end())):
            continue  # "川渝高竹新区" is one zone
        members = tuple(division(code) for code in gaz.groups[m.group()])
        found[m.start()] = (m.start(), m.end(), members)
    taken = {i for start, end, _ in found.values() for i in range(start, end)}
    for m in run.finditer(text):
        span = range(m.start(), m.end())
        if len(m.group()) < 2 or taken & set(span) or places & set(span):
            continue
        members = tuple(dict.fromkeys(letters[c] for c in m.group()))
        if len(members) >= 2:
            found[m.start()] = (m.start(), m.end(), members)
    return [found[k] for k in sorted(found)]


def _division_spans(text: str) -> list[tuple[int, int, Division]]:
    from pipeline.gazetteer.matcher import find_divisions

    return [(s, e, d) for s, e, d in find_divisions(text) if e - s > 1]
