"""Planning digests: who is due, what each gets, and the outbox rows that carry it.

Pure decisions (`is_due`, `period_start`) and one planning pass per run: candidate stories
are read and prepared once, then each due subscriber's selection is a filter over them, so
the cost grows with subscribers + stories, not their product.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlmodel import Session, col, select

from notify.message import build_message, make_message_id
from notify.models import Delivery, Digest, Subscriber
from notify.render import (
    DigestRenderer,
    Links,
    digest_subject,
    make_environment,
)
from notify.selection import Candidates, Filters, Item, group, to_items
from notify.selection import select as select_items
from notify.tokens import make_token
from pipeline.db import chunks
from pipeline.models import Article
from pipeline.stories import agreement_stories

DIGESTS: sa.Table = Digest.__table__  # type: ignore[attr-defined]
DELIVERIES: sa.Table = Delivery.__table__  # type: ignore[attr-defined]
SUBSCRIBERS: sa.Table = Subscriber.__table__  # type: ignore[attr-defined]
# Built once, run once a digest: building them each time cost more than running them.
_NEW_DIGEST = DIGESTS.insert()
_NEW_DELIVERY = DELIVERIES.insert()
_DIGESTED = (
    SUBSCRIBERS.update()
    .where(SUBSCRIBERS.c.id == sa.bindparam("subscriber"))
    .values(last_digest_at=sa.bindparam("period_end"))
)


@dataclass(frozen=True)
class MailConfig:
    """What planning needs from the settings, as plain values (built at the entry point)."""

    base_url: str
    mail_from: str
    secret: str
    timezone: str = "Asia/Shanghai"
    require_review: bool = False
    send_empty: bool = False
    group_by: str = "region"
    max_lookback: timedelta = timedelta(days=7)

    @property
    def domain(self) -> str:
        return self.mail_from.rpartition("@")[2] or "localhost"


@dataclass
class Planned:
    """One digest, rendered and ready for the outbox."""

    subscriber: Subscriber
    period_start: datetime
    period_end: datetime
    items: list[Item]
    subject: str
    html: str
    text: str
    message_id: str
    message: bytes = field(repr=False)


def is_due(subscriber: Subscriber, now: datetime) -> bool:
    """Whether a confirmed subscriber's digest is due at `now` (aware)."""
    if subscriber.status != "confirmed":
        return False
    if subscriber.frequency == "immediate":
        return True
    scheduled = last_scheduled(subscriber, now)
    return subscriber.last_digest_at is None or subscriber.last_digest_at < scheduled


def last_scheduled(subscriber: Subscriber, now: datetime) -> datetime:
    """The latest moment at or before `now` when this subscriber's digest was scheduled."""
    local = now.astimezone(ZoneInfo(subscriber.timezone))
    slot = local.replace(hour=subscriber.hour, minute=0, second=0, microsecond=0)
    if subscriber.frequency == "weekly":
        slot -= timedelta(days=(local.weekday() - subscriber.weekday) % 7)
        if slot > local:
            slot -= timedelta(days=7)
    elif slot > local:
        slot -= timedelta(days=1)
    return slot


def period_start(subscriber: Subscriber, now: datetime, max_lookback: timedelta) -> datetime:
    """Stories fetched since then are new to this subscriber; a first digest looks back."""
    floor = now - max_lookback
    last = subscriber.last_digest_at
    return max(last, floor) if last is not None else floor


@dataclass
class DueRun:
    """Everything one digest run reads from the store, read once: then selection is pure."""

    due: list[Subscriber]
    since: dict[int, datetime]
    items: list[Item]
    fetched: dict[int, datetime]
    statuses: dict[int, str]
    delivered: dict[int, set[int]]

    def selections(self, config: MailConfig) -> Iterator[tuple[Subscriber, list[Item]]]:
        """Each due subscriber with the stories that are new and theirs."""
        # Most subscribers share a period start (their last scheduled digest), so the
        # stories fetched since then are listed once per distinct start, not per subscriber.
        fresh_since: dict[datetime, Candidates] = {}
        for subscriber in self.due:
            start = self.since[subscriber.id or 0]
            fresh = fresh_since.get(start)
            if fresh is None:
                fresh = Candidates.of([i for i in self.items if self.fetched[i.story_id] >= start])
                fresh_since[start] = fresh
            filters = Filters.of(subscriber)
            chosen = select_items(
                filters,
                fresh.for_filters(filters),
                self.delivered.get(subscriber.id or 0, set()),
                require_review=config.require_review,
                statuses=self.statuses,
            )
            yield subscriber, chosen


def prepare_due(
    *, session: Session, config: MailConfig, now: datetime, frequency: str | None = None
) -> DueRun:
    """Read the due subscribers and the candidate stories; nothing is written."""
    query = select(Subscriber).where(Subscriber.status == "confirmed")
    if frequency:
        query = query.where(Subscriber.frequency == frequency)
    due = [s for s in session.exec(query) if is_due(s, now)]
    return _prepare(due, session=session, config=config, now=now)


def preview(
    subscriber: Subscriber, *, session: Session, config: MailConfig, now: datetime
) -> Planned:
    """The digest `subscriber` would get if it were sent at `now`, due or not; nothing is
    written (the desk's preview)."""
    run = _prepare([subscriber], session=session, config=config, now=now)
    ((chosen_for, chosen),) = run.selections(config)
    start = run.since[chosen_for.id or 0]
    return render_for(chosen_for, chosen, start, now, config, DigestRenderer(make_environment()))


