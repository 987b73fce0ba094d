"""Our own labelled cases (TOML corpus, seeds, sample site, real pages) and their figures.

Shared by the quality gate and the bench; nothing here ships (`pactwatch train` reads the
packaged examples, `pipeline.learn.bundled`).
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from pipeline.agreements.recognise import recognise
from pipeline.agreements.results import Analysis, FoundAgreement
from pipeline.extract import ExtractionError
from pipeline.normalise import normalise
from pipeline.page import read_html

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests/data/agreements"
# The train split ships as pactwatch's packaged training examples (pipeline.learn.bundled).
PACKAGED = REPO / "pipeline/learn/data/examples.toml"
SEEDS = REPO / "tests/data/seeds"
SAMPLE_SITE = REPO / "pactwatch/sample_site/content"
REAL_PAGES = REPO.parent / "shared/fixtures/real-pages"
# Sample-site labels we read differently, with the reason (the site's own label stays).
SAMPLE_OVERRIDES = {
    # "某区与某市拟签署《…》,具体签约时间另行通知": planned, not signed.
    "cq-9001": False,
}


@dataclass(frozen=True, slots=True)
class GoldAgreement:
    """One agreement an article reports, as labelled."""

    title: str | None
    parties: tuple[str, ...]
    regions: tuple[str, ...]
    signed_on: str | None
    sectors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Case:
    """One labelled article. `agreements` is None when only the verdict is labelled."""

    id: str
    split: str
    title: str
    text: str
    published: date | None
    is_agreement: bool
    agreements: tuple[GoldAgreement, ...] | None


def load_toml(path: Path, split: str) -> list[Case]:
    """Cases from one of our TOML files; texts are normalised as the crawler would."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    out = []
    for raw in data["case"]:
        gold = tuple(_gold(a) for a in raw.get("agreements", []))
        published = raw.get("published")
        out.append(
            Case(
                raw["id"],
                split,
                normalise(raw["title"]),
                normalise(raw["text"]),
                published if isinstance(published, date) else None,
                bool(raw["is_agreement"]),
                gold,
            )
        )
    return out


def _gold(raw: dict[str, object]) -> GoldAgreement:
    def strings(key: str) -> tuple[str, ...]:
        value = raw.get(key, [])
        return tuple(normalise(str(v)) for v in value) if isinstance(value, list) else ()

    title = normalise(str(raw.get("title") or ""))
    signed = str(raw.get("signed_on") or "")
    return GoldAgreement(
        title or None, strings("parties"), strings("regions"), signed or None, strings("sectors")
    )


def load_seeds() -> list[Case]:
    """The three seed articles with their gold.json (first line of each file: headline)."""
    gold = json.loads((SEEDS / "gold.json").read_text(encoding="utf-8"))
    out = []
    for entry in gold["articles"]:
        text = normalise((SEEDS / entry["file"]).read_text(encoding="utf-8"))
        headline, _, body = text.partition("\n")
        published = entry.get("published_on")
        out.append(
            Case(
                f"seed:{entry['file']}",
                "seeds",
                headline,
                body,
                date.fromisoformat(published) if published else None,
                bool(entry["is_agreement_news"]),
                tuple(_gold(a) for a in entry["agreements"]),
            )
        )
    return out


def load_sample_site() -> list[Case]:
    """The bundled sample site's articles: verdict labels only."""
    data = tomllib.loads((SAMPLE_SITE / "articles.toml").read_text(encoding="utf-8"))
    out = []
    for art in data["articles"]:
        lines = (SAMPLE_SITE / art["body"]).read_text(encoding="utf-8").splitlines()
        first, last = art.get("lines", [1, len(lines)])
        published = art["published"]
        label = SAMPLE_OVERRIDES.get(art["key"], bool(art["is_agreement"]))
        out.append(
            Case(
                f"site:{art['key']}",
                "sample-site",
                normalise(art["headline"]),
                normalise("\n".join(lines[first - 1 : last])),
                published.date() if isinstance(published, datetime) else None,
                label,
                None,
            )
        )
    return out


def load_all() -> list[Case]:
    """Every corpus available here; real pages only when ../shared is beside the repo."""
    cases = load_toml(PACKAGED, "train") + load_toml(CORPUS / "heldout.toml", "heldout")
    cases += load_seeds() + load_sample_site()
    if REAL_PAGES.is_dir():
        cases += load_real_pages(REAL_PAGES)
    return cases


# Real pages that do report a signed cooperation agreement (none between Sichuan/Chongqing
# parties); filled in after reading every page that mentions 签署/签订.
# shanxi/1: 省贸促会 "分别与巴西华人协会、圣保罗商会…签署合作协议" (Shanxi-Brazil).
# ifeng/1 signs a 赔偿协议 (compensation): private law, a negative.
POSITIVE_PAGES: frozenset[str] = frozenset({"shanxi/1.html"})


