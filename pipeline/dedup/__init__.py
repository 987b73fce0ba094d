"""Deduplication: one story syndicated to many sites is stored once and linked to its root.

Three layers, all kept in the store so every crawl process sees them:

1. exact — the same `content_hash` as an earlier article (reason "hash");
2. near — character-shingle MinHash with LSH bands in `minhash_band`, every candidate
   confirmed by the real Jaccard of its shingles (reason "near");
3. event — the same agreements by title or by regions and date (`event_key`), for
   different wordings of one signing (reason "event").

`fingerprint` and `event_keys` are pure (they run in worker processes); the rest take
`*, session` and run in the transaction that inserts the article. Parameters and their
measurements: `bench/dedup_tune.py`, `bench/dedup_scale.py`.
"""

from pipeline.dedup.events import event_keys
from pipeline.dedup.minhash import Fingerprint, fingerprint
from pipeline.dedup.store import (
    DuplicateMatch,
    ShingleCache,
    ShingleLRU,
    find_duplicate,
    find_same_event,
    forget_article,
    index_article,
    index_events,
)

__all__ = [
    "DuplicateMatch",
    "Fingerprint",
    "ShingleCache",
    "ShingleLRU",
    "event_keys",
    "find_duplicate",
    "find_same_event",
    "fingerprint",
    "forget_article",
    "index_article",
    "index_events",
]
