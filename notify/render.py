"""Rendering digests and confirmations: one Jinja environment, HTML (CSS inlined) and text.

Everything shown comes from scraped pages and is hostile: the HTML templates autoescape,
and only http(s) URLs ever become an href (`http_url`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from notify.selection import Item, sector_label

BRAND = "成渝合作协议"
DEFAULT_TZ = ZoneInfo("Asia/Shanghai")
TEXT_WIDTH = 72  # columns; a CJK character takes two
# Filter results remembered per Environment (one per digest run): a story goes to thousands
# of subscribers, and wrapping its lines and checking its URLs for each of them cost a
# quarter of planning (bench/digest.py: 126 → 173 digests/s). Entries are a few hundred bytes.
FILTER_MEMO = 8192


@dataclass(frozen=True, slots=True)
class Links:
    """The subscriber's own links, built (and signed) by the caller."""

    unsubscribe: str  # https: GET shows a confirmation page, POST acts
    preferences: str  # manage-preferences page
    one_click: str  # the List-Unsubscribe https target (RFC 8058 POST)
    mailto: str | None = None  # "mailto:unsubscribe@…?subject=unsubscribe-<token>"


def make_environment() -> Environment:
    """The one Environment for mail: autoescaped HTML, strict about undefined names."""
    env = Environment(
        loader=PackageLoader("notify", "templates"),
        autoescape=select_autoescape(
            enabled_extensions=("html", "htm", "xml", "html.j2"),
            disabled_extensions=("txt", "txt.j2"),
            default_for_string=True,
            default=True,  # an unknown extension is escaped: safer to over-escape
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["http_url"] = _memo_http_url()
    env.filters["sector_label"] = sector_label
    env.filters["wrap"] = lru_cache(maxsize=FILTER_MEMO)(wrap)
    env.filters["local_date"] = local_date
    return env


def http_url(url: object) -> str:
    """The URL if it is an absolute http(s) URL fit for an href, else "".

    Whitespace and control characters anywhere are refused rather than stripped:
    browsers drop them, so "java\\tscript:" would run.
    """
    if not isinstance(url, str) or not url or len(url) > 2048:
        return ""
    if any(ch <= " " or ch == "\x7f" or unicodedata.category(ch) == "Cc" for ch in url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url


def _memo_http_url() -> Callable[[object], str]:
    remembered = lru_cache(maxsize=FILTER_MEMO)(http_url)

    def checked(url: object) -> str:
        return remembered(url) if isinstance(url, str) else http_url(url)

    return checked


def local_date(moment: datetime | None, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """ "2024-11-20" in the reader's time zone; "" when unknown."""
    if moment is None:
        return ""
    return moment.astimezone(tz).date().isoformat() if moment.tzinfo else moment.date().isoformat()


def render_digest(
    items_grouped: Sequence[tuple[str, Sequence[Item]]],
    *,
    period_label: str,
    links: Links,
    base_url: str,
    env: Environment,
    tz: ZoneInfo = DEFAULT_TZ,
) -> tuple[str, str]:
    """(html, text) of a digest or alert: the groups from `selection.group`, in order."""
    context = {
        "brand": BRAND,
        "groups": [(name, list(items)) for name, items in items_grouped],
        "count": sum(len(items) for _, items in items_grouped),
        "period_label": period_label,
        "links": links,
        "base_url": http_url(base_url),
        "tz": tz,
    }
    html = env.get_template("digest.html.j2").render(context)
    text = env.get_template("digest.txt.j2").render(context)
    return inline_css(html), text


def render_confirm(
    confirm_link: str, filters_summary: str, *, env: Environment
) -> tuple[str, str, str]:
    """(subject, html, text) of the double opt-in message."""
    subject = f"请确认订阅{BRAND}提醒"
    context = {
        "brand": BRAND,
        "subject": subject,
        "confirm_link": confirm_link,
        "filters_summary": filters_summary,
    }
    html = env.get_template("confirm.html.j2").render(context)
    text = env.get_template("confirm.txt.j2").render(context)
    return subject, inline_css(html), text


def inline_css(html: str) -> str:
    """The <style> block moved into style attributes; @media rules stay in a <style>."""
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    return inliner.inline(html)


def period_label(
    period_end: datetime, tz: ZoneInfo, kind: str = "digest", *, start: datetime | None = None
) -> str:
    """ "11月22日" for a day, "11月16日–22日" for a week (or from `start`), "" for an alert.

    The period ends just before `period_end`: a digest cut at local midnight is the
    previous day's. Without `start`, a weekly period is the seven days up to its end.
    """
    if kind == "alert":
        return ""
    last = (period_end.astimezone(tz) - timedelta(microseconds=1)).date()
    if start is not None:
        first = min(start.astimezone(tz).date(), last)
    else:
        first = last - timedelta(days=6) if kind == "weekly" else last
    if first == last:
        return f"{last.month}月{last.day}日"
    if first.year != last.year:
        return f"{first.year}年{first.month}月{first.day}日–{last.year}年{last.month}月{last.day}日"
    if first.month == last.month:
        return f"{first.month}月{first.day}日–{last.day}日"
    return f"{first.month}月{first.day}日–{last.month}月{last.day}日"


def digest_subject(
    count: int,
    period_end: datetime,
    tz: ZoneInfo,
    kind: str = "digest",
    *,
    start: datetime | None = None,
) -> str:
    """ "成渝合作协议 · 11月22日 · 5 项新协议"; kind: digest (daily), weekly or alert.

    Only a count and dates go in: no scraped text reaches the Subject.
    """
    if kind == "alert":
        return f"{BRAND}快讯 · {count} 项新协议"
    return f"{BRAND} · {period_label(period_end, tz, kind, start=start)} · {count} 项新协议"


def wrap(text: str, width: int = TEXT_WIDTH, indent: str = "") -> str:
    """Lines of at most `width` columns (CJK counts two), each after `indent`.

    Breaks between characters; ASCII words and URLs are never split (a URL stays whole
    on its line even when longer, so it still works when copied).
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_wrap_line(paragraph, width - _columns(indent)))
    return "\n".join(indent + line if line else "" for line in lines)


def _wrap_line(text: str, width: int) -> list[str]:
    lines: list[str] = []
    line, used = "", 0
    for token in _tokens(text):
        cols = _columns(token)
        if used + cols > width and line.strip():
            lines.append(line.rstrip())
            line, used = "", 0
            token = token.lstrip()
            cols = _columns(token)
        line += token
        used += cols
    lines.append(line.rstrip())
    return lines


def _tokens(text: str) -> list[str]:
    """Runs of non-space ASCII stay whole; every other character is its own token."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if ch.isascii() and not ch.isspace():
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
