"""The installed package works alone: a wheel in a fresh virtualenv, nothing from the tree.

Built and installed as deploy/Containerfile does (`pip install` of the project), then run
from an empty directory, so a command reading `tests/`, `../shared/` or the source tree by
path, or a runtime dependency only the dev extras bring, fails here.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "tests/data/seeds/luzhou-chongqing-agreements.txt"
pytestmark = [
    pytest.mark.slow,
    # The wheel uses no store of the suite's: the PostgreSQL pass would only repeat it.
    pytest.mark.skipif(
        bool(os.environ.get("PACTWATCH_TEST_POSTGRES")), reason="store-independent, run once"
    ),
]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The `bin` directory of a fresh virtualenv holding only the built wheel and its deps."""
    root = tmp_path_factory.mktemp("wheel")
    dist = root / "dist"
    # Built from the tracked files alone: a stale build/ or var/ of the checkout must not
    # slip into (or out of) the wheel.
    source = root / "source"
    tracked = (
        subprocess.run(["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, tracked):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(dist), str(source)]
    )
    (wheel,) = dist.glob("pactwatch-*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", str(venv)])
    run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet", str(wheel)], timeout=900)
    return venv / "bin"


def run(args: list[str], timeout: float = 300, **kw: object) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, capture_output=True, text=True, timeout=timeout, **kw)  # type: ignore[call-overload]
    assert done.returncode == 0, f"{args[:3]} exited {done.returncode}:\n{done.stderr[-3000:]}"
    return done


@pytest.fixture
def user(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An empty working directory and the environment of a user of the wheel."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env |= {
        "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'store.db'}",
        "PACTWATCH_OUTBOX_DIR": str(tmp_path / "outbox"),
        "PACTWATCH_SECRET_KEY": "wheel-test-secret-key-0123456789-abcdefghijklmnop",
        "PACTWATCH_ADMIN_PASSWORD": "wheel-test-admin-password-0123456789",
        "PYTHONPATH": "",
    }
    return tmp_path, env


def test_analyze_train_and_demo_run_from_the_wheel(
    installed: Path, user: tuple[Path, dict[str, str]]
) -> None:
    cwd, env = user
    pactwatch = str(installed / "pactwatch")
    text = cwd / "report.txt"
    text.write_bytes(SEED.read_bytes())
    out = run([pactwatch, "analyze", str(text), "--json"], cwd=cwd, env=env).stdout
    result = json.loads(out)
    assert result["is_agreement"]
    assert len(result["agreements"]) >= 10
    run([pactwatch, "db", "upgrade"], cwd=cwd, env=env)
    trained = run([pactwatch, "train"], cwd=cwd, env=env).stdout
    assert "rules alone" in trained or "model saved" in trained
    demo = run([pactwatch, "demo"], cwd=cwd, env=env, timeout=600)
    assert list((cwd / "outbox").glob("*.eml")), demo.stdout[-2000:]


@pytest.mark.parametrize("command", ["serve", "run"])
def test_serve_and_run_start_from_the_wheel(
    installed: Path, user: tuple[Path, dict[str, str]], command: str
) -> None:
    cwd, env = user
    (cwd / "pactwatch.toml").write_text("sources = []\n", encoding="utf-8")
    run([str(installed / "pactwatch"), "db", "upgrade"], cwd=cwd, env=env)
    port = _free_port()
    log = cwd / "server.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(installed / "pactwatch"), command, "--port", str(port)],
            cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT,
        )  # fmt: skip
    try:
        assert _healthz(port, server), log.read_text()
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=15) == 0, log.read_text()
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _healthz(port: int, server: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                return r.status == 200
        except OSError:
            time.sleep(0.3)
    return False
