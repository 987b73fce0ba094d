"""Load divisions.json once and index it: by code, by surface, one compiled trie regex."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from pipeline.gazetteer.model import PROVINCE, Division

# Finding names: a C-speed search for a plausible first and second character, then dict
# lookups of the slices starting there, longest first. With 6,000 surfaces (national
# counties) the former trie regex cost ~4x more per 3 KB than this (bench/gazetteer_speed.py).


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Everything the lookups need, built once by `gazetteer()`."""

    by_code: Mapping[str, Division]
    # surface → codes it may denote; () for a blocker or a bare generic zone name.
    surfaces: Mapping[str, tuple[str, ...]]
    by_name: Mapping[str, tuple[Division, ...]]  # names and aliases only, no pointers
    weak: frozenset[str]  # surfaces that count only after an ancestor
    generic: Mapping[str, str]  # "高新技术产业开发区" → "高新区"
    lengths: Mapping[str, tuple[int, ...]]  # first two characters → surface lengths, longest first
    starts: re.Pattern[str]  # where a surface may start: its first two characters' classes
    by_full_name: Mapping[str, Division]  # "甘肃省兰州市" → 兰州市
    groups: Mapping[str, tuple[str, ...]]  # "成德眉资" → member codes; () for a blocker
    abbreviations: Mapping[str, str]  # one-character province short names: "陇" → "620000"


@cache
def gazetteer() -> Gazetteer:
    """Read the shipped divisions.json (built by tools/build_gazetteer.py)."""
    raw = resources.files("pipeline.gazetteer.data").joinpath("divisions.json").read_text("utf-8")
    return _index(json.loads(raw))


def _index(doc: Mapping[str, Any]) -> Gazetteer:
    divisions = [_division(row) for row in doc["divisions"]]
    by_code = {d.code: d for d in divisions}
    by_name: dict[str, list[Division]] = {}
    for d in divisions:
        for surface in dict.fromkeys((d.name, *d.aliases)):
            by_name.setdefault(surface, []).append(d)
    surfaces: dict[str, tuple[str, ...]] = {}
    for surface, found in by_name.items():
        if len(surface) >= 2:  # one-character short names (川, 渝) never match text
            surfaces[surface] = tuple(d.code for d in found)
    for surface, code in doc["pointers"].items():
        surfaces.setdefault(surface, (code,))
    for surface in doc["generic_zones"]:
        surfaces.setdefault(surface, ())
    for surface in doc["blockers"]:  # a blocker wins even over a name (公安县 hides 安县)
        surfaces[surface] = ()
    return Gazetteer(
        by_code=MappingProxyType(by_code),
        surfaces=MappingProxyType(surfaces),
        by_name=MappingProxyType({k: tuple(v) for k, v in by_name.items()}),
        weak=frozenset(doc["weak"]),
        generic=MappingProxyType(dict(doc["generic_zones"])),
        lengths=MappingProxyType(_lengths(surfaces)),
        starts=_starts(surfaces),
        by_full_name=MappingProxyType({d.full_name: d for d in divisions}),
        groups=MappingProxyType(
            {
                **{name: tuple(codes) for name, codes in doc["groups"].items()},
                **{blocker: () for blocker in doc["group_blockers"]},
            }
        ),
        abbreviations=MappingProxyType(
            {
                alias: d.code
                for d in divisions
                if d.level == PROVINCE
                for alias in d.aliases
                if len(alias) == 1
            }
        ),
    )


def _division(row: Mapping[str, Any]) -> Division:
    return Division(
        code=row["code"],
        name=row["name"],
        level=row["level"],
        parent=row["parent"],
        full_name=row["full_name"],
        aliases=tuple(row["aliases"]),
        spans=tuple(row.get("spans", ())),
        note=row.get("note", ""),
        own_region=row.get("own_region", False),
    )


def _lengths(surfaces: Iterable[str]) -> dict[str, tuple[int, ...]]:
    found: dict[str, set[int]] = {}
    for surface in surfaces:
        found.setdefault(surface[:2], set()).add(len(surface))
    return {pair: tuple(sorted(sizes, reverse=True)) for pair, sizes in found.items()}


def _starts(surfaces: Iterable[str]) -> re.Pattern[str]:
    words = list(surfaces)
    first = "".join(re.escape(c) for c in sorted({w[0] for w in words}))
    second = "".join(re.escape(c) for c in sorted({w[1] for w in words}))
    return re.compile(f"[{first}](?=[{second}])")
