"""Real Scrapyd nodes on 127.0.0.1, for the scale-out tests and bench/scaleout.py.

    egg = build_egg(tmp)                           # setup.py bdist_egg, outside the tree
    with ScrapydNode.start(tmp / "node1", env) as node:
        node.deploy(egg)                           # addversion.json, as scrapyd-deploy does
        Node.parse(node.url).schedule(...)

A node gets its own directory (scrapyd.conf, eggs, logs, dbs) and the environment its
crawls read (`PACTWATCH_DATABASE_URL`, `PACTWATCH_CONFIG`). It runs in a process group of
its own, ended with its crawls when the block ends.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from pactwatch.service.scrapyd_api import Node, NodeError

REPO = Path(__file__).resolve().parents[1]
PROJECT = "pactwatch"
STARTUP_SECONDS = 30.0

CONF = """[scrapyd]
bind_address = 127.0.0.1
http_port = {port}
eggs_dir = {dir}/eggs
logs_dir = {dir}/logs
dbs_dir = {dir}/dbs
max_proc = {max_proc}
# A queued job starts within this many seconds (Scrapyd's default is 5).
poll_interval = 0.2
finished_to_keep = 1000
jobs_to_keep = 1000
"""


def build_egg(directory: Path) -> Path:
    """The project's egg, built with setup.py as `scrapyd-deploy` would, in `directory`."""
    build = directory / "egg-build"
    command = [
        sys.executable, "setup.py", "-q",
        "egg_info", "--egg-base", str(build),
        "build", "--build-base", str(build / "build"),
        "bdist_egg", "--bdist-dir", str(build / "bdist"), "--dist-dir", str(directory),
    ]  # fmt: skip
    build.mkdir(parents=True, exist_ok=True)
    subprocess.run(command, cwd=REPO, check=True, capture_output=True)
    (egg,) = directory.glob("pactwatch-*.egg")
    return egg


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class ScrapydNode:
    """One `scrapyd` process, its directory and port."""

    directory: Path
    port: int
    process: subprocess.Popen[bytes]

    @classmethod
    def start(cls, directory: Path, env: Mapping[str, str], *, max_proc: int = 2) -> ScrapydNode:
        directory.mkdir(parents=True, exist_ok=True)
        port = free_port()
        conf = CONF.format(port=port, dir=directory, max_proc=max_proc)
        (directory / "scrapyd.conf").write_text(conf, "utf-8")
        with (directory / "scrapyd.log").open("wb") as sink:
            process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd", "--pidfile", str(directory / "twistd.pid")],
                cwd=directory,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        node = cls(directory, port, process)
        node._wait_until_up()
        return node

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def api(self) -> Node:
        return Node.parse(self.url)

    def log(self) -> str:
        return (self.directory / "scrapyd.log").read_text("utf-8", errors="replace")

    def deploy(self, egg: Path, version: str = "1") -> int:
        """addversion.json; the number of spiders the node found in the egg.

        Then listspiders.json: Scrapyd caches the spider list by version, and a schedule
        that names none would run `scrapy list` (seconds) on the first job otherwise.
        """
        found = self.api.add_version(PROJECT, version, egg.read_bytes())
        self.api.spiders(PROJECT)
        return found

    def jobs(self) -> dict[str, list[dict[str, Any]]]:
        """listjobs.json: pending, running and finished jobs."""
        return self.api.jobs(PROJECT)

    def job_log(self, job: str) -> str:
        return (self.directory / "logs" / PROJECT / "pactwatch" / f"{job}.log").read_text("utf-8")

    def _wait_until_up(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                self.api.load()
                return
            except NodeError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"scrapyd did not start:\n{self.log()}") from None
                time.sleep(0.1)

    def stop(self) -> None:
        """SIGTERM to the node and its crawls, SIGKILL to what is left after 10 s."""
        for sig, wait in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 10.0)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.process.wait(wait)
                break
            except subprocess.TimeoutExpired:
                continue

    def __enter__(self) -> ScrapydNode:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
