"""Find division names in text: one pass of the trie regex, then pick a reading."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from pipeline.gazetteer.index import Gazetteer, gazetteer
from pipeline.gazetteer.model import ZONE, Division
from pipeline.gazetteer.tree import contains, division, is_chengyu


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    surface: str


def mentions(text: str) -> Iterator[Mention]:
    """Every longest, non-overlapping match of a known surface (blockers included)."""
    for match in gazetteer().pattern.finditer(text):
        yield Mention(match.start(), match.end(), match.group())


def choose(surface: str, anchor: Division | None, *, adjacent: bool) -> Division | None:
    """The division `surface` denotes after `anchor` (the last place named), or None.

    A weak surface (南岸, 市中区) needs `anchor` to be its ancestor and, in running text,
    to end right where it starts ("重庆南岸"); a bare 高新区 needs `anchor`'s city.
    Among several readings the one inside `anchor` wins, then the one in 川渝.
    """
    gaz = gazetteer()
    if surface in gaz.generic:
        return _generic(gaz, gaz.generic[surface], anchor) if adjacent else None
    candidates = [division(code) for code in gaz.surfaces[surface]]
    inside = [d for d in candidates if anchor is not None and contains(anchor, d) and d != anchor]
    if inside:
        return inside[0] if adjacent or surface not in gaz.weak else None
    if surface in gaz.weak or not candidates:
        return None
    if len(candidates) > 1:
        candidates = [d for d in candidates if is_chengyu(d)]
    return candidates[0] if len(candidates) == 1 else None


def _generic(gaz: Gazetteer, short: str, anchor: Division | None) -> Division | None:
    """A bare 高新区 after `anchor`: the anchor's own zone of that name, else the anchor.

    "成都 高新区" is 成都高新区 (a zone); "永川 高新区" is 永川区, not 重庆高新区.
    """
    if anchor is None:
        return None
    for d in gaz.by_name.get(short, ()):
        if d.level == ZONE and d.parent == anchor.code:
            return d
    if anchor.level == ZONE:
        return division(anchor.parent) if anchor.parent else None
    return anchor


# A name ending where a word begins: "中原区域" is 中原 区域 (region), "…市场" a market.
_WORDS_AFTER = {"区": "域", "县": "域", "市": "场"}


def _inside_word(text: str, m: Mention) -> bool:
    """Whether the name is the head of a longer word; checked for places outside 川渝,
    whose names the news mentions seldom, so that a word is the likelier reading."""
    follows = _WORDS_AFTER.get(m.surface[-1])
    return follows is not None and text[m.end : m.end + 1] == follows


def find_divisions(text: str) -> list[tuple[int, int, Division]]:
    """Every mention of a division in `text` as (start, end, division), in order.

    Longest match wins and matches never overlap; one-character short names never
    match; weak names (南岸, 长寿, 东坡, 市中区) count only right after an ancestor
    ("重庆南岸", "内江市市中区"). A prefecture of another province ("宁波市") yields
    its province; "<city>高新区" yields the city's zone or the city.
    """
    found: list[tuple[int, int, Division]] = []
    anchor: Division | None = None
    last_end = -1
    for m in mentions(text):
        d = choose(m.surface, anchor, adjacent=m.start == last_end)
        if d is not None and not is_chengyu(d) and _inside_word(text, m):
            continue
        if d is not None:
            found.append((m.start, m.end, d))
            anchor, last_end = d, m.end
    return found
