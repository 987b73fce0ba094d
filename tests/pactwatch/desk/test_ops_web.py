"""`/healthz` and `/metrics` of a served store."""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlmodel import Session, func, select

from pactwatch.core.metrics import Metric, render
from pipeline.models import Agreement, Article, CrawlError

REMOTE = {"X-Forwarded-For": "203.0.113.9"}  # believed from 127.0.0.1: [web] trusted_proxies


def samples(text: str) -> dict[str, float]:
    found = {}
    for line in text.splitlines():
        if line.startswith("#"):
            continue
        name, value = line.rsplit(" ", 1)
        found[name] = float(value)
    return found


def test_metrics_report_the_store(desk, store_session: Callable[[], Session]) -> None:  # type: ignore[no-untyped-def]
    reply = desk.client(login=False).get("/metrics")
    assert reply.status_code == 200
    assert reply.headers["content-type"].startswith("text/plain; version=0.0.4")
    values = samples(reply.text)
    with store_session() as session:
        new = session.exec(select(func.count()).where(Article.status == "new")).one()
        agreements = session.exec(select(func.count()).select_from(Agreement)).one()
        timeouts = session.exec(select(func.count()).where(CrawlError.kind == "timeout")).one()
    assert values['pactwatch_articles{status="new"}'] == new > 0
    assert values["pactwatch_agreements"] == agreements > 0
    assert values['pactwatch_crawl_errors{kind="timeout"}'] == timeouts > 0
    assert values['pactwatch_crawl_runs{status="finished"}'] == 3
    assert 0 <= values["pactwatch_last_successful_crawl_age_seconds"] < 3600


def test_metrics_are_refused_to_strangers_but_not_to_the_logged_in(desk) -> None:  # type: ignore[no-untyped-def]
    assert desk.client(login=False).get("/metrics", headers=REMOTE).status_code == 403
    assert desk.client().get("/metrics", headers=REMOTE).status_code == 200


def test_healthz_says_the_store_is_current_and_how_old_the_last_crawl_is(desk) -> None:  # type: ignore[no-untyped-def]
    body = desk.client(login=False).get("/healthz", headers=REMOTE).json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert re.fullmatch(r"\d{4}", body["schema"])
    assert 0 <= body["last_crawl_age_seconds"] < 3600
    assert "scheduler" not in body  # `serve` runs no scheduler


def test_the_exposition_format_escapes_label_values() -> None:
    text = render([Metric("m", "help", samples=[({"k": 'a"b\\c\nd'}, 1.5), ({}, float("nan"))])])
    assert 'm{k="a\\"b\\\\c\\nd"} 1.5' in text and "m NaN" in text
    assert text.startswith("# HELP m help\n# TYPE m gauge\n")
