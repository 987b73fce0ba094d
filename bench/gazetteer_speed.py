"""Time the gazetteer: load, `find_divisions` and `expand_group` per 3 KB of real text.

Usage: .venv/bin/python bench/gazetteer_speed.py [CORPUS_DIR] [ROUNDS]

Texts are the corpus's `train` reports, joined and cut into 1,000-character pieces (~3 KB),
else a seed sentence repeated. The load time is measured in a fresh interpreter (import
plus reading and indexing divisions.json), as a worker pays it once.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from importlib import resources
from pathlib import Path

from pipeline.gazetteer import expand_group, find_divisions

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/train"
PIECE = 1000  # CJK characters: ~3 KB of UTF-8
LOAD = (
    "import time; t = time.perf_counter(); "
    "from pipeline.gazetteer.index import gazetteer; gazetteer(); "
    "print(time.perf_counter() - t)"
)


def pieces(corpus: Path) -> list[str]:
    text = "\n".join(p.read_text("utf-8") for p in sorted(corpus.glob("*.txt")))
    cut = [text[i : i + PIECE] for i in range(0, len(text) - PIECE + 1, PIECE)]
    return cut or ["6月24日，泸州市生态环境局与重庆市江津区签署合作协议。" * 36]


def per_text_us(fn: object, texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            fn(text)  # type: ignore[operator]
            times.append((time.perf_counter() - start) * 1e6)
    return times


def main() -> None:
    corpus = Path(sys.argv[1]) if len(sys.argv) > 1 else CORPUS
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    loads = [
        float(
            subprocess.run(
                [sys.executable, "-c", LOAD], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(3)
    ]
    texts = pieces(corpus)
    find_divisions(texts[0])  # build the index outside the timing
    expand_group(texts[0])
    data = resources.files("pipeline.gazetteer.data").joinpath("divisions.json")
    print(
        f"gazetteer: divisions.json {len(data.read_bytes()) / 1024:.0f} KiB, "
        f"load (fresh interpreter, median of 3) {statistics.median(loads) * 1000:.0f} ms"
    )
    for name, fn in (("find_divisions", find_divisions), ("expand_group", expand_group)):
        times = per_text_us(fn, texts, rounds)
        p95 = sorted(times)[int(0.95 * len(times))]
        print(
            f"{name}: {len(texts)} texts of {PIECE} characters × {rounds}: "
            f"median {statistics.median(times):.0f} µs, p95 {p95:.0f} µs"
        )


if __name__ == "__main__":
    main()
