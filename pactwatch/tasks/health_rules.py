"""Whether a source probably broke: pure rules over its recent crawl runs.

Read by the review desk (its sources page marks a source) and by the service's monitor
(`pactwatch.service.monitor`, which mails the operator), so neither depends on the other.

A source is marked when its last `failed_runs` crawls failed (the desk: 1; the monitor:
`[service] alert_nothing_new_runs`), when it found nothing new for `nothing_new_runs`
finished crawls in a row (a changed layout usually looks like this: the list page still
answers, but no link matches the article patterns any more), or when the share of failed
pages in its last crawl rose above `error_rate_alert` and to more than `error_rate_jump`
times its usual rate (a blocked crawler or a moved section looks like this; a jump of 0
makes the threshold alone decide).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Protocol

from pipeline.runs import RUNNING

# Defaults of the desk; the monitor passes `[service] alert_nothing_new_runs` and
# `alert_error_rate` instead.
NOTHING_NEW_RUNS = 5
ERROR_RATE_ALERT = 0.5  # more than half of what was asked for failed
ERROR_RATE_JUMP = 3.0  # … and three times the source's median of the runs before

# What each rule that fires is called: the monitor keeps one incident per source and kind.
FAILED = "failed"
NOTHING_NEW = "nothing_new"
ERROR_RATE = "error_rate"
KINDS = (FAILED, NOTHING_NEW, ERROR_RATE)
UNKNOWN = "unknown"  # the one finding of a source never crawled: no alert


class RunLike(Protocol):
    """What the rules read of a crawl run (`pipeline.models.CrawlRun` has it)."""

    @property
    def status(self) -> str: ...  # running | finished | failed

    @property
    def finish_reason(self) -> str | None: ...

    @property
    def pages_fetched(self) -> int: ...

    @property
    def articles_new(self) -> int: ...

    @property
    def errors(self) -> int: ...


@dataclass(frozen=True)
class Health:
    """`ok`, `alert` (with the reasons, worded for the desk) or `unknown` (never crawled).

    `kinds[i]` names the rule behind `reasons[i]` (FAILED, NOTHING_NEW, ERROR_RATE).
    """

    status: str
    reasons: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()

    @property
    def alert(self) -> bool:
        return self.status == "alert"

    def findings(self) -> dict[str, str]:
        """Each rule that fired, by kind, with its reason."""
        return dict(zip(self.kinds, self.reasons, strict=True))


def source_health(
    runs: Sequence[RunLike],
    *,
    nothing_new_runs: int = NOTHING_NEW_RUNS,
    failed_runs: int = 1,
    error_rate_alert: float = ERROR_RATE_ALERT,
    error_rate_jump: float = ERROR_RATE_JUMP,
) -> Health:
    """The health of a source from its recent runs, newest first.

    A run still going says nothing yet, so only completed runs (finished or failed) count.
    """
    done = [run for run in runs if run.status != RUNNING]
    if not done:
        return Health("unknown", ("尚未完成过抓取 (not crawled yet)",), (UNKNOWN,))
    found = (
        (FAILED, _failed(done, failed_runs)),
        (NOTHING_NEW, _nothing_new(done, nothing_new_runs)),
        (ERROR_RATE, _error_jump(done, error_rate_alert, error_rate_jump)),
    )
    fired = [(kind, reason) for kind, reason in found if reason]
    return Health(
        "alert" if fired else "ok",
        tuple(reason for _, reason in fired),
        tuple(kind for kind, _ in fired),
    )


def error_rate(run: RunLike) -> float | None:
    """Failed pages over pages asked for; None when the run asked for nothing."""
    asked = run.pages_fetched + run.errors
    return run.errors / asked if asked else None


def _failed(done: Sequence[RunLike], limit: int) -> str | None:
    streak = 0
    for run in done:
        if run.status != "failed":
            break
        streak += 1
    if streak < max(limit, 1):
        return None
    last = done[0].finish_reason or "unknown reason"
    if streak == 1:
        return f"最近一次抓取失败 (last crawl failed: {last})"
    return f"连续 {streak} 次抓取失败 ({streak} crawls failed in a row, the last: {last})"


def _nothing_new(done: Sequence[RunLike], limit: int) -> str | None:
    finished = [run for run in done if run.status == "finished"]
    streak = 0
    for run in finished:
        if run.articles_new:
            break
        streak += 1
    if streak < limit:
        return None
    return f"连续 {streak} 次抓取没有新文章 (nothing new in {streak} finished crawls)"


def _error_jump(done: Sequence[RunLike], alert: float, jump: float) -> str | None:
    rate = error_rate(done[0])
    if rate is None or rate <= alert:
        return None
    if jump <= 0:
        return f"错误率 {rate:.0%} (error rate {rate:.0%}, over {alert:.0%})"
    before = [r for r in (error_rate(run) for run in done[1:]) if r is not None]
    # No history: a first crawl that fails on more than half its pages is news enough.
    usual = median(before) if before else 0.0
    if rate <= jump * usual:
        return None
    return (
        f"错误率 {rate:.0%}，此前中位数 {usual:.0%} "
        f"(error rate jumped to {rate:.0%} from a median of {usual:.0%})"
    )
