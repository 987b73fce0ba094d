"""`pactwatch run` as a user starts it, over a temporary store, its log in a file."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from pipeline.db import make_engine

SECRET = "test-secret-for-the-service"

# Leases, ticks and kills in seconds rather than minutes, so a takeover takes a test seconds.
FAST_SERVICE = {
    "tick": "2s",
    "scheduler_lease_ttl": "4s",
    "scheduler_lease_renew": "1s",
    "crawl_lease_ttl": "10s",
    "kill_grace": "3s",
}


@pytest.fixture
def service_toml() -> Callable[..., str]:
    """A `[service]` table with the fast settings, and `overrides` (all strings)."""

    def table(**overrides: str) -> str:
        values = {**FAST_SERVICE, **overrides}
        return "\n[service]\n" + "".join(f'{k} = "{v}"\n' for k, v in values.items())

    return table


@pytest.fixture
def wait() -> Callable[..., Any]:
    return wait_until


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Callable[[], Any], timeout: float, what: str, every: float = 0.2) -> Any:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        found = check()
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


@dataclass
class Service:
    """One `pactwatch run` process."""

    process: subprocess.Popen[bytes]
    log: Path
    port: int

    def text(self) -> str:
        return self.log.read_text("utf-8", errors="replace")

    def wait_log(self, pattern: str, timeout: float) -> re.Match[str]:
        found: re.Match[str] = wait_until(
            lambda: re.search(pattern, self.text()), timeout, f"{pattern!r} in\n{self.text()}"
        )
        return found

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 15) -> tuple[int, float]:
        """Send `sig`; the exit status and the seconds it took to exit."""
        started = time.monotonic()
        self.process.send_signal(sig)
        code = self.process.wait(timeout)
        return code, time.monotonic() - started


@dataclass
class Runner:
    """Starts services on one store (the `cli` fixture's), and stops what is left after."""

    cli: Any
    started: list[Service] = field(default_factory=list)

    def start(self, name: str = "run", **env: str) -> Service:
        port = free_port()
        log = self.cli.workdir / f"{name}.log"
        with log.open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "pactwatch", "run", "--port", str(port)],
                cwd=self.cli.workdir,
                env=self.cli.env(PACTWATCH_SECRET_KEY=SECRET, **env),
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        service = Service(process, log, port)
        self.started.append(service)
        return service

    def close(self) -> None:
        for service in self.started:
            if service.process.poll() is None:
                service.process.kill()
                service.process.wait(10)


@pytest.fixture
def runner(cli: Any) -> Iterator[Runner]:
    runner = Runner(cli)
    yield runner
    runner.close()


@pytest.fixture
def engine(cli: Any) -> Iterator[sa.Engine]:
    engine = make_engine(cli.database_url)
    yield engine
    engine.dispose()


class HangingServer:
    """A web server on 127.0.0.1 that accepts connections and never answers."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.accepted: list[socket.socket] = []
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}"

    def source_toml(self, name: str = "hang", every: str = "30s") -> str:
        return (
            f'[[sources]]\nname = "{name}"\nstart_urls = ["{self.base_url}/news/index.html"]\n'
            f"article_patterns = ['/content_\\d+\\.htm$']\nevery = \"{every}\"\n"
            "allow_private_addresses = true\n"
        )

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.accepted.append(conn)

    def close(self) -> None:
        self.sock.close()
        for conn in self.accepted:
            conn.close()


@pytest.fixture
def hanging_server() -> Iterator[HangingServer]:
    server = HangingServer()
    yield server
    server.close()
