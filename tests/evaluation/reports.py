"""The real labelled reports of `../shared/corpus/`, scored as `pactwatch analyze` reads them.

Each text goes through `analyze_file`, the code path of `pactwatch analyze FILE.txt --json`,
so the figures are what a user (and the acceptance check) sees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pactwatch.tasks.understand import analyze_file
from pipeline.agreements.parties import same_party
from pipeline.normalise import normalise
from pipeline.page import read_plain_text
from pipeline.understand import understand
from tests.evaluation.cases import Case

# What a saved page's text reports: (title, parties, regions, signed_on) of each agreement.
Found = tuple[str | None, tuple[str, ...], tuple[str, ...], str | None]


def found_in_text(text: str) -> list[Found]:
    """The agreements read from a page's text, as `pactwatch analyze FILE.txt` reads it."""
    analysis = understand(read_plain_text(text.encode("utf-8"))).analysis
    assert analysis is not None
    return [(a.title, a.parties, a.regions, a.signed_on) for a in analysis.agreements]


REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
# Our own labelled reports, in the same shape (tests/data/reports/README.md).
OWN = REPO / "tests" / "data" / "reports"
OWN_SPLITS = ("probes", "late-probes")


@dataclass(frozen=True, slots=True)
class Report:
    """One labelled real report."""

    path: Path
    split: str
    label: dict[str, Any]

    @property
    def positive(self) -> bool:
        return bool(self.label["agreement"])

    @property
    def gold(self) -> list[dict[str, Any]]:
        return list(self.label.get("agreements") or [])


