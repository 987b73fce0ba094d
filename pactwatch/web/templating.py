"""The one Jinja environment of the web pages: autoescaped HTML, strict about undefined names.

Everything a page shows may come from a stranger (a form) or a scraped page: autoescape is
on for every template, whatever its extension.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import HTMLResponse

BRAND = "成渝合作协议"


def make_environment() -> Environment:
    """The Environment every web page is rendered with; the review desk adds its templates here."""
    env = Environment(
        loader=PackageLoader("pactwatch.web", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["brand"] = BRAND
    return env


def page(
    env: Environment,
    template: str,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """An HTML response rendered from `template`; pages are never cached (they carry tokens)."""
    html = env.get_template(template).render(context)
    response = HTMLResponse(html, status_code=status_code, headers=headers)
    response.headers.setdefault("Cache-Control", "no-store")
    return response
