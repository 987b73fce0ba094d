"""A review desk on 127.0.0.1 over a real store, for the desk's tests.

The store is filled the way production fills it: `pactwatch crawl` of the bundled sample
site (articles, agreements, reprints folded as duplicates, crawl runs with errors), plus
hostile articles whose titles, bodies and agreement fields carry markup and script, plus
subscribers. `pactwatch serve` then runs as a user would start it. One desk per module: a
test that changes data should use items no other test of its module relies on, or its own
`fresh_desk`.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
import sqlalchemy as sa
from sqlmodel import Session

from notify.subscriptions import parse_preferences, subscribe
from pactwatch.core.db import upgrade
from pactwatch.sample_site import SampleSite
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.models import Agreement, Article
from pipeline.page import content_hash
from tests.conftest import FAST_CRAWL
from tests.databases import fresh_database_url

SECRET = "test-secret-for-the-desk"
# The tests play clients elsewhere by X-Forwarded-For from 127.0.0.1, as a proxy there would.
PROXY = '\n[web]\ntrusted_proxies = ["127.0.0.1"]\n'

PASSWORD = "correct horse battery staple 马"
# What hostile scraped text looks like; no page may run any of it.
HOSTILE = [
    '<script>window.__pwned = 1; alert("t")</script>协议',
    '"><img src=x onerror="window.__pwned=1">签约',
    "javascript:window.__pwned=1",
    "</style><style>body{display:none}</style>x{}</textarea><svg onload=window.__pwned=1>",
]


@dataclass
class Desk:
    base: str
    workdir: Path
    database_url: str
    clients: list[httpx.Client] = field(default_factory=list)  # closed with the desk

    def engine(self) -> sa.Engine:
        return make_engine(self.database_url)

    def client(self, *, login: bool = True) -> httpx.Client:
        """An HTTP client with its own cookie jar, logged in unless `login=False`."""
        client = httpx.Client(base_url=self.base, timeout=20, follow_redirects=False)
        self.clients.append(client)
        if login:
            self.login(client)
        return client

    hostile = HOSTILE  # the injection attempts stored in the seeded articles
    password = PASSWORD

    @staticmethod
    def csrf(client: httpx.Client, path: str = "/login") -> str:
        return csrf_of(client, path)

    def login(self, client: httpx.Client, password: str = PASSWORD) -> httpx.Response:
        return client.post(
            "/login",
            data={"username": "admin", "password": password, "csrf_token": csrf_of(client)},
        )


def csrf_of(client: httpx.Client, path: str = "/login") -> str:
    """The CSRF token a page of the desk carries (login form or any desk page)."""
    page = client.get(path)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text) or re.search(
        r'name="csrf-token" content="([^"]+)"', page.text
    )
    assert found, f"no csrf token on {path}: {page.status_code} {page.text[:300]}"
    return found.group(1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def hostile_articles(session: Session, source: str) -> list[int]:
    """Articles (with agreements) whose every scraped field is an injection attempt."""
    ids = []
    for n, bad in enumerate(HOSTILE):
        text = f"{bad}\n泸州市与重庆市永川区签署战略合作协议。{bad}"
        article = Article(
            source=source,
            url=f"javascript:window.__pwned=1//{n}" if n == 2 else f"https://evil.example.cn/{n}",
            canonical_url=f"https://evil.example.cn/{n}",
            title=f"{bad}标题{n}",
            text=text,
            norm_title=f"{bad}标题{n}",
            norm_text=text,
            language="zh-Hans",
            credited_source=bad,
            published_at=utcnow() - timedelta(hours=n),
            fetched_at=utcnow() - timedelta(minutes=n),
            content_hash=content_hash(text),
            encoding="utf-8",
            extract_method="density",
            is_agreement=True,
            score=0.9,
            rule_score=0.9,
            evidence=[f"{bad}签署战略合作协议。"],
        )
        session.add(article)
        session.flush()
        assert article.id is not None
        session.add(
            Agreement(
                article_id=article.id,
                title=bad,
                parties=[bad, "重庆市永川区人民政府"],
                regions=["四川省泸州市", "重庆市永川区"],
                signed_on="2026-11-20",
                sectors=["industry"],
                in_region=True,
                evidence=bad,
            )
        )
        ids.append(article.id)
    return ids


def seed_subscribers(session: Session) -> None:
    prefs = parse_preferences(regions=["泸州"], sectors=["industry"], frequency="daily")
    subscribe("confirmed@example.com", prefs, session=session, confirmed=True)
    subscribe("pending@example.com", prefs, session=session, confirmed=False)
    hostile = parse_preferences(keywords=["<script>window.__pwned=1</script>", '"><b>'])
    subscribe("hostile@example.com", hostile, session=session, confirmed=True)


def build_store(workdir: Path, site: SampleSite) -> str:
    """A store crawled from the sample site, plus hostile articles and subscribers."""
    database_url = fresh_database_url(workdir)
    upgrade(database_url)
    (workdir / "pactwatch.toml").write_text(
        FAST_CRAWL + PROXY + site.sources_toml(["sample-cq", "sample-sc", "sample-faults"]),
        encoding="utf-8",
    )
    subprocess.run(
        [sys.executable, "-m", "pactwatch", "crawl"],
        cwd=workdir,
        env=_env(database_url),
        check=True,
        capture_output=True,
        timeout=300,
    )
    engine = make_engine(database_url)
    with Session(engine) as session, session.begin():
        hostile_articles(session, "sample-cq")
        seed_subscribers(session)
    engine.dispose()
    return database_url


def _env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(PACTWATCH_DATABASE_URL=database_url, PACTWATCH_SECRET_KEY=SECRET, **extra)
    return env


def serve(workdir: Path, database_url: str, workers: int = 1) -> Iterator[Desk]:
    port = free_port()
    log = (workdir / "desk.log").open("wb")  # the server's output, for a failing test to read
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pactwatch",
            "serve",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        cwd=workdir,
        env=_env(
            database_url,
            PACTWATCH_ADMIN_PASSWORD=PASSWORD,
            PACTWATCH_OUTBOX_DIR=str(workdir / "outbox"),
            PACTWATCH_BASE_URL=f"http://127.0.0.1:{port}",
        ),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            if httpx.get(base + "/healthz", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            process.wait()
            log.close()
            raise AssertionError(f"desk did not start: {(workdir / 'desk.log').read_text()}")
        time.sleep(0.1)
    desk = Desk(base, workdir, database_url)
    try:
        yield desk
    finally:
        for client in desk.clients:
            client.close()
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@dataclass(frozen=True)
class Built:
    workdir: Path  # holds pactwatch.toml, the config the store was crawled with
    database_url: str


@pytest.fixture(scope="session")
def desk_store(tmp_path_factory: pytest.TempPathFactory, sample_site: SampleSite) -> Built:
    """A crawled and seeded store, built once; each desk works on its own copy."""
    workdir = tmp_path_factory.mktemp("desk-store")
    return Built(workdir, build_store(workdir, sample_site))


def _copy_store(source: Built, workdir: Path) -> str:
    """The store and the config it was crawled with, copied into the desk's working directory."""
    shutil.copy(source.workdir / "pactwatch.toml", workdir / "pactwatch.toml")
    if source.database_url.startswith("sqlite"):
        target = workdir / "pactwatch.db"
        with make_engine(source.database_url).connect() as connection:
            # The online backup API: a consistent copy even of a WAL database.
            raw = connection.connection.driver_connection
            with sqlite3.connect(target) as copy:
                raw.backup(copy)  # type: ignore[union-attr]
        return f"sqlite:///{target}"
    # PostgreSQL copies a database whole from a template no one is connected to.
    origin = sa.engine.make_url(source.database_url)
    target_name = f"{origin.database}_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine(origin.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with server.connect() as connection:
            connection.exec_driver_sql(
                f'CREATE DATABASE "{target_name}" TEMPLATE "{origin.database}"'
            )
    finally:
        server.dispose()
    return origin.set(database=target_name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def desk(tmp_path_factory: pytest.TempPathFactory, desk_store: Built) -> Iterator[Desk]:
    workdir = tmp_path_factory.mktemp("desk")
    yield from serve(workdir, _copy_store(desk_store, workdir))


@pytest.fixture
def fresh_desk(tmp_path: Path, desk_store: Built) -> Iterator[Desk]:
    yield from serve(tmp_path, _copy_store(desk_store, tmp_path))


@pytest.fixture
def two_worker_desk(tmp_path: Path, desk_store: Built) -> Iterator[Desk]:
    yield from serve(tmp_path, _copy_store(desk_store, tmp_path), workers=2)


@pytest.fixture
def store_session(desk: Desk) -> Iterator[Callable[[], Session]]:
    """Sessions on the module desk's store, for checking what a request changed."""
    engine = desk.engine()
    yield lambda: Session(engine)
    engine.dispose()
