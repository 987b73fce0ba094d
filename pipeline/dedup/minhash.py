"""MinHash signatures and LSH band buckets: the pure, picklable part of near-duplicate search."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt

from pipeline.dedup.shingles import SHINGLE_SIZE, shingle_hashes

# Chosen on the measured table of bench/dedup_tune.py (1,000 same-topic stories, 500 edited
# reprints): k=5, 32 bands × 3 rows, Jaccard ≥ 0.30 linked 99.0 % of reprints with 0 false
# links, and 0 false links for any threshold 0.25-0.35 (a plateau, not a knife edge). A pair
# with Jaccard 0.6 becomes a candidate with p = 0.999, 0.4 with p = 0.88, 0.1 with p = 0.03.
BANDS = 32
ROWS = 3
# Measured: reprints ≥ 0.40 (1st percentile 0.42); distinct same-topic stories ≤ 0.25.
THRESHOLD = 0.30


@dataclass(frozen=True, slots=True)
class LshParams:
    """Shingle size and band layout; one value is used in production, others by the tuner."""

    k: int = SHINGLE_SIZE
    bands: int = BANDS
    rows: int = ROWS

    @property
    def permutations(self) -> int:
        return self.bands * self.rows


DEFAULT = LshParams()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What near-duplicate search needs of an article; computed in a worker, picklable."""

    content_hash: str
    shingle_count: int
    bands: tuple[int, ...]  # one bucket per band, as signed 64-bit ints (fits BigInteger)
    # The sorted shingle hashes as bytes (8 per shingle, ~8 KB for a 3 KB article): the
    # store process confirms candidates with them instead of shingling the text again.
    shingles: bytes = b""

    def shingle_array(self) -> npt.NDArray[np.uint64]:
        return np.frombuffer(self.shingles, dtype=np.uint64)


def fingerprint(norm_text: str, content_hash: str, params: LshParams = DEFAULT) -> Fingerprint:
    """The article's shingle count and LSH buckets; a text without letters has no buckets."""
    shingles = shingle_hashes(norm_text, params.k)
    if shingles.size == 0:
        return Fingerprint(content_hash, 0, ())
    buckets = band_buckets(signature(shingles, params), params)
    return Fingerprint(content_hash, int(shingles.size), buckets, shingles.tobytes())


def signature(shingles: npt.NDArray[np.uint64], params: LshParams = DEFAULT) -> npt.NDArray:
    """MinHash signature: per permutation, the least hash over the shingles (uint64 values).

    Each permutation is multiply-shift hashing, h(x) = (a·x + b) mod 2^64 >> 32 on the 32-bit
    key x (the top half of the shingle hash), which is universal for 32-bit keys
    (Dietzfelbinger 1996) and one numpy broadcast over permutations × shingles.
    """
    a, b = _coefficients(params.permutations)
    keys = shingles >> np.uint64(32)
    hashed = (a[:, None] * keys[None, :] + b[:, None]) >> np.uint64(32)
    return hashed.min(axis=1)


def band_buckets(signature: npt.NDArray, params: LshParams = DEFAULT) -> tuple[int, ...]:
    """One signed 64-bit bucket per band: the first 8 bytes of BLAKE2b of the band's rows."""
    rows = signature.astype("<u4").reshape(params.bands, params.rows)
    return tuple(
        int.from_bytes(
            hashlib.blake2b(row.tobytes(), digest_size=8).digest(), "little", signed=True
        )
        for row in rows
    )


@cache
def _coefficients(count: int) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Fixed permutation coefficients, derived from BLAKE2b so they never change with numpy.

    The band index in the store is only valid while these stay the same.
    """
    a = np.empty(count, dtype=np.uint64)
    b = np.empty(count, dtype=np.uint64)
    for i in range(count):
        digest = hashlib.blake2b(f"pactwatch-minhash-{i}".encode(), digest_size=16).digest()
        a[i] = int.from_bytes(digest[:8], "little") | 1
        b[i] = int.from_bytes(digest[8:], "little")
    return a, b
