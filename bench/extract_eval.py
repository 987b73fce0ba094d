"""Score article extraction on the real-page corpus against tests/data/real_pages_gold.json.

Usage: .venv/bin/python bench/extract_eval.py [PAGES_DIR]
PAGES_DIR defaults to ../shared/fixtures/real-pages next to the repository (third-party
pages, not shipped). Prints a Markdown table per page and the totals.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from pipeline.extract import Extracted, ExtractionError, extract_article

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "tests/data/real_pages_gold.json"
PAGES = REPO.parent / "shared/fixtures/real-pages"


@dataclass(frozen=True, slots=True)
class PageScore:
    page: str
    title_ok: bool
    must_found: int
    must_total: int
    furniture_absent: bool
    method: str
    ms: float

    @property
    def ok(self) -> bool:
        return self.title_ok and self.must_found == self.must_total and self.furniture_absent


def _squash(text: str) -> str:
    return "".join(text.split())


def score(page: str, gold: dict, result: Extracted | None, ms: float) -> PageScore:
    """Compare one extraction with its gold entry (whitespace-insensitive)."""
    titles = gold["title"] if isinstance(gold["title"], list) else [gold["title"]]
    body = _squash(result.text) if result else ""
    title = _squash(result.title) if result else ""
    must = [s for s in gold["must"] if _squash(s) in body]
    clean = not any(_squash(s) in body for s in gold["not"])
    expected_none = result is None and bool(gold.get("no_body"))
    method = result.method if result else ("none (expected)" if expected_none else "none")
    title_ok = expected_none or title in {_squash(t) for t in titles}
    return PageScore(page, title_ok, len(must), len(gold["must"]), clean, method, ms)


def evaluate(pages_dir: Path = PAGES) -> list[PageScore]:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    scores = []
    for page, expected in sorted(gold.items()):
        html = (pages_dir / page).read_text(encoding="utf-8")
        start = time.perf_counter()
        try:
            result: Extracted | None = extract_article(html)
        except ExtractionError:
            result = None
        ms = (time.perf_counter() - start) * 1000
        scores.append(score(page, expected, result, ms))
    return scores


def main() -> None:
    pages_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGES
    scores = evaluate(pages_dir)
    print("| page | title ok | must-have found | furniture absent | method | ms |")
    print("|---|---|---|---|---|---|")
    for s in scores:
        print(
            f"| {s.page} | {'yes' if s.title_ok else 'NO'} | {s.must_found}/{s.must_total} "
            f"| {'yes' if s.furniture_absent else 'NO'} | {s.method} | {s.ms:.1f} |"
        )
    n = len(scores)
    print()
    print(f"pages: {n}")
    print(f"title correct: {sum(s.title_ok for s in scores)}/{n}")
    print(f"all must-have snippets found: {sum(s.must_found == s.must_total for s in scores)}/{n}")
    print(f"furniture absent: {sum(s.furniture_absent for s in scores)}/{n}")
    print(f"all three (acceptance): {sum(s.ok for s in scores)}/{n}")


if __name__ == "__main__":
    main()
