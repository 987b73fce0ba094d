"""Cluster a list page's links by URL shape and score how article-like each cluster is."""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, cast

from crawlers.inference.links import Link
from crawlers.inference.paging import pager_number
from crawlers.inference.shapes import DIGITS, HEX, Shape, cluster_regex, is_dated, shape_of

MIN_MEMBERS = 3  # fewer links than this are not a "repeated shape"
# Calendars and search pages link to pages that never end (every date, every query).
_TRAP_KEYS = re.compile(
    r"^(?:date|day|d|ym|year|month|riqi|search\w*|keywords?|kw|q|wd|query|searchword)$",
    re.IGNORECASE,
)
_TRAP_PATH = re.compile(r"(?:^|/)(?:search|calendar|rili|so|jsearch|s)(?:/|\.|$)", re.IGNORECASE)
_DAY_TEXT = re.compile(r"^\d{1,2}(?:日)?$")


@dataclass(frozen=True, slots=True)
class Cluster:
    """Links of one URL shape, with the scores that rank it as articles."""

    regex: str
    urls: tuple[str, ...]  # unique, in page order
    texts: tuple[str, ...]  # one anchor text per URL (the longest seen)
    score: float
    furniture_share: float
    median_text: float
    pages_seen: int
    trap: str | None  # "calendar" / "search" when the shape never ends
    pager: bool  # the cluster is the list's own pagination

    @property
    def size(self) -> int:
        return len(self.urls)


@dataclass
class _Group:
    shapes: list[Shape]
    links: list[Link]
    pages: set[int]


def clusters(pages: Sequence[Sequence[Link]], total_links: int) -> list[Cluster]:
    """Every cluster of `MIN_MEMBERS`+ distinct URLs, best articles first."""
    groups: dict[tuple[object, ...], _Group] = {}
    for index, links in enumerate(pages):
        for link in links:
            shape = shape_of(link.url)
            group = groups.setdefault(shape.key, _Group([], [], set()))
            group.shapes.append(shape)
            group.links.append(link)
            group.pages.add(index)
    built = [_build(g, None, -1, total_links) for g in groups.values()]
    built += _merged(groups, total_links)
    found = [c for c in built if c is not None and c.size >= MIN_MEMBERS]
    return sorted(found, key=lambda c: c.score, reverse=True)


def _merged(groups: dict[tuple[object, ...], _Group], total: int) -> list[Cluster | None]:
    """Shapes differing only in one plain-word folder (`/jrcq/` vs `/qxdt/`), as one cluster."""
    by_hole: dict[tuple[Any, ...], list[tuple[str, _Group]]] = defaultdict(list)
    for key, group in groups.items():
        host, path, query = cast(tuple[str, Any, Any], key)
        if not _headline_like(group):
            continue  # column menus of one shape are not a reason to widen an article shape
        for at, tokens in enumerate(path[:-1]):
            if len(tokens) == 1 and DIGITS not in tokens and HEX not in tokens:
                hole = (host, path[:at], path[at + 1 :], query, at)
                by_hole[hole].append((tokens[0], group))
    merged: list[Cluster | None] = []
    for hole, members in by_hole.items():
        if not 2 <= len(members) <= 8 or min(len({u.url for u in g.links}) for _, g in members) < 2:
            continue
        union = _Group([], [], set())
        for _, group in members:
            union.shapes += group.shapes
            union.links += group.links
            union.pages |= group.pages
        merged.append(_build(union, [word for word, _ in members], hole[-1], total))
    return merged


def _headline_like(group: _Group) -> bool:
    texts = [link.text for link in group.links if link.text]
    furniture = sum(link.furniture for link in group.links) / len(group.links)
    return bool(texts) and statistics.median(len(t) for t in texts) >= 8 and furniture < 0.5


def _build(group: _Group, variants: list[str] | None, at: int, total: int) -> Cluster | None:
    texts: dict[str, str] = {}
    shapes: dict[str, Shape] = {}
    furniture = 0
    for link, shape in zip(group.links, group.shapes, strict=True):
        if len(link.text) > len(texts.get(link.url, "")) or link.url not in texts:
            texts[link.url] = link.text
        shapes.setdefault(link.url, shape)
        furniture += link.furniture
    if len(texts) < MIN_MEMBERS:
        return None
    members = list(shapes.values())
    regex = cluster_regex(members, variants or (), at)
    median = statistics.median(len(t) for t in texts.values())
    furniture_share = furniture / len(group.links)
    trap = _trap(members[0], list(texts.values()))
    pager = sum(pager_number(u) is not None for u in texts) > len(texts) / 2 and median <= 4
    cluster = Cluster(
        regex=regex,
        urls=tuple(texts),
        texts=tuple(texts.values()),
        score=0.0,
        furniture_share=furniture_share,
        median_text=median,
        pages_seen=len(group.pages),
        trap=trap,
        pager=pager,
    )
    return _scored(cluster, members[0], total)


def _trap(shape: Shape, texts: list[str]) -> str | None:
    if any(_TRAP_KEYS.match(key) for key, _ in shape.query):
        return (
            "search"
            if any("search" in k.lower() or k in ("q", "wd", "kw") for k, _ in shape.query)
            else "calendar"
        )
    path = "/".join("".join(t) for t in shape.path)
    if _TRAP_PATH.search(path):
        return "search" if "search" in path.lower() or "/so" in path else "calendar"
    if texts and all(_DAY_TEXT.match(t) for t in texts) and is_dated(shape):
        return "calendar"
    return None


def _scored(cluster: Cluster, shape: Shape, total: int) -> Cluster:
    """0–1: text like a headline, outside furniture, an id or date in the URL, repeated."""
    if cluster.trap or cluster.pager:
        return _with(cluster, 0.0)
    last = shape.path[-1] if shape.path else ()
    ident = 1.0 if (DIGITS in last or HEX in last or (shape.query and shape.values)) else 0.4
    ident = ident if shape.has_slot() else 0.0
    headline = min(cluster.median_text / 12.0, 1.0)  # Chinese headlines: 12–40 characters
    main = 1.0 - cluster.furniture_share
    dated = 1.0 if is_dated(shape) else 0.5
    share = min(cluster.size / max(total, 1) * 3, 1.0)
    depth = min(shape.depth / 3, 1.0)
    repeated = 1.0 if cluster.pages_seen > 1 else 0.7
    score = (
        0.30 * headline
        + 0.20 * main
        + 0.20 * ident
        + 0.10 * dated
        + 0.10 * share
        + 0.05 * depth
        + 0.05 * repeated
    )
    return _with(cluster, round(score, 3))


def _with(cluster: Cluster, score: float) -> Cluster:
    return replace(cluster, score=score)
