"""Administrative divisions of the parties, through the gazetteer (pipeline.gazetteer)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

_module: Any
try:  # the gazetteer is built separately; without it, agreements carry no regions
    from pipeline import gazetteer as _module
except ImportError:  # pragma: no cover - only while the gazetteer is missing
    _module = None

_API = ("resolve_party", "find_divisions", "is_chengyu", "contains", "expand_group")
# A half-built package (data only, no API yet) counts as missing.
_gazetteer: Any = _module if all(hasattr(_module, name) for name in _API) else None

# A department with no place in its name ("生态环境局", "双方妇联") takes the place
# named nearest before it in the sentence.
_NAMED_PLACE = re.compile(r"[省市区县州镇乡]|新区")


def available() -> bool:
    """Whether regions can be resolved at all."""
    return _gazetteer is not None


def divisions_in(text: str) -> list[tuple[int, int, Any]]:
    """(start, end, Division) for each place named in `text`; [] without a gazetteer."""
    if _gazetteer is None or not text:
        return []
    return list(_gazetteer.find_divisions(text))


def contains(outer: Any, inner: Any) -> bool:
    """Whether division `inner` lies in `outer` (or is it)."""
    return _gazetteer is not None and bool(_gazetteer.contains(outer, inner))


def place_names(text: str) -> list[str]:
    """Distinct place names as written in `text`, in order ("北碚区", "绵阳市")."""
    names: list[str] = []
    last_end, last = -1, None
    for start, end, found in divisions_in(text):
        if start == last_end and last is not None and _gazetteer.contains(last, found) and names:
            names[-1] += text[start:end]  # "重庆市" + "璧山区" is one place
        elif text[start:end] not in names:
            names.append(text[start:end])
        last_end, last = end, found
    return names


def resolve(parties: Sequence[str], context: str) -> tuple[tuple[str, ...], bool]:
    """Full division names of the parties (deduplicated, in party order) and in_region.

    One division per party, an ancestor kept beside its descendant: a municipal group is
    重庆市 next to its partner 重庆市万州区, as the labelled real reports have it.
    """
    if _gazetteer is None:
        return (), False
    found: list[Any] = []
    fallback = _context_division(context)
    for party in parties:
        members = group_members(party)
        if members:  # "川渝两省市关工委", "成德眉资": a party standing for several places
            found.extend(d for d in members if all(d.full_name != f.full_name for f in found))
            continue
        division = _gazetteer.resolve_party(party, fallback)
        if division is None and not _NAMED_PLACE.search(party):
            division = fallback
        if division is not None and all(d.full_name != division.full_name for d in found):
            found.append(division)
        if division is not None:
            fallback = division
    in_region = any(_gazetteer.is_chengyu(d) for d in found)
    return tuple(d.full_name for d in found), in_region


def group_members(party: str) -> list[Any]:
    """The divisions a compound abbreviation at the start of `party` stands for."""
    if _gazetteer is None:
        return []
    groups = [g for g in _gazetteer.expand_group(party) if g[0] == 0]
    return list(groups[0][2]) if groups else []


def _context_division(context: str) -> Any:
    hits = divisions_in(context)
    return hits[-1][2] if hits else None
