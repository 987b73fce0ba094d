"""`/preview/digest`: what a subscriber would get now, behind the login, nothing recorded."""

from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session, func, select

from notify.models import Digest, Subscriber


def _id(store_session: Callable[[], Session], email: str) -> int:
    with store_session() as session:
        subscriber = session.exec(select(Subscriber).where(Subscriber.email == email)).one()
        assert subscriber.id is not None
        return subscriber.id


def test_the_preview_shows_the_digest_and_records_nothing(desk, store_session) -> None:  # type: ignore[no-untyped-def]
    subscriber = _id(store_session, "confirmed@example.com")  # 泸州 · industry
    client = desk.client()
    page = client.get(f"/preview/digest?subscriber={subscriber}")
    assert page.status_code == 200
    assert "成渝合作协议" in page.text and "项协议" in page.text  # the subject
    assert "泸州" in page.text  # a chosen story, in the text part
    assert "&lt;script&gt;" in page.text and "<script>window" not in page.text
    framed = client.get(f"/preview/digest.html?subscriber={subscriber}")
    assert framed.status_code == 200 and "<table" in framed.text
    policy = framed.headers["content-security-policy"]
    assert "script-src" not in policy and "default-src 'none'" in policy
    assert "<script>window" not in framed.text
    with store_session() as session:
        assert session.exec(select(func.count()).select_from(Digest)).one() == 0


def test_the_preview_needs_a_login_and_a_known_subscriber(desk) -> None:  # type: ignore[no-untyped-def]
    anonymous = desk.client(login=False)
    assert anonymous.get("/preview/digest?subscriber=1").status_code == 303
    assert anonymous.get("/preview/digest.html?subscriber=1").status_code == 303
    client = desk.client()
    assert client.get("/preview/digest?subscriber=999999").status_code == 404
    assert client.get("/preview/digest?subscriber=x").status_code == 400


def test_the_preview_without_a_subscriber_says_what_it_needs(desk) -> None:  # type: ignore[no-untyped-def]
    page = desk.client().get("/preview/digest")
    assert page.status_code == 400
    assert "choose a subscriber" in page.text
    assert "请求有误" not in page.text
