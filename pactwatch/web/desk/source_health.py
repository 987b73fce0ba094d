"""Whether a source probably broke: pure rules over its recent crawl runs.

A source is marked when its last crawl failed, when it found nothing new for
`NOTHING_NEW_RUNS` finished crawls in a row (a changed layout usually looks like this: the
list page still answers, but no link matches the article patterns any more), or when the
share of failed pages in its last crawl jumped above `ERROR_RATE_ALERT` and to more than
`ERROR_RATE_JUMP` times its usual rate (a blocked crawler or a moved section looks like this).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Protocol

# Default of the "nothing new" rule; the scheduler's config will make it per-deployment.
NOTHING_NEW_RUNS = 5
ERROR_RATE_ALERT = 0.5  # more than half of what was asked for failed
ERROR_RATE_JUMP = 3.0  # … and three times the source's median of the runs before


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
    """`ok`, `alert` (with the reasons, worded for the desk) or `unknown` (never crawled)."""

    status: str
    reasons: tuple[str, ...] = ()

    @property
    def alert(self) -> bool:
        return self.status == "alert"


def source_health(runs: Sequence[RunLike], *, nothing_new_runs: int = NOTHING_NEW_RUNS) -> Health:
    """The health of a source from its recent runs, newest first.

    A run still going says nothing yet, so only completed runs (finished or failed) count.
    """
    done = [run for run in runs if run.status != "running"]
    if not done:
        return Health("unknown", ("尚未完成过抓取 (not crawled yet)",))
    found = (_failed(done[0]), _nothing_new(done, nothing_new_runs), _error_jump(done))
    reasons = tuple(reason for reason in found if reason)
    return Health("alert" if reasons else "ok", reasons)


def error_rate(run: RunLike) -> float | None:
    """Failed pages over pages asked for; None when the run asked for nothing."""
    asked = run.pages_fetched + run.errors
    return run.errors / asked if asked else None


def _failed(last: RunLike) -> str | None:
    if last.status != "failed":
        return None
    return f"最近一次抓取失败 (last crawl failed: {last.finish_reason or 'unknown reason'})"


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


def _error_jump(done: Sequence[RunLike]) -> str | None:
    rate = error_rate(done[0])
    if rate is None or rate <= ERROR_RATE_ALERT:
        return None
    before = [r for r in (error_rate(run) for run in done[1:]) if r is not None]
    # No history: a first crawl that fails on more than half its pages is news enough.
    usual = median(before) if before else 0.0
    if rate <= ERROR_RATE_JUMP * usual:
        return None
    return (
        f"错误率 {rate:.0%}，此前中位数 {usual:.0%} "
        f"(error rate jumped to {rate:.0%} from a median of {usual:.0%})"
    )
