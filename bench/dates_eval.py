"""Publication dates: ours against htmldate alone (what trafilatura uses), per date source.

Usage: .venv/bin/python bench/dates_eval.py [PAGES_DIR]
Pages: the real pages of PAGES_DIR (default ../shared/fixtures/real-pages, truth in
tests/data/real_pages_dates.json; skipped when absent) and the generated portal pages of
bench/portal_dates.py (one per dateline form, each with header/ticker/related/footer traps).
Prints a Markdown table: right day / pages with a date, per source our date came from.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from htmldate import find_date

sys.path.insert(0, str(Path(__file__).resolve().parent))
from portal_dates import portal_pages

from pipeline.extract import ExtractionError, extract_article

REPO = Path(__file__).resolve().parents[1]
TRUTH = REPO / "tests/data/real_pages_dates.json"
PAGES = REPO.parent / "shared/fixtures/real-pages"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True, slots=True)
class Case:
    name: str
    html: str
    url: str | None
    fetched: datetime
    truth: str


@dataclass(frozen=True, slots=True)
class Outcome:
    case: Case
    ours: str | None
    source: str
    htmldate: str | None


def real_cases(pages_dir: Path) -> list[Case]:
    if not pages_dir.is_dir():
        return []
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))["pages"]
    now = datetime.now(UTC)
    return [
        Case(f"real/{name}", (pages_dir / name).read_text("utf-8"), None, now, day)
        for name, day in sorted(truth.items())
    ]


def portal_cases() -> list[Case]:
    return [Case(f"portal/{p.name}", p.html, p.url, p.fetched, p.truth) for p in portal_pages()]


def htmldate_alone(case: Case) -> str | None:
    """htmldate as trafilatura's metadata calls it (original date, extensive search)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = find_date(
            case.html, original_date=True, extensive_search=True, url=case.url,
            max_date=case.fetched.astimezone(SHANGHAI).strftime("%Y-%m-%d"),
        )  # fmt: skip
    return str(found) if found else None


def run(case: Case) -> Outcome:
    try:
        got = extract_article(case.html, case.url, now=case.fetched)
        when, source = got.published_at, got.date_source
    except ExtractionError as exc:  # no body: `analyze` still reports the page's date
        when = exc.found.value if exc.found else None
        source = exc.found.source if exc.found else None
    day = when.astimezone(SHANGHAI).date().isoformat() if when else None
    return Outcome(case, day, source or "none", htmldate_alone(case))


def table(outcomes: list[Outcome]) -> list[str]:
    rows = ["| date source (ours) | pages | ours right | htmldate right |", "|---|---|---|---|"]
    by_source: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        by_source[o.source].append(o)
    for source, group in sorted(by_source.items()):
        rows.append(_row(source, group))
    rows.append(_row("**all**", outcomes))
    return rows


def _row(label: str, group: list[Outcome]) -> str:
    ours = sum(o.ours == o.case.truth for o in group)
    theirs = sum(o.htmldate == o.case.truth for o in group)
    n = len(group)
    return f"| {label} | {n} | {ours}/{n} ({ours / n:.0%}) | {theirs}/{n} ({theirs / n:.0%}) |"


def main() -> None:
    pages_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGES
    for title, cases in (("real pages", real_cases(pages_dir)), ("portal pages", portal_cases())):
        if not cases:
            print(f"\n{title}: skipped ({pages_dir} not found)")
            continue
        outcomes = [run(c) for c in cases]
        print(f"\n## {title}: right day / pages with a date\n")
        print("\n".join(table(outcomes)))
        misses = [o for o in outcomes if o.ours != o.case.truth]
        for o in misses:
            print(f"- ours wrong: {o.case.name}: {o.ours} ({o.source}), truth {o.case.truth}")


if __name__ == "__main__":
    main()
