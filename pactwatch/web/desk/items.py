"""Desk: one item — its page, the review decision, corrections of its agreements — plus
bulk decisions from the inbox and the gazetteer suggestions of the region fields.

Every change answers with a 303 back to a local `next` (or the page it came from), or
with JSON when the desk's script asks for it (`Accept: application/json`).
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

import pactwatch.web.rowid  # noqa: F401  registers {…:rowid} before these routes compile
from pactwatch.web.auth import login_required, safe_next
from pactwatch.web.desk.common import desk_page, read, write
from pactwatch.web.desk.inbox_data import STATUS_LABELS, external_link
from pactwatch.web.desk.item_data import ItemView, load_item
from pactwatch.web.desk.item_form import AgreementForm, BadAgreement, suggest_regions
from pactwatch.web.forms import form_text
from pipeline.agreements.sectors import SECTOR_LABELS
from pipeline.review import (
    STATUS_OF,
    UnknownAgreement,
    UnknownArticle,
    add_agreement,
    delete_agreement,
    record_decisions,
    save_agreement,
)

MAX_BULK = 500  # two inbox pages' worth of checkboxes, with room to spare
DONE = {"approve": "已通过 approved", "reject": "已拒绝 rejected"}


def wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "")


def give_notice(request: Request, text: str) -> None:
    """A line for the next page to show ("3 items approved"), kept in the signed session."""
    request.session["notice"] = text


def take_notice(request: Request) -> str | None:
    notice = request.session.pop("notice", None)
    return notice if isinstance(notice, str) else None


async def _form(request: Request) -> FormData:
    # login_required has read it already (for the CSRF token); Starlette keeps it.
    return await request.form(max_files=0, max_fields=2000)


def _message(request: Request, status: int, title: str, line: str) -> Response:
    if wants_json(request):
        return JSONResponse({"error": line}, status_code=status)
    return desk_page(request, "desk/item_message.html.j2", status, title=title, lines=[line])


def _missing(request: Request) -> Response:
    return _message(
        request, 404, "条目不存在", "没有这个条目或协议 (no such item or agreement, 404)"
    )


# --- the item page ----------------------------------------------------------------------------


@login_required
async def item_page(request: Request) -> Response:
    view = await read(request, load_item, request.path_params["article_id"])
    if view is None:
        return _missing(request)
    return _item_response(request, view)


def _item_response(
    request: Request,
    view: ItemView,
    *,
    forms: dict[int, AgreementForm] | None = None,
    new_form: AgreementForm | None = None,
    status: int = 200,
) -> Response:
    article = view.article
    failed = [f"agreement-{key}" for key, form in (forms or {}).items() if form.errors]
    if new_form and new_form.errors:
        failed.append("agreement-new")
    return desk_page(
        request, "desk/item.html.j2", status, failed=failed[0] if failed else None,
        title=article.title or f"#{article.id}", view=view, article=article,
        forms={**{a.id: AgreementForm.of(a) for a in view.agreements}, **(forms or {})},
        new_form=new_form or AgreementForm(), sectors=SECTOR_LABELS, status_labels=STATUS_LABELS,
        link=external_link(article.url), notice=take_notice(request), here=f"/items/{article.id}",
    )  # fmt: skip


async def _item_again(request: Request, article_id: int, **forms: Any) -> Response:
    """The item page once more, with the form that failed (and its errors) as typed."""
    view = await read(request, load_item, article_id)
    edited = forms.get("forms") or {}
    if view is None or not set(edited) <= {a.id for a in view.agreements}:
        return _missing(request)
    return _item_response(request, view, status=400, **forms)


# --- decisions --------------------------------------------------------------------------------


async def _decide(request: Request, decision: str) -> Response:
    article_id: int = request.path_params["article_id"]
    form = await _form(request)
    try:
        previous = await write(request, record_decisions, [article_id], decision)
    except UnknownArticle:
        return _missing(request)
    status = STATUS_OF[decision]
    if wants_json(request):
        return JSONResponse({"id": article_id, "status": status, "previous": previous[article_id]})
    give_notice(request, f"#{article_id} {DONE[decision]}")
    return RedirectResponse(safe_next(form_text(form, "next") or "/inbox"), 303)


@login_required
async def approve(request: Request) -> Response:
    return await _decide(request, "approve")


@login_required
async def reject(request: Request) -> Response:
    return await _decide(request, "reject")


@login_required
async def bulk(request: Request) -> Response:
    """The inbox's ticked stories, all decided in one transaction."""
    form = await _form(request)
    decision = form_text(form, "decision")
    if decision not in STATUS_OF:
        return _message(request, 400, "请求有误", f"未知操作 (unknown decision {decision!r})")
    try:
        ids = [int(value) for value in form.getlist("id") if isinstance(value, str)]
    except ValueError:
        return _message(request, 400, "请求有误", "条目编号应为整数 (ids must be whole numbers)")
    if len(ids) > MAX_BULK:
        return _message(request, 400, "请求有误", f"一次最多 {MAX_BULK} 条 (at most {MAX_BULK})")
    back = safe_next(form_text(form, "next") or "/inbox")
    if not ids:
        give_notice(request, "未选择任何条目 (nothing was selected)")
        return RedirectResponse(back, 303)
    try:
        previous = await write(request, record_decisions, ids, decision)
    except UnknownArticle:
        return _missing(request)
    if wants_json(request):
        status = STATUS_OF[decision]
        return JSONResponse({"ids": list(previous), "status": status, "previous": previous})
    give_notice(request, f"{len(previous)} 条{DONE[decision]}")
    return RedirectResponse(back, 303)


