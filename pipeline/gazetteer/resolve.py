"""Which division a signing party belongs to."""

from __future__ import annotations

import re

from pipeline.gazetteer.bodies import body_seat
from pipeline.gazetteer.groups import expand_group
from pipeline.gazetteer.matcher import before_office, choose, mentions
from pipeline.gazetteer.model import PROVINCE, Division
from pipeline.gazetteer.tree import contains

# Official names end so; a party whose only place-words are short names before 大学 or 学院
# ("四川大学", "四川美术学院") is a school, not that province's; a city's short name there
# ("成都中医药大学", "重庆医科大学") says where it is.
_ADMIN_SUFFIXES = ("省", "市", "区", "县", "州")
_UNIVERSITY = re.compile("大学|学院")
# Province-level places a university named after is in: the municipalities ("重庆医科大学"
# is in 重庆市), the special administrative regions (香港理工大学) and 台湾省, whose cities
# the codes do not list ("国立高雄餐旅大学"): no cities below them.
_CITY_PROVINCES = frozenset({"110000", "120000", "310000", "500000", "710000", "810000", "820000"})


def resolve_party(party: str, context: Division | None = None) -> Division | None:
    """The most specific division `party` belongs to, or None.

    "重庆市永川区经济和信息化委员会" → 永川区, "共青团泸州市委" → 泸州市,
    "重庆港务物流集团" → 重庆市, "宁波市江北区" → 浙江省 (the first place named sets
    the frame; a later name outside it is another place's homonym). `context` (say the
    city of the other party or of the article) settles a bare "高新区" and ambiguous
    names such as 市中区. A group party ("川渝两省市", "渝桂黔陇") gives None: its
    members come from `expand_group`.
    """
    if any(start == 0 for start, _, _ in expand_group(party)):
        return None  # 川渝两省市, 成德眉资: several divisions, see expand_group
    current: Division | None = None
    school = _UNIVERSITY.search(party)
    borrowed: Division | None = None
    for m in mentions(party):
        anchor = current if current is not None else context
        found = choose(m.surface, anchor, adjacent=True, office=before_office(party, m.end))
        if found is None:
            continue
        in_name = school is not None and m.start < school.start() and not _official(m.surface)
        if in_name and found.level == PROVINCE and found.code not in _CITY_PROVINCES:
            # 四川大学 is no more the province's than 重庆大学 the city's government; a
            # 学院 unknown by its seat is taken to be in the province it is named after
            borrowed = found if school is not None and school[0] == "学院" else borrowed
            continue
        if current is None or contains(current, found):
            current = found
    # "西南交通大学", "四川农业大学": a known body's seat says more than no place or the
    # province its name borrows; "成都国际铁路港" is in 青白江区, inside the city it names.
    seat = body_seat(party)
    if seat is not None and (current is None or (contains(current, seat) and seat != current)):
        return seat
    return current if current is not None else borrowed


def _official(surface: str) -> bool:
    return surface.endswith(_ADMIN_SUFFIXES)
