"""`GET /feed.atom`: the public Atom feed of approved agreement stories (no login).

Newest first, `LIMIT` entries: articles reviewers approved that report agreements, each
story once (`duplicate_of IS NULL`). `?region=泸州` (a gazetteer name; a city includes its
districts) and `?sector=digital` narrow it, repeatable or comma-separated; values of one
kind are alternatives, the two kinds must both hold. An unknown value is a 400 with a plain
message. Readers of the feed have no login, so entries link to the original article only
(http and https URLs; anything else stays out), never to the desk.

The XML is built with ElementTree, which escapes every scraped string; the self link and
the `tag:` ids use `PACTWATCH_BASE_URL`. Responses carry an ETag and Last-Modified and
answer conditional requests with 304.
"""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import urlencode, urlsplit

import sqlalchemy as sa
from sqlmodel import Session, col, select
from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from pactwatch.web.context import context_of
from pactwatch.web.desk.charts import xml_text
from pactwatch.web.desk.common import dialect_of, read
from pactwatch.web.desk.filters import BadFilter, ItemFilters, region_prefixes
from pactwatch.web.templating import BRAND
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.models import Agreement, Article, ReviewLabel

ATOM = "http://www.w3.org/2005/Atom"
MEDIA_TYPE = "application/atom+xml; charset=utf-8"
LIMIT = 50
MAX_VALUES = 20  # per kind: more alternatives than places worth following is a mistake
TAG_DATE = "2024"  # of the tag: URIs; fixed forever, or every id would change
EPOCH = datetime(2024, 1, 1, tzinfo=UTC)  # `updated` of a feed with no entries
MAX_AGE = 300  # seconds readers may reuse a copy: approvals show within five minutes


class BadFeedQuery(ValueError):
    """A feed URL asking for a region or sector that does not exist."""


@dataclass(frozen=True)
class FeedQuery:
    regions: tuple[str, ...] = ()  # full division names (四川省泸州市), matched as prefixes
    sectors: tuple[str, ...] = ()  # codes of SECTOR_LABELS

    @classmethod
    def from_params(cls, params: QueryParams) -> FeedQuery:
        """Parses `region` and `sector`; `BadFeedQuery` names the first unknown value."""
        try:
            regions = [
                prefix
                for v in _values(params, "region")
                for prefix in region_prefixes(ItemFilters.from_query({"region": v}).region)
            ]
            sectors = [
                ItemFilters.from_query({"sector": v}).sector for v in _values(params, "sector")
            ]
        except BadFilter as exc:
            raise BadFeedQuery(str(exc)) from None
        if len(regions) > MAX_VALUES or len(sectors) > MAX_VALUES:
            raise BadFeedQuery(f"最多 {MAX_VALUES} 个地区或领域 (too many values)")
        return cls(tuple(dict.fromkeys(regions)), tuple(dict.fromkeys(sectors)))

    def to_query(self) -> str:
        return urlencode(
            [*(("region", r) for r in self.regions), *(("sector", s) for s in self.sectors)]
        )


@dataclass
class FeedEntry:
    article_id: int
    title: str
    url: str
    published_at: datetime | None
    updated: datetime  # the latest review of the article, else when it was published
    agreements: list[Agreement] = field(default_factory=list)


def feed_entries(
    query: FeedQuery, *, session: Session, dialect: str, limit: int = LIMIT
) -> list[FeedEntry]:
    """The newest approved agreement stories that `query` selects."""
    when = sa.func.coalesce(col(Article.published_at), col(Article.fetched_at))
    conditions: list[sa.ColumnElement[bool] | sa.TextClause] = [
        col(Article.is_agreement).is_(True),
        col(Article.duplicate_of).is_(None),
        col(Article.status) == "approved",
    ]
    if query.regions:
        conditions.append(_any_element("regions", query.regions, dialect, prefix=True))
    if query.sectors:
        conditions.append(_any_element("sectors", query.sectors, dialect, prefix=False))
    found = session.execute(
        sa.select(
            col(Article.id), col(Article.title), col(Article.url), col(Article.published_at), when
        )
        .where(*conditions)
        .order_by(when.desc(), col(Article.id).desc())
        .limit(limit)
    ).all()
    entries = {row[0]: FeedEntry(row[0], row[1], row[2], row[3], row[4]) for row in found}
    _add_agreements_and_reviews(entries, session=session)
    return list(entries.values())


def _add_agreements_and_reviews(entries: dict[int, FeedEntry], *, session: Session) -> None:
    ids = list(entries)  # at most LIMIT: one IN list each
    agreements = session.exec(
        select(Agreement)
        .where(col(Agreement.article_id).in_(ids))
        .order_by(col(Agreement.position), col(Agreement.id))
    )
    for agreement in agreements:
        entries[agreement.article_id].agreements.append(agreement)
    reviewed = session.execute(
        sa.select(col(ReviewLabel.article_id), sa.func.max(col(ReviewLabel.at)))
        .where(col(ReviewLabel.article_id).in_(ids))
        .group_by(col(ReviewLabel.article_id))
    ).all()
    for article_id, at in reviewed:
        if at is not None:
            entries[article_id].updated = _aware(at)


def _any_element(name: str, values: Sequence[str], dialect: str, *, prefix: bool) -> sa.TextClause:
    """EXISTS an agreement of the article whose JSON list `name` holds one of `values`."""
    if dialect == "postgresql":
        element, value = f"jsonb_array_elements_text(agreement.{name}::jsonb) AS e", "e"
    else:
        element, value = f"json_each(agreement.{name}) AS e", "e.value"
    binds = {f"{name}_{n}": _like_prefix(v) if prefix else v for n, v in enumerate(values)}
    test = f"{value} LIKE :{{}} ESCAPE '\\'" if prefix else f"{value} = :{{}}"
    matches = " OR ".join(test.format(bind) for bind in binds)
    return sa.text(
        f"EXISTS (SELECT 1 FROM agreement, {element} "
        f"WHERE agreement.article_id = article.id AND ({matches}))"
    ).bindparams(**binds)


