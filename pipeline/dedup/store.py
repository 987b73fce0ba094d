"""The dedup index in the store: exact, near-duplicate and same-event lookups, `*, session`.

Only articles stored before the one being checked are candidates (`id < exclude_id`), so a
link always points back in time and `duplicate_of` can never form a cycle, also when
`pactwatch reanalyze` re-checks an old article whose later copies link to it.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, SQLModel, col

from pipeline.db import core
from pipeline.dedup.events import key_overlap
from pipeline.dedup.minhash import DEFAULT, THRESHOLD, Fingerprint
from pipeline.dedup.shingles import jaccard, shingle_hashes
from pipeline.models import Article, EventKey, MinhashBand

# Candidates confirmed per lookup, most shared bands first. A true copy shares most bands; a
# bucket crowded by boilerplate must not make one lookup read thousands of texts.
MAX_CANDIDATES = 20
# Share of the larger key set two articles must share to be one event (see `key_overlap`).
EVENT_OVERLAP = 0.5
_NO_LIMIT = 2**31 - 1  # `before` when no article is excluded: the largest INTEGER id
_MAX_CHAIN = 64  # `duplicate_of` hops followed to the root; links point back, so few are needed


@dataclass(frozen=True, slots=True)
class DuplicateMatch:
    """The root article a new one repeats, why, and how similar they are."""

    article_id: int  # the root article
    reason: str  # "hash" | "near" | "event"
    similarity: float  # 1.0 for hash; Jaccard for near; key overlap for event


ShingleCache = MutableMapping[int, "npt.NDArray[np.uint64]"]


class ShingleLRU(OrderedDict[int, "npt.NDArray[np.uint64]"]):
    """A bounded `ShingleCache`: the most recently used articles' shingle hashes.

    4,096 entries of ~8 KB (a 3 KB article) keep ~32 MB: the recent stories every new
    article is compared with, and the boilerplate-heavy ones that keep coming up.
    """

    def __init__(self, capacity: int = 4096) -> None:
        super().__init__()
        self.capacity = capacity

    def __getitem__(self, key: int) -> npt.NDArray[np.uint64]:
        value = super().__getitem__(key)
        self.move_to_end(key)
        return value

    def __setitem__(self, key: int, value: npt.NDArray[np.uint64]) -> None:
        super().__setitem__(key, value)
        self.move_to_end(key)
        while len(self) > self.capacity:
            self.popitem(last=False)


def find_duplicate(
    fp: Fingerprint,
    norm_text: str,
    *,
    session: Session,
    exclude_id: int | None = None,
    cache: ShingleCache | None = None,
) -> DuplicateMatch | None:
    """An earlier article with the same content hash, else one whose shingles are near enough.

    `cache` (article id → shingle hashes), when the caller keeps one, saves re-shingling
    candidates that recur: boilerplate-heavy sources make the same few articles candidates
    for most lookups.
    """
    params = {
        "hash": fp.content_hash,
        "before": exclude_id if exclude_id is not None else _NO_LIMIT,
    }
    first = core(session).execute(_SAME_HASH, params).scalar()
    if first is not None:
        return DuplicateMatch(root_of(first, session=session), "hash", 1.0)
    if not fp.bands:
        return None
    best = _best_near(fp, norm_text, session=session, exclude_id=exclude_id, cache=cache)
    if best is None:
        return None
    return DuplicateMatch(root_of(best[0], session=session), "near", best[1])


def _best_near(
    fp: Fingerprint,
    norm_text: str,
    *,
    session: Session,
    exclude_id: int | None,
    cache: ShingleCache | None,
) -> tuple[int, float] | None:
    """(id, Jaccard) of the most similar earlier candidate at or above THRESHOLD, or None."""
    params = {f"bucket{band}": bucket for band, bucket in enumerate(fp.bands)}
    params["before"] = exclude_id if exclude_id is not None else _NO_LIMIT
    query = _band_query(len(fp.bands))
    candidates = [row[0] for row in core(session).execute(query, params)]
    if not candidates:
        return None
    mine = fp.shingle_array() if fp.shingles else shingle_hashes(norm_text, DEFAULT.k)
    known = cache if cache is not None else {}
    missing = [c for c in candidates if c not in known]
    if missing:
        texts = core(session).execute(
            sa.select(col(Article.id), col(Article.norm_text)).where(col(Article.id).in_(missing))
        )
        for article_id, text in texts:
            if article_id is not None:  # a primary key; typed Optional by the model
                known[article_id] = shingle_hashes(text, DEFAULT.k)
    scored = sorted(((jaccard(mine, known[c]), -c) for c in candidates if c in known), reverse=True)
    if not scored or scored[0][0] < THRESHOLD:
        return None
    return -scored[0][1], scored[0][0]


# The earliest article with the same content hash; built once (it runs for every article).
_SAME_HASH = (
    sa.select(col(Article.id))
    .where(
        col(Article.content_hash) == sa.bindparam("hash"),
        col(Article.id) < sa.bindparam("before"),
    )
    .order_by(col(Article.id))
    .limit(1)
)


@cache
def _band_query(band_count: int) -> sa.Select:
    """Articles sharing a bucket in any band, most shared bands first.

    One (band, bucket) pair per band, OR-ed: SQLite (MULTI-INDEX OR) and PostgreSQL (BitmapOr)
    both make it one primary-key range scan per band; a row-value IN list would scan the
    table on SQLite. Built once per band count: building 64 comparisons per lookup cost
    ~2.5 ms, more than the query (profiled in bench/dedup_scale.py's store).
    """
    bands = _table(MinhashBand)
    hits = sa.func.count().label("hits")
    terms = [
        sa.and_(bands.c.band == band, bands.c.bucket == sa.bindparam(f"bucket{band}"))
        for band in range(band_count)
    ]
    return (
        sa.select(bands.c.article_id, hits)
        .where(sa.or_(*terms), bands.c.article_id < sa.bindparam("before"))
        .group_by(bands.c.article_id)
        .order_by(hits.desc(), bands.c.article_id)
        .limit(MAX_CANDIDATES)
    )


def index_article(article_id: int, fp: Fingerprint, *, session: Session) -> None:
    """Add the article's band rows; indexing it twice is harmless."""
    rows = [
        {"band": band, "bucket": bucket, "article_id": article_id}
        for band, bucket in enumerate(fp.bands)
    ]
    if rows:
        _insert_ignore(session, MinhashBand, rows)


def find_same_event(
    keys: Sequence[str], *, session: Session, exclude_id: int | None = None
) -> DuplicateMatch | None:
    """An earlier article reporting the same agreements: key overlap ≥ EVENT_OVERLAP.

    Overlap is measured against the larger key set (`key_overlap`), so a round-up of many
    signings and a report of one of them stay two stories.
    """
    mine = sorted(set(keys))
    if not mine:
        return None
    events = _table(EventKey)
    shared = sa.func.count().label("shared")
    query = (
        sa.select(events.c.article_id, shared)
        .where(events.c.key.in_(mine))
        .group_by(events.c.article_id)
        .order_by(shared.desc(), events.c.article_id)
        .limit(MAX_CANDIDATES)
    )
    candidates = [
        row[0] for row in session.execute(_before(query, events.c.article_id, exclude_id))
    ]
    if not candidates:
        return None
    theirs: dict[int, list[str]] = {}
    rows = session.execute(
        sa.select(events.c.article_id, events.c.key).where(events.c.article_id.in_(candidates))
    )
    for article_id, key in rows:
        theirs.setdefault(article_id, []).append(key)
    scored = sorted(
        ((key_overlap(mine, theirs[article_id]), -article_id) for article_id in theirs),
        reverse=True,
    )
    if scored[0][0] < EVENT_OVERLAP:
        return None
    return DuplicateMatch(root_of(-scored[0][1], session=session), "event", scored[0][0])


def index_events(article_id: int, keys: Sequence[str], *, session: Session) -> None:
    """Record the article's event keys; recording them twice is harmless."""
    rows = [{"key": key, "article_id": article_id} for key in sorted(set(keys))]
    if rows:
        _insert_ignore(session, EventKey, rows)


def forget_article(article_id: int, *, session: Session) -> None:
    """Drop the article's band and event rows (reanalysis indexes it afresh)."""
    for model in (MinhashBand, EventKey):
        table = _table(model)
        session.execute(sa.delete(table).where(table.c.article_id == article_id))


def root_of(article_id: int, *, session: Session) -> int:
    """The first report of the story: follow `duplicate_of` until an article has none."""
    current = article_id
    for _ in range(_MAX_CHAIN):
        parent = (
            core(session)
            .execute(sa.select(col(Article.duplicate_of)).where(col(Article.id) == current))
            .scalar()
        )
        if parent is None or parent == current:
            return current
        current = parent
    return current


def _before(query: sa.Select, id_column: sa.ColumnElement, exclude_id: int | None) -> sa.Select:
    return query if exclude_id is None else query.where(id_column < exclude_id)


def _table(model: type[SQLModel]) -> sa.Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, sa.Table)
    return table


def _insert_ignore(
    session: Session, model: type[SQLModel], rows: Sequence[Mapping[str, object]]
) -> None:
    table = _table(model)
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    core(session).execute(insert(table).on_conflict_do_nothing(), rows)
