"""`pactwatch run`: the review desk and the scheduler in one process, until SIGTERM/SIGINT.

The desk is the Starlette app of `pactwatch serve`, under uvicorn in the main thread; the
scheduler-lease loop, APScheduler and the crawl supervisors run in threads beside it.
SIGTERM or Ctrl-C stops all of it within `STOP_BUDGET`: crawls get SIGTERM at once (Scrapy
lets pages in flight finish), SIGKILL after `[service] kill_grace`, and a run killed so
is recorded `interrupted`. SIGHUP re-reads the config and re-syncs the jobs.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any
from zoneinfo import ZoneInfo

import uvicorn

from pactwatch.core.config import Config, ConfigError, load_config
from pactwatch.core.settings import Settings
from pactwatch.service import jobs
from pactwatch.service.crawls import CrawlLimits, Crawls, Launch
from pactwatch.service.desk_crawls import DeskCrawls
from pactwatch.service.held import close_orphaned_runs
from pactwatch.service.leader import Leader
from pactwatch.service.leases import make_holder
from pactwatch.service.schedule import desired_jobs, make_scheduler
from pactwatch.service.telemetry import ObservedRuntime
from pactwatch.tasks.mail import mail_config
from pipeline.clock import utcnow
from pipeline.db import make_engine

log = logging.getLogger(__name__)

# Seconds from the stop signal to exit: the contract's 10, less a margin for the interpreter.
STOP_BUDGET = 9.0
WEB_DRAIN_SECONDS = 3  # open desk requests get this long to finish


class _Server(uvicorn.Server):
    """uvicorn's server, telling the service once it listens and when a stop signal comes."""

    def __init__(
        self, config: uvicorn.Config, on_started: Callable[[], None], on_exit: Callable[[], None]
    ) -> None:
        super().__init__(config)
        self._on_started, self._on_exit = on_started, on_exit

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets)  # exits when the port cannot be bound
        if self.started and not self.should_exit:
            self._on_started()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        self._on_exit()
        super().handle_exit(sig, frame)


