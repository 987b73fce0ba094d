"""Crawl processes at the OS level: start one in its own process group, bound it, stop it.

Linux-specific where it must be (`/proc`, `prlimit`); elsewhere the memory watch and the
address-space limit are skipped with a warning and only the wall-clock limit holds.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

log = logging.getLogger(__name__)

PROC = Path("/proc")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
MB = 1024 * 1024


def crawl_command(
    sources: Sequence[str], config_path: Path | None, *, supervisor: int | None
) -> list[str]:
    """`pactwatch crawl` of `sources`: this Python, this package, the config file given.

    `supervisor`, a pid, makes the child stop if that process dies; None leaves it
    detached (the desk's crawls under plain `pactwatch serve` outlive the server).
    """
    command = [sys.executable, "-m", "pactwatch", "crawl"]
    for source in sources:
        command += ["--source", source]
    if config_path is not None:
        command += ["--config", str(config_path.resolve())]
    return command if supervisor is None else [*command, "--supervisor", str(supervisor)]


def launch(command: Sequence[str], *, workdir: Path, output: Path) -> subprocess.Popen[bytes]:
    """Start `command` in a new session (so a process group of its own), output to a file.

    Its own group: a Ctrl-C meant for the service does not reach it unasked (the service
    stops it in order), and the extraction workers it spawns can be killed with it.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("wb") as sink:  # the child has its own descriptor; ours closes here
        # Not a shell, and the arguments are our own: a configured source name, paths.
        return subprocess.Popen(  # noqa: S603
            list(command),
            cwd=workdir,
            env=dict(os.environ),
            stdin=subprocess.DEVNULL,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            close_fds=True,
        )


def limit_address_space(pid: int, megabytes: int) -> bool:
    """Set RLIMIT_AS of a running process (and so of what it spawns); False if unsupported.

    `prlimit` from the parent, not a `preexec_fn`: the service runs threads, and code
    between fork and exec in a threaded process can deadlock (Python's subprocess docs).
    The few milliseconds the child runs unbounded are spent loading the interpreter.
    """
    if megabytes <= 0:
        return True
    import resource

    if not hasattr(resource, "prlimit"):
        return False
    limit = megabytes * MB
    try:
        resource.prlimit(pid, resource.RLIMIT_AS, (limit, limit))
    except (ProcessLookupError, PermissionError, ValueError, OSError):
        log.warning("could not limit the address space of pid %d", pid, exc_info=True)
        return False
    return True


def group_rss(pgid: int) -> int | None:
    """Resident bytes of every process in group `pgid`; None where there is no `/proc`."""
    if not PROC.is_dir():
        return None
    total = 0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:  # gone meanwhile, or not ours to read
            continue
        # After the command name in parentheses (which may hold spaces): state, ppid, pgrp …
        fields = stat[stat.rfind(")") + 2 :].split()
        if len(fields) > 21 and int(fields[2]) == pgid:
            total += int(fields[21]) * _PAGE
    return total


def stop(process: subprocess.Popen[bytes], grace: float) -> None:
    """SIGTERM the process, wait up to `grace` seconds, then SIGKILL its whole group.

    A crawl's first SIGTERM is Scrapy's graceful shutdown: requests in flight finish and the
    run is closed with its numbers. Its workers are left alone until then (they exit when
    it does); the SIGKILL takes the group, so none outlives a forced stop.
    """
    _signal(process.pid, signal.SIGTERM, group=False)
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        log.warning("pid %d ignored SIGTERM for %.1f s: killing it", process.pid, grace)
    _signal(process.pid, signal.SIGKILL, group=True)
    process.wait()


def _signal(pid: int, sig: signal.Signals, *, group: bool) -> None:
    try:
        if group:
            os.killpg(pid, sig)
        else:
            os.kill(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass  # already gone (a group leader's pid is its group's id)


def wait_or_timeout(process: subprocess.Popen[bytes], seconds: float) -> int | None:
    """The exit status if the process ends within `seconds`, else None."""
    try:
        return process.wait(timeout=max(seconds, 0.0))
    except subprocess.TimeoutExpired:
        return None
