"""Crawling one source now, from the desk: `pactwatch crawl --source NAME` as its own process.

A crawl runs in a process of its own because Scrapy's reactor cannot be restarted (see
`pactwatch.tasks.crawl`), and detached (its own session) so stopping the server does not stop
it. Under `pactwatch run` the desk goes through the service instead
(`pactwatch.service.desk_crawls`): its executor, limits and records.
"""

from __future__ import annotations

import logging
import subprocess
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol, runtime_checkable

from sqlmodel import Session

from pactwatch.service import procs
from pipeline.runs import running_since

log = logging.getLogger(__name__)

LOG_DIR = Path("var") / "crawls"  # under the working directory, as the store's defaults are


@dataclass(frozen=True)
class Started:
    source: str
    pid: int
    log: Path  # the child's stdout and stderr


@dataclass(frozen=True)
class Submitted:
    """Handed to the service's crawls: it joins the next batch (or a Scrapyd job)."""

    source: str


@dataclass(frozen=True)
class AlreadyRunning:
    source: str
    since: datetime | None  # start of the running crawl run, when it has written one yet


@runtime_checkable
class ServiceCrawls(Protocol):
    """Crawls run by `pactwatch run` (`pactwatch.service.desk_crawls.DeskCrawls`)."""

    def active(self) -> set[str]: ...

    def failed(self) -> dict[str, int]: ...

    def start(self, source: str, *, session: Session) -> Submitted | AlreadyRunning: ...


class Children:
    """The crawl processes this server started, by source.

    Finished ones are reaped (`poll`) whenever the registry is asked, so none stays a zombie
    longer than until the next look at the sources page.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._processes: dict[str, subprocess.Popen[bytes]] = {}
        # A crawl that dies before writing its run row (bad config, schema not current)
        # leaves no trace in the store: its exit status is the only news of it.
        self._failed: dict[str, int] = {}

    def active(self) -> set[str]:
        """Sources with a crawl process of ours still alive."""
        with self._lock:
            self._reap()
            return set(self._processes)

    def failed(self) -> dict[str, int]:
        """Sources whose last crawl started here exited with an error: source → exit status."""
        with self._lock:
            self._reap()
            return dict(self._failed)

    def _reap(self) -> None:
        for source, process in list(self._processes.items()):
            code = process.poll()
            if code is None:
                continue
            del self._processes[source]
            if code:
                self._failed[source] = code
                log.warning("crawl of %s (pid %d) exited with %d", source, process.pid, code)


def crawl_command(source: str, config_path: Path | None) -> list[str]:
    """The CLI call, as the service makes it, but detached: no `--supervisor`."""
    return procs.crawl_command((source,), config_path, supervisor=None)


def start_crawl(
    source: str,
    *,
    session: Session,
    children: Children,
    config_path: Path | None,
    workdir: Path,
) -> Started | AlreadyRunning:
    """Start a crawl of `source` unless one is running (ours, or a run row of any process).

    The check and the start happen under the registry's lock, so two clicks start one crawl;
    our own process covers the seconds before the child has written its run row.
    """
    with children._lock:
        children._reap()
        if source in children._processes:
            return AlreadyRunning(source, running_since(source, session=session))
        since = running_since(source, session=session)
        if since is not None:
            return AlreadyRunning(source, since)
        log_path = workdir / LOG_DIR / f"{source}.log"  # one per source: the latest crawl's
        process = procs.launch(crawl_command(source, config_path), workdir=workdir, output=log_path)
        children._processes[source] = process
        children._failed.pop(source, None)
    log.info("crawl of %s started from the desk (pid %d)", source, process.pid)
    return Started(source, process.pid, log_path)