def _prepare(
    due: list[Subscriber], *, session: Session, config: MailConfig, now: datetime
) -> DueRun:
    since = {s.id or 0: period_start(s, now, config.max_lookback) for s in due}
    if not due:
        return DueRun([], {}, [], {}, {}, {})
    stories = agreement_stories(
        session=session, since=min(since.values()), statuses=("new", "approved")
    )
    fetched = {s.root.id or 0: s.root.fetched_at for s in stories}
    statuses = {s.root.id or 0: s.root.status for s in stories}
    delivered = _delivered(list(since), list(fetched), session=session)
    return DueRun(due, since, to_items(stories), fetched, statuses, delivered)


def _delivered(
    subscriber_ids: Sequence[int], story_ids: Sequence[int], *, session: Session
) -> dict[int, set[int]]:
    """Stories each subscriber has had, by their current roots.

    A story is re-rooted when an earlier report of it arrives late (pipeline.dedup.roots):
    what was delivered under the old root, now one of its reports, counts for the story.
    """
    found: dict[int, set[int]] = {}
    if not subscriber_ids or not story_ids:
        return found
    root_of = {story_id: story_id for story_id in story_ids}
    for chunk in chunks(list(story_ids)):
        reports = sa.select(col(Article.id), col(Article.duplicate_of)).where(
            col(Article.duplicate_of).in_(chunk)
        )
        root_of |= {report: root for report, root in session.execute(reports)}
    for chunk in chunks(list(root_of)):
        query = sa.select(col(Delivery.subscriber_id), col(Delivery.story_id)).where(
            col(Delivery.subscriber_id).in_(subscriber_ids), col(Delivery.story_id).in_(chunk)
        )
        for subscriber_id, story_id in session.execute(query):
            found.setdefault(subscriber_id, set()).add(root_of[story_id])
    return found


def links_for(subscriber: Subscriber, config: MailConfig) -> Links:
    assert subscriber.id is not None
    unsubscribe = make_token(config.secret, "unsubscribe", subscriber.id, subscriber.token_version)
    preferences = make_token(config.secret, "preferences", subscriber.id, subscriber.token_version)
    base = config.base_url.rstrip("/")
    return Links(
        unsubscribe=f"{base}/unsubscribe?token={unsubscribe}",
        preferences=f"{base}/preferences?token={preferences}",
        one_click=f"{base}/unsubscribe/one-click?token={unsubscribe}",
        mailto=f"mailto:unsubscribe@{config.domain}?subject=unsubscribe-{unsubscribe}",
    )


def render_for(
    subscriber: Subscriber,
    items: list[Item],
    start: datetime,
    end: datetime,
    config: MailConfig,
    renderer: DigestRenderer,
) -> Planned:
    """One digest: subject, both parts and the message bytes, all in memory."""
    tz = ZoneInfo(subscriber.timezone)
    kind = "alert" if subscriber.frequency == "immediate" else "digest"
    agreements = sum(len(item.agreements) for item in items)
    subject = digest_subject(len(items), end, tz, kind, start=start, agreements=agreements)
    links = links_for(subscriber, config)
    label = f"{start.astimezone(tz):%m月%d日 %H:%M} – {end.astimezone(tz):%m月%d日 %H:%M}"
    groups = group(items, config.group_by, Filters.of(subscriber).region_set)
    html, text = renderer.render(groups, period_label=label, links=links, base_url=config.base_url)
    message_id = make_message_id(kind, f"{subscriber.id}-{end.timestamp():.0f}", config.domain)
    message = build_message(
        to=subscriber.email,
        sender=config.mail_from,
        subject=subject,
        html=html,
        text=text,
        message_id=message_id,
        links=links,
        list_id=f"pactwatch.{config.domain}",
        bulk=True,
    )
    return Planned(subscriber, start, end, items, subject, html, text, message_id, message)


def record(planned: Planned, *, conn: sa.Connection) -> int:
    """Write one digest and its deliveries to the outbox (the caller's transaction); its id.

    The (subscriber, story) uniqueness of `delivery` makes a second, concurrent run fail
    here instead of mailing a story twice. Core statements and one executemany: the ORM
    unit of work took 6.5 ms a digest (bench/digest.py, profiled), this ~1 ms, most of it
    SQLite writing the message.
    """
    subscriber_id = planned.subscriber.id
    assert subscriber_id is not None
    inserted = conn.execute(
        _NEW_DIGEST,
        {
            "subscriber_id": subscriber_id,
            "kind": "digest",
            "period_start": planned.period_start,
            "period_end": planned.period_end,
            "message_id": planned.message_id,
            "subject": planned.subject,
            "story_count": len(planned.items),
            "message": planned.message,
            "next_attempt_at": planned.period_end,
        },
    )
    (digest_id,) = inserted.inserted_primary_key or (None,)
    assert digest_id is not None
    if planned.items:
        conn.execute(
            _NEW_DELIVERY,
            [
                {"digest_id": digest_id, "subscriber_id": subscriber_id, "story_id": i.story_id}
                for i in planned.items
            ],
        )
    conn.execute(_DIGESTED, {"subscriber": subscriber_id, "period_end": planned.period_end})
    return int(digest_id)
