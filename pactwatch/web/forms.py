"""The subscription form: what a person typed, kept as typed for re-showing, and the
`Preferences` it means."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from starlette.datastructures import FormData

from notify.subscriptions import BadPreferences, Preferences, parse_preferences
from pipeline.gazetteer import division

# "泸州, 永川区" / "泸州、永川区" / one per line: region names never contain spaces.
REGION_SEPARATORS = re.compile(r"[,，、;；\s]+")
# Keywords may ("5G 基站"), so only punctuation and line breaks separate them.
KEYWORD_SEPARATORS = re.compile(r"[,，、;；\r\n]+")
MAX_REGIONS, MAX_KEYWORDS, MAX_KEYWORD_LENGTH = 30, 20, 40
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
HONEYPOT = "website"  # hidden from people; a bot filling it gets the usual answer, and nothing


@dataclass
class SubscriptionForm:
    """The form's fields as strings, the way they are shown again after an error."""

    email: str = ""
    regions: str = ""
    sectors: list[str] = field(default_factory=list)
    keywords: str = ""
    frequency: str = "daily"
    hour: str = "8"
    weekday: str = "0"
    in_region_only: bool = True

    @classmethod
    def from_form(cls, form: FormData) -> SubscriptionForm:
        return cls(
            email=form_text(form, "email")[:320],
            regions=form_text(form, "regions"),
            sectors=[s for s in form.getlist("sector") if isinstance(s, str)],
            keywords=form_text(form, "keywords"),
            frequency=form_text(form, "frequency") or "daily",
            hour=form_text(form, "hour") or "8",
            weekday=form_text(form, "weekday") or "0",
            # An unticked checkbox sends nothing, and this form always shows it.
            in_region_only=bool(form_text(form, "in_region_only")),
        )

    @classmethod
    def of(cls, prefs: Preferences, email: str = "") -> SubscriptionForm:
        """A stored subscription, pre-filled for editing."""
        return cls(
            email=email,
            regions="、".join(division(code).name for code in prefs.regions),
            sectors=list(prefs.sectors),
            keywords="、".join(prefs.keywords),
            frequency=prefs.frequency,
            hour=str(prefs.hour),
            weekday=str(prefs.weekday),
            in_region_only=prefs.in_region_only,
        )

    def preferences(self, timezone: str) -> Preferences:
        """What the form asks for; `BadPreferences` worded for the person who filled it in."""
        regions = [r for r in REGION_SEPARATORS.split(self.regions) if r]
        keywords = [k.strip() for k in KEYWORD_SEPARATORS.split(self.keywords) if k.strip()]
        if len(regions) > MAX_REGIONS:
            raise BadPreferences(f"地区最多 {MAX_REGIONS} 个 (at most {MAX_REGIONS} regions)")
        if len(keywords) > MAX_KEYWORDS or any(len(k) > MAX_KEYWORD_LENGTH for k in keywords):
            raise BadPreferences(
                f"关键词最多 {MAX_KEYWORDS} 个，每个不超过 {MAX_KEYWORD_LENGTH} 字"
                f" (at most {MAX_KEYWORDS} keywords of {MAX_KEYWORD_LENGTH} characters)"
            )
        try:
            hour, weekday = int(self.hour), int(self.weekday)
        except ValueError as exc:
            raise BadPreferences("hour and weekday must be whole numbers") from exc
        return parse_preferences(
            regions=regions,
            sectors=self.sectors,
            keywords=keywords,
            frequency=self.frequency,
            hour=hour,
            weekday=weekday,
            in_region_only=self.in_region_only,
            timezone=timezone,
        )


def form_text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip() if isinstance(value, str) else ""
