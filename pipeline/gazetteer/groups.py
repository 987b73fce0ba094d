"""Group mentions: one abbreviation for several divisions (川渝, 渝桂黔陇四省区市, 成德眉资).

Two kinds. Named groups come from the data (curated.toml `[groups]`: 成德眉资, 万达开,
泸永江 …). Runs of two to four one-character province short names (川渝, 川陕, 渝桂黔陇)
are read from the provinces' 简称; since many of those characters are common (新, 青, 云,
宁, 秦: 新青年, 青云, 秦晋之好), a run counts only when it names 四川 or 重庆, or when a
count follows that agrees with it ("京津冀三省市"). A place that `find_divisions` reads
wins over a group it overlaps (青川 is a county, 川渝高竹新区 a zone).
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.gazetteer.index import gazetteer
from pipeline.gazetteer.matcher import find_divisions
from pipeline.gazetteer.model import Division
from pipeline.gazetteer.tree import division

Group = tuple[int, int, tuple[Division, ...]]
_WINDOW = 16  # characters: longer than any name that could overlap a group
_CHENGYU_ABBREVIATIONS = frozenset({"510000", "500000"})
_NUMBERS = dict(zip("两二三四五六七八九十", (2, 2, 3, 4, 5, 6, 7, 8, 9, 10), strict=True))
# A run's first character is never 新 ("新渝黔高铁" is 渝黔), nor its last a 青 of 青年,
# 青少年, 青训 ("川渝青年" is 川渝).
_NOT_FIRST, _WORD_AFTER = "新", "青(?=[年少训])"
# "两省市", "四省区市", "（四省区市）", "两地": the count that may follow a run.
_COUNT = r"[（(]?(?P<count>[两二三四五六七八九十])(?:省区?市?|地)[)）]?"


@cache
def _pattern() -> re.Pattern[str]:
    gaz = gazetteer()
    chars = "".join(re.escape(c) for c in sorted(gaz.abbreviations))
    names = "|".join(re.escape(n) for n in sorted(gaz.groups, key=len, reverse=True))
    before = "".join(re.escape(c) for c in sorted(gaz.abbreviations) if c != _NOT_FIRST)
    char = f"(?!{_WORD_AFTER})[{chars}]"
    run = f"(?<![{before}])(?!{_NOT_FIRST})(?:{char}){{2,4}}(?!{char})"
    # The leading class lets `re` skip, in C, the positions where no group can start.
    firsts = "".join(
        re.escape(c) for c in sorted({n[0] for n in gaz.groups} | set(gaz.abbreviations))
    )
    return re.compile(f"(?=[{firsts}])(?:(?P<named>{names})|(?P<run>{run}))(?:{_COUNT})?")


def expand_group(text: str) -> list[Group]:
    """Every group mention in `text` as (start, end, member divisions), in order.

    `end` includes a count that follows ("川渝两省市" is one span). Members are in the
    order written: "渝桂黔陇" → (重庆市, 广西壮族自治区, 贵州省, 甘肃省).
    """
    found: list[Group] = []
    for match in _pattern().finditer(text):
        members = _members(match)
        if members and not _in_a_place(text, *match.span("named" if match["named"] else "run")):
            found.append((match.start(), match.end(), members))
    return found


def _in_a_place(text: str, start: int, end: int) -> bool:
    """True when a place read around the span overlaps it (青川县, 川渝高竹新区, 四川渝北);
    the window is the longest name around, so the text is not read whole for each group."""
    left = max(0, start - _WINDOW)
    places = find_divisions(text[left : end + _WINDOW])
    return any(s + left < end and start < e + left for s, e, _ in places)


def group_members(name: str) -> tuple[Division, ...]:
    """The members when all of `name` is one group ("渝桂黔陇", "川渝两省市"), else ()."""
    name = name.strip()
    groups = expand_group(name)
    if len(groups) == 1 and groups[0][0] == 0 and groups[0][1] == len(name):
        return groups[0][2]
    return ()


def _members(match: re.Match[str]) -> tuple[Division, ...]:
    gaz = gazetteer()
    count = _NUMBERS.get(match.group("count") or "", 0)
    if match.group("named"):
        codes = gaz.groups[match.group("named")]
    else:
        codes = tuple(dict.fromkeys(gaz.abbreviations[c] for c in match.group("run")))
        if len(codes) < len(match.group("run")):
            return ()  # 川蜀: one province twice is no group
        if not count and _CHENGYU_ABBREVIATIONS.isdisjoint(codes):
            return ()
    if count and count != len(codes):
        return ()
    return tuple(division(code) for code in codes)
