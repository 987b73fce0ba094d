"""The operator's monitor: one mail per incident, one when it clears, over a real store.

Crawl runs are written as a crawl would write them; the monitor job then runs as the
service runs it, and its mail lands in the outbox directory (no PACTWATCH_SMTP_URL).
"""

from __future__ import annotations

import email
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import Message
from email.policy import default
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, select

from pactwatch.core.config import Config, parse_config
from pactwatch.core.db import upgrade
from pactwatch.core.settings import Settings
from pactwatch.service import jobs
from pactwatch.service.crawls import CrawlLimits, Crawls, Launch
from pactwatch.service.models import MonitorIncident
from pactwatch.service.monitor import check, open_incident
from pactwatch.service.monitor_mail import Incident, build_monitor_mail, printable
from pactwatch.service.schedule import desired_jobs
from pipeline.db import make_engine
from pipeline.models import CrawlRun, SourceState
from tests.databases import fresh_database_url

N = 3  # alert_nothing_new_runs of these tests
OPERATOR = "ops@example.org"
START = datetime(2026, 5, 4, 2, 0, tzinfo=UTC)


def _config(operator: str | None = OPERATOR, **service: object) -> Config:
    table = {"alert_nothing_new_runs": N, **service}
    if operator:
        table["operator_email"] = operator
    lines = "".join(
        f"{key} = {value!r}\n" if not isinstance(value, str) else f'{key} = "{value}"\n'
        for key, value in table.items()
    )
    sources = "".join(
        f'[[sources]]\nname = "{name}"\ntitle = "{title}"\nstart_urls = ["https://x.example/"]\n'
        "article_patterns = ['/a/']\n"
        for name, title in (("flaky", "时好时坏日报"), ("steady", "稳定新闻"))
    )
    return parse_config(sources + "[service]\n" + lines)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[sa.Engine]:
    url = fresh_database_url(tmp_path)
    upgrade(url)
    engine = make_engine(url)
    with Session(engine) as session, session.begin():
        session.add_all([SourceState(name="flaky"), SourceState(name="steady")])
    yield engine
    engine.dispose()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url="sqlite://", outbox_dir=tmp_path / "outbox", mail_from="pw@news.example"
    )


class Clock:
    def __init__(self) -> None:
        self.now = START

    def tick(self) -> datetime:
        self.now += timedelta(minutes=10)
        return self.now


def _crawl(engine: sa.Engine, clock: Clock, source: str, *, ok: bool, new: int = 0) -> None:
    started = clock.tick()
    with Session(engine) as session, session.begin():
        session.add(
            CrawlRun(
                source=source,
                started_at=started,
                finished_at=started + timedelta(seconds=30),
                status="finished" if ok else "failed",
                finish_reason="finished" if ok else "crashed",
                pages_fetched=10 if ok else 0,
                articles_new=new,
            )
        )


def _mails(settings: Settings) -> list[Message]:
    found = sorted(settings.outbox_dir.glob("*.eml")) if settings.outbox_dir.is_dir() else []
    return [email.message_from_bytes(path.read_bytes(), policy=default) for path in found]


def _incidents(engine: sa.Engine) -> list[MonitorIncident]:
    with Session(engine) as session:
        query = select(MonitorIncident).order_by(col(MonitorIncident.id))
        return list(session.exec(query))


def test_n_failures_mail_once_recovery_mails_and_a_new_failure_mails_again(
    engine: sa.Engine, settings: Settings
) -> None:
    config, clock = _config(), Clock()
    _crawl(engine, clock, "steady", ok=True, new=2)
    for _ in range(N - 1):
        _crawl(engine, clock, "flaky", ok=False)
        assert check(engine, settings, config, now=clock.now).opened == []
    assert _mails(settings) == []

    _crawl(engine, clock, "flaky", ok=False)
    checked = check(engine, settings, config, now=clock.now)
    assert checked.opened == ["flaky: failed"] and checked.mailed == 1
    [first] = _mails(settings)
    assert first["To"] == OPERATOR and first["From"] == "pw@news.example"
    assert first["Auto-Submitted"] == "auto-generated"
    assert first["Subject"] == "[pactwatch] 1 source problem(s): flaky"
    text = first.get_content()
    assert "flaky (时好时坏日报): 连续 3 次抓取失败 (3 crawls failed in a row" in text
    assert "last: crashed" in text and "/sources/flaky" in text and "steady" not in text

    for _ in range(2):  # still failing, and a tick with nothing new: no second mail
        _crawl(engine, clock, "flaky", ok=False)
        assert check(engine, settings, config, now=clock.now).mailed == 0
    assert check(engine, settings, config, now=clock.tick()).describe() is None
    assert len(_mails(settings)) == 1

    _crawl(engine, clock, "flaky", ok=True, new=4)
    checked = check(engine, settings, config, now=clock.now)
    assert checked.closed == ["flaky: failed"] and checked.mailed == 1
    recovered = _mails(settings)[1]
    assert recovered["Subject"] == "[pactwatch] recovered: flaky"
    assert "cleared 2026-05-04 11:" in recovered.get_content()  # Asia/Shanghai, UTC+8
    assert "after 40 min" in recovered.get_content()  # opened at the third failure, 4 ticks

    for _ in range(N):
        _crawl(engine, clock, "flaky", ok=False)
        check(engine, settings, config, now=clock.now)
    assert len(_mails(settings)) == 3
    assert _mails(settings)[2]["Message-ID"] != _mails(settings)[0]["Message-ID"]
    first_incident, second = _incidents(engine)
    assert first_incident.closed_at and first_incident.recovery_sent_at
    assert second.closed_at is None and second.notified_at is not None


