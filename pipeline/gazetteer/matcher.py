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
    """Every longest, non-overlapping match of a known surface (blockers included), left to
    right: at each position the longest surface that starts there wins."""
    gaz = gazetteer()
    search, position = gaz.starts.search, 0
    while (found := search(text, position)) is not None:
        position = found.start()
        size = _longest_at(gaz, text, position)
        if (
            size
            and text[position : position + size] in gaz.weak
            and _overrun(gaz, text, position, size)
        ):
            size = 0  # "铁路南宁": 南宁, not the weak 路南 (a district of 唐山)
        if size:
            yield Mention(position, position + size, text[position : position + size])
            position += size
        else:
            position += 1


def _longest_at(gaz: Gazetteer, text: str, position: int) -> int:
    """The length of the longest surface starting at text[position], else 0."""
    for size in gaz.lengths.get(text[position : position + 2], ()):
        # (a slice past the end is shorter: "石柱县" at the end is no 8-character match)
        if position + size <= len(text) and text[position : position + size] in gaz.surfaces:
            return size
    return 0


def _overrun(gaz: Gazetteer, text: str, position: int, size: int) -> bool:
    """Whether a strong surface starts inside the weak one at text[position:position+size]
    and runs past its end."""
    for inner in range(position + 1, position + size):
        longer = _longest_at(gaz, text, inner)
        if inner + longer > position + size and text[inner : inner + longer] not in gaz.weak:
            return True
    return False


# A government office right after a weak name makes it a place: "东坡法院", "长寿区委".
_OFFICES = (
    "法院", "人民法院", "检察院", "人民检察院", "公安局", "公安分局", "人民政府", "政府",
    "区委", "县委", "市委", "税务局", "法庭", "人大", "政协", "纪委",
)  # fmt: skip


def before_office(text: str, end: int) -> bool:
    """Whether a government office's name starts at text[end]."""
    return text.startswith(_OFFICES, end)


def choose(
    surface: str, anchor: Division | None, *, adjacent: bool, office: bool = False
) -> Division | None:
    """The division `surface` denotes after `anchor` (the last place named), or None.

    A weak surface (南岸, 市中区) needs `anchor` to be its ancestor and, in running text,
    to end right where it starts ("重庆南岸"), unless an `office` follows it ("东坡法院");
    a bare 高新区 needs `anchor`'s city.
    Among several readings the one inside `anchor` wins, then the one in 川渝.
    """
    gaz = gazetteer()
    if surface in gaz.generic:
        return _generic(gaz, gaz.generic[surface], anchor) if adjacent else None
    candidates = [division(code) for code in gaz.surfaces[surface]]
    inside = [d for d in candidates if anchor is not None and contains(anchor, d) and d != anchor]
    if inside:
        return inside[0] if adjacent or surface not in gaz.weak else None
    if (surface in gaz.weak and not office) or not candidates:
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


# After a name outside 川渝, these make it part of another word: 港口区域 (区域 "area"),
# 合作市场 (市场 "market"), 黄山路 / 泰州大桥 (streets and bridges named after cities).
_WORD_AFTER = {"区": ("域",), "市": ("场",)}
_STREET = ("路", "街", "大道", "大街", "大桥", "仪器")


def _part_of_word(text: str, m: Mention, d: Division) -> bool:
    """True when an outside-川渝 name is only the start of an ordinary word."""
    after = text[m.end : m.end + 2]
    if any(after.startswith(w) for w in _WORD_AFTER.get(m.surface[-1], ())):
        return not is_chengyu(d)
    return m.surface != d.name and after.startswith(_STREET) and not is_chengyu(d)


def _reading(
    text: str, m: Mention, anchor: Division | None, adjacent: bool
) -> tuple[Mention, Division] | None:
    """The mention as read: itself, or without its last character when that one begins
    another word ("河北区域" is 河北 + 区域, not 天津's 河北区); None when nothing is left."""
    d = choose(m.surface, anchor, adjacent=adjacent, office=before_office(text, m.end))
    if d is None or not _part_of_word(text, m, d):
        return (m, d) if d is not None else None
    shorter = Mention(m.start, m.end - 1, m.surface[:-1])
    if shorter.surface in gazetteer().surfaces and m.surface[-1] in _WORD_AFTER:
        found = choose(shorter.surface, anchor, adjacent=adjacent)
        if found is not None and not _part_of_word(text, shorter, found):
            return shorter, found
    return None


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
    for mention in mentions(text):
        adjacent = mention.start == last_end
        around = anchor
        if (
            anchor
            and anchor.parent
            and anchor.level == "county"
            and text[last_end : mention.start] == "、"
        ):
            # a sibling listed after a county: "云南威信、镇雄", "恩施利川、咸丰"
            around, adjacent = division(anchor.parent), True
        reading = _reading(text, mention, around, adjacent)
        if reading is not None:
            m, d = reading
            found.append((m.start, m.end, d))
            anchor, last_end = d, m.end
    return found
