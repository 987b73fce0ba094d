"""Dates in article text, resolved against the publication date."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_NUM = r"\d{1,2}|[一二三四五六七八九十]{1,3}"
# "2020年4月1日", "4月1日", "十二月二十八日"; a dateline "10月8日10时讯" / "4月2日电" /
# "两江新区讯(2022年11月24日)" is the publication stamp, not an event, hence the lookarounds.
DATE = re.compile(
    rf"(?<![讯电][(（])(?:(\d{{4}})年)?(?<![讯电][(（]\d{{4}}年)(?<!\d)({_NUM})月({_NUM})[日号]"
    r"(?!\d{1,2}时讯|\d{1,2}时电|电|讯)"
)
# Relative days: "两天后", "签署后两天", "次日"; 0 = the same day as the previous date.
_REL = re.compile(
    r"(?:(\d{1,2}|[一二两三四五六七八九十]{1,2})天(?:后|之后)|后(\d{1,2}|[一二两三四五六七八九十]{1,2})天"
    r"|(次日|第二天|翌日)|(当天|当日|同日|同一天|同天|仪式上|签约仪式|会上)|((?:此前|前)一天))"
)
_YEAR = re.compile(r"(?<!\d)(\d{4})年")
_MIN_YEAR, _MAX_YEAR = 1990, 2100
# News reports recent events: a month-day more than this many days after publication
# must belong to the previous year (published 2021-01-05, "12月28日" → 2020-12-28).
_FUTURE_SLACK_DAYS = 31


@dataclass(frozen=True, slots=True)
class Day:
    """A calendar day, year possibly unknown."""

    year: int | None
    month: int
    day: int

    def iso(self) -> str:
        if self.year is None:
            return f"{self.month:02d}-{self.day:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def plus(self, days: int) -> Day:
        # Year 2000 is a leap year, so "02-29" plus one stays valid without a year.
        base = date(self.year or 2000, self.month, self.day) + timedelta(days=days)
        return Day(self.year and base.year, base.month, base.day)

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year else None


def cn_number(text: str) -> int:
    """'12' → 12, '十二' → 12, '二十八' → 28, '两' → 2."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CN_DIGITS.get(tens, 1) * 10 + _CN_DIGITS.get(ones, 0)
    return _CN_DIGITS.get(text, 0)


def make_day(year: int | None, month: int, day: int, published: date | None) -> Day | None:
    """Validate and give a year: stated, else the publication year (minus one across
    New Year), else unknown. "2月30日" → None."""
    try:
        date(year or 2000, month, day)
    except ValueError:
        return None
    if year is None and published is not None:
        year = published.year
        try:
            if date(year, month, day) > published + timedelta(days=_FUTURE_SLACK_DAYS):
                year -= 1
            date(year, month, day)
        except ValueError:  # 02-29 moved into a non-leap year
            return None
    return Day(year, month, day)


# "今年", "去年", "前年": years back from the publication year.
YEARS_BACK = {"今": 0, "去": 1, "前": 2}


def find_dates(text: str, published: date | None) -> list[tuple[int, Day | None]]:
    """(position, day) for each date mention; day is None when the date is impossible."""
    out: list[tuple[int, Day | None]] = []
    for m in DATE.finditer(text):
        year = int(m.group(1)) if m.group(1) else None
        told = text[max(0, m.start() - 2) : m.start()]
        back = YEARS_BACK.get(told[0]) if len(told) == 2 and told[1] == "年" else None
        if year is None and back is not None and published is not None:
            year = published.year - back  # "去年3月18日" in a 2021 story is 2020-03-18
        day = make_day(year, cn_number(m.group(2)), cn_number(m.group(3)), published)
        out.append((m.start(), day))
    return out


def relative_offset(text: str) -> int | None:
    """Days after the previous date that `text` refers to ("两天后" → 2, "此前一天" → -1),
    else None."""
    m = _REL.search(text)
    if m is None:
        return None
    if m.group(5):
        return -1  # "在此前一天": the eve of the day told before
    if m.group(4):
        return 0
    if m.group(3):
        return 1
    return cn_number(m.group(1) or m.group(2))


# A page's stamp: "2023-07-21 09:33", "2020/05/21".
_ISO_DAY = re.compile(r"(?<![\d-])((?:19|20)\d{2})[-/.](\d{1,2})[-/.](\d{1,2})(?![\d-])")


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


_NAMED = re.compile(r"《[^《》]{0,80}》")
_SPAN = re.compile(r"\d{4}\s*[-—–~至到]\s*\d{4}年?")
# A target's year: "力争到2027年实现…", "预计2026年建成".
_TARGET = re.compile(r"(?:到|至|预计|计划|争取|目标|力争)(?:于|在|到)?\d{4}年")


def latest_date(text: str) -> date | None:
    """A plain text's stand-in for its publication date: the latest full date it states,
    else 1 January of the year it names most (the latest of equals)."""
    days = [d.as_date() for _, d in find_dates(text, None) if d and d.year]
    days += [_valid(*map(int, m.groups())) for m in _ISO_DAY.finditer(text)]
    latest = max((d for d in days if d), default=None)
    if latest is not None:
        return latest
    # a plan's "2025—2027年" or a target's "力争到2027年" dates no report
    told = _TARGET.sub("", _SPAN.sub("", _NAMED.sub("", text)))
    years = Counter(int(y) for y in _YEAR.findall(told) if _MIN_YEAR <= int(y) <= _MAX_YEAR)
    if not years:
        return None
    year = max(years, key=lambda y: (years[y], y))
    return date(year, 1, 1)


