"""Alembic environment: the URL comes from the caller (`pactwatch db upgrade`), not an ini."""

from __future__ import annotations

from alembic import context
from sqlmodel import SQLModel

import notify.models  # noqa: F401  (registers notify's tables)
import pactwatch.service.models  # (registers the service's leases)
import pactwatch.web.limits  # (registers the web's rate limits)
import pactwatch.web.sessions  # noqa: F401  (registers the desk's sessions)
import pipeline.models  # noqa: F401  (registers the pipeline's tables)
from pipeline.db import make_engine, modelled

config = context.config
target_metadata = SQLModel.metadata


def run_migrations() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url, "pactwatch.core.db.upgrade sets sqlalchemy.url"
    given = config.attributes.get("connection")
    if given is not None:
        _configure_and_run(given)
        return
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            _configure_and_run(connection)
    finally:
        engine.dispose()  # a pooled connection left behind would outlive the migration


def _configure_and_run(connection: object) -> None:
    # SQLite cannot ALTER most things in place; batch mode copies the table instead.
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_type=True,
        include_name=modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
