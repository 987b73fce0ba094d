"""Dates as Chinese news pages write them: numeric, in Chinese numerals, relative, in URLs.

Pure string → datetime functions; where to look on the page is `pipeline.extract.dates`.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from pipeline.textnorm import HALF_WIDTH_ALNUM, cn_number

__all__ = [
    "date_in_text",
    "date_in_url",
    "first_date",
    "opens_prose",
    "parse_date_value",
    "plausible",
    "relative_date",
    "standalone_date",
    "yearless_date",
]

_TIME = r"(?:\s*(\d{1,2})\s*[:：时]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2}))?)?"
_DATE = re.compile(
    r"((?:19|20)\d{2})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})(?!\d)\s*日?(?:\s*[-T])?" + _TIME
)
# "18-03-08 23:16" (baijiahao): a two-digit year, only trusted with a time after it.
_SHORT_YEAR = re.compile(r"(?<!\d)(\d{2})-(\d{2})-(\d{2})\s*(\d{1,2}):(\d{2})(?!\d)")
# "10-08 12:00", "5月12日 09:30": no year, with a time of day.
_YEARLESS = re.compile(
    r"(?<![\d-])(\d{1,2})\s*[-/月]\s*(\d{1,2})(?!\d)\s*日?\s*(\d{1,2})\s*[:：]\s*(\d{2})(?!\d)"
)
_CN = "〇○零ＯO一二三四五六七八九十"
_CN_DATE = re.compile(rf"([{_CN}]{{4}})\s*年\s*([{_CN}]{{1,3}})\s*月\s*([{_CN}]{{1,3}})\s*日")
_ISO_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:?\d{2})$")
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
# Relative times on portals and WeChat, counted back from the fetch time.
_AGO = re.compile(r"(\d{1,3})\s*(秒|分钟|小时|天)前")
_DAY_WORDS = {"今天": 0, "今日": 0, "昨天": 1, "昨日": 1, "前天": 2}
_DAY_WORD = re.compile(r"(今天|今日|昨天|昨日|前天)(?:\s*(\d{1,2})\s*[:：]\s*(\d{2}))?")
_UNITS = {"秒": "seconds", "分钟": "minutes", "小时": "hours", "天": "days"}
# URL dates: /202405/t20240512_…, /2024-05/12/, /20240512/, /n2/2024/0512/c…, /2024/05/12/.
_URL_DATES = (
    re.compile(r"/t((?:19|20)\d{2})(\d{2})(\d{2})_"),
    re.compile(r"/((?:19|20)\d{2})[-/_]?(\d{2})[-/_](\d{2})(?:/|_|\.|$)"),
    re.compile(r"/((?:19|20)\d{2})/(\d{2})(\d{2})/"),
    re.compile(r"[/_-]((?:19|20)\d{2})(\d{2})(\d{2})(?:\d{0,6})(?:/|_|-|\.|$)"),
)
_EARLIEST = datetime(1995, 1, 1)  # no Chinese news site published before this


def _make(parts: tuple[int, ...], tz: ZoneInfo) -> datetime | None:
    year, month, day, hour, minute, second = (*parts, 0, 0, 0)[:6]
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except ValueError:
        return None  # 2021-13-45 is not a date


def plausible(value: datetime | None, now: datetime | None) -> bool:
    """Not before the web came to China, not after the fetch (one day of clock slack)."""
    if value is None or value.replace(tzinfo=None) < _EARLIEST:
        return False
    return now is None or value <= now + timedelta(days=1)


def date_in_text(text: str, tz: ZoneInfo) -> datetime | None:
    """The first full date (numeric or in Chinese numerals) in ``text``."""
    first = first_date(text, tz)
    return first[2] if first else None


def first_date(text: str, tz: ZoneInfo) -> tuple[int, int, datetime] | None:
    """(start, end, value) of the first full date in ``text``."""
    text = text.translate(HALF_WIDTH_ALNUM)
    found: list[tuple[int, int, datetime]] = []
    for match in _DATE.finditer(text):
        if value := _make(tuple(int(g) if g else 0 for g in match.groups()), tz):
            found.append((match.start(), match.end(), value))
            break
    for match in _CN_DATE.finditer(text):
        if value := _cn_date(match, tz):
            found.append((match.start(), match.end(), value))
            break
    for match in _SHORT_YEAR.finditer(text):
        parts = tuple(int(g) for g in match.groups())
        if value := _make((2000 + parts[0], *parts[1:]), tz):
            found.append((match.start(), match.end(), value))
            break
    return min(found, key=lambda f: f[0]) if found else None


# A date right after which prose goes on ("2019年2月27日下午，…") is the event's, not the byline's.
_PROSE_AFTER = re.compile(r"^\s*(?:上午|下午|晚上|晚|早上|凌晨|傍晚|中午|[，,、])")


def opens_prose(text: str, end: int) -> bool:
    """True when the date ending at ``end`` goes on as a sentence ("…日下午，"): an event."""
    return bool(_PROSE_AFTER.match(text[end : end + 3]))


def standalone_date(text: str, tz: ZoneInfo) -> datetime | None:
    """The first full numeric date in ``text`` that does not open a sentence of prose."""
    text = text.translate(HALF_WIDTH_ALNUM)
    for match in _DATE.finditer(text):
        if opens_prose(text, match.end()):
            continue
        if value := _make(tuple(int(g) if g else 0 for g in match.groups()), tz):
            return value
    return None


def _cn_date(match: re.Match[str], tz: ZoneInfo) -> datetime | None:
    try:
        year, month, day = (cn_number(g) for g in match.groups())
    except (KeyError, ValueError):
        return None
    return _make((year, month, day), tz)


def yearless_date(text: str, tz: ZoneInfo, now: datetime) -> datetime | None:
    """ "10-08 12:00": the latest such moment not after ``now`` (portals omit this year)."""
    match = _YEARLESS.search(text)
    if match is None:
        return None
    month, day, hour, minute = (int(g) for g in match.groups())
    local = now.astimezone(tz)
    for year in (local.year, local.year - 1):
        value = _make((year, month, day, hour, minute), tz)
        if value is not None and value <= now + timedelta(hours=1):
            return value
    return None


def relative_date(text: str, now: datetime) -> datetime | None:
    """ "3小时前", "昨天 09:30", "前天", "刚刚" counted back from the fetch time ``now``."""
    if "刚刚" in text:
        return now
    if match := _AGO.search(text):
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    if match := _DAY_WORD.search(text):
        day = now - timedelta(days=_DAY_WORDS[match.group(1)])
        if match.group(2):
            return day.replace(hour=int(match.group(2)), minute=int(match.group(3)), second=0)
        return day
    return None


def date_in_url(url: str | None, tz: ZoneInfo) -> datetime | None:
    """The day a CMS put in the article's URL, or None."""
    if not url:
        return None
    path = url.split("?", 1)[0]
    for pattern in _URL_DATES:
        for match in pattern.finditer(path):
            if value := _make(tuple(int(g) for g in match.groups()), tz):
                return value
    return None


def parse_date_value(value: str, tz: ZoneInfo) -> datetime | None:
    """A meta/JSON value: ISO 8601, an epoch in seconds or ms, or a date written in text."""
    value = value.strip()
    if not value:
        return None
    if _EPOCH.match(value):
        seconds = int(value) / (1000 if len(value) == 13 else 1)
        return datetime.fromtimestamp(seconds, tz)
    iso = value.replace(" ", "T", 1) if _ISO_OFFSET.search(value) else value
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        return date_in_text(value, tz)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=tz)
