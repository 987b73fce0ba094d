"""The desk's "crawl now" inside `pactwatch run`: the scheduled crawl job's path, at once.

Plain `pactwatch serve` starts a process of its own (`pactwatch.tasks.crawl_now.Children`); under
the service the button runs what the schedule runs, `jobs.crawl_source`: the configured
executor (local batches or Scrapyd, switched by SIGHUP), the service's limits and leases,
its records, its stop. The click joins the batch being gathered, if one is.
"""

from __future__ import annotations

import logging
import threading

from sqlmodel import Session

from pactwatch.service import jobs
from pactwatch.tasks.crawl_now import AlreadyRunning, Submitted
from pipeline.runs import running_since

log = logging.getLogger(__name__)


class DeskCrawls:
    """What the desk's sources pages ask of crawls when the service runs them."""

    def __init__(self, runtime: jobs.Runtime) -> None:
        self.runtime = runtime
        self._lock = threading.Lock()
        self._asked: set[str] = set()  # clicked, not yet ended (queued for a batch or running)

    def active(self) -> set[str]:
        with self._lock:
            asked = set(self._asked)
        return asked | self.runtime.executor().active()

    def failed(self) -> dict[str, int]:
        """Exit statuses are the runs' business here: the service records every end."""
        return {}

    def start(self, source: str, *, session: Session) -> Submitted | AlreadyRunning:
        """Crawl `source` now through the service, unless a crawl of it runs anywhere."""
        with self._lock:
            if source in self._asked or source in self.runtime.executor().active():
                return AlreadyRunning(source, running_since(source, session=session))
            since = running_since(source, session=session)
            if since is not None:
                return AlreadyRunning(source, since)
            self._asked.add(source)
        thread = threading.Thread(
            target=self._crawl, args=(source,), name=f"desk-crawl-{source}", daemon=True
        )
        thread.start()
        log.info("crawl of %s asked for from the desk", source)
        return Submitted(source)

    def _crawl(self, source: str) -> None:
        try:
            jobs.crawl_source(source)  # counted as a job: a stopping service waits for it
        finally:
            with self._lock:
                self._asked.discard(source)
