"""Choosing what a digest holds: stories as items, a subscriber's filters, grouping.

Pure functions, no I/O. A digest run converts the stories once (`to_items`) and then asks
`select` per subscriber, so everything a match needs (each item's division codes with
their ancestors, its normalised search text) is computed in `to_items`, and `matches`
is a few set operations (10,000 subscribers × 500 stories: see tests/notify/test_selection).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol

from notify.evidence import original_span
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.gazetteer import Division, division, find_divisions, is_chengyu, lookup
from pipeline.normalise import normalise
from pipeline.stories import Story

OTHER_PLACE = "其他地区"
OTHER_SECTOR = "其他"
MUNICIPALITIES = frozenset({"110000", "120000", "310000", "500000"})  # 直辖市: no prefectures
SUMMARY_LIMIT = 120  # characters: two lines of a phone screen


class SubscriberLike(Protocol):
    """What `Filters.of` reads from a `notify.models.Subscriber`."""

    regions: list[str]
    sectors: list[str]
    keywords: list[str]
    in_region_only: bool


def sector_label(code: str) -> str:
    """The Chinese label of a sector code; an unknown code is shown as itself."""
    return SECTOR_LABELS.get(code, code)


def fold(text: str) -> str:
    """The form keywords and item text are compared in: `normalise`d, case-folded."""
    return normalise(text).casefold()


@dataclass(frozen=True, slots=True)
class Filters:
    """What one subscriber asked for; an empty tuple means "no restriction"."""

    regions: tuple[str, ...]  # division codes
    sectors: tuple[str, ...]
    keywords: tuple[str, ...]  # folded (Simplified, NFKC, case-folded); any one suffices
    in_region_only: bool = False
    # The same as sets, for the per-item tests (built once per subscriber, not per item).
    region_set: frozenset[str] = field(init=False, repr=False, compare=False)
    sector_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Keywords are folded here, not trusted to be: a Traditional or full-width keyword
        # typed by hand must still match. Folding is idempotent, so folded input is fine.
        keywords = tuple(dict.fromkeys(k for k in map(fold, self.keywords) if k))
        object.__setattr__(self, "keywords", keywords)
        object.__setattr__(self, "region_set", frozenset(self.regions))
        object.__setattr__(self, "sector_set", frozenset(self.sectors))

    @classmethod
    def of(cls, subscriber: SubscriberLike) -> Filters:
        """The filters of a subscriber row; region names (not codes) are resolved too."""
        return cls(
            regions=tuple(_region_code(r) for r in subscriber.regions),
            sectors=tuple(subscriber.sectors),
            keywords=tuple(subscriber.keywords),
            in_region_only=subscriber.in_region_only,
        )


@dataclass(frozen=True, slots=True)
class ItemAgreement:
    """One agreement of an item, as a digest shows it."""

    title: str | None
    parties: tuple[str, ...]
    regions: tuple[str, ...]  # full names: 四川省泸州市泸县
    signed_on: str | None
    sectors: tuple[str, ...]  # codes
    in_region: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """One story as it goes into a digest.

    The fields after `sectors` are what `matches` and `group` read; `to_items` fills them.
    """

    story_id: int  # the root article's id
    title: str
    url: str  # the root's: the first report
    source: str
    published_at: datetime | None
    agreements: tuple[ItemAgreement, ...]
    summary: str
    also: tuple[tuple[str, str], ...]  # (source, url) of the other reports
    regions: tuple[str, ...]  # union of the agreements' regions, in order
    sectors: tuple[str, ...]  # union of the agreements' sectors, in order
    codes: frozenset[str] = field(default=frozenset(), repr=False, compare=False)
    haystack: str = field(default="", repr=False, compare=False)
    in_region: bool = field(default=False, repr=False, compare=False)
    place: str = field(default=OTHER_PLACE, repr=False, compare=False)
    status: str = field(default="new", repr=False, compare=False)
    # (heading, codes) of each region: `group` puts the item under the subscriber's own side.
    places: tuple[tuple[str, frozenset[str]], ...] = field(default=(), repr=False, compare=False)


def to_items(
    stories: Sequence[Story], source_titles: Mapping[str, str] | None = None
) -> list[Item]:
    """Stories as items, in the same order; once per digest run, not per subscriber.

    `source_titles` maps source names to what readers know them by (cqrb → 重庆日报).
    """
    places = _Places()
    titles = source_titles or {}
    return [_item(story, places, titles) for story in stories if story.root.id is not None]


def matches(filters: Filters, item: Item) -> bool:
    """True when the item is something this subscriber asked for."""
    if filters.in_region_only and not item.in_region:
        return False
    if filters.sector_set and filters.sector_set.isdisjoint(item.sectors):
        return False
    if filters.region_set and filters.region_set.isdisjoint(item.codes):
        return False
    return not filters.keywords or any(k in item.haystack for k in filters.keywords)


def select(
    filters: Filters,
    items: Sequence[Item],
    delivered: AbstractSet[int],
    *,
    require_review: bool = False,
    statuses: Mapping[int, str] | None = None,
) -> list[Item]:
    """The items for one subscriber, in the given order.

    Never: a story already delivered to them, or one rejected at the review desk. With
    `require_review`, only approved ones. `statuses` (story id → article status) is the
    desk's latest word; without an entry the status read in `to_items` counts.
    """
    fresh = statuses or {}
    chosen = []
    for item in items:
        if item.story_id in delivered:
            continue
        status = fresh.get(item.story_id, item.status)
        if status == "rejected" or (require_review and status != "approved"):
            continue
        if matches(filters, item):
            chosen.append(item)
    return chosen


@dataclass(frozen=True)
class Candidates:
    """Items in order, indexed by the division codes they touch (`Item.codes`).

    A subscriber who names regions can only match items touching one of them, usually a
    few dozen of 500: `for_filters` hands `select` those alone, in order, instead of
    every item (bench/digest.py selection, reading included: 0.18 → 0.09 ms a digest).
    """

    items: Sequence[Item]
    by_code: Mapping[str, Sequence[int]]

    @classmethod
    def of(cls, items: Sequence[Item]) -> Candidates:
        by_code: dict[str, list[int]] = {}
        for position, item in enumerate(items):
            for code in item.codes:
                by_code.setdefault(code, []).append(position)
        return cls(items, by_code)

    def for_filters(self, filters: Filters) -> Sequence[Item]:
        """The items `select` must look at for these filters; no match is left out."""
        if not filters.region_set:
            return self.items
        found = {p for code in filters.region_set for p in self.by_code.get(code, ())}
        return [self.items[p] for p in sorted(found)]


def group(
    items: Sequence[Item], by: str = "region", within: frozenset[str] = frozenset()
) -> list[tuple[str, list[Item]]]:
    """Items under headings: their city ("泸州市", "重庆市永川区") or first sector's label.

    `within`: the subscriber's region codes; an item is headed by its first region inside
    them, so a 四川 reader finds 宜宾 and 璧山区's pact under 宜宾市, not 重庆市璧山区.
    Items keep their order inside a group; groups go largest first, then by name.
    """
    if by == "region":
        key = _place_of if not within else (lambda item: _own_place(item, within))
    elif by == "sector":
        key = _sector_of
    else:
        raise ValueError(f"cannot group by {by!r}: 'region' or 'sector'")
    groups: dict[str, list[Item]] = {}
    for item in items:
        groups.setdefault(key(item), []).append(item)
    return sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def _place_of(item: Item) -> str:
    return item.place


def _own_place(item: Item, within: frozenset[str]) -> str:
    return next((heading for heading, codes in item.places if codes & within), item.place)


def _sector_of(item: Item) -> str:
    return sector_label(item.sectors[0]) if item.sectors else OTHER_SECTOR


def _item(story: Story, places: _Places, source_titles: Mapping[str, str]) -> Item:
    root = story.root
    assert root.id is not None
    agreements = tuple(
        ItemAgreement(
            title=a.title or None,
            parties=tuple(a.parties),
            regions=tuple(a.regions),
            signed_on=a.signed_on,
            sectors=tuple(a.sectors),
            in_region=a.in_region,
        )
        for a in story.agreements
    )
    regions = _union(a.regions for a in agreements)
    evidence = story.agreements[0].evidence if story.agreements else ""
    evidence = original_span(root.text, evidence) if evidence else ""
    summary = summarise(root.text) or _clip(evidence) or _clip(root.text)
    also = tuple(
        dict.fromkeys(
            (source_titles.get(a.source, a.source), a.url) for a in story.also if a.url != root.url
        )
    )
    searchable = [root.title, summary]
    for a in agreements:
        searchable += [a.title or "", *a.parties]
    return Item(
        story_id=root.id,
        title=root.title,
        url=root.url,
        source=source_titles.get(root.source, root.source),
        published_at=root.published_at,
        agreements=agreements,
        summary=summary,
        also=also,
        regions=regions,
        sectors=_union(a.sectors for a in agreements),
        codes=frozenset().union(
            *(places.codes(r) for r in regions),
            *(places.zones(p) for a in agreements for p in a.parties),
        ),
        # "\n" between fields (kept by `fold`): a keyword never matches across two of them.
        haystack=fold("\n".join(searchable)),
        in_region=any(a.in_region for a in agreements),
        place=places.heading(regions),
        places=tuple((places.heading([r]), places.codes(r)) for r in regions),
        status=root.status,
    )


def _union(groups: Iterable[Iterable[str]]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(x for g in groups for x in g))


# A sentence ends at 。！？ (or ASCII !?; or ; ；) and keeps its closing quotes.
_SENTENCE = re.compile(r"[^。！？!?；;\n]*[。！？!?；;]?[”’」』\"]*")
# A lead's credit: "本报讯（记者 张三）", "川观新闻讯", "新华社成都11月20日电（记者 李四）".
_CREDIT = re.compile(
    r"^(?:[^，。\s（(]{0,10}(?:报|网|台|新闻)讯|新华社[^，。\s（(]{0,12}电)?\s*"
    r"(?:[（(](?:记者|通讯员|本报|来源|特约)[^）)]{0,30}[）)])?\s*"
)


def summarise(text: str) -> str:
    """The first sentence or two of the text, within `SUMMARY_LIMIT` characters; or "".

    "" when the lead is too long to show whole (the caller then uses the evidence).
    """
    lead = _CREDIT.sub("", text.strip().split("\n", 1)[0].strip()) if text.strip() else ""
    sentences = [s.strip() for s in _SENTENCE.findall(lead) if s.strip()]
    if not sentences or len(sentences[0]) > SUMMARY_LIMIT:
        return ""
    summary = sentences[0]
    if len(sentences) > 1 and len(summary) + len(sentences[1]) <= SUMMARY_LIMIT:
        summary += sentences[1]
    return summary


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SUMMARY_LIMIT else text[: SUMMARY_LIMIT - 1] + "…"


def _region_code(value: str) -> str:
    try:
        return division(value).code
    except KeyError:
        found = lookup(value)
        return found[0].code if found else value


class _Places:
    """Full division names resolved once per digest run (a handful of distinct names)."""

    def __init__(self) -> None:
        self._divisions: dict[str, Division | None] = {}
        self._codes: dict[str, frozenset[str]] = {}
        self._zones: dict[str, frozenset[str]] = {}

    def division(self, full_name: str) -> Division | None:
        if full_name not in self._divisions:
            self._divisions[full_name] = _resolve(full_name)
        return self._divisions[full_name]

    def codes(self, full_name: str) -> frozenset[str]:
        """The division's code and every code that contains it (a zone: what it spans)."""
        if full_name not in self._codes:
            d = self.division(full_name)
            self._codes[full_name] = frozenset(_containing(d)) if d else frozenset()
        return self._codes[full_name]

    def zones(self, party: str) -> frozenset[str]:
        """The zones a party names: an agreement's regions give 成都高新区 as 四川省成都市,
        and a subscriber to 成都高新区 still gets its pacts."""
        if party not in self._zones:
            found = find_divisions(party)
            self._zones[party] = frozenset(d.code for _, _, d in found if d.level == "zone")
        return self._zones[party]

    def heading(self, regions: Sequence[str]) -> str:
        """The city of the first 川渝 region (else the first region) for grouping."""
        known = [d for d in map(self.division, regions) if d is not None]
        chosen = next((d for d in known if is_chengyu(d)), known[0] if known else None)
        if chosen is None:
            return regions[0] if regions else OTHER_PLACE
        return _city(chosen)


