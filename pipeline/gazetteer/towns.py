"""Towns (乡级: 镇, 乡, 街道) and the counties they are in.

Data: data/towns.json, from the 国家统计局 2023 codes (see SOURCES.md). Read on first use
only: most texts name no town a party stands for.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType

from pipeline.gazetteer.model import Division
from pipeline.gazetteer.tree import division

# How a town's name ends. A 民族乡 ("民族乡", "苗族乡") ends in 乡 too.
TOWN_ENDS = ("镇", "乡", "街道")


@cache
def _towns() -> tuple[Mapping[str, tuple[str, ...]], tuple[int, ...]]:
    """{town name: codes of the counties that have a town so named}, and the names'
    lengths, longest first."""
    raw = resources.files("pipeline.gazetteer.data").joinpath("towns.json").read_text("utf-8")
    counties: dict[str, list[str]] = {}
    for code, names in json.loads(raw)["towns"].items():
        for name in names.split():
            if _named(name):
                counties.setdefault(name, []).append(code)
    lengths = tuple(sorted({len(name) for name in counties}, reverse=True))
    return MappingProxyType({k: tuple(v) for k, v in counties.items()}), lengths


def _named(name: str) -> bool:
    """A town's name as reporters write it: two characters at least before its end ("张镇"
    and "街道" alone would be found in every "扩张镇…" and "各街道"), and not a statistical
    unit's ("城区", "林场")."""
    return any(name.endswith(end) and len(name) - len(end) >= 2 for end in TOWN_ENDS)


def counties_of(town: str) -> list[Division]:
    """The counties with a town named `town` ("高滩镇" → 邻水县 and one in 湖南), in code
    order; [] for a name no town has."""
    return [division(code) for code in _towns()[0].get(town, ())]


def towns_in(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each town `text` names, by the longest known name that ends
    where a town's name may end ("大足区宝顶镇" → 宝顶镇; "在洪安镇" → 洪安镇)."""
    names, lengths = _towns()
    found: list[tuple[int, int, str]] = []
    for end in _ends(text):
        for size in lengths:
            start = end - size
            if start >= (found[-1][1] if found else 0) and text[start:end] in names:
                found.append((start, end, text[start:end]))
                break
    return found


def _ends(text: str) -> Iterable[int]:
    at = 0
    while True:
        hits = [(i, len(e)) for e in TOWN_ENDS if (i := text.find(e, at)) >= 0]
        if not hits:
            return
        i, size = min(hits)
        yield i + size
        at = i + size
