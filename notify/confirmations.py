"""Confirming a subscription: the double opt-in message, at most a few a day per address."""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from jinja2 import Environment
from sqlmodel import Session, col

from notify.digests import MailConfig
from notify.message import build_message, make_message_id
from notify.models import Digest, Subscriber
from notify.render import make_environment, render_confirm
from notify.subscriptions import Preferences, describe, subscribe
from notify.tokens import make_token
from pipeline.clock import utcnow

# Confirmation messages to one address a day: enough for a typo corrected and a lost mail.
CONFIRMATIONS_PER_ADDRESS, CONFIRMATION_WINDOW = 3, timedelta(days=1)

log = logging.getLogger(__name__)


def subscribe_and_confirm(
    engine: sa.Engine, email: str, prefs: Preferences, *, mail: MailConfig, confirmed: bool
) -> tuple[Subscriber, bool]:
    """Create or update a subscription; queue the confirmation message when one is needed.

    At most `CONFIRMATIONS_PER_ADDRESS` confirmation messages go to one address a day,
    whoever asks and from wherever: the form must not be a way to flood a stranger's
    mailbox. Past that, the request is answered the same and nothing is sent.
    """
    now = utcnow()
    with Session(engine) as session, session.begin():
        subscriber, needs = subscribe(email, prefs, session=session, confirmed=confirmed, now=now)
        if needs and subscriber.id is not None:
            since = now - CONFIRMATION_WINDOW
            if (
                confirmations_since(subscriber.id, since, session=session)
                >= CONFIRMATIONS_PER_ADDRESS
            ):
                log.warning("confirmation for subscriber %s not sent: daily limit", subscriber.id)
            else:
                queue_confirmation(
                    subscriber, prefs.as_dict(), session=session, config=mail, now=now
                )
        session.expunge(subscriber)
    return subscriber, needs


def confirmations_since(subscriber_id: int, since: datetime, *, session: Session) -> int:
    """Confirmation messages queued for this subscriber since `since`."""
    query = sa.select(sa.func.count()).where(
        col(Digest.subscriber_id) == subscriber_id,
        col(Digest.kind) == "confirm",
        col(Digest.created_at) >= since,
    )
    return int(session.execute(query).scalar() or 0)


def queue_confirmation(
    subscriber: Subscriber,
    prefs: dict[str, object] | None,
    *,
    session: Session,
    config: MailConfig,
    now: datetime,
    env: Environment | None = None,
) -> Digest:
    """Put the double opt-in message in the outbox; its link carries `prefs` to apply."""
    assert subscriber.id is not None
    token = make_token(
        config.secret, "confirm", subscriber.id, subscriber.token_version, dict(prefs or {})
    )
    link = f"{config.base_url.rstrip('/')}/confirm?token={token}"
    subject, html, text = render_confirm(
        link, summarise(prefs or {}), env=env or make_environment()
    )
    message_id = make_message_id("confirm", f"{subscriber.id}-{now.timestamp():.6f}", config.domain)
    message = build_message(
        to=subscriber.email,
        sender=config.mail_from,
        subject=subject,
        html=html,
        text=text,
        message_id=message_id,
        links=None,
        list_id=None,
        bulk=False,
    )
    digest = Digest(
        subscriber_id=subscriber.id,
        kind="confirm",
        message_id=message_id,
        subject=subject,
        message=message,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(digest)
    return digest


def summarise(prefs: dict[str, object]) -> str:
    """One line saying what a subscription asks for, for the confirmation message."""
    return describe(Preferences.from_dict(dict(prefs))) if prefs else "所有川渝合作协议"
