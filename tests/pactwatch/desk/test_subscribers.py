"""The subscribers page: the list, its filters and pages, unsubscribe and resend."""

from __future__ import annotations

import email
import time
from pathlib import Path

import lxml.html
import pytest
from sqlmodel import Session, select

from notify.models import Digest, Subscriber
from notify.subscriptions import find_subscriber, parse_preferences, subscribe
from pactwatch.core.db import upgrade
from pactwatch.web.desk.subscribers import (
    PAGE_SIZE,
    SubscriberQuery,
    list_subscribers,
    resend_confirmation,
)
from pipeline.clock import utcnow
from pipeline.db import make_engine
from tests.databases import fresh_database_url


def _rows(page: str) -> dict[str, list[str]]:
    """Email → the text of each cell of its row."""
    rows = lxml.html.fromstring(page).xpath('//table[contains(@class, "subscribers")]/tbody/tr')
    found = {}
    for row in rows:
        cells = [" ".join(td.text_content().split()) for td in row.xpath("./td")]
        if len(cells) > 1:
            found[cells[0]] = cells
    return found


def _subscriber(desk, address: str) -> Subscriber:  # type: ignore[no-untyped-def]
    engine = desk.engine()
    try:
        with Session(engine) as session:
            found = find_subscriber(address, session=session)
            assert found is not None
            session.expunge(found)
            return found
    finally:
        engine.dispose()


def test_the_page_lists_the_subscribers_with_their_filters_escaped(desk) -> None:  # type: ignore[no-untyped-def]
    page = desk.client().get("/subscribers")
    assert page.status_code == 200
    rows = _rows(page.text)
    assert set(rows) == {"confirmed@example.com", "pending@example.com", "hostile@example.com"}
    assert rows["pending@example.com"][1] == "pending"
    assert rows["confirmed@example.com"][1] == "confirmed"
    assert rows["confirmed@example.com"][2] == "泸州市 · 产业协作与招商 · 每日 8 点"
    assert rows["confirmed@example.com"][3] == "daily"
    # The hostile keywords arrive as text, never as markup.
    assert "<script>window.__pwned=1</script>" in rows["hostile@example.com"][2]
    assert "<script>window.__pwned" not in page.text and "<b>" not in page.text
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in page.text


