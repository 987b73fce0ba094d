"""The review desk: every page behind the admin login, except the public Atom feed."""

from __future__ import annotations

from starlette.routing import BaseRoute

from pactwatch.web.desk import export, feed, inbox, items, preview, sources, stats, subscribers

routes: list[BaseRoute] = [
    *inbox.routes,
    *items.routes,
    *sources.routes,
    *subscribers.routes,
    *stats.routes,
    *export.routes,
    *feed.routes,
    *preview.routes,
]
