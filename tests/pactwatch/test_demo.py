"""`make demo-desk`: the demo, then the desk over its store, with every digest link opening."""

from __future__ import annotations

import email
import re
import signal
import subprocess
import sys
import time
from email import policy
from pathlib import Path

from tests.pactwatch.test_first_hour import _free_port, _get_when_up, cli


def _wait_for(process: subprocess.Popen[str], marker: str, seconds: float = 120) -> str:
    assert process.stdout is not None
    seen = ""
    deadline = time.monotonic() + seconds
    while marker not in seen:
        line = process.stdout.readline()
        assert line and time.monotonic() < deadline, seen
        seen += line
    return seen


def test_demo_desk_serves_a_digest_whose_links_open(tmp_path: Path) -> None:
    site, desk = _free_port(), _free_port()
    env = {"PATH": "/usr/bin:/bin", "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    command = ["demo", "--serve", "--port", str(site), "--desk-port", str(desk)]
    demo = subprocess.Popen(
        [sys.executable, "-m", "pactwatch", *command],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        shown = _wait_for(demo, "review desk on")
        assert f"http://127.0.0.1:{desk}/inbox" in shown
        (mail,) = (tmp_path / "var" / "outbox").glob("*.eml")
        message = email.message_from_bytes(mail.read_bytes(), policy=policy.default)
        text = message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
        links = set(re.findall(r"https?://[^\s<>\"')]+", text))
        assert any(f":{desk}/unsubscribe?token=" in link for link in links)
        assert any(f":{site}/" in link for link in links)
        for link in sorted(links):  # the desk may still be binding: retried, 2xx only
            _get_when_up(link)
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=20) == 0
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
        assert demo.stdout is not None
        demo.stdout.close()
    # The next commands see the demo once `. var/demo.env` is sourced.
    exported = dict(re.findall(r"export (\w+)=(\S+)", (tmp_path / "var" / "demo.env").read_text()))
    status = cli(tmp_path, "status", "--json", env=exported)
    assert status.returncode == 0, status.stderr
    assert '"sample-cq"' in status.stdout and '"cqrb"' not in status.stdout