# A reprint's note of where it first ran: "本文原载于2024年3月12日《重庆日报》", "转自《四川
# 日报》2023年5月6日第2版". Its "昨日" counts from that day, not from the reprint's.
_ORIGINAL = re.compile(
    r"(?:原载|原刊|原文刊|原发|首发|转载自|转自|摘自|原文来源|原始来源)(?:于|在|自)?[:：]?\s*"
    r"(?:《[^《》]{2,20}》|[\u4e00-\u9fff]{2,10}(?:报|网|台|社|客户端))?\s*"
    r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"
)
_ORIGINAL_CHARS = 600  # the note is under the headline or closes the story


def first_published(text: str, published: date | None) -> date | None:
    """The day a reprint says its story first ran, if it says so near the top or at the
    end (the reprint's year when the note gives none)."""
    m = _ORIGINAL.search(text[:_ORIGINAL_CHARS]) or _ORIGINAL.search(text[-_ORIGINAL_CHARS:])
    year = int(m[1]) if m and m[1] else None
    day = make_day(year, int(m[2]), int(m[3]), published) if m else None
    return day.as_date() if day else None


# The dateline of a wire or paper report: "甘肃日报兰州6月1日讯", "新华社成都5月12日电".
_DATELINE = re.compile(
    rf"({_NUM})月({_NUM})日(?:\d{{1,2}}时)?(?:讯|电)"
    rf"|[讯电][(（](?:\d{{4}}年)?({_NUM})月({_NUM})日[)）]"  # "两江新区讯(2022年11月24日)"
)


def dateline(text: str, published: date | None) -> Day | None:
    """The day a report's dateline gives, if it has one."""
    m = _DATELINE.search(text)
    if m is None:
        return None
    month, day = (m[1], m[2]) if m[1] else (m[3], m[4])
    return make_day(None, cn_number(month), cn_number(day), published)


# Wire style: "四川省水利厅和重庆市水利局21日签署…" names the day of the month only.
_DAY_ONLY = re.compile(
    r"(?<![\d月年])(\d{1,2})日(?![电讯\d])"
    # in numerals, when a time of day or a place follows: "十三日下午在澳门…签署"
    r"|(?<![\d月年第一二三四五六七八九十])([一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])日"
    r"(?=上午|下午|晚|[,，]|在|于|签)"
)


def day_of_month(text: str, published: date | None) -> Day | None:
    """The last bare "21日" in `text`, in the publication's month (the month before when
    that day is still to come); None without a publication date or such a day."""
    found = _DAY_ONLY.findall(text)
    if published is None or not found:
        return None
    day = cn_number("".join(found[-1]))
    month_start = published.replace(day=1)
    if day > published.day:
        month_start = (month_start - timedelta(days=1)).replace(day=1)
    try:
        date(month_start.year, month_start.month, day)
    except ValueError:  # "31日" in a 30-day month, "0日"
        return None
    return Day(month_start.year, month_start.month, day)


# Days said the way people speak rather than by date: "前天", "本月18日", "周三", and the
# numeric form of a page's metadata ("2025-06-18", "2025/6/18", "2025.06.18").
_SPOKEN = re.compile(
    r"(大前天|前天|(?<![此之目日])前日)|本月(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
    # not a name: 周 is a surname ("周一鸣")
    r"|(?<![上下])(?:周|星期|礼拜)([一二三四五六日天])(?=[,,上下晚早中在]|举行|$)"
    r"|(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)"
    r"|(?:上周|上星期|上礼拜)([一二三四五六日天])"
    r"|上个?月(\d{1,2}|[一二三四五六七八九十]{1,3})[日号]"
)
_WEEKDAYS = "一二三四五六日"


def spoken_day(text: str, published: date | None) -> Day | None:
    """The last day `text` names in speech or as a numeric date, resolved against the
    publication date: "前天" (前日) two days before it, "本月18日" in its month, "上月28日" in
    the month before, "周三" the last Wednesday on or before it, "上周五" the Friday of the
    week before. Numeric dates need no publication date."""
    found = list(_SPOKEN.finditer(text))
    if not found:
        return None
    m = found[-1]
    if m[4]:
        return make_day(int(m[4]), int(m[5]), int(m[6]), published)
    if published is None:
        return None
    if m[1]:
        return _day_of(published - timedelta(days=3 if m[1] == "大前天" else 2))
    if m[2]:
        return make_day(published.year, published.month, cn_number(m[2]), published)
    if m[8]:  # "上月28日": that day of the month before publication's
        last = published.replace(day=1) - timedelta(days=1)
        return make_day(last.year, last.month, cn_number(m[8]), published)
    if m[7]:  # "上周五": that day of the week before publication's
        monday = published - timedelta(days=published.weekday())
        return _day_of(monday - timedelta(days=7 - _weekday(m[7])))
    return _day_of(published - timedelta(days=(published.weekday() - _weekday(m[3])) % 7))


def _weekday(name: str) -> int:
    """Monday 0 … Sunday 6 for 一 … 日 (天)."""
    return _WEEKDAYS.index("日" if name == "天" else name)


def _day_of(when: date) -> Day:
    return Day(when.year, when.month, when.day)
