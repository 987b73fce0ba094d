"""The database goes away under `pactwatch run` and comes back: the service rides it out.

PostgreSQL is stopped for `OUTAGE` seconds and started again under a running service. The
process must stay up, say in its log that the store is unreachable and that it is back,
answer 503 on /healthz meanwhile and 200 after, and crawl again without a restart.

The test starts a PostgreSQL server of its own (deploy/postgres-for-tests.sh), so it does
not depend on PACTWATCH_TEST_POSTGRES; it runs once, in the SQLite pass of `make test`.
"""

from __future__ import annotations

import glob
import logging
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler

from pactwatch.service.schedule import SturdyScheduler
from pipeline.clock import utcnow
from tests.conftest import Cli
from tests.databases import POSTGRES
from tests.pactwatch.service.conftest import SECRET, free_port, wait_until

own_server = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        reason="PostgreSQL is not installed (deploy/install-system-deps.sh)",
    ),
    pytest.mark.skipif(
        bool(POSTGRES), reason="runs its own server, once: in the SQLite pass of make test"
    ),
]

OUTAGE = 10.0  # seconds PostgreSQL is down; the contract's case is 30, the behaviour the same
REPO = Path(__file__).resolve().parents[3]
SERVER = REPO / "deploy" / "postgres-for-tests.sh"
# The lease outlives the outage, so the scheduler keeps its term and APScheduler itself must
# survive its job store failing; the crawl runs every few seconds so one follows the restart.
SERVICE = """
[service]
tick = "2s"
scheduler_lease_ttl = "30s"
scheduler_lease_renew = "3s"
crawl_lease_ttl = "10s"
kill_grace = "3s"
operator_email = "ops@example.org"
alert_nothing_new_runs = 1000
"""
# A source whose every page fails (nothing listens there): the monitor's incident, which
# must be mailed once, not again after the outage. Only its error rate counts here: the
# sample source finds nothing new after its first crawl, hence the 1000 runs above.
DEAD = """
[[sources]]
name = "dead"
start_urls = ["http://127.0.0.1:{port}/news/"]
article_patterns = ['/a/']
every = "2s"
allow_private_addresses = true
"""


