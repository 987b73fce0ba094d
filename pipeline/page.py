"""From fetched bytes to a storable article: decode, extract, normalise, fingerprint.

Pure and picklable end to end, because it runs in worker processes during a crawl and
in-process for `pactwatch analyze`.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

from pipeline.decode import decode_html, decode_text
from pipeline.extract import (
    Extracted,
    ExtractionError,
    XPathOverrides,
    extract_article,
    extract_plain_text,
)
from pipeline.extract.furniture import clean_lines
from pipeline.normalise import normalise

_SPACE = re.compile(r"\s+")


def normalise_body(text: str) -> str:
    """An extracted body's analysis text: `normalise`d, then the share and recommendation
    lines that survived extraction dropped (they match only once normalised)."""
    return "\n".join(clean_lines(normalise(text).split("\n")))


@dataclass(frozen=True, slots=True)
class Page:
    """An extracted article with its analysis text and fingerprint."""

    title: str
    text: str
    norm_title: str
    norm_text: str
    published_at: datetime | None
    author: str | None
    credited_source: str | None
    language: str
    encoding: str
    method: str
    content_hash: str
    date_source: str | None = None  # where published_at came from (FoundDate.source)
    site: str | None = None  # the body whose site published it (Extracted.site)
    site_address: str | None = None  # where that body is (Extracted.site_address)
    reported_on: date | None = None  # a reprint's original day (Extracted.reported_on)


def read_html(
    body: bytes,
    content_type: str | None,
    url: str | None,
    overrides: XPathOverrides | None = None,
    tz: str = "Asia/Shanghai",
    fetched_at: datetime | None = None,
) -> Page:
    """Decode an HTML page and extract its article; `ExtractionError` when it holds none.

    `fetched_at` anchors relative datelines ("3小时前"); None means now.
    """
    decoded = decode_html(body, content_type)
    extracted = extract_article(
        decoded.text, url, overrides=overrides, tz=ZoneInfo(tz), now=fetched_at
    )
    return _page(extracted, decoded.encoding)


def read_plain_text(body: bytes) -> Page:
    """Decode a plain-text article (first line the headline; UTF-8 or GBK/GB18030), extract it."""
    decoded = decode_text(body)
    return _page(extract_plain_text(decoded.text), decoded.encoding)


def _page(extracted: Extracted, encoding: str) -> Page:
    norm_title = normalise(extracted.title)
    norm_text = normalise_body(extracted.text)
    return Page(
        title=extracted.title,
        text=extracted.text,
        norm_title=norm_title,
        norm_text=norm_text,
        published_at=extracted.published_at,
        author=extracted.author,
        credited_source=extracted.source_name,
        language=extracted.language,
        encoding=encoding,
        method=extracted.method,
        content_hash=content_hash(norm_text),
        date_source=extracted.date_source,
        site=extracted.site,
        site_address=extracted.site_address,
        reported_on=extracted.reported_on,
    )


def parse_listed_date(text: str | None, tz: str = "Asia/Shanghai") -> datetime | None:
    """A feed entry's or sitemap's date (RFC 822 or ISO 8601) as an aware datetime, or None.

    Used when the page itself states no publication time; a date without a time is taken
    as midnight in `tz`, a time without an offset as local time in `tz`.
    """
    if not text or not text.strip():
        return None
    value = text.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=ZoneInfo(tz))


def content_hash(norm_text: str) -> str:
    """SHA-256 of the text without any whitespace: the same words are the same article."""
    return hashlib.sha256(_SPACE.sub("", norm_text).encode("utf-8")).hexdigest()


__all__ = [
    "ExtractionError",
    "Page",
    "content_hash",
    "parse_listed_date",
    "read_html",
    "read_plain_text",
]
