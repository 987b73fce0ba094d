"""The process pool that runs extraction on every core during a crawl."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor

# How often a worker checks that its crawl process is still alive.
_PARENT_POLL_SECONDS = 0.5


def extraction_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of `workers` processes that exit by themselves if the crawl process dies.

    spawn, not fork: forking a process that already runs threads can deadlock the child.
    Without the watchdog, a crawl killed with SIGKILL would leave its workers behind for ever,
    holding the terminal's pipes open.
    """
    return ProcessPoolExecutor(
        workers,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_watch_parent,
        initargs=(os.getpid(),),
    )


def _watch_parent(parent: int) -> None:
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_SECONDS)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()
