"""Rendering digests and confirmations: one Jinja environment, HTML (CSS inlined) and text.

Everything shown comes from scraped pages and is hostile: the HTML templates autoescape,
and only http(s) URLs ever become an href (`http_url`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from notify.selection import Item, sector_label

BRAND = "成渝合作协议"
DEFAULT_TZ = ZoneInfo("Asia/Shanghai")
TEXT_WIDTH = 72  # columns; a CJK character takes two
STORY_MARK = "<!--story-->"  # in digest.html.j2: where DigestRenderer puts each story
# Whitespace and the Cc category (C0, DEL, C1): one regex rather than a loop over the
# characters, which took 0.15 ms of every digest (five links).
_UNSAFE_IN_URL = re.compile("[\x00-\x20\x7f-\x9f]")


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
    env.filters["http_url"] = http_url
    env.filters["sector_label"] = sector_label
    env.filters["wrap"] = wrap
    env.filters["local_date"] = local_date
    return env


def http_url(url: object) -> str:
    """The URL if it is an absolute http(s) URL fit for an href, else "".

    Whitespace and control characters anywhere are refused rather than stripped:
    browsers drop them, so "java\\tscript:" would run.
    """
    if not isinstance(url, str) or not url or len(url) > 2048:
        return ""
    if _UNSAFE_IN_URL.search(url):
        return ""
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    return url


def local_date(moment: datetime | None, tz: ZoneInfo = DEFAULT_TZ) -> str:
    """ "2024-11-20" in the reader's time zone; "" when unknown."""
    if moment is None:
        return ""
    return moment.astimezone(tz).date().isoformat() if moment.tzinfo else moment.date().isoformat()


class DigestRenderer:
    """The digests of one run: each story's HTML and text rendered once, then shared.

    A story's block is the same in every digest that holds it (10,000 subscribers, 500
    stories: each block goes out ~400 times), so it is rendered by `_story.html.j2` and
    `_story.txt.j2` once, its CSS inlined once, and a digest is its skeleton (header,
    group headings, footer; inlined per digest, 0.07 ms) with the blocks joined in: 1.4 →
    0.3 ms a 20-story digest. The blocks come out of css_inline exactly as they do inside
    the whole document, so the HTML is the bytes that inlining the whole rendered digest
    gives (tests/notify/test_render.py). Memory: a few kB per story of the run.
    """

    def __init__(self, env: Environment) -> None:
        self.env = env
        self.css = env.get_template("_mail.css").render()
        self._inliner = _inliner()
        self._blocks: dict[tuple[int, ZoneInfo], tuple[Item, str, str]] = {}

    def render(
        self,
        items_grouped: Sequence[tuple[str, Sequence[Item]]],
        *,
        period_label: str,
        links: Links,
        base_url: str,
        tz: ZoneInfo = DEFAULT_TZ,
    ) -> tuple[str, str]:
        """(html, text) of a digest or alert: the groups from `selection.group`, in order."""
        blocks = [[self.blocks(item, tz) for item in items] for _, items in items_grouped]
        context = {
            "brand": BRAND,
            "count": sum(len(items) for _, items in items_grouped),
            "agreements": sum(len(i.agreements) for _, items in items_grouped for i in items),
            "period_label": period_label,
            "links": links,
            "base_url": http_url(base_url),
        }
        names = [name for name, _ in items_grouped]
        sizes = [(name, len(group)) for name, group in zip(names, blocks, strict=True)]
        texts = [(name, [t for _, t in group]) for name, group in zip(names, blocks, strict=True)]
        skeleton = self.env.get_template("digest.html.j2").render(context, groups=sizes)
        text = self.env.get_template("digest.txt.j2").render(context, groups=texts)
        html = join_stories(self._inliner.inline(skeleton), [h for g in blocks for h, _ in g])
        return html, text

    def blocks(self, item: Item, tz: ZoneInfo) -> tuple[str, str]:
        """(html with CSS inlined, text) of one story; rendered on first use in this run."""
        known = self._blocks.get((item.story_id, tz))
        if known is not None and (known[0] is item or known[0] == item):
            return known[1], known[2]
        html, text = self.render_story(item, tz)
        self._blocks[(item.story_id, tz)] = (item, html, text)
        return html, text

    def render_story(self, item: Item, tz: ZoneInfo) -> tuple[str, str]:
        """One story's blocks, uncached (the same autoescaped templates, then css_inline)."""
        context = {"item": item, "tz": tz}
        html = self.env.get_template("_story.html.j2").render(context)
        text = self.env.get_template("_story.txt.j2").render(context)
        return self._inliner.inline_fragment(html, self.css), text


def join_stories(skeleton: str, stories: Sequence[str]) -> str:
    """The skeleton with its story marks replaced, in order, by the stories' HTML.

    Scraped text cannot forge a mark: it is escaped ("&lt;!--") before it gets there.
    """
    parts = skeleton.split(STORY_MARK)
    if len(parts) != len(stories) + 1:
        raise ValueError(f"{len(parts) - 1} story marks for {len(stories)} stories")
    return parts[0] + "".join(story + rest for story, rest in zip(stories, parts[1:], strict=True))


def render_digest(
    items_grouped: Sequence[tuple[str, Sequence[Item]]],
    *,
    period_label: str,
    links: Links,
    base_url: str,
    env: Environment,
    tz: ZoneInfo = DEFAULT_TZ,
) -> tuple[str, str]:
    """(html, text) of one digest; a run renders many through one `DigestRenderer`."""
    return DigestRenderer(env).render(
        items_grouped, period_label=period_label, links=links, base_url=base_url, tz=tz
    )


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
    return _inliner().inline(html)


def _inliner() -> css_inline.CSSInliner:
    # minify_css: "color:#111827" rather than "color: #111827;", ~40 bytes less a story.
    return css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False, minify_css=True)


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
    agreements: int | None = None,
) -> str:
    """ "成渝合作协议 · 11月22日 · 4 篇报道 · 20 项协议"; kind: digest (daily), weekly or alert.

    `count` is stories, `agreements` what they hold (one report often lists a dozen pacts,
    so one number alone misleads); without it, the old "N 项新协议" (one agreement each).
    Only counts and dates go in: no scraped text reaches the Subject.
    """
    counts = f"{count} 项新协议" if agreements is None else f"{count} 篇报道 · {agreements} 项协议"
    if kind == "alert":
        return f"{BRAND}快讯 · {counts}"
    return f"{BRAND} · {period_label(period_end, tz, kind, start=start)} · {counts}"


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
