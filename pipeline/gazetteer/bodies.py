"""Where bodies whose names say nothing of their place are: 西南交通大学 is in 成都."""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from pipeline.gazetteer.index import gazetteer
from pipeline.gazetteer.model import Division


@cache
def _bodies() -> tuple[re.Pattern[str], dict[str, Division], dict[str, Division]]:
    raw = resources.files("pipeline.gazetteer.data").joinpath("bodies.toml").read_bytes()
    by_full_name = gazetteer().by_full_name
    tables = tomllib.loads(raw.decode())
    seats = {name: by_full_name[seat] for name, seat in tables["bodies"].items()}
    whole = {name: by_full_name[seat] for name, seat in tables["whole_names"].items()}
    # Longest first: "四川大学华西第二医院" is 华西第二医院 before it is 四川大学.
    names = sorted(seats, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, names))), seats, whole


def body_seat(party: str) -> Division | None:
    """The division where the first known body named in `party` has its seat, or None."""
    pattern, seats, whole = _bodies()
    found = pattern.search(party)
    return seats[found.group()] if found else whole.get(party)
