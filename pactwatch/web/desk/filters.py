"""The desk's filters (source, region, sector, status, dates, score, search text), parsed from
a query string and applied to a SELECT over `article`; the inbox, exports and feed share them.

Region and sector live in each agreement's JSON lists, and as rows of `agreement_facet`
(migration 0008), which the filters read. A region matches its own divisions (泸州
matches 四川省泸州市泸县), since full names run from the province down.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.sql import Select
from sqlmodel import col

from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.gazetteer import division, expand_group, lookup
from pipeline.gazetteer.index import gazetteer
from pipeline.gazetteer.model import PROVINCE, ZONE
from pipeline.models import Article
from pipeline.textnorm import to_simplified

Condition = sa.ColumnElement[bool] | sa.TextClause
STATUSES = ("new", "approved", "rejected")
MAX_TERMS = 8
TRIGRAM = 3  # FTS5's trigram tokenizer indexes three-character substrings
LAST_CHARACTER = "\U0010ffff"  # sorts after any character: the end of a prefix's range
_LONGEST_NAME = 40  # a stored full name is shorter: 西藏自治区日喀则市… ≈ 15 characters


class BadFilter(ValueError):
    """A filter value that cannot mean anything; the message says which and why."""


@dataclass(frozen=True)
class ItemFilters:
    """What the desk was asked to show; every field empty means everything."""

    q: str = ""  # search text: terms separated by spaces, all must occur
    source: str = ""
    region: str = ""  # a full division name (四川省泸州市) after parsing
    sector: str = ""  # a code of SECTOR_LABELS
    status: str = ""  # new | approved | rejected
    since: date | None = None  # fetched on or after, in the desk's time zone
    until: date | None = None  # fetched on or before
    min_score: float | None = None
    agreements_only: bool = False

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> ItemFilters:
        """Parses the query string; `BadFilter` names the first field that makes no sense."""
        region = params.get("region", "").strip()
        if region:
            found = lookup(to_simplified(region))
            if not found and not region_prefixes(region):
                raise BadFilter(f"未知地区 (unknown region {region!r})")
            region = found[0].full_name if found else region
        sector = params.get("sector", "").strip()
        if sector and sector not in SECTOR_LABELS:
            raise BadFilter(f"未知领域 (unknown sector {sector!r})")
        status = params.get("status", "").strip()
        if status and status not in STATUSES:
            raise BadFilter(f"未知状态 (unknown status {status!r})")
        return cls(
            q=" ".join(params.get("q", "").split())[:200],
            source=params.get("source", "").strip()[:64],
            region=region,
            sector=sector,
            status=status,
            since=parse_date(params, "since"),
            until=parse_date(params, "until"),
            min_score=_score(params.get("min_score", "")),
            agreements_only=params.get("agreements_only", "") in ("1", "on", "true"),
        )

    def to_query(self, **changes: object) -> str:
        """The query string of these filters (with `changes`), for links and pagination."""
        values = replace(self, **changes) if changes else self  # type: ignore[arg-type]
        pairs = []
        for f in fields(values):
            value = getattr(values, f.name)
            if value in ("", None, False):
                continue
            pairs.append((f.name, "1" if value is True else str(value)))
        return urlencode(pairs)

    @property
    def terms(self) -> list[str]:
        """Search terms, Simplified-normalised like the index they are looked up in."""
        return [to_simplified(t) for t in self.q.split()][:MAX_TERMS]

    def apply(self, stmt: Select[Any], *, timezone: str, dialect: str) -> Select[Any]:
        """`stmt` (a SELECT over `article`) narrowed to what these filters ask for."""
        conditions: list[Condition] = []
        if self.source:
            conditions.append(col(Article.source) == self.source)
        if self.status:
            conditions.append(col(Article.status) == self.status)
        if self.agreements_only:
            conditions.append(col(Article.is_agreement).is_(True))
        if self.min_score is not None:
            conditions.append(col(Article.score) >= self.min_score)
        zone = ZoneInfo(timezone)
        if self.since is not None:
            conditions.append(col(Article.fetched_at) >= start_of(self.since, zone))
        if self.until is not None:
            conditions.append(
                col(Article.fetched_at) < start_of(self.until + timedelta(days=1), zone)
            )
        if self.region:
            conditions.append(_agreement_in(region_prefixes(self.region)))
        if self.sector:
            conditions.append(_agreement_has("sector", self.sector))
        conditions.extend(_search(self.terms, dialect))
        return stmt.where(*conditions) if conditions else stmt


def parse_date(params: Mapping[str, str], name: str) -> date | None:
    """The date `name` of a query string; `BadFilter` when it is not YYYY-MM-DD."""
    value = params.get(name, "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise BadFilter(
            f"{name}: 日期格式应为 YYYY-MM-DD (expected a date, got {value!r})"
        ) from None


def _score(value: str) -> float | None:
    if not value.strip():
        return None
    try:
        score = float(value)
    except ValueError:
        raise BadFilter(f"min_score: 应为 0–1 的数 (expected a number, got {value!r})") from None
    if not 0.0 <= score <= 1.0:
        raise BadFilter(f"min_score: 应在 0 与 1 之间 (between 0 and 1, got {score})")
    return score


def region_prefixes(region: str) -> tuple[str, ...]:
    """The full division names a region filter stands for, matched as prefixes: one place
    (泸州 → 四川省泸州市, so 泸县 is in), each member of a group (川渝, 成德眉资), or a full
    name as stored (西藏自治区拉萨市城关区); () when it names nothing known. A zone that is
    no region of its own (成都高新区) stands for the city that runs it."""
    text = to_simplified(region).strip()
    found = lookup(text)
    if found and found[0].level == ZONE and found[0].parent and not found[0].own_region:
        # 成都高新区: agreements give it as 四川省成都市 (a zone that is no region of its
        # own), so the filter shows the city's, the zone's among them
        return (division(found[0].parent).full_name,)
    if found:
        return (found[0].full_name,)
    groups = expand_group(text)
    if len(groups) == 1 and groups[0][:2] == (0, len(text)):
        return tuple(d.full_name for d in groups[0][2])
    province = next((p for p in _provinces() if text.startswith(p)), None)
    return (text,) if province and len(text) <= _LONGEST_NAME else ()


@cache
def _provinces() -> tuple[str, ...]:
    return tuple(d.full_name for d in gazetteer().by_code.values() if d.level == PROVINCE)


def start_of(day: date, zone: ZoneInfo) -> datetime:
    """Midnight of `day` in the desk's zone, as UTC: where a day of the filters begins."""
    return datetime.combine(day, time(), zone).astimezone(UTC)


