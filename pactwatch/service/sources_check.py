"""The weekly live check of every source (`pactwatch sources check`), run by the service.

The check runs in a child process, as a crawl does: its probes need a Twisted reactor of
their own, and a hung site must not hold the service. The child records each verdict in
the store (the desk's Sources page shows them) but leaves the config file alone: a service
rewriting its operator's file behind their back would surprise them. `checked_on` is
stamped when a person runs the command.
"""

from __future__ import annotations

import json
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pactwatch.service import procs

# A few hundred sources probed at the crawler's politeness take minutes; a check still
# running after this is stuck on something, and next week's will try again.
TIMEOUT_SECONDS = 3600.0
_POLL = 1.0


@dataclass(frozen=True)
class CheckRun:
    """What the child reported: one verdict per source, or why there are none."""

    passed: int
    failed: int
    log: Path
    problem: str | None = None

    def describe(self) -> str:
        if self.problem:
            return f"sources check: {self.problem} (see {self.log})"
        return f"sources check: {self.passed} passed, {self.failed} failed (see {self.log})"


def command(config_path: Path | None) -> list[str]:
    command = [sys.executable, "-m", "pactwatch", "sources", "check", "--json", "--record-only"]
    if config_path is not None:
        command += ["--config", str(config_path.resolve())]
    return command


def run_check(
    config_path: Path | None,
    workdir: Path,
    log: Path,
    stop_event: threading.Event,
    *,
    timeout: float = TIMEOUT_SECONDS,
    grace: float = 5.0,
) -> CheckRun:
    """Run the check in a child process, bounded by `timeout` and by the service stopping."""
    process = procs.launch(command(config_path), workdir=workdir, output=log)
    deadline = time.monotonic() + timeout
    status = None
    while status is None:
        if stop_event.is_set() or time.monotonic() > deadline:
            procs.stop(process, grace)
            why = (
                "stopped with the service"
                if stop_event.is_set()
                else f"timed out ({timeout:.0f} s)"
            )
            return CheckRun(0, 0, log, why)
        status = procs.wait_or_timeout(process, _POLL)
    verdicts = _verdicts(log)
    if not verdicts and status != 0:
        return CheckRun(0, 0, log, f"exit status {status}, no verdicts")
    passed = sum(1 for v in verdicts if v.get("ok"))
    return CheckRun(passed, len(verdicts) - passed, log)


def _verdicts(log: Path) -> list[dict[str, object]]:
    """The JSON lines of the child's output (its log lines are not JSON)."""
    out = []
    for line in log.read_text("utf-8", errors="replace").splitlines():
        if line.startswith("{"):
            try:
                doc = json.loads(line)
            except ValueError:
                continue
            if isinstance(doc, dict) and "name" in doc:
                out.append(doc)
    return out
