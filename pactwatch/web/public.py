"""The public pages: subscribe, confirm, unsubscribe (with RFC 8058 one-click), preferences,
and the health check. No login: a signed token, or nothing at all, is the authority.

Database work runs in Starlette's thread pool (`run_in_threadpool`), one Session per request.
"""

from __future__ import annotations

import ipaddress
import logging
import math
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from notify.addresses import BadAddress, normalise_address
from notify.confirmations import subscribe_and_confirm
from notify.digests import links_for
from notify.models import Subscriber
from notify.subscriptions import BadPreferences, Preferences, confirm, describe, unsubscribe
from notify.tokens import BadToken, Claim, read_token
from pactwatch.web.context import WebContext, context_of
from pactwatch.web.forms import HONEYPOT, WEEKDAYS, SubscriptionForm, form_text
from pactwatch.web.security import SECURITY_HEADERS, cross_site
from pactwatch.web.templating import page
from pipeline.agreements.sectors import SECTOR_LABELS

log = logging.getLogger(__name__)


# --- subscribe ------------------------------------------------------------------------------


async def subscribe_page(request: Request) -> Response:
    return _form_page(context_of(request), SubscriptionForm())


async def subscribe_post(request: Request) -> Response:
    """Queue a confirmation; the answer is the same whether the address was known or not."""
    web = context_of(request)
    if cross_site(request):
        return _forbidden(web)
    form = await request.form(max_files=0, max_fields=64)
    values = SubscriptionForm.from_form(form)
    if form_text(form, HONEYPOT):
        return _check_mail(web, values.email)
    try:
        address = normalise_address(values.email)
    except BadAddress:
        return _form_page(web, values, error="邮箱地址无效 (not a valid email address)")
    try:
        prefs = values.preferences(web.settings.timezone)
    except BadPreferences as exc:
        return _form_page(web, values, error=f"订阅设置有误：{exc}")
    wait = await run_in_threadpool(web.subscribe_limit.hit, _client_key(request))
    if wait is not None:
        return page(
            web.env, "message.html.j2", 429, headers={"Retry-After": str(math.ceil(wait))},
            title="请求过于频繁", lines=["请求过于频繁，请稍后再试。", "Too many requests."],
        )  # fmt: skip
    await run_in_threadpool(
        subscribe_and_confirm, web.engine, address, prefs, mail=web.mail, confirmed=False
    )
    # Sent after the answer: SMTP time (or failure) must not tell anyone anything.
    return _check_mail(web, values.email, background=BackgroundTask(web.courier))


def _check_mail(web: WebContext, email: str, background: BackgroundTask | None = None) -> Response:
    response = page(
        web.env, "message.html.j2", title="请查收确认邮件",
        lines=[
            f"如果 {email} 能收到邮件，一封确认邮件已经发出。请打开邮件中的链接确认订阅；"
            "确认之前，我们不会发送任何其他邮件。",
            "We have sent a confirmation link; nothing else is sent until it is followed.",
        ],
    )  # fmt: skip
    response.background = background
    return response


def _form_page(
    web: WebContext, values: SubscriptionForm, *, error: str | None = None, token: str = ""
) -> HTMLResponse:
    return page(
        web.env, "subscribe.html.j2", 400 if error else 200,
        title="订阅设置" if token else "订阅合作协议提醒",
        values=values, error=error, token=token,
        action="/preferences" if token else "/subscribe", honeypot=HONEYPOT,
        sectors=SECTOR_LABELS, hours=range(24), weekdays=list(enumerate(WEEKDAYS)),
    )  # fmt: skip


# --- confirm --------------------------------------------------------------------------------


async def confirm_page(request: Request) -> Response:
    """A page with a button only: mail scanners prefetch links, so GET confirms nothing."""
    web = context_of(request)
    token = request.query_params.get("token", "")
    try:
        claim = read_token(web.mail.secret, "confirm", token)
    except BadToken as exc:
        return _bad_link(web, exc)
    holder = await run_in_threadpool(_holder, web, claim)
    if holder is None or not holder.current:
        return _stale_link(web)
    prefs = Preferences.from_dict(claim.data) if claim.data else holder.prefs
    return page(
        web.env, "confirm.html.j2", title="确认订阅",
        email=holder.email, summary=describe(prefs), token=token,
    )  # fmt: skip


async def confirm_post(request: Request) -> Response:
    web = context_of(request)
    if cross_site(request):
        return _forbidden(web)
    form = await request.form(max_files=0, max_fields=8)
    try:
        claim = read_token(web.mail.secret, "confirm", form_text(form, "token"))
    except BadToken as exc:
        return _bad_link(web, exc)
    done = await run_in_threadpool(_confirm, web, claim, _client_ip(request))
    if done is None:
        return _stale_link(web)
    email, summary, links = done
    return page(
        web.env, "message.html.j2", title="订阅已确认",
        lines=[f"{email} 的订阅已确认 (subscription confirmed)："], summary=summary, links=links,
    )  # fmt: skip


