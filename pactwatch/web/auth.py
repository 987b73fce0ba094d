"""The desk's one account: `admin`, its password from `PACTWATCH_ADMIN_PASSWORD`.

The password is kept only as an argon2id hash: given in clear, it is hashed at start-up and
the clear text dropped; given as a hash (`pactwatch hash-password` prints one), it is used
as is, so the clear text need never be stored on the server at all. Without the variable
the desk cannot be entered; the public pages still work.

Sessions are Starlette's signed cookies (`PACTWATCH_SECRET_KEY`), HttpOnly, SameSite=Lax,
Secure when the base URL is https. A session holds the user, its CSRF token and a
keyed fingerprint of the password setting, so changing the password ends every session.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import math
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from urllib.parse import quote, urlsplit

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from pactwatch.core.errors import WeakSecret
from pactwatch.core.settings import Settings
from pactwatch.web import sessions
from pactwatch.web.context import WebContext, context_of
from pactwatch.web.forms import form_text
from pactwatch.web.templating import page

log = logging.getLogger(__name__)

USERNAME = "admin"
SESSION_AGE = 12 * 3600  # one working day; the cookie and its signature both expire
# Failed logins per client address: enough for typos, far too few to guess a password.
MIN_SECRET_KEY = 24  # characters of PACTWATCH_SECRET_KEY
MIN_PASSWORD = 12  # characters of a clear PACTWATCH_ADMIN_PASSWORD, or of one to hash
# Once reached, even the right password waits: the limit must not confirm a guess.
LOGIN_LIMIT, LOGIN_WINDOW = 10, 900.0

Handler = Callable[[Request], Awaitable[Response]]


@dataclass(frozen=True)
class Admin:
    """The admin password's argon2 hash, and how to check a login against it."""

    password_hash: str | None  # None: no PACTWATCH_ADMIN_PASSWORD, nobody can log in
    fingerprint: str = ""  # kept in each session: changes with the password

    @classmethod
    def from_setting(cls, value: str | None, *, key: str) -> Admin:
        """The admin of the setting `value` (clear or an argon2 hash).

        The fingerprint is an HMAC (by `key`, the session key) of the setting itself, not
        of the hash: a clear password is hashed with a fresh salt in each process, and
        every worker and restart must accept the same sessions. Keyed, because session
        cookies are signed, not encrypted: a plain hash of a password would be crackable.
        """
        if not value:
            return cls(None)
        mark = hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()[:16]
        if value.startswith("$argon2"):
            return cls(value, mark)
        return cls(PasswordHasher().hash(value), mark)

    @property
    def enabled(self) -> bool:
        return self.password_hash is not None

    def verify(self, username: str, password: str) -> bool:
        if self.password_hash is None:
            return False
        try:
            ok: bool = PasswordHasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            ok = False
        # Compared after hashing, so a wrong username takes as long as a wrong password.
        return ok and hmac.compare_digest(username, USERNAME)


def require_strong_secrets(settings: Settings) -> None:
    """Refuse a server whose secret key or clear admin password is short enough to guess.

    A key signs sessions and mailed links: 24 characters of `secrets.token_urlsafe` are
    ~144 bits. An argon2 hash (`pactwatch hash-password`) is taken as it is: its password
    was checked when it was made.
    """
    key = settings.secret_key.get_secret_value() if settings.secret_key else None
    if key is not None and len(key) < MIN_SECRET_KEY:
        raise WeakSecret(
            f"PACTWATCH_SECRET_KEY is too short ({len(key)} characters): use at least "
            f"{MIN_SECRET_KEY} random ones, e.g. python3 -c 'import secrets; "
            "print(secrets.token_urlsafe(32))'"
        )
    password = settings.admin_password.get_secret_value() if settings.admin_password else ""
    if password and not password.startswith("$argon2") and len(password) < MIN_PASSWORD:
        raise WeakSecret(
            f"PACTWATCH_ADMIN_PASSWORD is too short: use at least {MIN_PASSWORD} characters, "
            "or the hash `pactwatch hash-password` prints"
        )


def hash_password(password: str) -> str:
    """What `PACTWATCH_ADMIN_PASSWORD` may hold instead of the password itself."""
    return PasswordHasher().hash(password)


# --- session and CSRF -------------------------------------------------------------------------


