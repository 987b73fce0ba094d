"""The Division record: one administrative division or functional zone."""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE, PREFECTURE, COUNTY, ZONE = "province", "prefecture", "county", "zone"


@dataclass(frozen=True, slots=True)
class Division:
    """A division of GB/T 2260, or a functional zone with a synthetic "Z…" code."""

    code: str  # "510500"; zones "Z500001"
    name: str  # official name: "泸州市", "泸县", "永川区", "两江新区"
    level: str  # PROVINCE | PREFECTURE | COUNTY | ZONE
    parent: str | None  # code of the parent; None for provinces and cross-border zones
    full_name: str  # from the province down: "四川省泸州市泸县", "重庆市两江新区"
    aliases: tuple[str, ...] = ()  # short and former names: "泸州", "郫县"
    spans: tuple[str, ...] = ()  # a cross-border zone: codes of the divisions it covers
    note: str = ""  # zones: what the zone is and who runs it
    # zones: an agreement's regions name the zone itself (重庆市两江新区), not its parent
    own_region: bool = False
