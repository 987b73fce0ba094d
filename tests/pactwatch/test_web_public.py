"""The public subscription pages, served by `pactwatch serve` on 127.0.0.1 over a real store.

One server for the module (starting one costs a second or two); each test uses its own
addresses, and its own client address (X-Forwarded-For, trusted from 127.0.0.1 as configured)
so the per-client rate limit of one test never meets another's.
"""

from __future__ import annotations

import email
import email.policy
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from sqlmodel import Session

from notify.subscriptions import parse_preferences, subscribe
from notify.tokens import make_token
from pactwatch.core.db import head_revision, upgrade
from pipeline.db import make_engine
from tests.databases import fresh_database_url

SECRET = "test-secret-for-the-web-pages"
SECURITY = {
    "content-security-policy": "default-src 'self'; form-action 'self'; frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass
class Server:
    base: str
    workdir: Path
    database_url: str
    seen: set[str]

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, Any] | None = None,
        *,
        client: str = "198.51.100.1",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
    ) -> Reply:
        data = body
        if form is not None:
            data = urllib.parse.urlencode(form, doseq=True).encode()
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("X-Forwarded-For", client)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return Reply(response.status, _lower(response.headers), response.read())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, _lower(error.headers), error.read())

    def subscriber(self, address: str) -> dict[str, Any]:
        """The stored row of `address`; {} when there is none."""
        engine = sa.create_engine(self.database_url, poolclass=sa.pool.NullPool)
        try:
            with engine.connect() as db:
                sql = sa.text("SELECT * FROM subscriber WHERE email = :address")
                row = db.execute(sql, {"address": address}).first()
                found = dict(row._mapping) if row else {}
        finally:
            engine.dispose()
        # JSON columns read raw: text from SQLite, already decoded from PostgreSQL.
        return {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in found.items()}

    def next_mail(self, address: str, timeout: float = 8.0) -> email.message.EmailMessage:
        """The next .eml for `address` (delivery runs just after the answer is sent)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for path in sorted((self.workdir / "outbox").glob("*.eml")):
                if path.name in self.seen:
                    continue
                message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                if str(message["To"]) == address:
                    self.seen.add(path.name)
                    assert isinstance(message, email.message.EmailMessage)
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no confirmation mail for {address}")

    def confirm_link(self, address: str) -> str:
        """The path of the confirmation link in the next mail's plain-text part."""
        body = self.next_mail(address).get_body(preferencelist=("plain",))
        assert body is not None
        link = re.search(r"http://\S+/confirm\?token=\S+", body.get_content())
        assert link, body.get_content()
        assert link.group().startswith(self.base)
        return link.group().removeprefix(self.base)

    def follow(self, link: str, client: str = "198.51.100.1") -> Reply:
        """What a person does with a confirmation link: open it, then press the button."""
        opened = self.request("GET", link, client=client)
        assert opened.status == 200, opened.text
        token = re.search(r'name="token" value="([^"]+)"', opened.text)
        assert token, opened.text
        return self.request(
            "POST", "/confirm", {"token": html.unescape(token.group(1))}, client=client
        )

    def confirmed(self, address: str, **prefs: Any) -> tuple[int, int]:
        """A confirmed subscriber written straight to the store: (id, token version)."""
        engine = make_engine(self.database_url)
        try:
            with Session(engine) as session, session.begin():
                subscriber, _ = subscribe(
                    address, parse_preferences(**prefs), session=session, confirmed=True
                )
                assert subscriber.id is not None
                return subscriber.id, subscriber.token_version
        finally:
            engine.dispose()


