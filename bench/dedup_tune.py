"""Pick shingle size, LSH bands × rows and the Jaccard threshold on measured data.

Runs the near-duplicate logic of `pipeline.dedup` (same shingles, signatures, buckets,
candidate ranking and Jaccard confirmation) over the synthetic corpus of
`bench/dedup_corpus.py` with an in-memory band index, for every setting in the grid, and
prints recall of reprints and false links among distinct stories. Also prints the Jaccard
of the sample site's real reprint pairs and the speed of `fingerprint()`.

    .venv/bin/python bench/dedup_tune.py [-n 1000] [--reprints 500]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent))

from dedup_corpus import Story, corpus

from pipeline.dedup.minhash import DEFAULT, LshParams, band_buckets, fingerprint, signature
from pipeline.dedup.shingles import jaccard, shingle_hashes
from pipeline.dedup.store import MAX_CANDIDATES
from pipeline.normalise import normalise
from pipeline.page import content_hash

SHINGLE_SIZES = (3, 4, 5, 6, 8)
LAYOUTS = ((10, 5), (16, 4), (20, 3), (32, 3), (32, 4))  # (bands, rows)
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45)


@dataclass(frozen=True)
class Outcome:
    recall: float
    false_links: int
    candidates: float  # mean candidates read per lookup: the cost of a lookup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--distinct", type=int, default=1000)
    parser.add_argument("--reprints", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    stories = corpus(args.distinct, args.reprints, args.seed)
    texts = [normalise(story.text) for story in stories]
    print(f"corpus: {args.distinct} distinct stories, {args.reprints} reprints, seed {args.seed}")
    print(f"mean length {statistics.mean(map(len, texts)):.0f} chars\n")
    print_jaccard_spread(stories, texts)
    print_sample_site()
    print_grid(stories, texts)
    print_speed()


def print_jaccard_spread(stories: list[Story], texts: list[str]) -> None:
    """Real Jaccard of reprint pairs vs. the most similar pair of distinct stories."""
    print("Real Jaccard: reprint vs. its source, and the most similar distinct pair")
    print(" k | reprint min   p1    p5   median | distinct max  p99.9  | gap (min/max)")
    distinct = [i for i, s in enumerate(stories) if s.reprint_of is None]
    for k in SHINGLE_SIZES:
        sets = [shingle_hashes(text, k) for text in texts]
        pairs = [(i, s.reprint_of) for i, s in enumerate(stories) if s.reprint_of is not None]
        pos = sorted(jaccard(sets[a], sets[b]) for a, b in pairs)
        neg = sorted(_distinct_pairs(sets, distinct))
        print(
            f"{k:2d} | {pos[0]:11.3f} {_pct(pos, 1):5.3f} {_pct(pos, 5):5.3f} {_pct(pos, 50):7.3f}"
            f" | {neg[-1]:12.3f} {_pct(neg, 99.9):6.3f} | {pos[0] / neg[-1]:5.2f}"
        )
    print()


def _distinct_pairs(sets: list[npt.NDArray[np.uint64]], ids: list[int]) -> list[float]:
    return [jaccard(sets[a], sets[b]) for i, a in enumerate(ids) for b in ids[:i]]


def _pct(values: list[float], percent: float) -> float:
    return values[min(len(values) - 1, int(len(values) * percent / 100))]


def print_sample_site() -> None:
    """The sample site's real reprints (3002 of 1001, 3003 in Traditional script of 1002)."""
    from pactwatch.sample_site.catalogue import load_articles

    articles = {a.key: normalise(a.text) for a in load_articles()}
    pairs = [("cq-1001", "sc-3002"), ("cq-1002", "sc-3003")]
    others = [k for k in articles if k not in {"sc-3002", "sc-3003"}]
    print("Sample site: real reprint pairs and the most similar distinct pair")
    for k in SHINGLE_SIZES:
        sets = {key: shingle_hashes(text, k) for key, text in articles.items()}
        real = ", ".join(f"{b}/{a} {jaccard(sets[a], sets[b]):.3f}" for a, b in pairs)
        worst = max(jaccard(sets[a], sets[b]) for i, a in enumerate(others) for b in others[:i])
        print(f" k={k}: {real}; distinct max {worst:.3f}")
    print()