class Postgres:
    """A throwaway PostgreSQL server that the test may stop and start."""

    def __init__(self) -> None:
        # Under /tmp, not pytest's private tmp_path: the server runs as `postgres` when root.
        self.dir = Path(tempfile.mkdtemp(prefix="pactwatch-outage."))
        self.port = free_port()
        self.server_url = self.start()

    def start(self) -> str:
        command = [str(SERVER), "start", str(self.dir), str(self.port)]
        return subprocess.run(command, check=True, capture_output=True, text=True).stdout.strip()

    def stop(self) -> None:
        subprocess.run([str(SERVER), "stop", str(self.dir)], check=True, capture_output=True)

    def database(self, name: str) -> str:
        engine = sa.create_engine(self.server_url, isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
        finally:
            engine.dispose()
        url = sa.engine.make_url(self.server_url).set(database=name)
        return url.render_as_string(hide_password=False)

    def remove(self) -> None:
        subprocess.run([str(SERVER), "stop", str(self.dir)], check=False, capture_output=True)
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def postgres() -> Iterator[Postgres]:
    server = Postgres()
    yield server
    server.remove()


def _health(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        error.close()
        return int(error.code)
    except OSError:
        return 0


def _finished_since(cli: Cli, since: datetime) -> list[dict[str, Any]]:
    return cli.query(
        "SELECT id FROM crawl_run WHERE status = 'finished' AND started_at > :since",
        since=since,
    )


def _open_before(cli: Cli, before: datetime) -> list[dict[str, Any]]:
    return cli.query(
        "SELECT id FROM crawl_run WHERE status = 'running' AND started_at < :before",
        before=before,
    )


@own_server[0]
@own_server[1]
@own_server[2]
def test_the_service_rides_out_a_database_outage(
    postgres: Postgres, sample_site: Any, tmp_path: Path
) -> None:
    cli = Cli(tmp_path, postgres.database("outage"))
    cli.run("db", "upgrade")
    sources = sample_site.sources_toml(["sample-cq"]).replace('every = "30m"', 'every = "3s"')
    config = cli.write_config(sources + DEAD.format(port=free_port()) + SERVICE)
    outbox = tmp_path / "outbox"
    port, log = free_port(), tmp_path / "run.log"
    with log.open("wb") as sink:
        service = subprocess.Popen(
            [sys.executable, "-m", "pactwatch", "run", "--port", str(port)],
            cwd=tmp_path,
            env=cli.env(PACTWATCH_SECRET_KEY=SECRET, PACTWATCH_CONFIG=str(config)),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    # The log's tail, for failure messages.
    text: Callable[[], str] = lambda: log.read_text("utf-8", errors="replace")[-6000:]  # noqa: E731
    try:
        started = utcnow()
        wait_until(lambda: _finished_since(cli, started), 60, "a first crawl")
        assert _health(port) == 200, text()
        wait_until(lambda: list(outbox.glob("*.eml")), 30, f"the monitor's mail\n{text()}")

        postgres.stop()
        down = time.monotonic()
        wait_until(lambda: _health(port) == 503, 10, "/healthz answering 503")
        time.sleep(max(OUTAGE - (time.monotonic() - down), 0))
        assert service.poll() is None, f"the service died during the outage:\n{text()}"
        postgres.start()
        back = utcnow()

        wait_until(lambda: _health(port) == 200, 30, f"/healthz 200 again\n{text()}")
        wait_until(lambda: _finished_since(cli, back), 60, f"a crawl after the outage\n{text()}")
        assert service.poll() is None
        # The crawl the outage cut short is closed by the service, not left `running`.
        wait_until(lambda: not _open_before(cli, back), 30, f"the cut crawl closed\n{text()}")
    finally:
        if service.poll() is None:
            service.send_signal(signal.SIGTERM)
        stopped = service.wait(15)
    assert stopped == 0, text()
    log_text = log.read_text("utf-8")
    assert "database unavailable (scheduler lease)" in log_text, text()
    assert "database reachable again after" in log_text, text()
    assert "Traceback" not in log_text, "an unreachable store is told in one line"
    [mail] = outbox.glob("*.eml")  # the incident outlived the outage, mailed once
    assert b"Subject: [pactwatch] 1 source problem(s): dead" in mail.read_bytes()


class _FailingOnce(SQLAlchemyJobStore):
    """A job store whose database goes away between reading the due jobs and updating one."""

    failures = 1

    def update_job(self, job: Any) -> None:
        if self.failures:
            self.failures -= 1
            raise sa.exc.OperationalError("UPDATE apscheduler_jobs", {}, OSError("server gone"))
        super().update_job(job)


ticks: list[float] = []


def tick() -> None:
    ticks.append(time.monotonic())


@pytest.mark.parametrize(
    "kind",
    [
        pytest.param(
            BackgroundScheduler,  # its thread dies of the exception, as pytest then reports
            marks=pytest.mark.filterwarnings(
                "ignore::pytest.PytestUnhandledThreadExceptionWarning"
            ),
        ),
        SturdyScheduler,
    ],
)
def test_the_scheduler_outlives_a_job_store_failing_mid_round(kind: type, tmp_path: Path) -> None:
    """APScheduler 3 guards only `get_due_jobs`: a failing `update_job` ends its thread."""
    ticks.clear()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    scheduler = kind(
        jobstores={"default": _FailingOnce(engine=engine)},
        timezone=ZoneInfo("UTC"),
        jobstore_retry_interval=0.5,
    )
    scheduler.start()
    try:
        scheduler.add_job(f"{__name__}:tick", "interval", seconds=0.2, id="tick")
        time.sleep(2.0)
        alive = scheduler._thread.is_alive()
    finally:
        scheduler.shutdown(wait=False)
        engine.dispose()
    if kind is BackgroundScheduler:
        assert not alive and len(ticks) == 1, "the stock scheduler stops for good"
    else:
        assert alive and len(ticks) >= 4, f"{len(ticks)} runs"


@pytest.mark.parametrize("kind", [BackgroundScheduler, SturdyScheduler])
def test_no_round_runs_after_a_shutdown(
    kind: type, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The loop's wait may end just as another thread shuts the scheduler down."""
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    store = SQLAlchemyJobStore(engine=engine)
    scheduler = kind(jobstores={"default": store}, timezone=ZoneInfo("UTC"))
    scheduler.start(paused=True)
    due = datetime.now(UTC) - timedelta(seconds=1)
    scheduler.add_job(f"{__name__}:tick", "interval", minutes=1, id="tick", next_run_time=due)
    scheduler.shutdown(wait=False)
    with caplog.at_level(logging.ERROR, logger="apscheduler"):
        scheduler._process_jobs()  # the round such a wait starts
    engine.dispose()
    failed = [r for r in caplog.records if "Error submitting job" in r.getMessage()]
    assert bool(failed) == (kind is BackgroundScheduler)
