"""The numbers behind the statistics page: agreements per month, per sector, per pair of places.

Counted are agreement stories: articles classified as agreements, not rejected, and not a
later report of a story already stored (`duplicate_of IS NULL`), so a signing reported by
five outlets counts once. An article's month is that of its publication, or of its fetch
when the page gave no date, in the desk's time zone.

Every query starts from `ix_article_stats` (migration 0005) and reaches agreement rows
through `ix_agreement_article_id`; JSON lists are grouped by their text in SQL and parsed
here, once per distinct list rather than once per row. `query_plans` shows the plans.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from itertools import combinations
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.sql import Select
from sqlmodel import Session, col

from pactwatch.web.desk.filters import BadFilter, ItemFilters, parse_date, start_of
from pipeline.gazetteer.index import gazetteer
from pipeline.gazetteer.model import PROVINCE, Division
from pipeline.gazetteer.tree import ancestors
from pipeline.models import Agreement, Article, ReviewLabel

COUNTED = ("new", "approved")  # statuses counted unless only approved stories are asked for
GROUPS = {"510000": 0, "500000": 1}  # Sichuan (west), Chongqing (east); elsewhere is 2
T = TypeVar("T", "Place", tuple["Place", "Place"])


@dataclass(frozen=True)
class StatsFilters:
    """Which stories to count: a date range (inclusive, desk time zone), approved only."""

    since: date | None = None
    until: date | None = None
    approved_only: bool = False

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> StatsFilters:
        """Parses `since`, `until` (YYYY-MM-DD) and `approved`; `BadFilter` says what is wrong."""
        since, until = parse_date(params, "since"), parse_date(params, "until")
        if since and until and since > until:
            raise BadFilter("起始日期晚于结束日期 (since is after until)")
        return cls(since, until, params.get("approved", "") in ("1", "on", "true"))

    @property
    def statuses(self) -> tuple[str, ...]:
        return ("approved",) if self.approved_only else COUNTED

    def item_filters(self) -> ItemFilters:
        """The nearest inbox filters, for export links (they select by fetch date)."""
        status = "approved" if self.approved_only else ""
        return ItemFilters(since=self.since, until=self.until, status=status, agreements_only=True)


@dataclass(frozen=True, order=True)
class Place:
    """A city-level place: a prefecture of Sichuan, a district or county of Chongqing."""

    group: int  # GROUPS: orders places west to east, so pairs read 泸州市–永川区
    key: str  # full name (四川省泸州市), or the stored text when the gazetteer lacks it
    label: str  # short name (泸州市)


@dataclass(frozen=True)
class Month:
    month: str  # YYYY-MM
    stories: int = 0
    agreements: int = 0
    sectors: Mapping[str, int] = field(default_factory=dict)  # code → agreements


@dataclass(frozen=True)
class Pair:
    a: Place  # the western one first: Sichuan before Chongqing
    b: Place
    agreements: int

    @property
    def label(self) -> str:
        return f"{self.a.label}–{self.b.label}"


@dataclass(frozen=True)
class Stats:
    months: list[Month]  # every month from the first counted to the last, empty ones too
    pairs: list[Pair]  # most agreements first
    places: list[tuple[Place, int]]  # agreements each place takes part in, most first
    sectors: list[str]  # codes that occur, most agreements first

    @property
    def stories(self) -> int:
        return sum(m.stories for m in self.months)

    @property
    def agreements(self) -> int:
        return sum(m.agreements for m in self.months)


def collect_stats(filters: StatsFilters, *, session: Session, timezone: str, dialect: str) -> Stats:
    """All the page's numbers, in three grouped queries."""
    statements = _statements(filters, timezone, dialect)
    stories = {m: n for m, n in session.execute(statements["stories_by_month"]).all()}
    agreements, by_month = _by_month(session.execute(statements["sectors_by_month"]).all())
    months = [
        Month(m, stories.get(m, 0), agreements[m], dict(by_month.get(m, {})))
        for m in month_span(stories.keys() | agreements.keys())
    ]
    sector_totals: Counter[str] = Counter()
    for counter in by_month.values():
        sector_totals.update(counter)
    pairs, places = _pairs_and_places(session.execute(statements["region_sets"]).all())
    return Stats(months, pairs, places, [code for code, _ in sector_totals.most_common()])


def fingerprint(filters: StatsFilters, *, session: Session, timezone: str) -> tuple[object, ...]:
    """Cheap values that change when the numbers `filters` select would (indexed, ~3 ms).

    The counted stories' number and id sum change when one comes or goes; agreement ids
    only grow, so a re-read article shows in their maximum; every review decision or
    correction adds a label. An in-place edit that touches none of these goes unseen.
    """
    stories = session.execute(
        sa.select(sa.func.count(), sa.func.sum(col(Article.id)), sa.func.max(_when())).where(
            *_counted(filters, timezone)
        )
    ).one()
    agreements = session.execute(sa.select(sa.func.max(col(Agreement.id)))).scalar()
    labels = session.execute(sa.select(sa.func.max(col(ReviewLabel.id)))).scalar()
    return (*stories, agreements, labels)


def query_plans(session: Session, *, timezone: str = "Asia/Shanghai") -> dict[str, list[str]]:
    """The database's plan for each statistics query (EXPLAIN QUERY PLAN on SQLite)."""
    dialect = session.get_bind().dialect
    explain = "EXPLAIN QUERY PLAN " if dialect.name == "sqlite" else "EXPLAIN "
    plans = {}
    for name, statement in _statements(StatsFilters(), timezone, dialect.name).items():
        sql = statement.compile(dialect=dialect, compile_kwargs={"literal_binds": True})
        rows = session.connection().exec_driver_sql(explain + str(sql)).all()
        plans[name] = [str(row[-1]) for row in rows]
    return plans