def print_grid(stories: list[Story], texts: list[str]) -> None:
    print("LSH + real-Jaccard confirmation, stories inserted in order (reprints after sources)")
    print(" k | bands×rows | threshold | recall  | false links | candidates/lookup")
    for k in SHINGLE_SIZES:
        sets = [shingle_hashes(text, k) for text in texts]
        for bands, rows in LAYOUTS:
            params = LshParams(k=k, bands=bands, rows=rows)
            best, cost = _best_candidates(sets, params)
            for threshold in THRESHOLDS:
                outcome = _links(stories, best, threshold, cost)
                mark = "  <- chosen" if (params, threshold) == (DEFAULT, _chosen()) else ""
                print(
                    f"{k:2d} | {bands:3d}×{rows:<6d} | {threshold:9.2f} | {outcome.recall:7.4f}"
                    f" | {outcome.false_links:11d} | {outcome.candidates:6.2f}{mark}"
                )
    print()


def _chosen() -> float:
    from pipeline.dedup.minhash import THRESHOLD

    return THRESHOLD


def _best_candidates(
    sets: list[npt.NDArray[np.uint64]], params: LshParams
) -> tuple[list[tuple[int, float] | None], float]:
    """Per article, (earlier id, Jaccard) of its best LSH candidate, as `find_duplicate` ranks."""
    index: dict[tuple[int, int], list[int]] = defaultdict(list)
    best: list[tuple[int, float] | None] = []
    read = 0
    for article_id, shingles in enumerate(sets):
        buckets = band_buckets(signature(shingles, params), params)
        hits: dict[int, int] = defaultdict(int)
        for band, bucket in enumerate(buckets):
            for other in index[(band, bucket)]:
                hits[other] += 1
        ranked = sorted(hits, key=lambda other: (-hits[other], other))[:MAX_CANDIDATES]
        read += len(ranked)
        scored = sorted(((jaccard(shingles, sets[o]), -o) for o in ranked), reverse=True)
        best.append((-scored[0][1], scored[0][0]) if scored else None)
        for band, bucket in enumerate(buckets):
            index[(band, bucket)].append(article_id)
    return best, read / len(sets)


def _links(
    stories: list[Story], best: list[tuple[int, float] | None], threshold: float, cost: float
) -> Outcome:
    root: list[int] = []
    for article_id, match in enumerate(best):
        linked = match is not None and match[1] >= threshold
        root.append(root[match[0]] if linked and match is not None else article_id)
    reprints = [i for i, s in enumerate(stories) if s.reprint_of is not None]
    found = sum(1 for i in reprints if stories[root[i]].story == stories[i].story and root[i] != i)
    false = sum(1 for i, r in enumerate(root) if stories[r].story != stories[i].story)
    return Outcome(found / len(reprints), false, cost)


def print_speed() -> None:
    """fingerprint() on a 3 KB article (UTF-8 bytes), median of 2,000 calls."""
    text = normalise(corpus(40, 0, seed=11)[0].text)
    while len(text.encode()) < 3000:
        text += text[: 3000 - len(text.encode())]
    text = text.encode()[:3000].decode(errors="ignore")
    digest = content_hash(text)
    times = []
    for _ in range(2000):
        start = time.perf_counter()
        fingerprint(text, digest)
        times.append(time.perf_counter() - start)
    print(
        f"fingerprint(): {len(text)} chars / 3,000 bytes, {DEFAULT.permutations} permutations: "
        f"median {statistics.median(times) * 1000:.3f} ms, p95 "
        f"{sorted(times)[int(len(times) * 0.95)] * 1000:.3f} ms"
    )


if __name__ == "__main__":
    main()
