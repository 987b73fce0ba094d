"""Questions about the division tree: lookups, containment, 川渝 membership."""

from __future__ import annotations

from pipeline.gazetteer.index import gazetteer
from pipeline.gazetteer.model import Division

CHENGYU = frozenset({"510000", "500000"})  # 四川省, 重庆市


def division(code: str) -> Division:
    """The division with this GB/T 2260 (or synthetic "Z…") code; KeyError if unknown."""
    try:
        return gazetteer().by_code[code]
    except KeyError:
        raise KeyError(f"no division with code {code!r}") from None


def lookup(name: str) -> list[Division]:
    """All divisions whose official name, alias or full name ("甘肃省兰州市") is `name`,
    川渝 first."""
    gaz = gazetteer()
    found = gaz.by_name.get(name, ())
    if not found and name in gaz.by_full_name:
        return [gaz.by_full_name[name]]
    return sorted(found, key=lambda d: (not is_chengyu(d), d.code))


def ancestors(d: Division) -> list[Division]:
    """`d` and its parents up to the province (or the cross-border zone itself)."""
    chain = [d]
    while chain[-1].parent is not None:
        chain.append(division(chain[-1].parent))
    return chain


def contains(ancestor: Division, d: Division) -> bool:
    """True when `d` lies in `ancestor` by the parent chain; a division contains itself."""
    return any(a.code == ancestor.code for a in ancestors(d))


def is_chengyu(d: Division) -> bool:
    """True for divisions in Sichuan or Chongqing, and zones that lie only there."""
    top = ancestors(d)[-1]
    if top.spans:
        return all(is_chengyu(division(code)) for code in top.spans)
    return top.code in CHENGYU