def month_span(months: Iterable[str]) -> list[str]:
    """Every YYYY-MM from the earliest of `months` to the latest."""
    given = sorted(months)
    if not given:
        return []
    year, month = map(int, given[0].split("-"))
    span = []
    while (label := f"{year:04d}-{month:02d}") <= given[-1]:
        span.append(label)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return span


# --- queries ----------------------------------------------------------------------------------


def _statements(filters: StatsFilters, timezone: str, dialect: str) -> dict[str, Select[Any]]:
    counted = _counted(filters, timezone)
    month = _month(timezone, dialect).label("month")
    joined = (
        sa.select()
        .select_from(Article)
        .join(Agreement, col(Agreement.article_id) == col(Article.id))
    )
    sectors = sa.cast(col(Agreement.sectors), sa.Text)
    regions = sa.cast(col(Agreement.regions), sa.Text)
    return {
        "stories_by_month": sa.select(month, sa.func.count())
        .select_from(Article)
        .where(*counted)
        .group_by(month),
        "sectors_by_month": joined.add_columns(month, sectors, sa.func.count())
        .where(*counted)
        .group_by(month, sectors),
        "region_sets": joined.add_columns(regions, sa.func.count())
        .where(*counted)
        .group_by(regions),
    }


def _when() -> sa.ColumnElement[datetime]:
    return sa.func.coalesce(col(Article.published_at), col(Article.fetched_at))


def _counted(filters: StatsFilters, timezone: str) -> list[sa.ColumnElement[bool]]:
    # Equality on the first three columns of ix_article_stats; IS serves an index like =.
    conditions: list[sa.ColumnElement[bool]] = [
        col(Article.is_agreement).is_(True),
        col(Article.duplicate_of).is_(None),
        col(Article.status).in_(filters.statuses),
    ]
    zone = ZoneInfo(timezone)
    if filters.since is not None:
        conditions.append(_when() >= start_of(filters.since, zone))
    if filters.until is not None:
        conditions.append(_when() < start_of(filters.until + timedelta(days=1), zone))
    return conditions


def _month(timezone: str, dialect: str) -> sa.ColumnElement[str]:
    if dialect == "postgresql":
        return sa.func.to_char(sa.func.timezone(timezone, _when()), "YYYY-MM")
    # SQLite keeps UTC text and knows no zones: shift by the zone's offset now. Exact for
    # China (no daylight saving since 1991); elsewhere an hour off at some month ends.
    offset = ZoneInfo(timezone).utcoffset(datetime.now())
    seconds = int(offset.total_seconds()) if offset else 0
    return sa.func.strftime("%Y-%m", _when(), f"{seconds:+d} seconds")


def _json_list(text: str | None) -> list[str]:
    try:
        value = json.loads(text or "[]")
    except ValueError:
        return []
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _by_month(
    rows: Iterable[tuple[str, str, int]],
) -> tuple[Counter[str], dict[str, Counter[str]]]:
    """Agreements per month, and per month and sector, from (month, sector list, count)."""
    agreements: Counter[str] = Counter()
    by_month: defaultdict[str, Counter[str]] = defaultdict(Counter)
    parsed: dict[str, frozenset[str]] = {}  # few distinct lists recur in every month
    for month, text, n in rows:
        agreements[month] += n
        if text not in parsed:
            parsed[text] = frozenset(_json_list(text))
        counter = by_month[month]
        for code in parsed[text]:
            counter[code] += n
    return agreements, by_month


def _pairs_and_places(
    region_sets: Iterable[tuple[str, int]],
) -> tuple[list[Pair], list[tuple[Place, int]]]:
    """Every unordered pair of distinct places per agreement, and each place's agreements."""
    pairs: Counter[tuple[Place, Place]] = Counter()
    places: Counter[Place] = Counter()
    for text, n in region_sets:
        found = places_of(_json_list(text))
        for place in found:
            places[place] += n
        for a, b in combinations(found, 2):
            pairs[a, b] += n
    return [Pair(a, b, n) for (a, b), n in _ranked(pairs)], _ranked(places)


def _ranked(counter: Counter[T]) -> list[tuple[T, int]]:
    """Most first; ties west to east, then by name, so the page is the same every time."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


# --- places -----------------------------------------------------------------------------------


def places_of(regions: Iterable[str]) -> list[Place]:
    """The distinct city-level places of an agreement's regions, west to east.

    A place that contains another of the same agreement is dropped (重庆市 beside 重庆市永川区
    says nothing more), so a province counts only when nothing finer is named.
    """
    found = {place_of(region) for region in regions}
    return sorted(
        p for p in found if not any(q.key != p.key and q.key.startswith(p.key) for q in found)
    )


@lru_cache(maxsize=4096)  # bounded: stored region text is scraped, anything may occur
def place_of(region: str) -> Place:
    """`region` (a full name, 四川省泸州市泸县) raised to city level (四川省泸州市)."""
    known = _by_full_name()
    # A town (四川省遂宁市蓬溪县蓬南镇) counts as the county it begins with.
    division = next(
        (known[region[:end]] for end in range(len(region), 1, -1) if region[:end] in known), None
    )
    if division is None:
        return Place(2, region, region)
    chain = ancestors(division)
    if len(chain) > 1 and chain[-1].level == PROVINCE:
        division = chain[-2]  # the province's child: a prefecture, or a Chongqing district
    return Place(GROUPS.get(chain[-1].code, 2), division.full_name, division.name)


@cache
def _by_full_name() -> dict[str, Division]:
    return {d.full_name: d for d in gazetteer().by_code.values()}
