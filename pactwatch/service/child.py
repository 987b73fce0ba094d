"""The crawl process's side of supervision: stop when the supervising service is gone.

A crawl runs in a session of its own, so it would outlive a `pactwatch run` killed with
SIGKILL, and once that process's lease on the source expired, another crawl of the same
source could start beside it. Instead it watches its parent and shuts itself down.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
# After asking itself to stop (Scrapy's graceful shutdown: pages in flight finish, the run
# is closed), the crawl exits regardless after this long: half the shortest crawl lease
# TTL the config allows, so it is gone before its lease can be taken over.
HARD_EXIT_SECONDS = 5.0


def watch_supervisor(pid: int) -> None:
    """In a crawl process started by `pactwatch run`: stop gracefully if `pid` goes away."""
    if os.getppid() != pid:  # started by hand with a stale pid: nothing to watch
        log.warning("--supervisor %d is not this process's parent; not watching it", pid)
        return
    threading.Thread(target=_watch, args=(pid,), name="supervisor-watch", daemon=True).start()


def _watch(pid: int) -> None:
    while os.getppid() == pid:
        time.sleep(POLL_SECONDS)
    log.warning("the supervising service (pid %d) is gone: stopping this crawl", pid)
    os.kill(os.getpid(), signal.SIGTERM)
    time.sleep(HARD_EXIT_SECONDS)
    os._exit(3)
