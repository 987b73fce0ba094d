"""Desk: the subscribers, what they asked for, how their mail goes; unsubscribe and resend.

Resending queues a fresh confirmation with the stored preferences, delivered after the
answer by the app's courier, as the public subscribe form does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, TypeVar
from urllib.parse import parse_qsl, urlencode

from sqlalchemy.sql import Select
from sqlmodel import Session, col, func, select
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

import pactwatch.web.rowid  # noqa: F401  registers {…:rowid} before these routes compile
from notify.confirmations import queue_confirmation
from notify.digests import MailConfig
from notify.models import Digest, Subscriber
from notify.subscriptions import Preferences, describe, unsubscribe
from pactwatch.web.auth import login_required
from pactwatch.web.context import context_of
from pactwatch.web.desk.common import desk_page, read, write
from pactwatch.web.forms import form_text
from pipeline.clock import utcnow

PAGE_SIZE = 50
STATUSES = ("pending", "confirmed", "unsubscribed", "bouncing")
MAX_SEARCH = 320  # an address is never longer

Q = TypeVar("Q", bound=Select[Any])


@dataclass(frozen=True)
class SubscriberQuery:
    """Which subscribers to list: a status, an address substring, a page."""

    status: str = ""
    q: str = ""
    page: int = 1

    @classmethod
    def from_query(cls, params: Mapping[str, str]) -> SubscriberQuery:
        """Lenient: an unknown status or page means the default, never an error page."""
        status = params.get("status", "")
        try:
            page = max(1, int(params.get("page", "1")))
        except ValueError:
            page = 1
        return cls(
            status if status in STATUSES else "", params.get("q", "").strip()[:MAX_SEARCH], page
        )

    def to_query(self, **changes: object) -> str:
        values = replace(self, **changes)  # type: ignore[arg-type]
        pairs = {"status": values.status, "q": values.q, "page": values.page}
        return urlencode({k: v for k, v in pairs.items() if v and (k != "page" or v != 1)})

    def apply(self, query: Q) -> Q:
        if self.status:
            query = query.where(col(Subscriber.status) == self.status)
        if self.q:
            query = query.where(
                func.lower(col(Subscriber.email)).contains(self.q.lower(), autoescape=True)
            )
        return query


@dataclass(frozen=True)
class SubscriberRow:
    id: int
    email: str
    status: str
    filters: str  # what the subscription asks for, in words
    frequency: str
    last_digest_at: datetime | None
    hard_failures: int
    last_error: str | None  # of the newest message that failed
    created_at: datetime
    confirmed_at: datetime | None
    unsubscribed_at: datetime | None


@dataclass(frozen=True)
class SubscriberPage:
    rows: list[SubscriberRow]
    total: int  # matching the query, over all pages
    counts: dict[str, int]  # every subscriber, by status


def list_subscribers(query: SubscriberQuery, *, session: Session) -> SubscriberPage:
    """One page of subscribers, newest first, with their last delivery error."""
    total = session.exec(query.apply(select(func.count()).select_from(Subscriber))).one()
    page = session.exec(
        query.apply(select(Subscriber))
        .order_by(col(Subscriber.id).desc())
        .offset((query.page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    errors = last_errors([s.id for s in page if s.id is not None], session=session)
    counts = select(Subscriber.status, func.count()).group_by(Subscriber.status)
    return SubscriberPage(
        [_row(s, errors.get(s.id or 0)) for s in page],
        int(total),
        {status: int(n) for status, n in session.exec(counts)},
    )


def last_errors(ids: list[int], *, session: Session) -> dict[int, str]:
    """Subscriber id → error of their newest failed message (one query, digest index)."""
    if not ids:
        return {}
    newest = (
        select(func.max(Digest.id))
        .where(col(Digest.subscriber_id).in_(ids), col(Digest.error).is_not(None))
        .group_by(col(Digest.subscriber_id))
    )
    query = select(Digest.subscriber_id, Digest.error).where(col(Digest.id).in_(newest))
    return {subscriber: error for subscriber, error in session.exec(query) if error}


def _row(subscriber: Subscriber, error: str | None) -> SubscriberRow:
    assert subscriber.id is not None
    return SubscriberRow(
        id=subscriber.id, email=subscriber.email, status=subscriber.status,
        filters=describe_safely(subscriber), frequency=subscriber.frequency,
        last_digest_at=subscriber.last_digest_at, hard_failures=subscriber.hard_failures,
        last_error=error, created_at=subscriber.created_at,
        confirmed_at=subscriber.confirmed_at, unsubscribed_at=subscriber.unsubscribed_at,
    )  # fmt: skip


def describe_safely(subscriber: Subscriber) -> str:
    """`describe`, or the raw codes when a stored one is no longer known (gazetteer update)."""
    try:
        return describe(Preferences.of(subscriber))
    except KeyError:
        parts = [*subscriber.regions, *subscriber.sectors, *subscriber.keywords]
        return " · ".join(parts) + f" · {subscriber.frequency}"


def unsubscribe_id(subscriber_id: int, *, session: Session) -> bool:
    """Unsubscribe by id; False when there is no such subscriber."""
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None:
        return False
    unsubscribe(subscriber, session=session)
    return True


def resend_confirmation(
    subscriber_id: int, *, session: Session, mail: MailConfig, now: datetime | None = None
) -> str | None:
    """Queue a fresh confirmation carrying the stored preferences: `resent`, `not_pending`,
    or None when there is no such subscriber."""
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None:
        return None
    if subscriber.status != "pending":
        return "not_pending"  # the sender would skip it anyway; say so instead
    prefs = Preferences.of(subscriber).as_dict()
    queue_confirmation(subscriber, prefs, session=session, config=mail, now=now or utcnow())
    return "resent"


# --- pages ----------------------------------------------------------------------------------


NOTICES = {
    "unsubscribed": ("notice", "订阅者 #{id} 已退订 (unsubscribed)"),
    "resent": ("notice", "已向订阅者 #{id} 重新发送确认邮件 (confirmation queued)"),
    "not_pending": ("error", "订阅者 #{id} 不是待确认状态，未发送 (not pending: nothing sent)"),
}


@login_required
async def subscribers_page(request: Request) -> Response:
    query = SubscriberQuery.from_query(request.query_params)
    found = await read(request, list_subscribers, query)
    pages = max(1, -(-found.total // PAGE_SIZE))
    return desk_page(
        request, "desk/subscribers.html.j2", title="订阅者",
        found=found, query=query, pages=pages, statuses=STATUSES,
        notice=_notice(request.query_params),
    )  # fmt: skip


def _notice(params: Mapping[str, str]) -> tuple[str, str] | None:
    kind, text = NOTICES.get(params.get("done", ""), ("", ""))
    number = params.get("id", "")
    return (kind, text.format(id=number)) if text and number.isdigit() else None


@login_required
async def unsubscribe_post(request: Request) -> Response:
    subscriber_id = request.path_params["id"]
    if not await write(request, unsubscribe_id, subscriber_id):
        raise HTTPException(404)
    return await _back(request, "unsubscribed", subscriber_id)


@login_required
async def resend_post(request: Request) -> Response:
    web = context_of(request)
    subscriber_id = request.path_params["id"]
    outcome = await write(request, resend_confirmation, subscriber_id, mail=web.mail)
    if outcome is None:
        raise HTTPException(404)
    response = await _back(request, outcome, subscriber_id)
    if outcome == "resent":  # sent after the answer, as the public form does
        response.background = BackgroundTask(web.courier)
    return response


async def _back(request: Request, done: str, subscriber_id: int) -> Response:
    """To the list the action came from (its filters re-parsed, never a raw URL)."""
    form = await request.form(max_files=0, max_fields=8)
    query = SubscriberQuery.from_query(dict(parse_qsl(form_text(form, "back"))))
    target = query.to_query()
    notice = urlencode({"done": done, "id": subscriber_id})
    return RedirectResponse(f"/subscribers?{target + '&' if target else ''}{notice}", 303)


routes: list[BaseRoute] = [
    Route("/subscribers", subscribers_page, methods=["GET"]),
    Route("/subscribers/{id:rowid}/unsubscribe", unsubscribe_post, methods=["POST"]),
    Route("/subscribers/{id:rowid}/resend", resend_post, methods=["POST"]),
]