def test_nothing_new_and_a_high_error_rate_are_incidents_of_their_own(
    engine: sa.Engine, settings: Settings
) -> None:
    config, clock = _config(), Clock()
    for _ in range(N):
        _crawl(engine, clock, "steady", ok=True, new=0)
    started = clock.tick()
    with Session(engine) as session, session.begin():
        session.add(
            CrawlRun(
                source="flaky", started_at=started, status="finished", finish_reason="finished",
                pages_fetched=4, errors=6, articles_new=1,
            )
        )  # fmt: skip
    checked = check(engine, settings, config, now=clock.now)
    assert sorted(checked.opened) == ["flaky: error_rate", "steady: nothing_new"]
    [mail] = _mails(settings)  # one mail for everything opened in one run
    assert mail["Subject"] == "[pactwatch] 2 source problem(s): flaky, steady"
    text = mail.get_content()
    assert "error rate 60%, over 50%" in text and "nothing new in 3 finished crawls" in text


def test_no_operator_no_mail_and_no_monitor_job(engine: sa.Engine, settings: Settings) -> None:
    clock = Clock()
    for _ in range(N):
        _crawl(engine, clock, "flaky", ok=False)
    quiet = _config(operator=None)
    assert check(engine, settings, quiet, now=clock.now).opened == ["flaky: failed"]
    assert _mails(settings) == []
    zone, now = ZoneInfo("Asia/Shanghai"), datetime.now(UTC)
    assert "monitor" not in {spec.id for spec in desired_jobs(quiet, zone, now)}
    assert "monitor" in {spec.id for spec in desired_jobs(_config(), zone, now)}
    # Once an address is configured, what is open now is told.
    assert check(engine, settings, _config(), now=clock.tick()).mailed == 1


def test_a_failed_delivery_is_retried_on_the_next_run(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    config, clock = _config(), Clock()
    for _ in range(N):
        _crawl(engine, clock, "flaky", ok=False)
    blocked = tmp_path / "not-a-dir"
    blocked.write_text("a file where the outbox should be")
    broken = settings.model_copy(update={"outbox_dir": blocked})
    assert check(engine, broken, config, now=clock.now).mailed == 0
    assert _incidents(engine)[0].notified_at is None
    assert check(engine, settings, config, now=clock.tick()).mailed == 1
    assert len(_mails(settings)) == 1


def test_the_job_runs_in_the_service_runtime(
    engine: sa.Engine, settings: Settings, tmp_path: Path
) -> None:
    config, clock = _config(), Clock()
    for _ in range(N):
        _crawl(engine, clock, "flaky", ok=False)
    crawls = Crawls(
        engine,
        launch=Launch(None, tmp_path, Path("crawls")),
        limits=CrawlLimits.of(config.service),
    )
    jobs.bind(jobs.Runtime(settings, config, engine, crawls))
    try:
        jobs.watch_sources()
    finally:
        jobs.bind(None)
    assert len(_mails(settings)) == 1


def test_names_from_the_store_cannot_break_headers_or_the_terminal(settings: Settings) -> None:
    evil = "x\r\nBcc: victim@example.org\x1b[31m"
    incident = Incident(1, evil, "failed", "boom\r\nmore\x07", START, None)
    message = build_monitor_mail(
        [incident], [], to=OPERATOR, settings=settings, titles={evil: "t\nitle"}, now=START
    )
    raw = message.as_bytes()
    assert b"Bcc:" not in raw.split(b"\r\n\r\n", 1)[0].replace(b"\\x0d\\x0aBcc:", b"")
    parsed = email.message_from_bytes(raw, policy=default)
    assert parsed["Bcc"] is None
    assert "\r" not in parsed["Subject"] and "\n" not in parsed["Subject"]
    assert "x\\x0d\\x0aBcc: victim@example.org\\x1b[31m" in parsed["Subject"]
    body = parsed.get_content()
    assert "\x1b" not in body and "\x07" not in body and "boom\\x0d\\x0amore\\x07" in body
    assert printable("重庆 ok") == "重庆 ok"


def test_an_incident_opened_meanwhile_elsewhere_is_not_opened_twice(engine: sa.Engine) -> None:
    """Two schedulers overlapping for a moment: the partial unique index stops the second."""
    with Session(engine) as session, session.begin():
        session.add(MonitorIncident(source="flaky", kind="failed", opened_at=START))
    with Session(engine) as session, session.begin():
        assert not open_incident("flaky", "failed", "again", session, START)
        assert open_incident("steady", "failed", "first", session, START)  # the session goes on
    with Session(engine) as session, session.begin():
        session.add(
            MonitorIncident(source="flaky", kind="failed", opened_at=START, closed_at=START)
        )
    assert [(i.source, i.closed_at is None) for i in _incidents(engine)] == [
        ("flaky", True), ("steady", True), ("flaky", False),
    ]  # fmt: skip