def test_only_pending_subscribers_get_a_resend_button_and_every_button_carries_csrf(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    token = desk.csrf(client, "/subscribers")
    html = lxml.html.fromstring(client.get("/subscribers").text)
    pending = _subscriber(desk, "pending@example.com")
    actions = html.xpath('//form[contains(@action, "/resend")]/@action')
    assert actions == [f"/subscribers/{pending.id}/resend"]
    forms = html.xpath('//table//form[@method="post"]')
    assert len(forms) == 4  # three unsubscribe, one resend
    assert all(f.xpath('.//input[@name="csrf_token"]/@value') == [token] for f in forms)


def test_filter_by_status_and_search_by_address(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    assert set(_rows(client.get("/subscribers?status=pending").text)) == {"pending@example.com"}
    assert set(_rows(client.get("/subscribers?q=HOSTILE").text)) == {"hostile@example.com"}
    assert set(_rows(client.get("/subscribers?q=example.com&status=confirmed").text)) == {
        "confirmed@example.com",
        "hostile@example.com",
    }
    assert _rows(client.get("/subscribers?q=%25").text) == {}  # LIKE wildcards are literal
    assert len(_rows(client.get("/subscribers?status=nonsense&page=x").text)) == 3


def test_the_subscribers_page_needs_a_login(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    assert client.get("/subscribers").status_code == 303
    assert client.post("/subscribers/1/unsubscribe").status_code == 403


def test_an_unknown_subscriber_is_404(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    token = desk.csrf(client, "/subscribers")
    for action in ("unsubscribe", "resend"):
        response = client.post(f"/subscribers/99999/{action}", data={"csrf_token": token})
        assert response.status_code == 404


def test_unsubscribe_changes_the_status_and_needs_csrf(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    client = fresh_desk.client()
    target = _subscriber(fresh_desk, "confirmed@example.com")
    path = f"/subscribers/{target.id}/unsubscribe"
    assert client.post(path, data={"back": ""}).status_code == 403
    assert _subscriber(fresh_desk, "confirmed@example.com").status == "confirmed"
    token = fresh_desk.csrf(client, "/subscribers")
    response = client.post(path, data={"csrf_token": token, "back": "status=confirmed&q=conf"})
    assert response.status_code == 303
    location = response.headers["location"]
    assert location == f"/subscribers?status=confirmed&q=conf&done=unsubscribed&id={target.id}"
    after = _subscriber(fresh_desk, "confirmed@example.com")
    assert after.status == "unsubscribed" and after.unsubscribed_at is not None
    assert after.token_version == target.token_version + 1  # old confirm links now stale
    page = client.get(f"/subscribers?done=unsubscribed&id={target.id}").text
    assert f"订阅者 #{target.id} 已退订" in page
    assert _rows(page)["confirmed@example.com"][1].startswith("unsubscribed")


def test_the_back_field_cannot_redirect_elsewhere(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    client = fresh_desk.client()
    token = fresh_desk.csrf(client, "/subscribers")
    target = _subscriber(fresh_desk, "hostile@example.com")
    response = client.post(
        f"/subscribers/{target.id}/unsubscribe",
        data={"csrf_token": token, "back": "https://evil.example/&status=x"},
    )
    assert response.headers["location"].startswith("/subscribers?done=unsubscribed")


def _eml_files(outbox: Path) -> list[Path]:
    return sorted(outbox.glob("*.eml")) if outbox.is_dir() else []


def test_resend_writes_a_fresh_confirmation_for_a_pending_subscriber(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    client = fresh_desk.client()
    token = fresh_desk.csrf(client, "/subscribers")
    outbox = fresh_desk.workdir / "outbox"
    assert _eml_files(outbox) == []
    pending = _subscriber(fresh_desk, "pending@example.com")
    response = client.post(f"/subscribers/{pending.id}/resend", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == f"/subscribers?done=resent&id={pending.id}"
    deadline = time.monotonic() + 20
    while not _eml_files(outbox) and time.monotonic() < deadline:
        time.sleep(0.1)
    files = _eml_files(outbox)
    assert len(files) == 1
    message = email.message_from_bytes(files[0].read_bytes())
    assert message["To"] == "pending@example.com"
    body = b"".join(
        part.get_payload(decode=True) or b"" for part in message.walk() if not part.is_multipart()
    ).decode()
    assert "/confirm?token=" in body and "泸州市" in body  # the stored preferences

    confirmed = _subscriber(fresh_desk, "confirmed@example.com")
    response = client.post(f"/subscribers/{confirmed.id}/resend", data={"csrf_token": token})
    assert response.headers["location"] == f"/subscribers?done=not_pending&id={confirmed.id}"
    assert "不是待确认状态" in client.get(response.headers["location"]).text
    time.sleep(0.5)
    assert len(_eml_files(outbox)) == 1


# --- the data functions over a store of their own -------------------------------------------


@pytest.fixture
def session_of(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = fresh_database_url(tmp_path, "store")
    upgrade(url)
    engine = make_engine(url)
    yield lambda: Session(engine)
    engine.dispose()


def test_subscribers_are_listed_newest_first_in_pages_of_fifty(session_of) -> None:  # type: ignore[no-untyped-def]
    prefs = parse_preferences()
    with session_of() as session, session.begin():
        for n in range(120):
            subscribe(f"user{n:03}@example.com", prefs, session=session, confirmed=n % 3 == 0)
    with session_of() as session:
        first = list_subscribers(SubscriberQuery(), session=session)
        last = list_subscribers(SubscriberQuery(page=3), session=session)
        confirmed = list_subscribers(SubscriberQuery(status="confirmed", page=1), session=session)
        search = list_subscribers(SubscriberQuery(q="USER00"), session=session)
    assert len(first.rows) == PAGE_SIZE and first.total == 120
    assert first.rows[0].email == "user119@example.com"
    assert [r.email for r in last.rows][-1] == "user000@example.com" and len(last.rows) == 20
    assert confirmed.total == 40 and {r.status for r in confirmed.rows} == {"confirmed"}
    assert first.counts == {"confirmed": 40, "pending": 80}
    assert search.total == 10


def test_the_last_delivery_error_and_failures_are_shown(session_of) -> None:  # type: ignore[no-untyped-def]
    with session_of() as session, session.begin():
        subscriber, _ = subscribe("b@example.com", parse_preferences(), session=session)
        subscriber.status, subscriber.hard_failures = "bouncing", 3
        for n, error in enumerate(["550 old", None, "550 mailbox unknown"]):
            session.add(Digest(subscriber_id=subscriber.id, message_id=f"<{n}@x>",
                               message=b"", error=error))  # fmt: skip
    with session_of() as session:
        (row,) = list_subscribers(SubscriberQuery(status="bouncing"), session=session).rows
    assert row.hard_failures == 3 and row.last_error == "550 mailbox unknown"


def test_an_unknown_stored_region_code_does_not_break_the_list(session_of) -> None:  # type: ignore[no-untyped-def]
    with session_of() as session, session.begin():
        subscriber, _ = subscribe("r@example.com", parse_preferences(), session=session)
        subscriber.regions = ["999999"]
    with session_of() as session:
        (row,) = list_subscribers(SubscriberQuery(), session=session).rows
    assert "999999" in row.filters


def test_resend_queues_a_confirmation_only_for_pending_subscribers(session_of) -> None:  # type: ignore[no-untyped-def]
    from notify.digests import MailConfig

    mail = MailConfig(base_url="http://127.0.0.1", mail_from="desk@example.com", secret="s")
    prefs = parse_preferences(regions=["泸州"])
    with session_of() as session, session.begin():
        pending, _ = subscribe("p@example.com", prefs, session=session)
        done, _ = subscribe("c@example.com", prefs, session=session, confirmed=True)
        ids = pending.id, done.id
    with session_of() as session, session.begin():
        assert resend_confirmation(ids[0], session=session, mail=mail, now=utcnow()) == "resent"
        assert resend_confirmation(ids[1], session=session, mail=mail) == "not_pending"
        assert resend_confirmation(12345, session=session, mail=mail) is None
    with session_of() as session:
        queued = session.exec(select(Digest)).all()
    assert [(d.subscriber_id, d.kind, d.status) for d in queued] == [(ids[0], "confirm", "pending")]


def test_the_query_round_trips_and_ignores_nonsense() -> None:
    query = SubscriberQuery.from_query({"status": "pending", "q": " a@b ", "page": "2"})
    assert query == SubscriberQuery("pending", "a@b", 2)
    assert query.to_query() == "status=pending&q=a%40b&page=2"
    assert query.to_query(page=1) == "status=pending&q=a%40b"
    assert SubscriberQuery.from_query({"status": "<x>", "page": "-3"}) == SubscriberQuery()