# --- corrections of agreements ----------------------------------------------------------------


@login_required
async def agreement_save(request: Request) -> Response:
    article_id: int = request.path_params["article_id"]
    agreement_id: int = request.path_params["agreement_id"]
    form = AgreementForm.from_form(await _form(request))
    try:
        fields = form.parse()
    except BadAgreement as exc:
        form.errors = exc.messages
        return await _item_again(request, article_id, forms={agreement_id: form})
    try:
        await write(request, save_agreement, article_id, agreement_id, fields.values())
    except UnknownAgreement:
        return _missing(request)
    give_notice(request, "协议已保存 (agreement saved)")
    return RedirectResponse(f"/items/{article_id}#agreement-{agreement_id}", 303)


@login_required
async def agreement_add(request: Request) -> Response:
    article_id: int = request.path_params["article_id"]
    form = AgreementForm.from_form(await _form(request))
    try:
        fields = form.parse()
    except BadAgreement as exc:
        form.errors = exc.messages
        return await _item_again(request, article_id, new_form=form)
    try:
        agreement_id = await write(request, add_agreement, article_id, fields.values())
    except UnknownArticle:
        return _missing(request)
    give_notice(request, "协议已添加 (agreement added)")
    return RedirectResponse(f"/items/{article_id}#agreement-{agreement_id}", 303)


@login_required
async def agreement_delete(request: Request) -> Response:
    article_id: int = request.path_params["article_id"]
    try:
        await write(request, delete_agreement, article_id, request.path_params["agreement_id"])
    except UnknownAgreement:
        return _missing(request)
    give_notice(request, "协议已删除 (agreement deleted)")
    return RedirectResponse(f"/items/{article_id}#agreements", 303)


@login_required
async def region_suggestions(request: Request) -> Response:
    """Up to ten divisions starting with `q`, for the region fields' <datalist>."""
    return JSONResponse(suggest_regions(request.query_params.get("q", "")))


routes: list[BaseRoute] = [
    Route("/items/bulk", bulk, methods=["POST"]),
    Route("/items/{article_id:rowid}", item_page, methods=["GET"]),
    Route("/items/{article_id:rowid}/approve", approve, methods=["POST"]),
    Route("/items/{article_id:rowid}/reject", reject, methods=["POST"]),
    Route("/items/{article_id:rowid}/agreements", agreement_add, methods=["POST"]),
    Route(
        "/items/{article_id:rowid}/agreements/{agreement_id:rowid}",
        agreement_save,
        methods=["POST"],
    ),
    Route(
        "/items/{article_id:rowid}/agreements/{agreement_id:rowid}/delete",
        agreement_delete,
        methods=["POST"],
    ),
    Route("/gazetteer/suggest", region_suggestions, methods=["GET"]),
]
