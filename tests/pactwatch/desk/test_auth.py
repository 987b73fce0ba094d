"""Logging in to the desk: the password, the session cookie, CSRF, the rate limit."""

from __future__ import annotations

import httpx

from pactwatch.web.auth import Admin, hash_password, safe_next
from tests.pactwatch.desk.conftest import Desk


def test_a_desk_page_without_login_goes_to_the_login_form(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    response = client.get("/inbox?status=new")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/inbox%3Fstatus%3Dnew"


def test_login_sets_a_signed_httponly_samesite_cookie_and_opens_the_desk(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    response = desk.login(client)
    assert response.status_code == 303
    assert response.headers["location"] == "/inbox"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    assert client.get("/inbox").status_code == 200


def test_login_needs_the_form_csrf_token(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    desk.csrf(client)  # a session, but the token is not sent
    response = client.post("/login", data={"username": "admin", "password": desk.password})
    assert response.status_code == 403
    assert client.get("/inbox").status_code == 303


def test_a_wrong_password_or_user_is_refused_and_logins_are_rate_limited(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    client = fresh_desk.client(login=False)
    assert fresh_desk.login(client, "wrong").status_code == 401
    token = fresh_desk.csrf(client)
    form = {"username": "root", "password": fresh_desk.password, "csrf_token": token}
    assert client.post("/login", data=form).status_code == 401
    statuses = [fresh_desk.login(client, "wrong").status_code for _ in range(10)]
    assert statuses[-1] == 429
    assert "retry-after" in fresh_desk.login(client).headers  # even the right one waits


def test_logout_ends_the_session_and_needs_csrf(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    assert client.post("/logout").status_code == 403
    token = desk.csrf(client, "/inbox")
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    assert client.get("/inbox").status_code == 303


def _copy(desk, client):  # type: ignore[no-untyped-def]
    """Another client holding a copy of `client`'s cookies, as a thief would."""
    thief = desk.client(login=False)
    for cookie in client.cookies.jar:
        thief.cookies.set(cookie.name, cookie.value)
    return thief


def test_logout_ends_the_session_for_a_copied_cookie_too(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    thief = _copy(desk, client)
    assert thief.get("/inbox").status_code == 200  # the copy works while the session lives
    client.post("/logout", data={"csrf_token": desk.csrf(client, "/inbox")})
    assert thief.get("/inbox").status_code == 303
    assert thief.get("/login").status_code == 200  # the form, not a redirect loop


def test_log_out_everywhere_ends_every_session(desk) -> None:  # type: ignore[no-untyped-def]
    first, second = desk.client(), desk.client()
    assert second.get("/inbox").status_code == 200
    token = desk.csrf(first, "/inbox")
    assert first.post("/logout/everywhere", data={"csrf_token": token}).status_code == 303
    assert first.get("/inbox").status_code == 303
    assert second.get("/inbox").status_code == 303
    assert desk.client().get("/inbox").status_code == 200  # a new login works


def test_a_forged_session_cookie_is_not_a_login(desk) -> None:  # type: ignore[no-untyped-def]
    import base64
    import json

    forged = base64.b64encode(json.dumps({"user": "admin"}).encode()).decode()
    with httpx.Client(base_url=desk.base, cookies={"pactwatch_session": forged + ".x"}) as client:
        assert client.get("/inbox").status_code == 303


def test_the_password_is_kept_hashed_and_a_hash_may_be_configured() -> None:
    admin = Admin.from_setting("s3cret", key="k")
    assert admin.password_hash and "s3cret" not in admin.password_hash
    assert admin.verify("admin", "s3cret")
    assert not admin.verify("admin", "S3cret") and not admin.verify("root", "s3cret")
    hashed = Admin.from_setting(hash_password("other"), key="k")
    assert hashed.verify("admin", "other")
    assert not Admin.from_setting(None, key="k").verify("admin", "")
    assert hashed.fingerprint != admin.fingerprint


def test_sessions_outlive_a_restart_and_span_workers_but_not_a_new_password() -> None:
    # A clear password is hashed with a fresh salt by each process; sessions must not care.
    first, second = Admin.from_setting("s3cret", key="k"), Admin.from_setting("s3cret", key="k")
    assert first.password_hash != second.password_hash
    assert first.fingerprint == second.fingerprint
    assert Admin.from_setting("changed", key="k").fingerprint != first.fingerprint
    assert Admin.from_setting("s3cret", key="other key").fingerprint != first.fingerprint


def test_after_login_only_local_paths_are_followed() -> None:
    assert safe_next("/items/3?x=1") == "/items/3?x=1"
    for hostile in ("https://evil.example", "//evil.example/x", "javascript:alert(1)", ""):
        assert safe_next(hostile) == "/inbox"


def test_hash_password_prints_a_hash_the_desk_accepts(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import subprocess
    import sys

    secret = "a long enough passphrase"
    result = subprocess.run(
        [sys.executable, "-m", "pactwatch", "hash-password"],
        input=f"{secret}\n{secret}\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=True,
        timeout=60,
    )
    hashed = result.stdout.strip().splitlines()[-1]
    assert hashed.startswith("$argon2id$") and secret not in result.stdout
    assert Admin.from_setting(hashed, key="k").verify("admin", secret)
    short = subprocess.run(
        [sys.executable, "-m", "pactwatch", "hash-password"],
        input="short\nshort\n", capture_output=True, text=True, cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert short.returncode == 2 and "12 characters" in short.stderr


def test_two_workers_serve_one_session(two_worker_desk: Desk) -> None:
    """`serve --workers 2`: a login holds whichever process takes each new connection (the
    processes agree on the session's password fingerprint; see the test above)."""
    cookies = two_worker_desk.client().cookies
    for _ in range(12):
        with httpx.Client(base_url=two_worker_desk.base, cookies=cookies, timeout=20) as fresh:
            assert fresh.get("/inbox").status_code == 200


def test_two_workers_share_the_login_limit(two_worker_desk: Desk) -> None:
    """Failed logins land on whichever worker takes the connection; the limit is the
    store's, so ten of them hold back the eleventh whichever worker counts it."""
    statuses = []
    for _ in range(11):
        with httpx.Client(base_url=two_worker_desk.base, timeout=20) as fresh:
            statuses.append(two_worker_desk.login(fresh, "wrong").status_code)
    assert statuses[:10] == [401] * 10
    assert statuses[10] == 429
