"""The sources page: numbers from the store, broken sources marked, errors, crawl now."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import lxml.html
import pytest
from sqlmodel import Session, col, func, select

from pactwatch.core.config import Source
from pactwatch.core.db import upgrade
from pactwatch.tasks import crawl_now
from pactwatch.tasks.crawl_now import AlreadyRunning, Children, Started, start_crawl
from pactwatch.web.desk.sources import config_path, recent_runs, source_errors, source_rows
from pipeline import runs
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.models import Article, CrawlError, CrawlRun, SourceState
from tests.databases import fresh_database_url

SAMPLES = ("sample-cq", "sample-sc", "sample-faults")


def _row(page: str, name: str) -> lxml.html.HtmlElement:
    rows = lxml.html.fromstring(page).xpath(f'//tr[@id="source-{name}"]')
    assert len(rows) == 1, f"no row for {name}"
    return rows[0]


def _cells(row: lxml.html.HtmlElement) -> list[str]:
    return [" ".join(td.text_content().split()) for td in row.xpath("./td")]


# --- the list page over the seeded store ----------------------------------------------------


def test_the_sources_page_shows_each_sources_last_crawl_as_stored(
    desk, store_session: Callable[[], Session]
) -> None:  # type: ignore[no-untyped-def]
    page = desk.client().get("/sources")
    assert page.status_code == 200
    with store_session() as session:
        for name in SAMPLES:
            run = session.exec(
                select(CrawlRun).where(CrawlRun.source == name).order_by(col(CrawlRun.id).desc())
            ).first()
            assert run is not None and run.status == "finished"
            stored = session.exec(
                select(func.count()).select_from(Article).where(Article.source == name)
            ).one()
            title = session.get(SourceState, name).title  # type: ignore[union-attr]
            cells = _cells(_row(page.text, name))
            assert title in cells[0] and name in cells[0]
            assert "finished" in cells[2]
            numbers = [run.pages_fetched, run.articles_new]
            numbers += [run.articles_duplicate, run.agreements_found]
            assert cells[3:7] == [str(n) for n in numbers]
            assert cells[9] == str(stored)
            for kind, count in run.errors_by_kind.items():
                assert f"{kind} {count}" in cells[7] and f"{kind} {count}" in cells[8]
    # The hostile articles were stored for sample-cq outside any crawl: the total says so.
    assert _cells(_row(page.text, "sample-cq"))[9] != _cells(_row(page.text, "sample-cq"))[4]


def test_the_faults_source_is_marked_with_its_reason_and_the_others_are_not(desk) -> None:  # type: ignore[no-untyped-def]
    page = desk.client().get("/sources").text
    faults = _row(page, "sample-faults")
    assert faults.xpath('.//*[contains(@class, "badge") and contains(@class, "alert")]')
    assert "error rate jumped" in faults.text_content()
    kinds = faults.xpath("./td[8]//code/text()")
    assert {"http_404", "http_5xx", "timeout", "truncated", "too_large"} <= set(kinds)
    for name in ("sample-cq", "sample-sc"):
        row = _row(page, name)
        assert not row.xpath('.//*[contains(@class, "alert")]')
        assert "正常 ok" in row.text_content()


def test_every_configured_source_has_a_crawl_now_form_with_the_csrf_token(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    token = desk.csrf(client, "/sources")
    page = client.get("/sources").text
    for name in SAMPLES:
        form = _row(page, name).xpath(".//form")[0]
        assert form.get("method") == "post" and form.get("action") == f"/sources/{name}/crawl"
        assert form.xpath('.//input[@name="csrf_token"]/@value') == [token]


def test_the_sources_pages_need_a_login(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client(login=False)
    assert client.get("/sources").headers["location"].startswith("/login?next=/sources")
    assert client.get("/sources/sample-cq").status_code == 303
    assert client.post("/sources/sample-cq/crawl").status_code == 403


def test_an_unknown_source_is_404(desk) -> None:  # type: ignore[no-untyped-def]
    client = desk.client()
    assert client.get("/sources/no-such-source").status_code == 404
    token = desk.csrf(client, "/sources")
    response = client.post("/sources/no-such-source/crawl", data={"csrf_token": token})
    assert response.status_code == 404


# --- one source's page ----------------------------------------------------------------------


def test_a_sources_page_lists_its_runs_and_errors_and_links_only_web_urls(
    desk, store_session: Callable[[], Session]
) -> None:  # type: ignore[no-untyped-def]
    with store_session() as session, session.begin():
        run = session.exec(select(CrawlRun).where(CrawlRun.source == "sample-faults")).one()
        hostile = desk.hostile[0]
        session.add(
            CrawlError(
                run_id=run.id, url="javascript:window.__pwned=1", kind="bad_scheme", message=hostile
            )
        )
        errors = session.exec(select(CrawlError).where(CrawlError.run_id == run.id)).all()
        expected = sorted((e.kind, e.url) for e in errors)
    page = desk.client().get("/sources/sample-faults")
    assert page.status_code == 200
    html = lxml.html.fromstring(page.text)
    rows = html.xpath('//table[contains(@class, "errors")]/tbody/tr')
    shown = sorted((r.xpath("./td[2]")[0].text_content(), r.xpath("./td[3]")[0].text_content())
                   for r in rows)  # fmt: skip
    assert shown == expected
    links = html.xpath('//table[contains(@class, "errors")]//a')
    assert len(links) == len(expected) - 1  # not the javascript: one
    assert all(a.get("href").startswith("http") for a in links)
    assert all(a.get("rel") == "noopener noreferrer" for a in links)
    assert 'href="javascript:' not in page.text and "<script>window" not in page.text
    assert len(html.xpath('//table[contains(@class, "runs")]/tbody/tr')) == 1


# --- the data functions over a store of their own -------------------------------------------


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    url = fresh_database_url(tmp_path, "store")
    upgrade(url)
    engine = make_engine(url)
    yield engine
    engine.dispose()


def _source(name: str, **extra: object) -> Source:
    return Source(name=name, title=f"{name} title", feeds=["https://example.cn/feed"], **extra)


def test_recent_runs_are_the_last_ten_of_each_source_newest_first(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session, session.begin():
        for name in ("a", "b", "c"):
            session.add(SourceState(name=name))
        session.flush()  # no ORM relationship tells the unit of work to insert these first
        for n in range(30):  # interleaved, as concurrent crawls write them
            session.add(CrawlRun(source="a", articles_new=n, status="finished"))
            if n % 2:
                session.add(CrawlRun(source="b", articles_new=n, status="finished"))
    with Session(engine) as session:
        runs = recent_runs(["a", "b", "c"], session=session)
        assert [r.articles_new for r in runs["a"]] == list(range(29, 19, -1))
        assert [r.articles_new for r in runs["b"]] == list(range(29, 9, -2))
        assert runs["c"] == []
        assert len(recent_runs(["a"], session=session, per_source=3)["a"]) == 3


def test_source_rows_add_stored_sources_no_longer_configured_and_judge_health(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session, session.begin():
        session.add_all([SourceState(name="kept", title="Old title"), SourceState(name="gone")])
        session.flush()
        for _ in range(5):
            session.add(CrawlRun(source="kept", status="finished", articles_new=0, pages_fetched=3))
        session.add(CrawlRun(source="kept", status="running"))
        stale = utcnow() - runs.RUNNING_FRESH - timedelta(minutes=1)
        session.add(CrawlRun(source="gone", status="running", started_at=stale))
        session.add(CrawlRun(source="gone", status="finished", errors_by_kind={"http_404": 2}))
        session.add(CrawlRun(source="gone", status="failed", errors_by_kind={"http_404": 1}))
    configured = [_source("new"), _source("kept", enabled=False)]
    with Session(engine) as session:
        rows = source_rows(configured, session=session)
    assert [(r.name, r.configured) for r in rows] == [
        ("new", True), ("kept", True), ("gone", False),
    ]  # fmt: skip
    new, kept, gone = rows
    assert new.last is None and new.health.status == "unknown" and new.articles == 0
    assert kept.title == "kept title" and not kept.enabled
    assert kept.running is not None and kept.last is not None and kept.window == 6
    assert kept.health.alert and "nothing new in 5" in kept.health.reasons[0]
    assert gone.title == "gone" and gone.last is not None and gone.last.status == "failed"
    assert gone.errors_last == {"http_404": 1} and gone.errors_window == {"http_404": 3}
    assert gone.running is None  # left "running" by a killed crawl long ago
    assert gone.health.alert


def test_source_errors_come_from_recent_runs_newest_first(engine) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session, session.begin():
        session.add(SourceState(name="s"))
        session.flush()
        old, new = CrawlRun(source="s"), CrawlRun(source="s")
        session.add_all([old, new])
        session.flush()
        session.add(CrawlError(run_id=old.id, url="https://a.cn/old", kind="http_404"))
        session.add(CrawlError(run_id=new.id, url="file:///etc/passwd", kind="bad_scheme"))
    with Session(engine) as session:
        errors = source_errors("s", session=session)
        assert [(e.url, e.href) for e in errors] == [
            ("file:///etc/passwd", None), ("https://a.cn/old", "https://a.cn/old"),
        ]  # fmt: skip
        assert [e.url for e in source_errors("s", session=session, runs=1)] == [
            "file:///etc/passwd"
        ]


# --- crawl now ------------------------------------------------------------------------------


def test_the_crawl_command_is_this_python_with_the_servers_config(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    command = crawl_now.crawl_command("sample-cq", tmp_path / "x.toml")
    assert command == [
        sys.executable, "-m", "pactwatch", "crawl", "--source", "sample-cq",
        "--config", str(tmp_path / "x.toml"),
    ]  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert config_path(None) is None  # the bundled defaults, found the same way by the child
    (tmp_path / "pactwatch.toml").write_text("")
    assert config_path(None) == tmp_path / "pactwatch.toml"
    assert config_path(Path("other.toml")) == tmp_path / "other.toml"  # absolute for the child


def _command(code: str) -> Callable[[str, Path | None], list[str]]:
    return lambda source, path: [sys.executable, "-c", code]


def _wait_for_exit(children: Children) -> None:
    deadline = time.monotonic() + 20
    while children.active() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_start_crawl_starts_one_process_per_source_and_reaps_it(
    engine, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    # The one seam replaced: a short process instead of a real crawl.
    monkeypatch.setattr(
        crawl_now, "crawl_command", _command("import time; time.sleep(1); print('hi')")
    )
    children = Children()
    with Session(engine) as session:
        first = start_crawl("a", session=session, children=children, config_path=None,
                            workdir=tmp_path)  # fmt: skip
        again = start_crawl("a", session=session, children=children, config_path=None,
                            workdir=tmp_path)  # fmt: skip
    assert isinstance(first, Started) and isinstance(again, AlreadyRunning)
    _wait_for_exit(children)
    assert children.active() == set()  # exited and reaped: no zombie left behind
    assert first.log == tmp_path / "var" / "crawls" / "a.log"
    assert first.log.read_text().strip() == "hi"


def test_a_crawl_that_dies_is_reported_until_the_next_start(engine, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    children = Children()
    with Session(engine) as session:
        monkeypatch.setattr(crawl_now, "crawl_command", _command("raise SystemExit(2)"))
        start_crawl("a", session=session, children=children, config_path=None, workdir=tmp_path)
        _wait_for_exit(children)
        assert children.failed() == {"a": 2}
        monkeypatch.setattr(crawl_now, "crawl_command", _command("import time; time.sleep(1)"))
        start_crawl("a", session=session, children=children, config_path=None, workdir=tmp_path)
        assert children.failed() == {} and children.active() == {"a"}
        _wait_for_exit(children)
        assert children.failed() == {}


def test_a_recent_running_run_of_any_process_blocks_a_second_crawl(engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with Session(engine) as session, session.begin():
        session.add_all([SourceState(name="a"), SourceState(name="b")])
        session.flush()
        session.add(CrawlRun(source="a", status="running", started_at=utcnow()))
        stale = utcnow() - runs.RUNNING_FRESH - timedelta(minutes=1)
        session.add(CrawlRun(source="b", status="running", started_at=stale))
    with Session(engine) as session:
        outcome = start_crawl("a", session=session, children=Children(), config_path=None,
                              workdir=tmp_path)  # fmt: skip
        assert isinstance(outcome, AlreadyRunning) and outcome.since is not None
        assert runs.running_since("b", session=session) is None  # a killed crawl's leftover


def _runs(desk, name: str) -> list[CrawlRun]:  # type: ignore[no-untyped-def]
    engine = desk.engine()
    try:
        with Session(engine) as session:
            query = select(CrawlRun).where(CrawlRun.source == name).order_by(col(CrawlRun.id))
            return list(session.exec(query).all())
    finally:
        engine.dispose()


def test_crawl_now_runs_a_crawl_and_a_second_click_says_already_running(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    client = fresh_desk.client()
    before = _runs(fresh_desk, "sample-sc")
    assert client.post("/sources/sample-sc/crawl").status_code == 403  # no CSRF token
    token = fresh_desk.csrf(client, "/sources")
    response = client.post("/sources/sample-sc/crawl", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["location"] == "/sources?crawl=started&source=sample-sc"
    again = client.post("/sources/sample-sc/crawl", data={"csrf_token": token})
    assert again.headers["location"] == "/sources?crawl=running&source=sample-sc"
    assert "already running" in client.get(again.headers["location"]).text
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        runs = _runs(fresh_desk, "sample-sc")
        if len(runs) > len(before) and runs[-1].status != "running":
            break
        time.sleep(0.5)
    log = fresh_desk.workdir / "var" / "crawls" / "sample-sc.log"
    assert len(runs) == len(before) + 1, log.read_text()
    assert runs[-1].status == "finished", log.read_text()
    assert runs[-1].pages_fetched > 0
    page = client.get("/sources").text
    assert "crawl started" not in page  # a notice only after the redirect
    row = _cells(_row(page, "sample-sc"))
    assert row[3] == str(runs[-1].pages_fetched) and row[4] == str(runs[-1].articles_new)


def test_the_latest_source_check_shows_beside_the_health_marks(fresh_desk) -> None:  # type: ignore[no-untyped-def]
    from pipeline.checks import record_check
    from pipeline.models import SourceCheck

    engine = fresh_desk.engine()
    with Session(engine) as session, session.begin():
        record_check(SourceCheck(source="sample-cq", ok=True, articles_found=12), session=session)
        hostile = "<script>alert(1)</script> robots.txt forbids"
        record_check(SourceCheck(source="sample-sc", ok=False, reason=hostile), session=session)
    engine.dispose()
    page = fresh_desk.client().get("/sources").text
    assert "<script>alert(1)</script>" not in page
    cq, sc = _cells(_row(page, "sample-cq")), _cells(_row(page, "sample-sc"))
    assert "检查通过 check ok" in cq[1] and "12 篇 articles" in cq[1]
    assert "检查失败 check failed" in sc[1] and "robots.txt forbids" in sc[1]
    assert "not checked" in _cells(_row(page, "sample-faults"))[1]
