"""The agreement form of the item page: what the reviewer typed, kept for re-showing, and
the checked values it means (regions resolved through the gazetteer to full names).

Also the gazetteer suggestions the region fields offer while the reviewer types.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import date
from functools import cache

from starlette.datastructures import FormData

from pactwatch.web.forms import REGION_SEPARATORS, form_text
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.gazetteer import Division, is_chengyu, lookup
from pipeline.gazetteer.index import gazetteer
from pipeline.models import Agreement
from pipeline.textnorm import to_simplified

MAX_PARTIES, MAX_REGIONS, MAX_TEXT = 20, 20, 200
SUGGESTIONS = 10
_LEVELS = {"province": 0, "prefecture": 1, "county": 2, "zone": 3}
_FULL_DATE = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_MONTH_DAY = re.compile(r"(\d{1,2})-(\d{1,2})")


class BadAgreement(ValueError):
    """The form cannot be saved; `messages` says why, one line per problem."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class AgreementFields:
    """Checked values, in the form the `agreement` table keeps them."""

    title: str | None
    parties: list[str]
    regions: list[str]  # full names: 四川省泸州市泸县
    signed_on: str | None  # YYYY-MM-DD or MM-DD
    sectors: list[str]
    in_region: bool  # a region lies in Sichuan or Chongqing

    def values(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class AgreementForm:
    """The form's fields as typed; `errors` are shown above it after a failed save."""

    title: str = ""
    parties: str = ""  # one per line
    regions: list[str] = field(default_factory=list)  # one field per region
    signed_on: str = ""
    sectors: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @classmethod
    def from_form(cls, form: FormData) -> AgreementForm:
        regions = [r for v in form.getlist("regions") if isinstance(v, str) for r in _split(v)]
        return cls(
            title=form_text(form, "title"),
            parties=form_text(form, "parties"),
            regions=regions,
            signed_on=form_text(form, "signed_on"),
            sectors=[s for s in form.getlist("sectors") if isinstance(s, str)],
        )

    @classmethod
    def of(cls, agreement: Agreement) -> AgreementForm:
        return cls(
            title=agreement.title or "",
            parties="\n".join(agreement.parties),
            regions=list(agreement.regions),
            signed_on=agreement.signed_on or "",
            sectors=list(agreement.sectors),
        )

    def parse(self) -> AgreementFields:
        """The values to store; `BadAgreement` lists every problem at once."""
        errors: list[str] = []
        title = self.title.strip().removeprefix("《").removesuffix("》").strip()
        if len(title) > MAX_TEXT:
            errors.append(f"名称过长 (title longer than {MAX_TEXT} characters)")
        parties = list(dict.fromkeys(p.strip() for p in self.parties.splitlines() if p.strip()))
        if len(parties) > MAX_PARTIES or any(len(p) > MAX_TEXT for p in parties):
            errors.append(f"签约方最多 {MAX_PARTIES} 个 (at most {MAX_PARTIES} parties)")
        if not title and not parties:
            errors.append("请填写协议名称或签约方 (a title or a party is needed)")
        divisions = _regions(self.regions, errors)
        signed_on = _signed_on(self.signed_on, errors)
        unknown = [s for s in self.sectors if s not in SECTOR_LABELS]
        if unknown:
            errors.append(f"未知领域 (unknown sector {unknown[0]!r})")
        if errors:
            raise BadAgreement(errors)
        return AgreementFields(
            title=title or None,
            parties=parties,
            regions=[d.full_name for d in divisions],
            signed_on=signed_on,
            sectors=[s for s in SECTOR_LABELS if s in self.sectors],
            in_region=any(is_chengyu(d) for d in divisions),
        )


def resolve_region(name: str) -> Division | None:
    """A full name as stored (四川省泸州市泸县), else an official name or alias (泸县, 瀘縣)."""
    simplified = to_simplified(name.strip())
    found = _by_full_name().get(simplified)
    if found is not None:
        return found
    named = lookup(simplified)
    return named[0] if named else None


def suggest_regions(prefix: str, limit: int = SUGGESTIONS) -> list[dict[str, str]]:
    """Divisions whose name, alias or full name starts with `prefix`, 川渝 first."""
    prefix = to_simplified(prefix.strip())[:20]
    if not prefix:
        return []
    gaz = gazetteer()
    found: dict[str, Division] = {}
    for surface, divisions in gaz.by_name.items():
        if surface.startswith(prefix):
            found.update((d.code, d) for d in divisions)
    for full_name, d in _by_full_name().items():
        if full_name.startswith(prefix):
            found.setdefault(d.code, d)
    ranked = sorted(
        found.values(),
        key=lambda d: (not is_chengyu(d), _LEVELS.get(d.level, 9), len(d.name), d.code),
    )
    return [{"name": d.full_name, "label": d.name} for d in ranked[:limit]]


@cache
def _by_full_name() -> dict[str, Division]:
    """Full name → division, 川渝 first where a full name is shared (built once)."""
    table: dict[str, Division] = {}
    ordered = sorted(gazetteer().by_code.values(), key=lambda d: (not is_chengyu(d), d.code))
    for d in ordered:
        table.setdefault(d.full_name, d)
    return table


def _split(value: str) -> list[str]:
    return [r for r in REGION_SEPARATORS.split(value) if r]


def _regions(names: list[str], errors: list[str]) -> list[Division]:
    if len(names) > MAX_REGIONS:
        errors.append(f"地区最多 {MAX_REGIONS} 个 (at most {MAX_REGIONS} regions)")
        return []
    divisions: dict[str, Division] = {}
    for name in names:
        found = resolve_region(name)
        if found is None:
            errors.append(f"未知地区：{name} (unknown region {name!r})")
        else:
            divisions.setdefault(found.code, found)
    return list(divisions.values())


def _signed_on(value: str, errors: list[str]) -> str | None:
    value = value.strip().replace("/", "-")
    if not value:
        return None
    try:
        if _FULL_DATE.fullmatch(value):
            year, month, day = (int(part) for part in value.split("-"))
            return date(year, month, day).isoformat()
        found = _MONTH_DAY.fullmatch(value)
        if found:
            month, day = int(found.group(1)), int(found.group(2))
            date(2000, month, day)  # a leap year: 02-29 is a real date
            return f"{month:02d}-{day:02d}"
    except ValueError:
        pass
    errors.append(f"签约日期应为 YYYY-MM-DD 或 MM-DD (signed on: got {value!r})")
    return None