def load_reports(splits: Iterable[str] = ("train", "dev"), root: Path = CORPUS) -> list[Report]:
    """The labelled texts of the named splits, in file order."""
    wanted = set(splits)
    out = []
    with (root / "labels.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            label = json.loads(line)
            if label["split"] in wanted:
                out.append(Report(root / label["file"], label["split"], label))
    return out


@dataclass(slots=True)
class Scores:
    """Counts behind one row of the table; `metrics` turns them into ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    gold_titles: int = 0
    titles_found: int = 0
    predicted_titles: int = 0
    titles_right: int = 0
    gold_parties: int = 0
    parties_found: int = 0
    gold_regions: int = 0
    regions_found: int = 0
    predicted_regions: int = 0
    regions_right: int = 0
    gold_agreements: int = 0
    matched: int = 0
    dated: int = 0
    dates_right: int = 0
    sectors_right: int = 0
    sectors_overlap: int = 0
    # Sector codes over matched agreements: a subscriber to 交通 is served per code.
    sector_codes_right: int = 0
    sector_codes_predicted: int = 0
    sector_codes_gold: int = 0
    trap_hits: int = 0
    errors: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        def ratio(num: int, den: int) -> float:
            return num / den if den else 1.0

        p, r = ratio(self.tp, self.tp + self.fp), ratio(self.tp, self.tp + self.fn)
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "titles": ratio(self.titles_found, self.gold_titles),
            "title_precision": ratio(self.titles_right, self.predicted_titles),
            "parties": ratio(self.parties_found, self.gold_parties),
            "regions": ratio(self.regions_found, self.gold_regions),
            "region_precision": ratio(self.regions_right, self.predicted_regions),
            "agreements": ratio(self.matched, self.gold_agreements),
            "dates": ratio(self.dates_right, self.dated),
            "sectors": ratio(self.sectors_right, self.matched),
            "sectors_overlap": ratio(self.sectors_overlap, self.matched),
            "sectors_f1": ratio(
                2 * self.sector_codes_right, self.sector_codes_predicted + self.sector_codes_gold
            ),
            "traps": float(self.trap_hits),
        }


COLUMNS = (
    "precision", "recall", "f1", "titles", "title_precision", "parties", "regions",
    "region_precision", "agreements", "dates", "sectors", "sectors_overlap", "sectors_f1",
    "traps",
)  # fmt: skip


def score_reports(reports: Sequence[Report], tz: str = "Asia/Shanghai") -> dict[str, Scores]:
    """Scores per split and for "all"."""
    table: dict[str, Scores] = {}
    for report in reports:
        result = analyze_file(report.path, tz)
        for key in (report.split, "all"):
            score_one(table.setdefault(key, Scores()), report, result)
    return table


def score_one(s: Scores, report: Report, result: dict[str, Any]) -> None:
    """Add one text's verdict and fields to `s`."""
    name = report.label["file"]
    predicted, gold = bool(result["is_agreement"]), report.positive
    s.tp += predicted and gold
    s.fp += predicted and not gold
    s.fn += gold and not predicted
    s.tn += not gold and not predicted
    if predicted != gold:
        s.errors.append(f"{name}: verdict {predicted} (score {result['score']:.2f})")
    found = result["agreements"] if predicted else []
    traps = {normalise(t) for t in report.label.get("traps") or []}
    for a in found:
        if a["title"] and normalise(a["title"]) in traps:
            s.trap_hits += 1
            s.errors.append(f"{name}: trap reported as signed: {a['title']}")
    if gold:
        _score_fields(s, name, report.gold, found)


def _score_fields(s: Scores, name: str, gold: list[dict[str, Any]], found: list[Any]) -> None:
    gold_titles = {normalise(g["title"]) for g in gold if g["title"]}
    titles = {normalise(a["title"]) for a in found if a["title"]}
    s.gold_titles += len(gold_titles)
    s.titles_found += len(gold_titles & titles)
    s.predicted_titles += len(titles)
    s.titles_right += len(titles & gold_titles)
    for missed in sorted(gold_titles - titles):
        s.errors.append(f"{name}: missed title {missed}")
    parties = [normalise(p) for a in found for p in a["parties"]]
    gold_parties = {normalise(p) for g in gold for p in g["parties"]}
    s.gold_parties += len(gold_parties)
    hits = {p for p in gold_parties if any(same_party(p, q) for q in parties)}
    s.parties_found += len(hits)
    if gold_parties - hits:
        s.errors.append(
            f"{name}: parties {sorted(set(parties))} missed {sorted(gold_parties - hits)}"
        )
    regions = {r for a in found for r in a["regions"]}
    gold_regions = {r for g in gold for r in g["regions"]}
    s.gold_regions += len(gold_regions)
    s.regions_found += len(gold_regions & regions)
    s.predicted_regions += len(regions)
    s.regions_right += len(regions & gold_regions)
    if gold_regions != regions:
        s.errors.append(f"{name}: regions {sorted(regions)} != {sorted(gold_regions)}")
    pool = list(found)
    for g in gold:
        s.gold_agreements += 1
        match = _match(g, pool)
        if match is None:
            continue
        pool.remove(match)
        s.matched += 1
        s.sectors_right += set(match["sectors"]) == set(g["sectors"])
        s.sectors_overlap += bool(set(match["sectors"]) & set(g["sectors"]))
        s.sector_codes_right += len(set(match["sectors"]) & set(g["sectors"]))
        s.sector_codes_predicted += len(set(match["sectors"]))
        s.sector_codes_gold += len(set(g["sectors"]))
        if set(match["sectors"]) != set(g["sectors"]):
            s.errors.append(f"{name}: sectors {match['sectors']} != {g['sectors']}")
        if g["signed_on"]:
            s.dated += 1
            right = same_day(match["signed_on"], g["signed_on"])
            s.dates_right += right
            if not right:
                s.errors.append(f"{name}: date {match['signed_on']} != {g['signed_on']}")


def same_day(found: str | None, gold: str) -> bool:
    """A plain-text file has no publication year: "05-27" is right for "2020-05-27"."""
    if found is None:
        return False
    return found == gold or (len(found) == 5 and gold.endswith(found))


def _match(g: dict[str, Any], found: list[dict[str, Any]]) -> dict[str, Any] | None:
    """Same title; else an agreement sharing a region, else one sharing a party."""
    if g["title"]:
        title = normalise(g["title"])
        hit = next((a for a in found if a["title"] and normalise(a["title"]) == title), None)
        if hit is not None:
            return hit
    for a in found:
        if set(a["regions"]) & set(g["regions"]):
            return a
    gold_parties = [normalise(p) for p in g["parties"]]
    for a in found:
        if any(same_party(p, normalise(q)) for p in gold_parties for q in a["parties"]):
            return a
    return None


def as_cases(reports: Sequence[Report]) -> list[Case]:
    """The reports as verdict-only `Case`s, read as `analyze` reads a .txt file."""
    out = []
    for report in reports:
        page = read_plain_text(report.path.read_bytes())
        out.append(
            Case(
                f"corpus:{report.label['file']}",
                f"corpus-{report.split}",
                page.norm_title,
                page.norm_text,
                None,
                report.positive,
                None,
            )
        )
    return out
