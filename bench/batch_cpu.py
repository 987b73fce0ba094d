"""CPU seconds per source-crawl: one `pactwatch crawl` process per source vs one per batch.

The soak's generated site (bench/sitegen.py) on the sample server in this process: N
sources `bench-NN`, each a list page of 50 articles. Two stores, each crawled twice (a
first crawl storing every article, then a recrawl where every list answers 304), once with
a process per source (`pactwatch crawl --source X`, one after another, as the scheduler
used to start them) and once as one batch (`pactwatch crawl --source A --source B …`).
CPU is user + system of the crawl processes and everything they waited for (extraction
workers), from `getrusage(RUSAGE_CHILDREN)`. Prints a Markdown table; bench/out/batch_cpu.json.

    .venv/bin/python bench/batch_cpu.py [--sources 20]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sitegen import generate
from soak import CRAWL, PER_LIST, source

from pactwatch.core.db import upgrade
from pactwatch.sample_site import SampleSite

HERE = Path(__file__).resolve().parent


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def crawl(work: Path, database_url: str, names: list[str]) -> tuple[float, float]:
    """One `pactwatch crawl` of `names`; (CPU seconds, wall seconds)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(PACTWATCH_DATABASE_URL=database_url, PACTWATCH_CONFIG=str(work / "pactwatch.toml"))
    command = [sys.executable, "-m", "pactwatch", "crawl"]
    for name in names:
        command += ["--source", name]
    cpu, wall = children_cpu(), time.monotonic()
    subprocess.run(command, cwd=work, env=env, capture_output=True, check=True)
    return children_cpu() - cpu, time.monotonic() - wall


def measure(work: Path, names: list[str], batched: bool) -> dict[str, float]:
    """A first crawl and a recrawl of `names` on a fresh store; CPU and wall per source."""
    database_url = f"sqlite:///{work}/{'batched' if batched else 'separate'}.db"
    upgrade(database_url)
    figures: dict[str, float] = {}
    for step in ("first", "recrawl"):
        groups = [names] if batched else [[name] for name in names]
        cpu = wall = 0.0
        for group in groups:
            c, w = crawl(work, database_url, group)
            cpu, wall = cpu + c, wall + w
        figures[f"{step}_cpu_per_source"] = round(cpu / len(names), 3)
        figures[f"{step}_wall_per_source"] = round(wall / len(names), 3)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, default=20)
    args = parser.parse_args()
    names = [f"bench-{n:02d}" for n in range(1, args.sources + 1)]
    with tempfile.TemporaryDirectory(prefix="batch-cpu-") as tmp:
        work = Path(tmp)
        generate(work / "site", args.sources * PER_LIST, seed=7)
        with SampleSite(extra_dirs={"bench": work / "site"}) as site:
            tables = []
            for n in range(1, args.sources + 1):
                page = "index.html" if n == 1 else f"index_{n}.html"
                tables.append(source(f"bench-{n:02d}", f"{site.base_url}/bench/{page}"))
            (work / "pactwatch.toml").write_text(CRAWL + "\n" + "\n".join(tables), "utf-8")
            results = {
                "process per source": measure(work, names, batched=False),
                "one batch": measure(work, names, batched=True),
            }
    print(f"\n## CPU per source-crawl, {args.sources} sources ({os.cpu_count()} cores)\n")
    print("| | first crawl CPU s | recrawl (304) CPU s | first wall s | recrawl wall s |")
    print("|---|---|---|---|---|")
    for label, f in results.items():
        print(
            f"| {label} | {f['first_cpu_per_source']} | {f['recrawl_cpu_per_source']} "
            f"| {f['first_wall_per_source']} | {f['recrawl_wall_per_source']} |"
        )
    out = HERE / "out" / "batch_cpu.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"sources": args.sources, **results}, indent=2), "utf-8")


if __name__ == "__main__":
    main()