def load_real_pages(root: Path) -> list[Case]:
    """The third-party pages of ../shared/fixtures as labelled cases; no-article pages skipped."""
    out = []
    for path in sorted(root.rglob("*.html")):
        name = str(path.relative_to(root))
        try:
            page = read_html(path.read_bytes(), None, f"https://{name}")
        except ExtractionError:
            continue
        published = page.published_at.date() if page.published_at else None
        out.append(
            Case(
                f"real:{name}",
                "real-pages",
                page.norm_title,
                page.norm_text,
                published,
                name in POSITIVE_PAGES,
                None,
            )
        )
    return out


@dataclass(slots=True)
class Tally:
    """Counts behind one row of the accuracy table."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    gold_titles: int = 0
    found_titles: int = 0
    predicted_titles: int = 0
    correct_titles: int = 0
    matched: int = 0
    gold_agreements: int = 0
    regions_right: int = 0
    dated: int = 0
    dates_right: int = 0
    sectors_right: int = 0
    parties_right: int = 0
    scores: list[tuple[float, bool]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def ratio(self, num: str, den: str) -> float:
        d = getattr(self, den)
        return getattr(self, num) / d if d else 1.0

    def metrics(self) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0
        return {
            "precision": p,
            "recall": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
            "agreement_recall": self.ratio("matched", "gold_agreements"),
            "title_recall": self.ratio("found_titles", "gold_titles"),
            "title_precision": self.ratio("correct_titles", "predicted_titles"),
            "region_accuracy": self.ratio("regions_right", "matched"),
            "date_accuracy": self.ratio("dates_right", "dated"),
            "sector_accuracy": self.ratio("sectors_right", "matched"),
            "party_accuracy": self.ratio("parties_right", "matched"),
        }


def evaluate(cases: Iterable[Case]) -> dict[str, Tally]:
    """Tallies per split and for "all"."""
    tallies: dict[str, Tally] = {"all": Tally()}
    for case in cases:
        result = recognise(case.title, case.text, case.published)
        for key in (case.split, "all"):
            _score_case(tallies.setdefault(key, Tally()), case, result)
    return tallies


def _score_case(t: Tally, case: Case, result: Analysis) -> None:
    t.scores.append((result.score, case.is_agreement))
    predicted, gold = result.is_agreement, case.is_agreement
    t.tp += predicted and gold
    t.fp += predicted and not gold
    t.fn += gold and not predicted
    t.tn += not gold and not predicted
    if predicted != gold:
        t.errors.append(f"{case.id}: verdict {predicted} (score {result.score:.2f})")
    if case.agreements is None:
        return
    found = list(result.agreements)
    t.predicted_titles += sum(1 for a in found if a.title)
    gold_titles = {g.title for g in case.agreements if g.title}
    t.correct_titles += sum(1 for a in found if a.title in gold_titles)
    t.errors += [
        f"{case.id}: extra title {a.title}" for a in found if a.title and a.title not in gold_titles
    ]
    for g in case.agreements:
        _score_agreement(t, case.id, g, found)


def _score_agreement(t: Tally, case_id: str, g: GoldAgreement, found: list[FoundAgreement]) -> None:
    t.gold_agreements += 1
    t.gold_titles += bool(g.title)
    match = _match(g, found)
    if match is None:
        t.errors.append(f"{case_id}: missed {g.title or g.parties}")
        return
    found.remove(match)
    t.matched += 1
    t.found_titles += bool(g.title)
    t.parties_right += set(match.parties) == set(g.parties)
    if set(match.sectors) == set(g.sectors):
        t.sectors_right += 1
    else:
        t.errors.append(f"{case_id}: sectors {match.sectors} != {g.sectors}")
    if set(match.regions) == set(g.regions):
        t.regions_right += 1
    else:
        t.errors.append(f"{case_id}: regions {match.regions} != {g.regions}")
    if g.signed_on:
        t.dated += 1
        t.dates_right += match.signed_on == g.signed_on
        if match.signed_on != g.signed_on:
            t.errors.append(f"{case_id}: date {match.signed_on} != {g.signed_on}")


def _match(g: GoldAgreement, found: Sequence[FoundAgreement]) -> FoundAgreement | None:
    """Same title; for an untitled one, an untitled prediction sharing a party or date."""
    if g.title:
        return next((a for a in found if a.title == g.title), None)
    for a in found:
        if a.title is None and (a.signed_on == g.signed_on or set(a.parties) & set(g.parties)):
            return a
    return None


def reliability(
    scores: Sequence[tuple[float, bool]], bins: int = 5
) -> list[tuple[str, int, float, float]]:
    """(bin, count, mean score, share positive) per equal-width score bin."""
    rows = []
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        inside = [(s, y) for s, y in scores if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if inside:
            mean = sum(s for s, _ in inside) / len(inside)
            share = sum(y for _, y in inside) / len(inside)
            rows.append((f"{lo:.1f}-{hi:.1f}", len(inside), mean, share))
    return rows


def brier(scores: Sequence[tuple[float, bool]]) -> float:
    """Mean squared error of the probabilities; 0.25 is a coin, 0 is perfect."""
    return sum((s - y) ** 2 for s, y in scores) / len(scores) if scores else 0.0
