"""A migrated store (SQLite, or PostgreSQL in CI) with one source, "s", for the pipeline's
store tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from pactwatch.core.db import upgrade
from pipeline import store
from pipeline.db import make_engine
from tests.databases import fresh_database_url


@pytest.fixture
def url(tmp_path: Path) -> str:
    database_url = fresh_database_url(tmp_path, "store")
    upgrade(database_url)
    return database_url


@pytest.fixture
def engine(url: str) -> Iterator[sa.Engine]:
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        store.ensure_source("s", "Sample", None, session=session)
    yield engine
    engine.dispose()