def _agreement_has(kind: str, value: str, *, prefix: bool = False) -> Condition:
    """The article has an agreement with `value` among its `kind`s (region or sector), by
    the facets migration 0008 keeps; with `prefix`, any value that begins with it."""
    param = f"{kind}_value"  # one per kind: region and sector filters combine
    if prefix:
        match = f"value >= :{param} AND value < :{param}_end"
        bound = {param: value, f"{param}_end": value + LAST_CHARACTER}
    else:
        match, bound = f"value = :{param}", {param: value}
    return sa.text(
        f"article.id IN (SELECT article_id FROM agreement_facet WHERE kind = '{kind}' AND {match})"
    ).bindparams(**bound)


def _agreement_in(prefixes: tuple[str, ...]) -> Condition:
    """The article has an agreement whose regions begin with one of `prefixes`."""
    ranges = " OR ".join(f"(value >= :r{n} AND value < :r{n}_end)" for n in range(len(prefixes)))
    bound = {f"r{n}": p for n, p in enumerate(prefixes)}
    bound |= {f"r{n}_end": p + LAST_CHARACTER for n, p in enumerate(prefixes)}
    return sa.text(
        "article.id IN (SELECT article_id FROM agreement_facet "
        f"WHERE kind = 'region' AND ({ranges or 'FALSE'}))"
    ).bindparams(**bound)


def _search(terms: list[str], dialect: str) -> list[Condition]:
    """One condition per term, each served by the search index.

    SQLite: terms of three or more characters are phrases of one FTS5 MATCH. A shorter
    term (泸州, 5G) is looked up as the indexed trigrams that begin with it (泸州市,
    泸州的, …), read from the index's vocabulary; the index appends a space to each
    column so that a term ending a title begins a trigram too.
    PostgreSQL: LIKE, served by the pg_trgm indexes.
    """
    if dialect != "sqlite":
        return [_like(term) for term in terms]  # ILIKE: ASCII folds case, as FTS5's trigrams do
    conditions: list[Condition] = []
    long_terms = [t for t in terms if len(t) >= TRIGRAM]
    if long_terms:
        phrase = " AND ".join(_quoted(t) for t in long_terms)
        conditions.append(
            sa.text(
                "article.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH :phrase)"
            ).bindparams(phrase=phrase)
        )
    for n, term in enumerate(t for t in terms if len(t) < TRIGRAM):
        # MATCH takes the OR of those trigrams, built by the query itself; with none, a
        # two-character phrase, which a trigram index matches nowhere (NULL would be an error).
        conditions.append(
            sa.text(
                "article.id IN (SELECT rowid FROM article_fts WHERE article_fts MATCH ("
                "SELECT coalesce(group_concat("
                "'\"' || replace(term, '\"', '\"\"') || '\"', ' OR '), '\"no\"') "
                f"FROM article_fts_vocab WHERE term >= :lo{n} AND term < :hi{n}))"
            ).bindparams(**{f"lo{n}": term.lower(), f"hi{n}": term.lower() + LAST_CHARACTER})
        )
    return conditions


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _like(term: str) -> Condition:
    pattern = "%" + _escape_like(term) + "%"
    return sa.or_(
        col(Article.norm_title).ilike(pattern, escape="\\"),
        col(Article.norm_text).ilike(pattern, escape="\\"),
    )


def _escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
