"""Median milliseconds per article for pipeline.agreements.recognise, one core.

Usage: .venv/bin/python bench/analysis_speed.py [N]
Runs N (default 1,000) analyses over the seeds, the labelled corpus, the sample site's
bodies and (when present) the real pages' extracted texts, cycled. Target: well under
20 ms for a 3 KB article.
"""

from __future__ import annotations

import itertools
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.agreements import recognise
from tests.evaluation.cases import load_all


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    cases = load_all()
    timings: list[tuple[float, int]] = []
    for case in itertools.islice(itertools.cycle(cases), n):
        start = time.perf_counter()
        recognise(case.title, case.text, case.published)
        timings.append(((time.perf_counter() - start) * 1000, len(case.text.encode("utf-8"))))
    ms = [t for t, _ in timings]
    per_3kb = [t * 3072 / max(size, 1) for t, size in timings]
    size = statistics.median(s for _, s in timings)
    print(f"articles: {n} ({len(cases)} distinct), median size {size / 1024:.1f} KB")
    print(f"median ms/article: {statistics.median(ms):.2f}")
    print(f"p95 ms/article: {statistics.quantiles(ms, n=20)[18]:.2f}  max: {max(ms):.2f}")
    print(f"median ms per 3 KB: {statistics.median(per_3kb):.2f}")


if __name__ == "__main__":
    main()
