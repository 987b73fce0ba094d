"""Desk: `/preview/digest?subscriber=ID`, the digest a subscriber would get if it went now.

The same selection and rendering as `pactwatch digest` (`notify.digests.preview`), nothing
recorded. The page shows the subject and the text part and frames the HTML part, which is
served by `/preview/digest.html` under its own Content-Security-Policy: mail HTML carries
inline styles (CSS is inlined for mail clients), which the desk's policy forbids, and no
script at all, which this one keeps forbidding.
"""

from __future__ import annotations

from sqlmodel import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from notify.digests import MailConfig, Planned, preview
from notify.models import Subscriber
from pactwatch.web.auth import login_required
from pactwatch.web.context import context_of
from pactwatch.web.desk.common import desk_page, read
from pactwatch.web.rowid import parse_rowid
from pipeline.clock import utcnow

# The framed mail: its inline styles and data: images, nothing else; framed by the desk only.
MAIL_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; form-action 'none'; base-uri 'none'"
)


def _subscriber_id(request: Request) -> int:
    value = request.query_params.get("subscriber", "").strip()
    if not (value.isascii() and value.isdigit()):
        raise HTTPException(
            400,
            "预览哪位订阅者？请在地址后加上 ?subscriber=编号，或在订阅者页面点“预览” "
            "(which subscriber? add ?subscriber=ID, or use Preview on the Subscribers page)",
        )
    subscriber_id = parse_rowid(value)
    if subscriber_id is None:
        raise HTTPException(404, f"no subscriber {value[:30]!r}")
    return subscriber_id


def _planned(subscriber_id: int, *, session: Session, mail: MailConfig) -> Planned | None:
    subscriber = session.get(Subscriber, subscriber_id)
    if subscriber is None:
        return None
    return preview(subscriber, session=session, config=mail, now=utcnow())


async def _load(request: Request) -> tuple[int, Planned]:
    subscriber_id = _subscriber_id(request)
    planned = await read(request, _planned, subscriber_id, mail=context_of(request).mail)
    if planned is None:
        raise HTTPException(404, f"no subscriber {subscriber_id}")
    return subscriber_id, planned


# Said on the page itself: a bare "请求有误 (400)" left the user guessing what was asked.
NO_SUBSCRIBER = (
    "请选择一位订阅者：在“订阅者”页点“预览” "
    "(choose a subscriber: the Preview link on the Subscribers page, "
    "or /preview/digest?subscriber=ID)"
)


@login_required
async def preview_page(request: Request) -> Response:
    if not request.query_params.get("subscriber", "").strip():
        return desk_page(
            request, "desk/item_message.html.j2", 400,
            title="邮件预览 Digest preview", lines=[NO_SUBSCRIBER],
        )  # fmt: skip
    subscriber_id, planned = await _load(request)
    return desk_page(
        request, "desk/preview.html.j2", title="邮件预览 Digest preview",
        planned=planned, subscriber_id=subscriber_id,
    )  # fmt: skip


@login_required
async def preview_html(request: Request) -> Response:
    _, planned = await _load(request)
    return HTMLResponse(
        planned.html,
        headers={"Content-Security-Policy": MAIL_POLICY, "Cache-Control": "no-store"},
    )


routes: list[BaseRoute] = [
    Route("/preview/digest", preview_page, methods=["GET"]),
    Route("/preview/digest.html", preview_html, methods=["GET"]),
]