def _lower(headers: Any) -> dict[str, str]:
    return {name.lower(): value for name, value in headers.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _env(workdir: Path, database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(
        PACTWATCH_DATABASE_URL=database_url,
        PACTWATCH_OUTBOX_DIR=str(workdir / "outbox"),
        **extra,
    )
    return env


def _serve(workdir: Path, port: int, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pactwatch", "serve", "--port", str(port)],
        cwd=workdir,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    workdir = tmp_path_factory.mktemp("web")
    database_url = fresh_database_url(workdir)
    upgrade(database_url)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    env = _env(workdir, database_url, PACTWATCH_SECRET_KEY=SECRET, PACTWATCH_BASE_URL=base)
    # The tests play many clients through X-Forwarded-For, as a proxy on 127.0.0.1 would.
    (workdir / "pactwatch.toml").write_text('[web]\ntrusted_proxies = ["127.0.0.1"]\n')
    process = _serve(workdir, port, env)
    try:
        _wait_until_up(base, process)
        yield Server(base, workdir, database_url, set())
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=15)
    assert process.returncode == 0, f"serve did not stop cleanly: {process.returncode}\n{err}"
    assert "Traceback" not in err, err  # no page answered with a 500


def _wait_until_up(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited {process.returncode}: {process.communicate()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise AssertionError("serve did not answer /healthz")


def _form(address: str, **fields: Any) -> dict[str, Any]:
    form: dict[str, Any] = {
        "email": address,
        "regions": "泸州, 永川区",
        "sector": ["industry", "transport"],
        "keywords": "",
        "frequency": "daily",
        "hour": "8",
        "weekday": "0",
        "in_region_only": "1",
    }
    form.update(fields)
    return form


def _expired_token(purpose: str, subscriber_id: int, version: int) -> str:
    class EightDaysAgo(TimestampSigner):
        def get_timestamp(self) -> int:
            return int(time.time()) - 8 * 86400

    serializer = URLSafeTimedSerializer(SECRET, salt=f"pactwatch-{purpose}", signer=EightDaysAgo)
    return str(serializer.dumps({"s": subscriber_id, "v": version, "d": {}}))


# --- health and headers ---------------------------------------------------------------------


def test_healthz_names_the_schema(server: Server) -> None:
    reply = server.request("GET", "/healthz")
    assert reply.status == 200
    assert reply.headers["content-type"] == "application/json"
    assert json.loads(reply.body) == {
        "status": "ok",
        "database": "ok",
        "schema": head_revision(server.database_url),
        "last_crawl_age_seconds": None,  # nothing crawled into this store
    }


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("GET", "/healthz", 200),
        ("GET", "/subscribe", 200),
        ("GET", "/static/site.css", 200),
        ("GET", "/confirm?token=nope", 400),
        ("GET", "/no-such-page", 404),
        ("POST", "/unsubscribe/one-click?token=nope", 400),
    ],
)
def test_every_response_has_the_security_headers(
    server: Server, method: str, path: str, status: int
) -> None:
    reply = server.request(method, path, body=b"" if method == "POST" else None)
    assert reply.status == status
    for name, value in SECURITY.items():
        assert reply.headers[name] == value


def test_the_form_works_without_javascript(server: Server) -> None:
    page = server.request("GET", "/subscribe").text
    assert '<form method="post" action="/subscribe"' in page
    assert "<script" not in page
    assert 'name="in_region_only" value="1" checked' in page
    assert 'value="civil_society"> 群团合作' in page
    for name in ("email", "regions", "keywords", "frequency", "hour", "weekday", "website"):
        assert f'name="{name}"' in page


# --- subscribe and confirm ------------------------------------------------------------------


def test_subscribe_confirm_and_resubscribe(server: Server) -> None:
    address = "li.ming@example.com"
    first = server.request("POST", "/subscribe", _form(address), client="198.51.100.10")
    assert first.status == 200
    assert "请查收确认邮件" in first.text
    assert server.subscriber(address)["status"] == "pending"

    link = server.confirm_link(address)
    prefetched = server.request("GET", link, client="203.0.113.9")  # a mail scanner
    assert prefetched.status == 200 and "确认订阅" in prefetched.text
    assert server.subscriber(address)["status"] == "pending"  # a GET confirms nothing
    confirmed = server.follow(link, client="198.51.100.11")
    assert confirmed.status == 200
    assert "订阅已确认" in confirmed.text
    assert "泸州市、永川区 · 产业协作与招商、交通物流与口岸 · 每日 8 点" in confirmed.text
    row = server.subscriber(address)
    assert row["status"] == "confirmed"
    assert row["confirmed_ip"] == "198.51.100.11"
    assert json.loads(row["regions"]) == ["510500", "500118"]

    # A stranger (or the owner) asks again with other preferences: the very same answer,
    # and nothing changes until the new link is followed.
    again = _form(address, regions="宜宾", sector=["education"], frequency="weekly", weekday="4")
    second = server.request("POST", "/subscribe", again, client="198.51.100.12")
    assert second.status == 200
    assert second.body == first.body
    link = server.confirm_link(address)
    assert server.subscriber(address) == row

    followed = server.follow(link)
    assert followed.status == 200
    assert "宜宾市 · 教育与人才 · 每周五 8 点" in followed.text
    row = server.subscriber(address)
    assert (row["status"], row["frequency"], row["weekday"]) == ("confirmed", "weekly", 4)
    assert row["confirmed_ip"] == "198.51.100.11"  # the first confirmation is the one on record


def test_bad_input_shows_the_form_again_escaped(server: Server) -> None:
    hostile = '<script>alert("x")</script>'
    form = _form("not an address", keywords=hostile, regions="泸州")
    reply = server.request("POST", "/subscribe", form, client="198.51.100.20")
    assert reply.status == 400
    assert "邮箱地址无效" in reply.text
    assert "<script>" not in reply.text
    assert 'value="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"' in reply.text
    assert 'value="not an address"' in reply.text
    assert 'value="industry" checked' in reply.text

    form = _form("wang@example.com", regions="火星<b>")
    reply = server.request("POST", "/subscribe", form, client="198.51.100.20")
    assert reply.status == 400
    assert "unknown region" in reply.text
    assert "<b>" not in reply.text
    assert server.subscriber("wang@example.com") == {}


def test_honeypot_gets_the_usual_answer_and_nothing_happens(server: Server) -> None:
    address = "bot@example.com"
    reply = server.request(
        "POST", "/subscribe", _form(address, website="http://spam.example"), client="198.51.100.30"
    )
    assert reply.status == 200
    assert "请查收确认邮件" in reply.text
    assert server.subscriber(address) == {}


def test_one_client_may_ask_five_times_in_ten_minutes(server: Server) -> None:
    for n in range(5):
        reply = server.request("POST", "/subscribe", _form(f"r{n}@example.com"), client="192.0.2.7")
        assert reply.status == 200
    reply = server.request("POST", "/subscribe", _form("r5@example.com"), client="192.0.2.7")
    assert reply.status == 429
    assert int(reply.headers["retry-after"]) > 0
    assert server.subscriber("r5@example.com") == {}
    other = server.request("POST", "/subscribe", _form("r6@example.com"), client="192.0.2.8")
    assert other.status == 200


def test_cross_site_posts_are_refused(server: Server) -> None:
    for headers in ({"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}):
        reply = server.request(
            "POST", "/subscribe", _form("x@example.com"), headers=headers, client="198.51.100.40"
        )
        assert reply.status == 403
    assert server.subscriber("x@example.com") == {}


# --- bad links ------------------------------------------------------------------------------


def test_forged_expired_and_stale_links(server: Server) -> None:
    subscriber_id, version = server.confirmed("zhao@example.com")
    confirm = make_token(SECRET, "confirm", subscriber_id, version)
    forged = make_token("another secret", "confirm", subscriber_id, version)

    for path in (f"/confirm?token={forged}", "/confirm", f"/confirm?token={confirm}x"):
        reply = server.request("GET", path)
        assert (reply.status, "链接无效" in reply.text) == (400, True), path
    # A token made for another purpose is no confirmation.
    reply = server.request("GET", f"/unsubscribe?token={confirm}")
    assert (reply.status, "链接无效" in reply.text) == (400, True)

    expired = server.request("GET", f"/confirm?token={_expired_token('confirm', subscriber_id, 1)}")
    assert expired.status == 400
    assert "已过期" in expired.text
    assert 'href="/subscribe"' in expired.text

    unsubscribe = make_token(SECRET, "unsubscribe", subscriber_id, version)
    assert server.request("POST", "/unsubscribe", {"token": unsubscribe}).status == 200
    stale = server.request("GET", f"/confirm?token={confirm}")
    assert stale.status == 400
    assert server.request("POST", "/confirm", {"token": confirm}).status == 400
    cross = server.request(
        "POST", "/confirm", {"token": confirm}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert cross.status == 403
    assert "链接已失效" in stale.text
    assert server.subscriber("zhao@example.com")["status"] == "unsubscribed"


# --- unsubscribe ----------------------------------------------------------------------------


def test_unsubscribe_link_asks_first_and_post_unsubscribes(server: Server) -> None:
    address = "qian@example.com"
    subscriber_id, version = server.confirmed(address)
    token = make_token(SECRET, "unsubscribe", subscriber_id, version)

    page = server.request("GET", f"/unsubscribe?token={token}")
    assert page.status == 200
    assert '<form method="post" action="/unsubscribe">' in page.text
    assert ">退订</button>" in page.text
    assert address in page.text
    # A person who opens the one-click link gets the same question.
    assert ">退订</button>" in server.request("GET", f"/unsubscribe/one-click?token={token}").text
    assert server.subscriber(address)["status"] == "confirmed"  # a mail scanner's GET: nothing

    done = server.request("POST", "/unsubscribe", {"token": token})
    assert done.status == 200
    assert "已退订" in done.text
    assert server.subscriber(address)["status"] == "unsubscribed"
    again = server.request("POST", "/unsubscribe", {"token": token})
    assert (again.status, "已退订" in again.text) == (200, True)

    forged = server.request("POST", "/unsubscribe", {"token": token[:-2]})
    assert (forged.status, "链接无效" in forged.text) == (400, True)


@pytest.mark.parametrize("body", [b"List-Unsubscribe=One-Click", b""])
def test_one_click_unsubscribe(server: Server, body: bytes) -> None:
    address = f"sun{len(body)}@example.com"
    subscriber_id, version = server.confirmed(address)
    token = make_token(SECRET, "unsubscribe", subscriber_id, version)
    headers = {"Content-Type": "application/x-www-form-urlencoded"} if body else {}
    reply = server.request(
        "POST", f"/unsubscribe/one-click?token={token}", body=body, headers=headers
    )
    assert reply.status == 200
    assert reply.headers["content-type"].startswith("text/plain")
    assert server.subscriber(address)["status"] == "unsubscribed"


# --- preferences ----------------------------------------------------------------------------


def test_preferences_are_shown_and_changed_with_the_token(server: Server) -> None:
    address = "zhou@example.com"
    subscriber_id, version = server.confirmed(address, regions=["泸州"], sectors=["health"])
    token = make_token(SECRET, "preferences", subscriber_id, version)

    page = server.request("GET", f"/preferences?token={token}")
    assert page.status == 200
    assert 'value="泸州市"' in page.text
    assert 'value="health" checked' in page.text
    assert f'name="token" value="{token}"' in page.text

    change = _form("", token=token, regions="永川区", sector=["finance"], keywords="氢能")
    bad = server.request("POST", "/preferences", {**change, "regions": "火星"})
    assert bad.status == 400
    assert f'name="token" value="{token}"' in bad.text
    assert f"<strong>{address}</strong>" in bad.text
    assert json.loads(server.subscriber(address)["regions"]) == ["510500"]

    saved = server.request("POST", "/preferences", change)
    assert saved.status == 200
    assert "永川区 · 金融 · 关键词：氢能 · 每日 8 点" in saved.text
    row = server.subscriber(address)
    assert json.loads(row["regions"]) == ["500118"]
    assert json.loads(row["sectors"]) == ["finance"]

    forged = server.request("GET", f"/preferences?token={token}A")
    assert (forged.status, "链接无效" in forged.text) == (400, True)


# --- the command ----------------------------------------------------------------------------


def test_serve_refuses_without_a_secret_or_a_schema(tmp_path: Path) -> None:
    database_url = fresh_database_url(tmp_path)
    no_secret = subprocess.run(
        [sys.executable, "-m", "pactwatch", "serve", "--port", str(_free_port())],
        cwd=tmp_path,
        env=_env(tmp_path, database_url),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert no_secret.returncode == 2
    assert no_secret.stderr.count("\n") == 1
    assert "PACTWATCH_SECRET_KEY" in no_secret.stderr

    no_schema = subprocess.run(
        [sys.executable, "-m", "pactwatch", "serve", "--port", str(_free_port())],
        cwd=tmp_path,
        env=_env(tmp_path, database_url, PACTWATCH_SECRET_KEY=SECRET),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert no_schema.returncode == 2
    assert "db upgrade" in no_schema.stderr


@pytest.mark.parametrize(
    ("extra", "named"),
    [
        ({"PACTWATCH_SECRET_KEY": "x"}, "PACTWATCH_SECRET_KEY"),
        ({"PACTWATCH_SECRET_KEY": SECRET, "PACTWATCH_ADMIN_PASSWORD": "a"}, "ADMIN_PASSWORD"),
    ],
)
def test_weak_secrets_refuse_to_start(tmp_path: Path, extra: dict[str, str], named: str) -> None:
    database_url = fresh_database_url(tmp_path)
    refused = subprocess.run(
        [sys.executable, "-m", "pactwatch", "serve", "--port", str(_free_port())],
        cwd=tmp_path, env=_env(tmp_path, database_url, **extra),
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert refused.returncode == 2
    assert refused.stderr.count("\n") == 1
    assert named in refused.stderr and "too short" in refused.stderr


def test_confirmations_to_one_address_are_limited_whoever_asks(server: Server) -> None:
    address = "sprayed@example.com"
    replies = [
        server.request("POST", "/subscribe", _form(address), client=f"203.0.113.{n}")
        for n in range(1, 9)
    ]
    assert {r.status for r in replies} == {200}
    assert len({r.body for r in replies}) == 1  # the same answer: nothing to learn from it
    time.sleep(1.0)  # delivery runs after each answer
    sent = [
        p for p in (server.workdir / "outbox").glob("*.eml")
        if f"To: {address}" in p.read_text(errors="replace")
    ]  # fmt: skip
    assert len(sent) == 3


def test_forwarded_addresses_are_believed_from_trusted_proxies_only(
    server: Server, tmp_path: Path
) -> None:
    # Behind the trusted proxy, a client's own "127.0.0.1" in the chain does not make it local.
    forged = {"X-Forwarded-For": "127.0.0.1, 203.0.113.77"}
    assert server.request("GET", "/metrics", headers=forged).status == 403
    # With no proxy configured, the header is ignored: the peer address counts.
    database_url = fresh_database_url(tmp_path)
    upgrade(database_url)
    port = _free_port()
    process = _serve(tmp_path, port, _env(tmp_path, database_url, PACTWATCH_SECRET_KEY=SECRET))
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        direct = Server(base, tmp_path, database_url, set())
        reply = direct.request("GET", "/metrics", client="203.0.113.77")
        assert reply.status == 200  # the peer is 127.0.0.1; the forged header changed nothing
    finally:
        process.send_signal(signal.SIGTERM)
        process.communicate(timeout=15)