def _confirm(web: WebContext, claim: Claim, ip: str) -> tuple[str, str, list[Any]] | None:
    with Session(web.engine) as session, session.begin():
        subscriber = confirm(claim, session=session, ip=ip)
        if subscriber is None:
            return None
        session.flush()
        return subscriber.email, describe(Preferences.of(subscriber)), _own_links(web, subscriber)


def _own_links(web: WebContext, subscriber: Subscriber) -> list[tuple[str, str]]:
    links = links_for(subscriber, web.mail)
    return [(_local(links.preferences), "修改订阅设置"), (_local(links.unsubscribe), "退订")]


def _local(url: str) -> str:
    """A link to this site as a path: right even when PACTWATCH_BASE_URL names another host."""
    parts = urlsplit(url)
    return f"{parts.path}?{parts.query}"


# --- unsubscribe ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Holder:
    """Who a token speaks for, and whether it still may."""

    email: str
    status: str
    current: bool  # the token's version is the subscriber's: not from before an unsubscribe
    prefs: Preferences


async def unsubscribe_page(request: Request) -> Response:
    """A confirmation page only: mail scanners follow GET links, so GET changes nothing."""
    web = context_of(request)
    token = request.query_params.get("token", "")
    try:
        claim = read_token(web.mail.secret, "unsubscribe", token)
    except BadToken as exc:
        return _bad_link(web, exc)
    holder = await run_in_threadpool(_holder, web, claim)
    if holder is not None and holder.status == "unsubscribed":
        return _unsubscribed(web, holder.email)
    if holder is None or not holder.current:
        return _stale_link(web)
    return page(web.env, "unsubscribe.html.j2", title="退订", email=holder.email, token=token)


async def unsubscribe_post(request: Request) -> Response:
    web = context_of(request)
    if cross_site(request):
        return _forbidden(web)
    form = await request.form(max_files=0, max_fields=8)
    try:
        claim = read_token(web.mail.secret, "unsubscribe", form_text(form, "token"))
    except BadToken as exc:
        return _bad_link(web, exc)
    email = await run_in_threadpool(_unsubscribe, web, claim)
    return _stale_link(web) if email is None else _unsubscribed(web, email)


async def one_click(request: Request) -> Response:
    """RFC 8058: the mail provider POSTs `List-Unsubscribe=One-Click`; an empty body is fine."""
    web = context_of(request)
    form = await request.form(max_files=0, max_fields=8)
    if form.get("List-Unsubscribe", "One-Click") != "One-Click":
        return PlainTextResponse("expected List-Unsubscribe=One-Click\n", status_code=400)
    try:
        claim = read_token(web.mail.secret, "unsubscribe", request.query_params.get("token", ""))
    except BadToken as exc:
        return PlainTextResponse(f"{exc}\n", status_code=400)
    email = await run_in_threadpool(_unsubscribe, web, claim)
    if email is None:
        return PlainTextResponse("this link is no longer valid\n", status_code=400)
    return PlainTextResponse("unsubscribed\n")


def _holder(web: WebContext, claim: Claim) -> Holder | None:
    with Session(web.reader) as session:
        subscriber = session.get(Subscriber, claim.subscriber_id)
        if subscriber is None:
            return None
        current = subscriber.token_version == claim.version
        return Holder(subscriber.email, subscriber.status, current, Preferences.of(subscriber))


def _unsubscribe(web: WebContext, claim: Claim) -> str | None:
    """The address now unsubscribed; None when the token is stale for a live subscription."""
    with Session(web.engine) as session, session.begin():
        subscriber = session.get(Subscriber, claim.subscriber_id)
        if subscriber is None:
            return None
        if subscriber.status == "unsubscribed":
            return subscriber.email  # a second click: same answer, nothing to do
        if subscriber.token_version != claim.version:
            return None
        unsubscribe(subscriber, session=session)
        return subscriber.email


def _unsubscribed(web: WebContext, email: str) -> HTMLResponse:
    return page(
        web.env, "message.html.j2", title="已退订",
        lines=[f"{email} 已退订，不会再收到任何邮件。", "Unsubscribed: no more mail."],
        links=[("/subscribe", "重新订阅 (subscribe again)")],
    )  # fmt: skip


# --- preferences ----------------------------------------------------------------------------


async def preferences_page(request: Request) -> Response:
    web = context_of(request)
    token = request.query_params.get("token", "")
    try:
        claim = read_token(web.mail.secret, "preferences", token)
    except BadToken as exc:
        return _bad_link(web, exc)
    holder = await run_in_threadpool(_holder, web, claim)
    if holder is None or not holder.current or holder.status == "unsubscribed":
        return _stale_link(web)
    return _form_page(web, SubscriptionForm.of(holder.prefs, holder.email), token=token)


