"""The figures of bench/soak.py: from the store, the service's log, /metrics and RSS samples."""

from __future__ import annotations

import re
import statistics
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from pactwatch.core.metrics import aware
from pipeline.db import make_engine


def store_figures(database_url: str) -> dict[str, Any]:
    """What the (fresh) store holds after the soak: runs, errors, articles, mail."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as db:

            def rows(sql: str) -> list[Any]:
                return list(db.execute(sa.text(sql)))

            return {
                "runs": {f"{s}/{r or '-'}": n for s, r, n in rows(
                    "SELECT status, finish_reason, count(*) FROM crawl_run GROUP BY 1, 2")},
                "errors": dict(rows("SELECT kind, count(*) FROM crawl_error GROUP BY kind")),
                "articles": rows("SELECT count(*), sum(CASE WHEN is_agreement THEN 1 ELSE 0 END)"
                                 " FROM article")[0],
                "mail": {f"{k}/{f}/{s}": n for k, f, s, n in rows(
                    "SELECT d.kind, s.frequency, d.status, count(*) FROM digest d "
                    "JOIN subscriber s ON s.id = d.subscriber_id GROUP BY 1, 2, 3")},
                "handled": dict(rows(
                    "SELECT frequency, count(*) FROM subscriber "
                    "WHERE last_digest_at IS NOT NULL GROUP BY frequency")),
                "per_source": spread(rows("SELECT source, started_at, finished_at FROM crawl_run")),
            }  # fmt: skip
    finally:
        engine.dispose()


def spread(runs: list[Any]) -> dict[str, float]:
    """Runs per source (min, median, max) and how long a run took (median, p95, max)."""
    counts: dict[str, int] = {}
    for source, _, _ in runs:
        counts[source] = counts.get(source, 0) + 1
    took = sorted(
        (aware(end) - aware(start)).total_seconds() for _, start, end in runs if end is not None
    )
    if not counts or len(took) < 2:
        return {}
    return {
        "runs_min": min(counts.values()), "runs_median": statistics.median(counts.values()),
        "runs_max": max(counts.values()), "seconds_median": round(statistics.median(took), 1),
        "seconds_p95": round(statistics.quantiles(took, n=20)[-1], 1), "seconds_max": took[-1],
    }  # fmt: skip


def log_figures(log: Path) -> dict[str, int]:
    """Warnings and errors of the service's log, by logger and a short shape of the message."""
    found: dict[str, int] = {}
    for line in log.read_text("utf-8", "replace").splitlines():
        match = re.match(r"(WARNING|ERROR|CRITICAL) (\S+): (.{0,60})", line)
        if match:
            shape = re.sub(r"\d+(\.\d+)?", "N", re.sub(r'"[^"]*"|\S+:\S+', "X", match[3]))
            key = f"{match[1]} {match[2]}: {shape[:48]}"
            found[key] = found.get(key, 0) + 1
    return dict(sorted(found.items(), key=lambda kv: -kv[1]))


