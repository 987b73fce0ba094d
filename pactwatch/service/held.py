"""The crawl leases a crawl process holds: every `pactwatch crawl`, however it was started.

The crawl takes each source's lease itself, renews it while it runs and gives it up at the
end, so no two crawls of a source overlap: the service's, the desk's, one started by hand
or by cron. With every crawl holding a lease, a run still `running` while no live lease
covers its source was left by a dead process: `close_orphaned_runs` closes it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import timedelta

import sqlalchemy as sa
from sqlmodel import Session

from pactwatch.service import leases
from pactwatch.service.crawls import Busy
from pactwatch.service.models import CrawlLease
from pipeline.clock import utcnow
from pipeline.runs import INTERRUPTED, close_unfinished, unfinished_sources

log = logging.getLogger(__name__)


@contextmanager
def holding_leases(
    engine: sa.Engine, sources: Sequence[str], ttl: timedelta
) -> Iterator[tuple[list[str], list[Busy]]]:
    """Take the leases of `sources` for this process: (those taken, those held elsewhere).

    Renewed every third of `ttl` in a thread until the block ends, then released.
    """
    holder = leases.make_holder()
    taken: list[str] = []
    busy: list[Busy] = []
    with Session(engine) as session, session.begin():
        for source in sources:
            if leases.take(CrawlLease, source, holder, ttl, session=session):
                taken.append(source)
            else:
                busy.append(Busy.held(source, leases.holding(CrawlLease, source, session=session)))
    done = threading.Event()
    renewer = threading.Thread(
        target=_renew, args=(engine, taken, holder, ttl, done), name="lease-renewal", daemon=True
    )
    renewer.start()
    try:
        yield taken, busy
    finally:
        done.set()
        renewer.join()
        with Session(engine) as session, session.begin():
            for source in taken:
                leases.release(CrawlLease, source, holder, session=session)


def _renew(
    engine: sa.Engine, sources: list[str], holder: str, ttl: timedelta, done: threading.Event
) -> None:
    while not done.wait(ttl.total_seconds() / 3):
        try:
            with Session(engine) as session, session.begin():
                for source in sources:
                    if not leases.renew(CrawlLease, source, holder, ttl, session=session):
                        log.warning("the crawl lease of %s was taken over", source)
        except sa.exc.SQLAlchemyError:  # a busy store: the lease outlives a few misses
            log.warning("could not renew crawl leases", exc_info=True)


def close_orphaned_runs(engine: sa.Engine) -> list[str]:
    """Close runs left `running` where no live lease covers the source; their sources.

    The lease is taken before the run row is written and released after it is closed, so
    a live crawl's run is always covered.
    """
    now = utcnow()
    with Session(engine) as session, session.begin():
        running = unfinished_sources(session=session)
        if not running:
            return []
        live = {h.key for h in leases.holdings(CrawlLease, session=session) if h.live(now)}
        sources = sorted(running - live)
        if sources:
            close_unfinished(sources, INTERRUPTED, session=session, now=now)
    if sources:
        log.warning("closed crawl runs left open by a dead process: %s", ", ".join(sources))
    return sources
