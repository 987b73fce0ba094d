"""The web side: the public subscription pages and the review desk.

`create_app` is the one place the app is assembled. Each page module exposes a list of
routes; every page renders with the one Environment of `templating.make_environment`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial
from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from pactwatch.core.config import Config, find_config, load_config
from pactwatch.core.db import head_revision
from pactwatch.core.settings import Settings
from pactwatch.tasks.mail import deliver, mail_config
from pactwatch.web import auth, desk, health, metrics, public
from pactwatch.web.auth import SESSION_AGE, Admin
from pactwatch.web.context import Courier, WebContext
from pactwatch.web.limits import StoreLimiter
from pactwatch.web.security import SecurityHeaders
from pactwatch.web.templating import make_environment
from pactwatch.web.timing import ServerTiming
from pipeline.db import make_engine

# Confirmation requests per client address: enough for typos, too few to mail-bomb anyone.
SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW = 5, 600.0
MAX_BODY = 256 * 1024  # the largest form, a bulk decision on a page of items, is a few kB


def create_app(settings: Settings, config: Config, *, secret: str | None = None) -> Starlette:
    """The ASGI app; `secret` (else `PACTWATCH_SECRET_KEY`) signs the links.

    Raises `MissingSecret` when there is neither: unsigned links would let anyone
    unsubscribe or re-subscribe anyone; `WeakSecret` when the key or the admin password
    set for a server is short enough to guess.
    """
    if secret is None:
        auth.require_strong_secrets(settings)
    mail = mail_config(settings, config, secret)  # raises MissingSecret
    engine = make_engine(settings.database_url)
    web = WebContext(
        settings=settings,
        config=config,
        mail=mail,
        engine=engine,
        reader=engine.execution_options(sqlite_begin="DEFERRED"),
        env=make_environment(),
        subscribe_limit=StoreLimiter(engine, "subscribe", SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW),
        courier=Courier(partial(deliver, engine, settings, config)),
        head=head_revision(settings.database_url),
        admin=Admin.from_setting(
            settings.admin_password.get_secret_value() if settings.admin_password else None,
            key=auth.session_key(mail.secret),
        ),
        login_limit=StoreLimiter(engine, "login", auth.LOGIN_LIMIT, auth.LOGIN_WINDOW),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = Starlette(
        routes=[
            *health.routes,
            *metrics.routes,
            *public.routes,
            *auth.routes,
            *desk.routes,
            Mount("/static", StaticFiles(packages=[("pactwatch.web", "static")]), name="static"),
        ],
        middleware=[
            Middleware(ServerTiming),
            Middleware(SecurityHeaders),
            Middleware(
                SessionMiddleware,
                secret_key=auth.session_key(mail.secret),
                session_cookie="pactwatch_session",
                max_age=SESSION_AGE,
                same_site="lax",
                https_only=settings.base_url.startswith("https:"),
            ),
            Middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY),
        ],
        exception_handlers=public.exception_handlers,
        lifespan=lifespan,
    )
    app.state.web = web
    return app


def app_from_environment() -> Starlette:
    """The app from the environment alone: what each worker process of `pactwatch serve
    --workers N` runs (a uvicorn factory). The parent has checked the settings, the
    config (passed on as PACTWATCH_CONFIG) and the schema before starting them."""
    settings = Settings()
    return create_app(settings, load_config(find_config(None, settings.config, Path.cwd())))
