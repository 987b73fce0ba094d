"""Time extraction per page on the real-page corpus: median, p95, and the share per step.

Usage: .venv/bin/python bench/extract_speed.py [PAGES_DIR] [ROUNDS]
"""

from __future__ import annotations

import contextlib
import copy
import statistics
import sys
import time
from pathlib import Path

from pipeline.extract import body as _body
from pipeline.extract import extract_article
from pipeline.extract.blocks import parse_html
from pipeline.extract.furniture import clean_tree

PAGES = Path(__file__).resolve().parents[1].parent / "shared/fixtures/real-pages"


def _ms(fn: object, *args: object) -> float:
    start = time.perf_counter()
    fn(*args)  # type: ignore[operator]
    return (time.perf_counter() - start) * 1000


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main() -> None:
    pages_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else PAGES
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    pages = [p.read_text("utf-8") for p in sorted(pages_dir.rglob("*.html"))]
    extract_article(pages[0])  # warm-up: imports, OpenCC dictionaries
    total, parse, clean, dens, traf = [], [], [], [], []
    for _ in range(rounds):
        for html in pages:
            with contextlib.suppress(ValueError):
                total.append(_ms(extract_article, html))
            parse.append(_ms(parse_html, html))
            root = parse_html(html)
            clean.append(_ms(clean_tree, root))
            dens.append(_ms(_body.body_by_density, copy.deepcopy(root)))
            traf.append(_ms(_body.body_by_trafilatura, root, None))
    print(f"pages: {len(pages)} x {rounds} rounds")
    print(
        f"extract_article: median {statistics.median(total):.1f} ms, p95 {_pct(total, 0.95):.1f} ms"
    )
    for name, values in (
        ("parse", parse),
        ("clean", clean),
        ("density", dens),
        ("trafilatura", traf),
    ):
        mid, high = statistics.median(values), _pct(values, 0.95)
        print(f"  {name:12s} median {mid:.1f} ms, p95 {high:.1f} ms")


if __name__ == "__main__":
    main()
