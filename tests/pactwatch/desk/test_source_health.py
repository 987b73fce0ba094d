"""The rules that mark a source as probably broken, over made-up crawl runs."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from pactwatch.tasks.health_rules import (
    NOTHING_NEW_RUNS,
    error_rate,
    source_health,
)
from pipeline.models import CrawlRun


@dataclass(frozen=True)
class Run:
    status: str = "finished"
    finish_reason: str | None = "finished"
    pages_fetched: int = 20
    articles_new: int = 3
    errors: int = 0


def test_a_healthy_source_is_ok() -> None:
    runs = [Run(), Run(articles_new=0), Run(errors=2), Run()]
    assert source_health(runs).status == "ok"
    assert source_health(runs).reasons == ()


def test_a_source_never_crawled_or_only_running_is_unknown_not_alert() -> None:
    assert source_health([]).status == "unknown"
    assert source_health([Run(status="running", finish_reason=None)]).status == "unknown"


def test_nothing_new_for_five_finished_crawls_is_an_alert() -> None:
    runs = [Run(articles_new=0)] * NOTHING_NEW_RUNS + [Run()]
    health = source_health(runs)
    assert health.status == "alert" and health.alert
    assert any("nothing new in 5" in reason for reason in health.reasons)


def test_nothing_new_counts_only_the_latest_streak_and_its_limit_is_a_parameter() -> None:
    four = [Run(articles_new=0)] * 4 + [Run()] + [Run(articles_new=0)] * 5
    assert source_health(four).status == "ok"  # the streak is broken by the fifth run
    assert source_health(four, nothing_new_runs=4).status == "alert"
    # A crawl still going does not interrupt (or lengthen) the streak.
    running = [Run(status="running", articles_new=0), *[Run(articles_new=0)] * 5]
    assert source_health(running).status == "alert"


def test_too_few_runs_give_no_alert() -> None:
    assert source_health([Run(articles_new=0)] * (NOTHING_NEW_RUNS - 1)).status == "ok"
    assert source_health([Run(articles_new=0)]).status == "ok"


def test_failed_runs_do_not_count_as_nothing_new() -> None:
    runs = [Run(), *[Run(status="failed", finish_reason="shutdown", articles_new=0)] * 6]
    assert source_health(runs).status == "ok"  # the last one finished and found something


def test_a_failed_last_crawl_is_an_alert_with_its_reason() -> None:
    health = source_health([Run(status="failed", finish_reason="shutdown"), Run()])
    assert health.alert
    assert health.reasons == ("最近一次抓取失败 (last crawl failed: shutdown)",)
    unknown = source_health([Run(status="failed", finish_reason=None)])
    assert "unknown reason" in unknown.reasons[0]


def test_an_error_rate_jump_is_an_alert() -> None:
    usual = [Run(pages_fetched=20, errors=1)] * 6  # about 5 %
    jumped = Run(pages_fetched=4, errors=16)  # 80 %
    health = source_health([jumped, *usual])
    assert health.alert
    assert health.reasons == (
        "错误率 80%，此前中位数 5% (error rate jumped to 80% from a median of 5%)",
    )


def test_a_high_error_rate_that_is_usual_for_the_source_is_not_an_alert() -> None:
    # A source that always fails on ~40 % of its links (dead old links) is not news at 60 %.
    usual = [Run(pages_fetched=6, errors=4)] * 5
    assert source_health([Run(pages_fetched=4, errors=6), *usual]).status == "ok"


def test_an_error_rate_at_or_under_half_is_not_an_alert_even_from_zero() -> None:
    assert source_health([Run(pages_fetched=10, errors=10), Run()]).status == "ok"  # 50 %
    assert source_health([Run(pages_fetched=9, errors=11), Run()]).alert  # 55 %


def test_a_first_crawl_failing_on_most_pages_is_an_alert() -> None:
    assert source_health([Run(pages_fetched=11, errors=12)]).alert


def test_runs_that_asked_for_nothing_have_no_rate_and_do_not_skew_the_median() -> None:
    assert error_rate(Run(pages_fetched=0, errors=0)) is None
    empty = Run(status="failed", finish_reason="interrupted", pages_fetched=0, errors=0)
    usual = [Run(pages_fetched=5, errors=5)] * 3  # 50 %
    # Counted as 0 %, the empty runs would pull the median to 0 and make 90 % a jump.
    health = source_health([Run(pages_fetched=1, errors=9), empty, empty, empty, *usual])
    assert health.status == "ok"


def test_every_rule_can_fire_at_once() -> None:
    runs = [
        Run(status="failed", finish_reason="shutdown", pages_fetched=1, errors=9, articles_new=0),
        *[Run(articles_new=0)] * 5,
    ]
    health = source_health(runs)
    assert len(health.reasons) == 3


@pytest.mark.parametrize("status", ["finished", "failed", "running"])
def test_the_rules_read_crawl_run_rows(status: str) -> None:
    run = CrawlRun(source="x", status=status, pages_fetched=2, errors=8, articles_new=0)
    assert source_health([run]).status == ("unknown" if status == "running" else "alert")
