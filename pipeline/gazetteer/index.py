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

from pipeline.gazetteer.model import Division

# A trie regex: 1,700 literals as one alternation would make `re` try each at every
# position; nested by prefix (and bucketed at the root) it runs ~0.1 ms per 3 KB.
_Trie = dict[str, "_Trie"]
_END = ""


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """Everything the lookups need, built once by `gazetteer()`."""

    by_code: Mapping[str, Division]
    # surface → codes it may denote; () for a blocker or a bare generic zone name.
    surfaces: Mapping[str, tuple[str, ...]]
    by_name: Mapping[str, tuple[Division, ...]]  # names and aliases only, no pointers
    weak: frozenset[str]  # surfaces that count only after an ancestor
    generic: Mapping[str, str]  # "高新技术产业开发区" → "高新区"
    pattern: re.Pattern[str]
    groups: Mapping[str, tuple[str, ...]]  # "成德眉资" → codes of its member divisions


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
    for surface in (*doc["blockers"], *doc["generic_zones"]):
        surfaces.setdefault(surface, ())
    return Gazetteer(
        by_code=MappingProxyType(by_code),
        surfaces=MappingProxyType(surfaces),
        by_name=MappingProxyType({k: tuple(v) for k, v in by_name.items()}),
        weak=frozenset(doc["weak"]),
        generic=MappingProxyType(dict(doc["generic_zones"])),
        pattern=re.compile(_trie_regex(surfaces)),
        groups=MappingProxyType({k: tuple(v) for k, v in doc.get("groups", {}).items()}),
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
    )


def _trie_regex(words: Iterable[str]) -> str:
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _bucketed(trie)


def _bucketed(root: _Trie) -> str:
    """The root's ~700 first characters, consumed by one class, then told apart in buckets.

    `re` tries a branch's alternatives one by one, so a flat root costs ~700 tries at
    each candidate position. A leading `[...]` of all first characters lets `re` skip
    other positions in C; `(?<=[lo-hi])` buckets of ~√n characters cut the tries to ~50.
    """
    chars = sorted(c for c in root if c)
    size = max(1, int(len(chars) ** 0.5))
    buckets = []
    for i in range(0, len(chars), size):
        part = chars[i : i + size]
        inner = "|".join(f"(?<={re.escape(c)}){_node_regex(root[c])}" for c in part)
        buckets.append(f"(?<=[{re.escape(part[0])}-{re.escape(part[-1])}])(?:{inner})")
    return "[" + "".join(re.escape(c) for c in chars) + "](?:" + "|".join(buckets) + ")"


def _node_regex(node: _Trie) -> str:
    """Greedy: the longest word wins at a position, as only one child can match a char."""
    branches = [
        re.escape(char) + _node_regex(child) for char, child in sorted(node.items()) if char
    ]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if _END in node:
        return "(?:" + body + ")?" if len(branches) > 1 or len(body) > 1 else body + "?"
    return body