class Stopping:
    """The stop signal, and when it came: every part's deadline is counted from there."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.since: float | None = None
        self.also: list[Callable[[], None]] = []  # told at once; must only set flags

    def __call__(self) -> None:
        if self.since is None:
            self.since = time.monotonic()
            log.info("stopping: crawls get SIGTERM now, the desk drains its requests")
        self.event.set()
        for tell in self.also:
            tell()

    def left(self) -> float:
        since = self.since if self.since is not None else time.monotonic()
        return max(since + STOP_BUDGET - time.monotonic(), 0.0)


def run_service(
    settings: Settings, config: Config, config_path: Path | None, web: Any, host: str, port: int
) -> None:
    """Serve `web` (the desk app) and schedule until stopped.

    `config` was read from `config_path` (None: the bundled defaults), read again on SIGHUP.
    """
    engine = make_engine(settings.database_url)
    stopping = Stopping()
    holder = make_holder()
    launch = Launch(config_path, Path.cwd(), config.service.crawl_log_dir)
    crawls = Crawls(
        engine, launch=launch, limits=CrawlLimits.of(config.service), stop_event=stopping.event,
        batch_size=config.service.batch_size,
        batch_window=config.service.batch_window.total_seconds(),
        processes=config.service.max_concurrent_crawls,
    )  # fmt: skip
    runtime = ObservedRuntime(settings, config, engine, crawls)
    leader = _leader(settings, runtime, holder, config_path, lambda new: _refresh_desk(web, new))
    stopping.also.append(leader.halt)
    web.state.scheduler_health = leader.health
    web.state.desk_crawls = DeskCrawls(runtime)  # "crawl now": the service's executor, limits
    web.state.extra_metrics = runtime.telemetry.metrics  # job lag and crawls, on /metrics
    server = _server(web, host, port, leader, stopping, config.web.uvicorn_options())
    jobs.bind(runtime)
    previous = _install_signals(server, stopping, leader)
    try:
        log.info("service %s: desk on http://%s:%d/", holder, host, port)
        server.run()
    except SystemExit:  # uvicorn's answer to a port it cannot bind; reported below
        pass
    finally:
        stopping()
        _wind_down(stopping, leader, crawls, runtime)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        engine.dispose()
    if not server.started:
        raise OSError(f"the desk could not listen on {host}:{port} (in use?)")


def _server(
    web: Any, host: str, port: int, leader: Leader, stopping: Stopping, proxies: dict[str, Any]
) -> _Server:
    config = uvicorn.Config(
        web, host=host, port=port, log_config=None, timeout_graceful_shutdown=WEB_DRAIN_SECONDS,
        **proxies,
    )  # fmt: skip
    # Scheduling starts once the desk listens: a port in use is then the one failure.
    return _Server(config, on_started=leader.start, on_exit=stopping)


def _refresh_desk(web: Any, config: Config) -> None:
    """The desk reads the re-read config too: its sources, digest settings and mail."""
    context = web.state.web
    mail = mail_config(context.settings, config, context.mail.secret)
    web.state.web = replace(context, config=config, mail=mail)


def _leader(
    settings: Settings,
    runtime: ObservedRuntime,
    holder: str,
    config_path: Path | None,
    on_reload: Callable[[Config], None],
) -> Leader:
    tz = ZoneInfo(settings.timezone)

    def new_scheduler() -> Any:
        # A fresh engine per term: the job store disposes of its engine when shut down.
        jobs_engine = make_engine(settings.database_url)
        service = runtime.config.service
        # A crawl job's thread waits for its batch: room for every source of the running
        # batches and of one more, gathering while they run.
        scheduler = make_scheduler(
            jobs_engine, tz, (service.max_concurrent_crawls + 1) * service.batch_size
        )
        runtime.telemetry.watch(scheduler)
        return scheduler

    def reload() -> bool:
        try:
            config = load_config(config_path)
        except ConfigError as exc:
            log.error("SIGHUP: keeping the running config: %s", exc)
            return False
        runtime.reconfigure(config)
        on_reload(config)
        runtime.crawls.launch = replace(runtime.crawls.launch, log_dir=config.service.crawl_log_dir)
        log.info("SIGHUP: config re-read, %d source(s)", len(config.sources))
        return True

    service = runtime.config.service
    return Leader(
        runtime.engine, holder,
        ttl=service.scheduler_lease_ttl, renew_every=service.scheduler_lease_renew,
        new_scheduler=new_scheduler,
        jobs=lambda: desired_jobs(runtime.config, tz, utcnow()),
        reload=reload,
        while_leading=lambda: close_orphaned_runs(runtime.engine),
    )  # fmt: skip


def _install_signals(server: _Server, stopping: Stopping, leader: Leader) -> dict[int, Any]:
    """Handlers for before and after uvicorn's own (which it holds only while it runs)."""

    def stop(sig: int, frame: FrameType | None) -> None:
        stopping()
        server.should_exit = True  # a signal before uvicorn started: it stops at once

    handlers: dict[int, Any] = {signal.SIGINT: stop, signal.SIGTERM: stop}
    if hasattr(signal, "SIGHUP"):
        handlers[signal.SIGHUP] = lambda sig, frame: leader.request_reload()
    return {sig: signal.signal(sig, handler) for sig, handler in handlers.items()}


def _wind_down(stopping: Stopping, leader: Leader, crawls: Crawls, runtime: jobs.Runtime) -> None:
    """Stop scheduling, then the crawls, then wait for jobs in flight, all within budget."""
    leader.stop(timeout=min(1.0, stopping.left()))
    if not crawls.stop(stopping.left()):
        log.warning("crawls still running at the stop deadline: %s", sorted(crawls.active()))
    unfinished = runtime.wait_idle(stopping.left())
    jobs.bind(None)
    if unfinished:
        # Their work is transactional (a digest is recorded whole or not at all, mail in
        # flight is reconciled on the next send), so leaving beats overrunning the stop.
        log.warning("stopped with jobs unfinished: %s", ", ".join(unfinished))
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    log.info("stopped")