async def preferences_post(request: Request) -> Response:
    """Applies at once: the token came by mail, so it proves the address, as confirming does."""
    web = context_of(request)
    if cross_site(request):
        return _forbidden(web)
    form = await request.form(max_files=0, max_fields=64)
    token = form_text(form, "token")
    try:
        claim = read_token(web.mail.secret, "preferences", token)
    except BadToken as exc:
        return _bad_link(web, exc)
    values = SubscriptionForm.from_form(form)
    try:
        prefs = values.preferences(web.settings.timezone)
    except BadPreferences as exc:
        holder = await run_in_threadpool(_holder, web, claim)
        values.email = holder.email if holder else ""
        return _form_page(web, values, error=f"订阅设置有误：{exc}", token=token)
    # The same step as following a confirmation link that carries these preferences.
    change = Claim(claim.subscriber_id, claim.version, prefs.as_dict())
    done = await run_in_threadpool(_confirm, web, change, _client_ip(request))
    if done is None:
        return _stale_link(web)
    email, summary, _ = done
    return page(
        web.env, "message.html.j2", title="订阅设置已更新",
        lines=[f"{email} 的订阅设置已更新 (preferences saved)："], summary=summary,
        links=[(f"/preferences?token={token}", "继续修改")],
    )  # fmt: skip


# --- shared answers -------------------------------------------------------------------------


def _bad_link(web: WebContext, exc: BadToken) -> HTMLResponse:
    if exc.expired:
        return page(
            web.env, "message.html.j2", 400, title="链接已过期",
            lines=["这个链接已过期 (this link has expired)。请重新提交订阅表单，获取新的链接。"],
            links=[("/subscribe", "重新订阅 (subscribe again)")],
        )  # fmt: skip
    return page(
        web.env, "message.html.j2", 400, title="链接无效",
        lines=["链接无效 (this link is not valid)。请确认复制了邮件中的完整链接。"],
    )  # fmt: skip


def _stale_link(web: WebContext) -> HTMLResponse:
    return page(
        web.env, "message.html.j2", 400, title="链接已失效",
        lines=[
            "链接已失效：这个地址在此链接发出之后退订或重新订阅过。请使用最新邮件中的链接。",
            "This link is no longer valid: the subscription changed since it was sent.",
        ],
        links=[("/subscribe", "重新订阅 (subscribe again)")],
    )  # fmt: skip


def _forbidden(web: WebContext) -> HTMLResponse:
    return page(
        web.env, "message.html.j2", 403, title="请求被拒绝",
        lines=["只接受本站页面提交的表单 (cross-site form posts are refused)。"],
    )  # fmt: skip


def _client_ip(request: Request) -> str:
    """The client's address; behind a proxy on 127.0.0.1, uvicorn takes it from X-Forwarded-For."""
    return request.client.host if request.client else "unknown"


def _client_key(request: Request) -> str:
    """Rate-limit key: the address, or its /64 for IPv6 (one host is given a whole /64)."""
    host = _client_ip(request)
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host
    if address.version == 6:
        return str(ipaddress.ip_network(f"{host}/64", strict=False))
    return host


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    web = context_of(request)
    title = {404: "页面不存在", 405: "不支持此请求方法"}.get(exc.status_code, "请求有误")
    lines = [f"{title} ({exc.status_code})"]
    if exc.detail and exc.detail != HTTPStatus(exc.status_code).phrase:
        lines.append(exc.detail)  # what the handler said went wrong: escaped like all text
    return page(
        web.env, "message.html.j2", exc.status_code, headers=exc.headers,
        title=title, lines=lines,
    )  # fmt: skip


async def server_error(request: Request, exc: Exception) -> Response:
    # Answered outside the middleware stack, so the security headers are added here.
    return PlainTextResponse(
        "服务器内部错误 (internal server error)\n", status_code=500, headers=SECURITY_HEADERS
    )


routes: list[BaseRoute] = [
    Route("/subscribe", subscribe_page, methods=["GET"]),
    Route("/subscribe", subscribe_post, methods=["POST"]),
    Route("/confirm", confirm_page, methods=["GET"]),
    Route("/confirm", confirm_post, methods=["POST"]),
    Route("/unsubscribe", unsubscribe_page, methods=["GET"]),
    Route("/unsubscribe", unsubscribe_post, methods=["POST"]),
    Route("/unsubscribe/one-click", one_click, methods=["POST"]),
    Route("/unsubscribe/one-click", unsubscribe_page, methods=["GET"]),  # a person clicked it
    Route("/preferences", preferences_page, methods=["GET"]),
    Route("/preferences", preferences_post, methods=["POST"]),
]
exception_handlers: dict[Any, Any] = {HTTPException: http_error, Exception: server_error}
