"""The `pactwatch` command line, one module per command group (as `scrapy/commands/`):
parse, build settings once, hand over, map errors to exits."""

from __future__ import annotations

import logging

# Each module registers its commands on `app` when imported; this order is --help's.
# isort: off
from pactwatch.commands import db, sources  # noqa: F401  (the `db` and `sources` groups)
from pactwatch.commands import crawl  # noqa: F401
from pactwatch.commands import understand  # noqa: F401
from pactwatch.commands import mail  # noqa: F401
from pactwatch.commands import service  # noqa: F401
from pactwatch.commands import demo  # noqa: F401

# isort: on
from pactwatch.commands.base import UsageError, app, configure_logging, fail
from pactwatch.core.config import ConfigError
from pactwatch.core.db import SchemaNotReady, StoreUnreachable
from pactwatch.core.errors import MissingSecret

__all__ = ["app", "main"]


def main() -> None:
    """Entry point: expected errors become one line and an exit status, never a traceback.

    Typer itself answers bad usage (unknown option, missing argument) with exit 2.
    """
    configure_logging()
    try:
        app()
    except (ConfigError, UsageError, SchemaNotReady, MissingSecret) as exc:
        fail(2, str(exc))
    except StoreUnreachable as exc:
        fail(1, str(exc))
    except KeyboardInterrupt:
        fail(130, "interrupted")
    except Exception as exc:
        logging.getLogger("pactwatch").debug("failure", exc_info=True)
        fail(1, f"{type(exc).__name__}: {exc}")