def session_key(secret: str) -> str:
    """The cookie-signing key: derived, so no session cookie can pass for a mailed token."""
    return hmac.new(secret.encode(), b"pactwatch desk session", hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """This session's CSRF token, created on first use (the login form needs one too)."""
    token = request.session.get("csrf")
    if not isinstance(token, str):
        token = secrets.token_urlsafe(32)
        request.session["csrf"] = token
    return token


def csrf_valid(request: Request, given: str) -> bool:
    expected = request.session.get("csrf")
    return isinstance(expected, str) and bool(given) and hmac.compare_digest(expected, given)


async def logged_in(request: Request) -> bool:
    """The cookie says admin, for the current password, and its session is still open."""
    web = context_of(request)
    if not (
        web.admin.enabled
        and request.session.get("user") == USERNAME
        and request.session.get("pw") == web.admin.fingerprint
    ):
        return False
    return await run_in_threadpool(_open, web, request.session.get("sid"))


def _open(web: WebContext, sid: object) -> bool:
    with Session(web.reader) as session:
        return sessions.alive(sid, session=session)


def login_required(handler: Handler) -> Handler:
    """A desk page: without a session, GET goes to the login form, anything else gets 403.

    Changing requests (POST) also need the session's CSRF token, from the form field
    `csrf_token` or, for the desk's scripts, the `X-CSRF-Token` header.
    """

    @wraps(handler)
    async def guarded(request: Request) -> Response:
        if not await logged_in(request):
            if request.method in ("GET", "HEAD"):
                return RedirectResponse(f"/login?next={quote(_path_of(request))}", 303)
            return _refused(request, "请先登录 (please log in)", 403)
        if request.method not in ("GET", "HEAD"):
            given = request.headers.get("x-csrf-token", "")
            if not given:
                form = await request.form(max_files=0, max_fields=2000)
                given = form_text(form, "csrf_token")
            if not csrf_valid(request, given):
                return _refused(request, "表单已过期，请刷新页面后重试 (invalid CSRF token)", 403)
        return await handler(request)

    return guarded


def _path_of(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


def _refused(request: Request, line: str, status: int) -> Response:
    web = context_of(request)
    return page(web.env, "message.html.j2", status, title="请求被拒绝", lines=[line])


def safe_next(target: str) -> str:
    """Where to go after login: a path on this site only, never another host."""
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return "/inbox"
    return target


# --- routes -----------------------------------------------------------------------------------


async def login_page(request: Request) -> Response:
    if await logged_in(request):
        return RedirectResponse(safe_next(request.query_params.get("next", "/inbox")), 303)
    return _login_form(request, next_=request.query_params.get("next", "/inbox"))


def _login_form(
    request: Request, *, next_: str, error: str | None = None, status: int = 200
) -> Response:
    web = context_of(request)
    return page(
        web.env, "desk/login.html.j2", status, title="登录", error=error,
        enabled=web.admin.enabled, next=safe_next(next_), csrf_token=csrf_token(request),
    )  # fmt: skip


async def login_post(request: Request) -> Response:
    web = context_of(request)
    form = await request.form(max_files=0, max_fields=8)
    next_ = form_text(form, "next") or "/inbox"
    if not csrf_valid(request, form_text(form, "csrf_token")):
        return _login_form(
            request, next_=next_, error="表单已过期，请重试 (form expired)", status=403
        )
    client = request.client.host if request.client else "unknown"
    wait = await run_in_threadpool(web.login_limit.waiting, client)
    if wait is not None:
        response = _login_form(
            request, next_=next_, status=429,
            error=f"登录尝试过多，请 {math.ceil(wait / 60)} 分钟后再试 (too many attempts)",
        )  # fmt: skip
        response.headers["Retry-After"] = str(math.ceil(wait))
        return response
    username, password = form_text(form, "username"), form.get("password")
    if not isinstance(password, str) or not web.admin.verify(username, password):
        # Only failures count: staff may log in all day.
        await run_in_threadpool(web.login_limit.hit, client)
        log.warning("failed desk login from %s", client)
        return _login_form(
            request, next_=next_, error="用户名或密码错误 (wrong username or password)", status=401
        )
    await run_in_threadpool(web.login_limit.forget, client)
    sid = await run_in_threadpool(_start, web)
    # A new session: nothing from before the login (a planted CSRF token) carries over.
    request.session.clear()
    request.session.update(
        user=USERNAME, pw=web.admin.fingerprint, sid=sid, csrf=secrets.token_urlsafe(32)
    )
    return RedirectResponse(safe_next(next_), 303)


def _start(web: WebContext) -> str:
    with Session(web.engine) as session, session.begin():
        return sessions.start(session=session)


@login_required
async def logout(request: Request) -> Response:
    """Ends this session in the store: a copy of its cookie opens nothing afterwards."""
    await run_in_threadpool(_end, context_of(request), request.session.get("sid"), False)
    request.session.clear()
    return RedirectResponse("/login", 303)


@login_required
async def logout_everywhere(request: Request) -> Response:
    """Ends every desk session, on every worker: after a lost laptop or a leaked cookie."""
    await run_in_threadpool(_end, context_of(request), None, True)
    request.session.clear()
    return RedirectResponse("/login", 303)


def _end(web: WebContext, sid: object, everywhere: bool) -> None:
    with Session(web.engine) as session, session.begin():
        if everywhere:
            sessions.end_all(session=session)
        else:
            sessions.end(sid, session=session)


async def root(request: Request) -> Response:
    return RedirectResponse("/inbox" if await logged_in(request) else "/login", 303)


routes: list[BaseRoute] = [
    Route("/", root, methods=["GET"]),
    Route("/login", login_page, methods=["GET"]),
    Route("/login", login_post, methods=["POST"]),
    Route("/logout", logout, methods=["POST"]),
    Route("/logout/everywhere", logout_everywhere, methods=["POST"]),
]