def rss_summary(samples: list[Any]) -> dict[str, float]:
    """Resident memory at start, middle and end; its slope over the second half; CPU used."""
    if len(samples) < 4:
        return {}
    half = samples[len(samples) // 2 :]
    minutes = [s.at / 60 for s in half]
    slope = statistics.linear_regression(minutes, [s.rss_mb for s in half]).slope
    return {
        "start_mb": samples[0].rss_mb, "middle_mb": samples[len(samples) // 2].rss_mb,
        "end_mb": samples[-1].rss_mb, "max_mb": max(s.rss_mb for s in samples),
        "slope_mb_per_min_second_half": slope,
        "with_crawls_max_mb": max(s.total_mb for s in samples),
        "children_max": max(s.children for s in samples),
        "service_cpu_%_of_a_core": 100 * (samples[-1].service_cpu_s - samples[0].service_cpu_s)
        / (samples[-1].at - samples[0].at),
        "machine_cpu_%_median": statistics.median(s.machine_cpu for s in samples[1:]),
    }  # fmt: skip


def job_figures(metrics: dict[str, float]) -> dict[str, dict[str, float]]:
    """Per job kind: fires by outcome and lag quantiles, from the scraped /metrics."""
    kinds: dict[str, dict[str, float]] = {}
    for key, value in metrics.items():
        match = re.match(r'pactwatch_jobs_total\{kind="([^"]+)",outcome="(\w+)"\}', key)
        if match:
            kinds.setdefault(match[1], {})[match[2]] = value
        match = re.match(
            r'pactwatch_job_lag_seconds(_max)?\{kind="([^"]+)"(?:,quantile="([\d.]+)")?', key
        )
        if match:
            name = "lag_max" if match[1] else f"lag_p{round(float(match[3]) * 100)}"
            kinds.setdefault(match[2], {})[name] = round(value, 2)
    return kinds


def mail_figures(made: dict[str, int], store: dict[str, Any], received: int) -> dict[str, Any]:
    mail = store["mail"]

    def total(kind: str, frequency: str, status: str | None = None) -> int:
        return sum(
            n for key, n in mail.items()
            if key.startswith(f"{kind}/{frequency}/") and (status is None or key.endswith(status))
        )  # fmt: skip

    return {
        # New subscribers: every daily and weekly one is due at the first digest run.
        "digests_due": made.get("daily", 0) + made.get("weekly", 0),
        "due_handled": sum(store["handled"].get(f, 0) for f in ("daily", "weekly")),
        "digests": total("digest", "daily") + total("digest", "weekly"),
        "digests_sent": total("digest", "daily", "/sent") + total("digest", "weekly", "/sent"),
        "immediate_subscribers": made.get("immediate", 0),
        "immediate_alerted": store["handled"].get("immediate", 0),
        "alerts": total("alert", "immediate") + total("digest", "immediate"),
        "alerts_sent": total("alert", "immediate", "/sent") + total("digest", "immediate", "/sent"),
        "not_sent": {k: n for k, n in mail.items() if not k.endswith("/sent")},
        "sink_messages": received,
    }


def print_report(figures: dict[str, Any]) -> None:
    crawl, jobs = figures["crawl"], figures["jobs"]
    rss, mail = figures["rss"], figures["mail"]
    print(
        f"\n## Soak: {figures['sources']} sources every {figures['every']} min, "
        f"{figures['minutes']} min, "
        f"max_concurrent_crawls = {figures['max_concurrent_crawls']}\n"
    )
    print("| crawls | count |\n|---|---:|")
    for key, value in crawl.items():
        print(f"| {key} | {value} |")
    print("\n| job | " + " | ".join(JOB_COLUMNS) + " |\n|---|" + "---:|" * len(JOB_COLUMNS))
    for kind, row in sorted(jobs.items()):
        print(f"| {kind} | " + " | ".join(str(row.get(c, "")) for c in JOB_COLUMNS) + " |")
    print("\n| service RSS | MB |\n|---|---:|")
    for key, value in rss.items():
        print(f"| {key} | {value:.1f} |")
    print("\n| mail | count |\n|---|---:|")
    for key, value in mail.items():
        print(f"| {key} | {value} |")
    print("\ncrawl errors stored, by kind:", figures["store"]["errors"])
    print("crawl runs by status/finish_reason:", figures["store"]["runs"])
    print("crawl runs per source and their durations:", figures["store"]["per_source"])
    print("service log warnings/errors:")
    for key, n in list(figures["log"].items())[:15]:
        print(f"  {n:5d}  {key}")
    print(f"\nstop: {figures['stop']}; load average at the end: {figures['load']}")


JOB_COLUMNS = ["submitted", "skipped", "missed", "executed", "error", "lag_p50", "lag_p95",
               "lag_p99", "lag_max"]  # fmt: skip


def crawl_figures(args: Any, metrics: dict[str, float], store: dict[str, Any]) -> dict[str, Any]:
    def job(outcome: str) -> int:
        return int(metrics.get(f'pactwatch_jobs_total{{kind="crawl",outcome="{outcome}"}}', 0))

    runs = store["runs"]
    return {
        # A source's first run falls in its first jitter window, then one per interval.
        "due (sources x ceil(minutes / every))": args.sources * -(-args.minutes // args.every),
        "fired (submitted + skipped)": job("submitted") + job("skipped"),
        "skipped: previous still queued or running": job("skipped"),
        "missed: queued past the grace": job("missed"),
        "started": int(metrics.get("pactwatch_crawls_started_total", 0)),
        "runs stored": sum(runs.values()),
        "finished": sum(n for k, n in runs.items() if k.startswith("finished")),
        "failed": sum(n for k, n in runs.items() if k.startswith("failed")),
        "killed": sum(n for k, n in runs.items() if "killed" in k),
        "still running at the end": sum(n for k, n in runs.items() if k.startswith("running")),
    }
