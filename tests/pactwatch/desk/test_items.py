"""The item page, review decisions (one, JSON, bulk) and corrections of agreements: the
pure parts (highlighting, the agreement form, suggestions) directly, the rest over HTTP."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from sqlmodel import Session, col, select

from pactwatch.web.desk.item_data import Segment, highlight, load_item
from pactwatch.web.desk.item_form import AgreementForm, BadAgreement, suggest_regions
from pipeline.models import Agreement, Article, ReviewLabel
from pipeline.review import (
    UnknownAgreement,
    UnknownArticle,
    add_agreement,
    delete_agreement,
    record_correction,
    record_decisions,
    save_agreement,
)

# --- highlighting -----------------------------------------------------------------------------


def marked(segments: list[Segment]) -> list[str]:
    return [s.text for s in segments if s.marked]


def test_highlight_finds_normalised_evidence_in_the_original_text() -> None:
    text = "第一段。\n兩江新區與萬州區簽署《合作協議》，雙方將 合作。\n結尾。"
    evidence = "两江新区与万州区签署《合作协议》,双方将合作。"  # Simplified, half-width, no space
    segments = highlight(text, [evidence])
    assert "".join(s.text for s in segments) == text  # nothing lost or added
    assert marked(segments) == ["兩江新區與萬州區簽署《合作協議》，雙方將 合作。"]


def test_highlight_merges_overlaps_and_ignores_what_it_cannot_find() -> None:
    text = "甲乙丙丁戊己庚"
    segments = highlight(text, ["乙丙丁", "丁戊", "不存在", "甲", ""])
    assert segments == [Segment("甲", False), Segment("乙丙丁戊", True), Segment("己庚", False)]
    assert highlight("", ["x"]) == []
    assert highlight("无依据", []) == [Segment("无依据", False)]


def test_highlight_keeps_markup_as_text() -> None:
    bad = "<script>window.__pwned=1</script>"
    segments = highlight(f"{bad}签署协议。", [f"{bad}签署协议。"])
    assert marked(segments) == [f"{bad}签署协议。"]  # the template escapes it


# --- the agreement form -----------------------------------------------------------------------


def form(**fields: object) -> AgreementForm:
    values: dict[str, object] = {"title": "合作协议", "parties": "泸县\n荣昌区", **fields}
    return AgreementForm(**values)  # type: ignore[arg-type]


def test_the_form_resolves_regions_through_the_gazetteer() -> None:
    fields = form(
        title="《产业合作协议》", parties=" 泸县人民政府 \n\n荣昌区人民政府\n泸县人民政府",
        regions=["泸县", "重慶市榮昌區", "四川省泸州市泸县", "两江新区"],
        signed_on="2026-3-8", sectors=["health", "industry"],
    ).parse()  # fmt: skip
    assert fields.title == "产业合作协议"
    assert fields.parties == ["泸县人民政府", "荣昌区人民政府"]
    assert fields.regions == ["四川省泸州市泸县", "重庆市荣昌区", "重庆市两江新区"]
    assert fields.signed_on == "2026-03-08"
    assert fields.sectors == ["industry", "health"]  # in the contract's order
    assert fields.in_region is True
    assert form(signed_on="2-29").parse().signed_on == "02-29"
    assert form(signed_on="").parse().signed_on is None
    beijing = form(regions=["北京市"]).parse()
    assert beijing.regions == ["北京市"] and beijing.in_region is False


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"regions": ["火星市"]}, "unknown region '火星市'"),
        ({"signed_on": "2026-02-30"}, "signed on"),
        ({"signed_on": "13-01"}, "signed on"),
        ({"signed_on": "去年"}, "signed on"),
        ({"sectors": ["space"]}, "unknown sector"),
        ({"title": "", "parties": " \n"}, "a title or a party"),
        ({"title": "长" * 201}, "title longer"),
    ],
)
def test_the_form_refuses_what_cannot_be_stored(fields: dict[str, object], message: str) -> None:
    with pytest.raises(BadAgreement) as caught:
        form(**fields).parse()
    assert any(message in m for m in caught.value.messages)


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(BadAgreement) as caught:
        form(regions=["火星市", "木星市"], signed_on="x").parse()
    assert len(caught.value.messages) == 3


def test_suggestions_start_with_the_prefix_and_put_chengyu_first() -> None:
    found = suggest_regions("泸")
    assert found[0] == {"name": "四川省泸州市", "label": "泸州市"}
    assert {"name": "四川省泸州市泸县", "label": "泸县"} in found
    assert all(f["label"].startswith("泸") or f["name"].startswith("泸") for f in found)
    assert len(suggest_regions("四川省")) == 10  # the province and nine of its divisions
    assert suggest_regions("  ") == []
    assert suggest_regions("瀘州")[0]["name"] == "四川省泸州市"  # Traditional typed
    assert suggest_regions("四川省泸州市泸")[0]["name"] == "四川省泸州市泸县"


# --- data functions on the desk's store -------------------------------------------------------


@pytest.fixture
def writable(fresh_desk: Any) -> Iterator[Callable[[], Session]]:
    engine = fresh_desk.engine()
    yield lambda: Session(engine)
    engine.dispose()


def first_with_agreements(session: Session) -> Article:
    article_id = session.exec(select(Agreement.article_id).order_by(col(Agreement.id))).first()
    article = session.get(Article, article_id)
    assert article is not None
    return article


def test_corrections_change_rows_mark_them_and_leave_labels(
    writable: Callable[[], Session],
) -> None:
    with writable() as session, session.begin():
        article = first_with_agreements(session)
        assert article.id is not None
        view = load_item(article.id, session=session)
        assert view is not None and view.agreements
        article_id, target = article.id, view.agreements[0].id
        assert target is not None
        fields = form(regions=["泸县"], sectors=["finance"]).parse().values()
        save_agreement(article.id, target, fields, session=session)
        added = add_agreement(article.id, form(title="新协议").parse().values(), session=session)
        others = [a.id for a in view.agreements[1:] if a.id is not None]
        if others:
            delete_agreement(article_id, others[0], session=session)
        with pytest.raises(UnknownAgreement):
            save_agreement(article.id + 1, target, fields, session=session)
        with pytest.raises(UnknownArticle):
            record_correction(10**9, {}, session=session)
    with writable() as session:
        row = session.get(Agreement, target)
        assert row is not None and row.corrected and row.regions == ["四川省泸州市泸县"]
        assert row.sectors == ["finance"] and row.title == "合作协议"
        assert session.get(Agreement, added).corrected  # type: ignore[union-attr]
        remaining = session.exec(select(Agreement).where(Agreement.article_id == article_id)).all()
        assert all(a.corrected for a in remaining)
        labels = session.exec(
            select(ReviewLabel)
            .where(ReviewLabel.article_id == article_id)
            .order_by(col(ReviewLabel.id))
        ).all()
        actions = [label.corrections["action"] for label in labels]
        assert actions == ["edit", "add", "delete"][: len(labels)]
        assert {label.decision for label in labels} == {"correct"}
        assert labels[0].corrections["agreement"] == target
        assert labels[0].corrections["regions"] == ["四川省泸州市泸县"]
        assert session.get(Article, article_id).status == "new"  # type: ignore[union-attr]


def test_decide_is_all_or_nothing(writable: Callable[[], Session]) -> None:
    with writable() as session:
        ids = [i for i in session.exec(select(Article.id).limit(3)) if i is not None]
    with pytest.raises(UnknownArticle), writable() as session, session.begin():
        record_decisions([*ids, 10**9], "approve", session=session)
    with writable() as session:
        assert {session.get(Article, i).status for i in ids} == {"new"}  # type: ignore[union-attr]
        assert not session.exec(select(ReviewLabel)).all()


# --- over HTTP: the item page -----------------------------------------------------------------


def ids_where(store_session: Callable[[], Session], *conditions: object) -> list[int]:
    with store_session() as session:
        return [i for i in session.exec(select(Article.id).where(*conditions)) if i is not None]  # type: ignore[arg-type]


def test_the_item_page_shows_the_article_its_reprints_and_marks(
    desk: Any, store_session: Callable[[], Session]
) -> None:
    with store_session() as session:
        reprints = session.exec(select(Article).where(col(Article.duplicate_of).is_not(None)))
        pairs = [(r, session.get(Article, r.duplicate_of)) for r in reprints]
        reprint, root = next((r, a) for r, a in pairs if a is not None and a.is_agreement)
        agreements = session.exec(select(Agreement).where(Agreement.article_id == root.id)).all()
    client = desk.client()
    html = client.get(f"/items/{root.id}").text
    assert (
        f'<a class="original" href="{root.url}" target="_blank" rel="noopener noreferrer">' in html
    )
    assert f'<a href="/items/{reprint.id}">' in html
    assert html.count("<mark>") >= 1
    assert html.count('class="agreement-form"') == len(agreements) + 1  # each, and "add"
    assert f'action="/items/{root.id}/agreements/{agreements[0].id}"' in html
    copy = client.get(f"/items/{reprint.id}").text
    assert "this repeats" in copy and f'<a href="/items/{root.id}">' in copy
    missing = client.get("/items/999999")
    assert missing.status_code == 404 and "no such item" in missing.text
    assert desk.client(login=False).get(f"/items/{root.id}").status_code == 303


def test_hostile_articles_are_shown_as_text(
    desk: Any, store_session: Callable[[], Session]
) -> None:
    client = desk.client()
    hostile = ids_where(store_session, col(Article.url).startswith("javascript:"))
    assert hostile
    html = client.get(f"/items/{hostile[0]}").text
    assert (
        'href="javascript:' not in html
        and 'class="unsafe-url">javascript:window.__pwned=1//2<' in html
    )
    assert 'data-url=""' in html
    for article_id in ids_where(
        store_session, col(Article.canonical_url).startswith("https://evil")
    ):
        page = client.get(f"/items/{article_id}").text
        assert "<script>window" not in page and "<img src=x" not in page
        assert "<svg onload" not in page and "</textarea><svg" not in page
    page = client.get(
        f"/items/{ids_where(store_session, col(Article.title).startswith('<script>'))[0]}"
    ).text
    assert "&lt;script&gt;window.__pwned = 1; alert(&#34;t&#34;)&lt;/script&gt;" in page
    assert "<mark>&lt;script&gt;" in page  # the marked evidence is escaped too


def test_suggestions_over_http(desk: Any) -> None:
    response = desk.client().get("/gazetteer/suggest", params={"q": "泸"})
    assert response.status_code == 200 and response.headers["content-type"] == "application/json"
    assert response.json()[0] == {"name": "四川省泸州市", "label": "泸州市"}
    assert len(response.json()) <= 10
    assert desk.client(login=False).get("/gazetteer/suggest?q=泸").status_code == 303


# --- over HTTP: decisions ---------------------------------------------------------------------


def new_roots(desk: Any) -> list[int]:
    with Session(engine := desk.engine()) as session:
        ids = session.exec(
            select(Article.id)
            .where(col(Article.duplicate_of).is_(None), Article.status == "new")
            .order_by(col(Article.id))
        ).all()
    engine.dispose()
    return [i for i in ids if i is not None]


def state(desk: Any, article_id: int) -> tuple[str, list[str]]:
    with Session(engine := desk.engine()) as session:
        article = session.get(Article, article_id)
        labels = session.exec(
            select(ReviewLabel.decision).where(ReviewLabel.article_id == article_id)
        ).all()
    engine.dispose()
    assert article is not None
    return article.status, list(labels)


def test_approve_and_reject_record_the_decision_and_go_back(fresh_desk: Any) -> None:
    client = fresh_desk.client()
    first, second, third = new_roots(fresh_desk)[:3]
    token = fresh_desk.csrf(client, "/inbox")
    back = "/inbox?status=new&q=%E5%8D%8F%E8%AE%AE"
    response = client.post(f"/items/{first}/approve", data={"csrf_token": token, "next": back})
    assert response.status_code == 303 and response.headers["location"] == back
    assert state(fresh_desk, first) == ("approved", ["approve"])
    assert f"#{first}" in client.get("/inbox").text  # the notice says what happened
    evil = client.post(
        f"/items/{second}/reject", data={"csrf_token": token, "next": "https://evil.example/"}
    )
    assert evil.headers["location"] == "/inbox"
    assert state(fresh_desk, second) == ("rejected", ["reject"])
    answer = client.post(
        f"/items/{third}/approve", headers={"X-CSRF-Token": token, "Accept": "application/json"}
    )
    assert answer.json() == {"id": third, "status": "approved", "previous": "new"}
    assert client.post("/items/999999/approve", data={"csrf_token": token}).status_code == 404
    inbox = client.get("/inbox").text
    assert f'id="story-{first}"' not in inbox and f'id="story-{third}"' not in inbox


def test_decisions_need_the_csrf_token_and_a_login(fresh_desk: Any) -> None:
    client = fresh_desk.client()
    article = new_roots(fresh_desk)[0]
    assert client.post(f"/items/{article}/approve").status_code == 403
    assert client.post(f"/items/{article}/reject", data={"csrf_token": "forged"}).status_code == 403
    assert (
        client.post(f"/items/{article}/approve", headers={"X-CSRF-Token": "x"}).status_code == 403
    )
    assert fresh_desk.client(login=False).post(f"/items/{article}/approve").status_code == 403
    assert state(fresh_desk, article) == ("new", [])


def test_bulk_decides_every_ticked_story_in_one_go(fresh_desk: Any) -> None:
    client = fresh_desk.client()
    token = fresh_desk.csrf(client, "/inbox")
    ids = new_roots(fresh_desk)[:4]
    form = {"csrf_token": token, "decision": "reject", "next": "/inbox?status=new"}
    response = client.post("/items/bulk", data={**form, "id": [str(i) for i in ids]})
    assert response.status_code == 303 and response.headers["location"] == "/inbox?status=new"
    assert [state(fresh_desk, i) for i in ids] == [("rejected", ["reject"])] * 4
    assert "4 条已拒绝" in client.get("/inbox").text
    left = new_roots(fresh_desk)[0]
    unknown = client.post("/items/bulk", data={**form, "id": [str(left), "999999"]})
    assert unknown.status_code == 404
    assert state(fresh_desk, left) == ("new", [])  # one transaction: nothing was changed
    assert (
        client.post("/items/bulk", data={**form, "decision": "publish", "id": "1"}).status_code
        == 400
    )
    assert client.post("/items/bulk", data={**form, "id": "x"}).status_code == 400
    assert client.post("/items/bulk", data=form).status_code == 303  # nothing ticked: back
    assert "nothing was selected" in client.get("/inbox").text
    assert client.post("/items/bulk", data={"decision": "approve", "id": "1"}).status_code == 403
    answer = client.post(
        "/items/bulk",
        data={"decision": "approve", "id": [str(left)]},
        headers={"X-CSRF-Token": token, "Accept": "application/json"},
    )
    assert answer.json() == {"ids": [left], "status": "approved", "previous": {str(left): "new"}}


# --- over HTTP: corrections -------------------------------------------------------------------


def test_an_edited_agreement_is_saved_marked_and_labelled(fresh_desk: Any) -> None:
    with Session(engine := fresh_desk.engine()) as session:
        article = first_with_agreements(session)
        agreement = session.exec(
            select(Agreement).where(Agreement.article_id == article.id)
        ).first()
    engine.dispose()
    assert agreement is not None
    client = fresh_desk.client()
    token = fresh_desk.csrf(client, f"/items/{article.id}")
    fields = {
        "csrf_token": token, "title": "校正后的协议", "parties": "泸县人民政府\n荣昌区人民政府",
        "regions": ["泸县", "荣昌区", ""], "signed_on": "2026-05-01", "sectors": ["transport"],
    }  # fmt: skip
    response = client.post(f"/items/{article.id}/agreements/{agreement.id}", data=fields)
    assert response.status_code == 303
    assert response.headers["location"] == f"/items/{article.id}#agreement-{agreement.id}"
    with Session(engine := fresh_desk.engine()) as session:
        row = session.get(Agreement, agreement.id)
        label = session.exec(select(ReviewLabel).where(ReviewLabel.article_id == article.id)).one()
    engine.dispose()
    assert row is not None and row.corrected
    assert (row.title, row.regions, row.signed_on, row.sectors) == (
        "校正后的协议",
        ["四川省泸州市泸县", "重庆市荣昌区"],
        "2026-05-01",
        ["transport"],
    )
    assert label.decision == "correct"
    assert label.corrections["agreement"] == agreement.id
    assert label.corrections["title"] == "校正后的协议"
    page = client.get(f"/items/{article.id}").text
    assert "已校正 corrected" in page and 'value="四川省泸州市泸县"' in page


def test_an_unknown_region_reshows_the_form_with_the_reason(fresh_desk: Any) -> None:
    with Session(engine := fresh_desk.engine()) as session:
        agreement = session.exec(select(Agreement).order_by(col(Agreement.id))).first()
    engine.dispose()
    assert agreement is not None
    client = fresh_desk.client()
    token = fresh_desk.csrf(client, "/inbox")
    path = f"/items/{agreement.article_id}/agreements/{agreement.id}"
    typed = {"csrf_token": token, "title": "<b>新名称</b>", "regions": ["泸县", "亚特兰蒂斯"]}
    response = client.post(path, data=typed)
    assert response.status_code == 400
    assert "unknown region &#39;亚特兰蒂斯&#39;" in response.text
    assert f'<a href="#agreement-{agreement.id}">' in response.text  # the summary at the top
    assert (
        'value="亚特兰蒂斯"' in response.text
        and 'value="&lt;b&gt;新名称&lt;/b&gt;"' in response.text
    )
    with Session(engine := fresh_desk.engine()) as session:
        unchanged = session.get(Agreement, agreement.id)
        labels = session.exec(select(ReviewLabel)).all()
    engine.dispose()
    assert unchanged is not None and unchanged.title == agreement.title and not labels
    other = f"/items/{agreement.article_id + 1}/agreements/{agreement.id}"
    assert client.post(other, data={"csrf_token": token, "title": "x"}).status_code == 404
    assert client.post(path, data={"title": "x"}).status_code == 403


def test_agreements_can_be_added_and_deleted(fresh_desk: Any) -> None:
    with Session(engine := fresh_desk.engine()) as session:
        article = session.exec(select(Article).where(Article.is_agreement == False)).first()  # noqa: E712
    engine.dispose()
    assert article is not None
    client = fresh_desk.client()
    token = fresh_desk.csrf(client, "/inbox")
    added = client.post(
        f"/items/{article.id}/agreements",
        data={
            "csrf_token": token,
            "title": "漏掉的协议",
            "regions": "永川区",
            "sectors": "education",
        },
    )
    assert added.status_code == 303
    new_id = int(re.search(r"#agreement-(\d+)$", added.headers["location"]).group(1))  # type: ignore[union-attr]
    bad = client.post(f"/items/{article.id}/agreements", data={"csrf_token": token, "title": ""})
    assert bad.status_code == 400 and "a title or a party" in bad.text
    deleted = client.post(
        f"/items/{article.id}/agreements/{new_id}/delete", data={"csrf_token": token}
    )
    assert deleted.status_code == 303
    assert (
        client.post(
            f"/items/{article.id}/agreements/{new_id}/delete", data={"csrf_token": token}
        ).status_code
        == 404
    )
    with Session(engine := fresh_desk.engine()) as session:
        assert session.get(Agreement, new_id) is None
        labels = session.exec(select(ReviewLabel).where(ReviewLabel.article_id == article.id)).all()
        stored = session.get(Article, article.id)
    engine.dispose()
    assert [label.corrections["action"] for label in labels] == ["add", "delete"]
    assert labels[0].corrections["regions"] == ["重庆市永川区"]
    assert stored is not None and stored.is_agreement is True


def test_the_item_page_decides_too(fresh_desk: Any) -> None:
    client = fresh_desk.client()
    article = new_roots(fresh_desk)[0]
    page = client.get(f"/items/{article}").text
    assert (
        f'action="/items/{article}/approve"' in page
        and f'formaction="/items/{article}/reject"' in page
    )
    token = fresh_desk.csrf(client, f"/items/{article}")
    response = client.post(
        f"/items/{article}/reject", data={"csrf_token": token, "next": f"/items/{article}"}
    )
    assert response.headers["location"] == f"/items/{article}"
    again = client.get(f"/items/{article}").text
    assert 'class="badge rejected" data-status-badge' in again and "<td>reject</td>" in again


def test_every_form_is_refused_without_a_session(desk: Any) -> None:
    anonymous = desk.client(login=False)
    for path in ("/items/1/approve", "/items/bulk", "/items/1/agreements", "/items/1/agreements/1"):
        assert anonymous.post(path, data={"csrf_token": "x"}).status_code == 403
    assert isinstance(anonymous, httpx.Client)
