"""Subscribing, confirming and unsubscribing: double opt-in, no account needed."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlmodel import Session, select

from notify.addresses import normalise_address
from notify.models import Subscriber
from notify.tokens import Claim
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.clock import utcnow
from pipeline.gazetteer import division, expand_group, lookup
from pipeline.normalise import normalise

FREQUENCIES = ("immediate", "daily", "weekly")


class BadPreferences(ValueError):
    """A subscription request we cannot honour, worded for the person who made it."""


@dataclass(frozen=True, slots=True)
class Preferences:
    """What a subscriber asked for; regions are gazetteer division codes."""

    regions: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    frequency: str = "daily"
    hour: int = 8
    weekday: int = 0
    in_region_only: bool = True
    timezone: str = "Asia/Shanghai"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Preferences:
        """From `as_dict` output that went through JSON (a token): lists back to tuples."""
        return cls(
            regions=tuple(data.get("regions", ())),
            sectors=tuple(data.get("sectors", ())),
            keywords=tuple(data.get("keywords", ())),
            frequency=str(data.get("frequency", "daily")),
            hour=int(data.get("hour", 8)),
            weekday=int(data.get("weekday", 0)),
            in_region_only=bool(data.get("in_region_only", True)),
            timezone=str(data.get("timezone", "Asia/Shanghai")),
        )

    @classmethod
    def of(cls, subscriber: Subscriber) -> Preferences:
        return cls(
            tuple(subscriber.regions),
            tuple(subscriber.sectors),
            tuple(subscriber.keywords),
            subscriber.frequency,
            subscriber.hour,
            subscriber.weekday,
            subscriber.in_region_only,
            subscriber.timezone,
        )


def parse_preferences(
    *,
    regions: list[str] | None = None,
    sectors: list[str] | None = None,
    keywords: list[str] | None = None,
    frequency: str = "daily",
    hour: int = 8,
    weekday: int = 0,
    in_region_only: bool = True,
    timezone: str = "Asia/Shanghai",
) -> Preferences:
    """Preferences from what a person typed: region names (泸州, 永川区, 四川), sector codes."""
    if frequency not in FREQUENCIES:
        raise BadPreferences(f"推送频率有误 (frequency must be one of {', '.join(FREQUENCIES)})")
    if not (0 <= hour <= 23 and 0 <= weekday <= 6):
        raise BadPreferences("时间有误 (hour must be 0–23, weekday 0 = Monday … 6 = Sunday)")
    unknown = [s for s in sectors or [] if s not in SECTOR_LABELS]
    if unknown:
        raise BadPreferences(
            f"未知领域 (unknown sector {unknown[0]!r}; known: {', '.join(SECTOR_LABELS)})"
        )
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise BadPreferences(f"未知时区 (unknown time zone {timezone!r})") from exc
    words = tuple(dict.fromkeys(w for w in (normalise(k) for k in keywords or []) if w))
    codes = tuple(dict.fromkeys(c for r in regions or [] if r.strip() for c in region_codes(r)))
    return Preferences(
        codes,
        tuple(dict.fromkeys(sectors or [])),
        words,
        frequency,
        hour,
        weekday,
        in_region_only,
        timezone,
    )


def region_codes(name: str) -> tuple[str, ...]:
    """The divisions a region name means: one, preferring Sichuan/Chongqing when ambiguous
    (拉萨, 兰州, 永川区, 四川), or each member of a compound one (川渝, 渝桂黔陇, 成德眉资)."""
    text = normalise(name).strip()
    found = lookup(text)
    if found:
        return (found[0].code,)
    groups = expand_group(text)
    if len(groups) == 1 and groups[0][:2] == (0, len(text)):
        return tuple(d.code for d in groups[0][2])
    raise BadPreferences(f"未知地区 (unknown region {name.strip()!r})")


def describe(prefs: Preferences) -> str:
    """What a subscription asks for, in words: 泸州市、永川区 · 产业协作与招商 · 每日 8 点."""
    regions = "、".join(division(c).name for c in prefs.regions) or "川渝全域"
    sectors = "、".join(SECTOR_LABELS[s] for s in prefs.sectors) or "全部领域"
    when = {
        "immediate": "即时推送",
        "daily": f"每日 {prefs.hour} 点",
        "weekly": f"每周{'一二三四五六日'[prefs.weekday]} {prefs.hour} 点",
    }[prefs.frequency]
    parts = [regions, sectors, when]
    if prefs.keywords:
        parts.insert(2, "关键词：" + "、".join(prefs.keywords))
    return " · ".join(parts)


def find_subscriber(email: str, *, session: Session) -> Subscriber | None:
    address = normalise_address(email)
    return session.exec(select(Subscriber).where(Subscriber.email == address)).first()


def subscribe(
    email: str,
    prefs: Preferences,
    *,
    session: Session,
    confirmed: bool = False,
    now: datetime | None = None,
) -> tuple[Subscriber, bool]:
    """Create or update a subscription; (subscriber, whether a confirmation must be sent).

    A confirmed subscriber's preferences change only through the confirmation link (the new
    ones travel inside its token), so a stranger who knows the address can change nothing;
    `confirmed=True` is for the operator's CLI.
    """
    now = now or utcnow()
    subscriber = find_subscriber(email, session=session)
    if subscriber is None:
        subscriber = Subscriber(email=normalise_address(email), created_at=now)
    if confirmed:
        _apply(subscriber, prefs, now)
        _confirm(subscriber, None, now)
    elif subscriber.status != "confirmed":
        _apply(subscriber, prefs, now)
        subscriber.status = "pending"
    session.add(subscriber)
    session.flush()
    return subscriber, not confirmed


def confirm(
    claim: Claim, *, session: Session, ip: str | None = None, now: datetime | None = None
) -> Subscriber | None:
    """Follow a confirmation link; None when the link is stale (unsubscribed since)."""
    subscriber = session.get(Subscriber, claim.subscriber_id)
    if subscriber is None or subscriber.token_version != claim.version:
        return None
    now = now or utcnow()
    if claim.data:
        _apply(subscriber, Preferences.from_dict(claim.data), now)
    _confirm(subscriber, ip, now)
    session.add(subscriber)
    return subscriber


def unsubscribe(subscriber: Subscriber, *, session: Session, now: datetime | None = None) -> None:
    """Stop all mail; effective for the next send (the sender re-checks the status)."""
    if subscriber.status != "unsubscribed":
        subscriber.status = "unsubscribed"
        subscriber.unsubscribed_at = now or utcnow()
        subscriber.token_version += 1  # older confirmation links must not resubscribe
        session.add(subscriber)


def _apply(subscriber: Subscriber, prefs: Preferences, now: datetime) -> None:
    subscriber.regions, subscriber.sectors = list(prefs.regions), list(prefs.sectors)
    subscriber.keywords, subscriber.frequency = list(prefs.keywords), prefs.frequency
    subscriber.hour, subscriber.weekday = prefs.hour, prefs.weekday
    subscriber.in_region_only, subscriber.timezone = prefs.in_region_only, prefs.timezone
    subscriber.updated_at = now


def _confirm(subscriber: Subscriber, ip: str | None, now: datetime) -> None:
    if subscriber.status != "confirmed":
        subscriber.confirmed_at, subscriber.confirmed_ip = now, ip
    subscriber.status = "confirmed"
    subscriber.hard_failures = 0