def _resolve(full_name: str) -> Division | None:
    """The division written out in full; failing that, the longest known ending or start."""
    suffixes = [full_name[i:] for i in range(len(full_name) - 1)]
    for suffix in suffixes:
        for d in lookup(suffix):
            if d.full_name == full_name:
                return d
    for name in (*suffixes, *(full_name[:j] for j in range(len(full_name) - 1, 1, -1))):
        found = lookup(name)
        if found:
            return found[0]
    return None


def _chain(d: Division) -> list[Division]:
    chain = [d]
    while chain[-1].parent is not None:
        chain.append(division(chain[-1].parent))
    return chain


def _containing(d: Division) -> set[str]:
    codes = {a.code for a in _chain(d)}
    for span in _chain(d)[-1].spans:  # a cross-border zone lies in each division it spans
        codes |= {a.code for a in _chain(division(span))}
    return codes


def _city(d: Division) -> str:
    """泸县 → 泸州市; 永川区 → 重庆市永川区; 天府新区 → 成都市; 重庆市 → 重庆市."""
    chain = _chain(d)
    for a in chain:
        if a.level == "prefecture":
            return a.name
    top = chain[-1]
    if top.code in MUNICIPALITIES and len(chain) > 1:
        return chain[-2].full_name
    return top.name
