"""The web side: public subscription pages now, the review desk next.

`create_app` is the one place the app is assembled. Each page module exposes a list of
routes; the desk will add its own list, its middleware and its templates to the same
Environment (`templating.make_environment`).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import partial

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.body_limit import RequestBodyLimitMiddleware
from starlette.routing import Mount
from starlette.staticfiles import StaticFiles

from pactwatch.config import Config
from pactwatch.db import head_revision
from pactwatch.mail import deliver, mail_config
from pactwatch.settings import Settings
from pactwatch.web import health, public
from pactwatch.web.context import Courier, WebContext
from pactwatch.web.security import RateLimiter, SecurityHeaders
from pactwatch.web.templating import make_environment
from pipeline.db import make_engine

# Confirmation requests per client address: enough for typos, too few to mail-bomb anyone.
SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW = 5, 600.0
MAX_BODY = 64 * 1024  # the largest form is a few hundred bytes


def create_app(settings: Settings, config: Config, *, secret: str | None = None) -> Starlette:
    """The ASGI app; `secret` (else `PACTWATCH_SECRET_KEY`) signs the links.

    Raises `MissingSecret` when there is neither: unsigned links would let anyone
    unsubscribe or re-subscribe anyone.
    """
    mail = mail_config(settings, config, secret)  # raises MissingSecret
    engine = make_engine(settings.database_url)
    web = WebContext(
        settings=settings,
        config=config,
        mail=mail,
        engine=engine,
        reader=engine.execution_options(sqlite_begin="DEFERRED"),
        env=make_environment(),
        subscribe_limit=RateLimiter(SUBSCRIBE_LIMIT, SUBSCRIBE_WINDOW),
        courier=Courier(partial(deliver, engine, settings, config)),
        head=head_revision(settings.database_url),
    )

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = Starlette(
        routes=[
            *health.routes,
            *public.routes,
            Mount("/static", StaticFiles(packages=[("pactwatch.web", "static")]), name="static"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(RequestBodyLimitMiddleware, max_body_size=MAX_BODY),
        ],
        exception_handlers=public.exception_handlers,
        lifespan=lifespan,
    )
    app.state.web = web
    return app