def _like_prefix(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _values(params: QueryParams, name: str) -> list[str]:
    """Every value of `name`: repeated parameters and comma-separated lists alike."""
    values = []
    for given in params.getlist(name):
        for part in given.replace("，", ",").replace("、", ",").split(","):
            if part.strip():
                values.append(part.strip())
    return values


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


# --- the document -------------------------------------------------------------------------


def build_feed(entries: Sequence[FeedEntry], query: FeedQuery, *, base_url: str) -> bytes:
    """The Atom document (RFC 4287) for `entries`, as UTF-8."""
    host = urlsplit(base_url).hostname or "localhost"
    suffix = "?" + query.to_query() if query.to_query() else ""
    feed = ET.Element("feed", {"xmlns": ATOM})
    _sub(feed, "id", f"tag:{host},{TAG_DATE}:feed/agreements{suffix}")
    _sub(feed, "title", f"{BRAND} · 已审核的合作协议" + _describe(query))
    _sub(feed, "subtitle", "四川、重庆各地签署的合作协议，经人工审核 (approved agreements)")
    _sub(feed, "updated", _rfc3339(max((e.updated for e in entries), default=EPOCH)))
    ET.SubElement(feed, "link", {"rel": "self", "type": "application/atom+xml",
                                 "href": base_url.rstrip("/") + "/feed.atom" + suffix})  # fmt: skip
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = BRAND
    _sub(feed, "generator", "pactwatch")
    for entry in entries:
        _entry(feed, entry, host)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _entry(feed: ET.Element, entry: FeedEntry, host: str) -> None:
    node = ET.SubElement(feed, "entry")
    _sub(node, "id", f"tag:{host},{TAG_DATE}:article/{entry.article_id}")
    _sub(node, "title", entry.title, type="text")
    _sub(node, "updated", _rfc3339(entry.updated))
    if entry.published_at is not None:
        _sub(node, "published", _rfc3339(entry.published_at))
    summary = summarise(entry.agreements)
    if _web_link(entry.url):
        ET.SubElement(
            node, "link", {"rel": "alternate", "type": "text/html", "href": xml_text(entry.url)}
        )
    else:  # RFC 4287 § 4.1.2: an entry without an alternate link must carry content
        _sub(node, "content", summary, type="text")
    _sub(node, "summary", summary, type="text")
    for code in dict.fromkeys(s for a in entry.agreements for s in a.sectors):
        ET.SubElement(
            node,
            "category",
            {"term": xml_text(code), "label": xml_text(SECTOR_LABELS.get(code, code))},
        )


def summarise(agreements: Sequence[Agreement]) -> str:
    """The agreements as plain text, one paragraph each."""
    paragraphs = []
    for agreement in agreements:
        lines = [f"《{agreement.title}》" if agreement.title else "合作协议"]
        if agreement.parties:
            lines.append("签约方：" + "；".join(agreement.parties))
        if agreement.regions:
            lines.append("地区：" + "；".join(agreement.regions))
        if agreement.signed_on:
            lines.append("签署日期：" + agreement.signed_on)
        if agreement.sectors:
            lines.append("领域：" + "；".join(SECTOR_LABELS.get(s, s) for s in agreement.sectors))
        paragraphs.append("\n".join(lines))
    return "\n\n".join(paragraphs) or "合作协议"


def _describe(query: FeedQuery) -> str:
    parts = [*query.regions, *(SECTOR_LABELS[s] for s in query.sectors)]
    return f"（{'、'.join(parts)}）" if parts else ""


def _sub(parent: ET.Element, tag: str, text: str, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    element.text = xml_text(text)
    return element


def _web_link(url: str) -> bool:
    parts = urlsplit(url.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def _rfc3339(moment: datetime) -> str:
    return _aware(moment).astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


# --- the route ----------------------------------------------------------------------------


async def feed(request: Request) -> Response:
    """Public by contract: no login, nothing on it that is not already approved."""
    try:
        query = FeedQuery.from_params(request.query_params)
    except BadFeedQuery as exc:
        return PlainTextResponse(str(exc), status_code=400)
    entries = await read(request, feed_entries, query, dialect=dialect_of(request))
    body = build_feed(entries, query, base_url=context_of(request).settings.base_url)
    updated = max((e.updated for e in entries), default=EPOCH)
    headers = {
        "ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "Last-Modified": format_datetime(_aware(updated).astimezone(UTC), usegmt=True),
        "Cache-Control": f"public, max-age={MAX_AGE}",
    }
    if _not_modified(request.headers, headers["ETag"], updated):
        return Response(status_code=304, headers=headers)
    return Response(body, media_type=MEDIA_TYPE, headers=headers)


def _not_modified(headers: Mapping[str, str], etag: str, updated: datetime) -> bool:
    """RFC 9110 § 13.1: If-None-Match decides when present, else If-Modified-Since."""
    if "if-none-match" in headers:
        given = [t.strip().removeprefix("W/") for t in headers["if-none-match"].split(",")]
        return etag in given or "*" in given
    since = headers.get("if-modified-since")
    if not since:
        return False
    try:
        return _aware(updated).replace(microsecond=0) <= parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False


routes: list[BaseRoute] = [Route("/feed.atom", feed, methods=["GET"])]
