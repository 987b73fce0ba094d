"""Log lines: JSON when stderr is not a terminal, text on a terminal or when asked."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import time
from pathlib import Path

from pactwatch.core.logs import handler_for


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def _emit(stream: io.StringIO, fmt: str | None = None) -> str:
    logger = logging.Logger("pactwatch.test")
    logger.addHandler(handler_for(stream, logging.INFO, fmt))
    try:
        raise ValueError("坏了")
    except ValueError:
        logger.warning("crawl of %s failed", "cqrb", exc_info=True, extra={"source": "cqrb"})
    return stream.getvalue()


def test_json_lines_when_not_a_terminal() -> None:
    entry = json.loads(_emit(io.StringIO()))
    assert entry["level"] == "warning" and entry["logger"] == "pactwatch.test"
    assert entry["message"] == "crawl of cqrb failed" and entry["source"] == "cqrb"
    assert "ValueError: 坏了" in entry["exc"] and entry["ts"].endswith("+00:00")


def test_text_on_a_terminal_or_when_asked() -> None:
    assert _emit(Tty()).startswith("WARNING pactwatch.test: crawl of cqrb failed")
    assert _emit(io.StringIO(), "text").startswith("WARNING pactwatch.test:")
    assert json.loads(_emit(Tty(), "json").splitlines()[0])["source"] == "cqrb"


def test_the_cli_logs_json_lines_unless_told_text(tmp_path: Path) -> None:
    """`pactwatch` with stderr on a pipe, as under systemd: JSON; PACTWATCH_LOG_FORMAT=text."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PACTWATCH_")}
    env.update(
        PACTWATCH_DATABASE_URL=f"sqlite:///{tmp_path / 'store.db'}", PACTWATCH_LOG_LEVEL="info"
    )
    command = [sys.executable, "-m", "pactwatch", "db", "upgrade"]
    piped = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    entries = [json.loads(line) for line in piped.stderr.splitlines()]
    assert entries and {e["logger"] for e in entries} == {"alembic.runtime.migration"}
    text = subprocess.run(
        command, env={**env, "PACTWATCH_LOG_FORMAT": "text"}, capture_output=True, text=True,
        check=True,
    )  # fmt: skip
    assert text.stderr.startswith("INFO alembic.runtime.migration: ")


def test_log_lines_during_a_live_progress_board_go_above_it(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from pactwatch.core.logs import configure
    from pactwatch.core.progress import ProgressBoard

    terminal = Tty()
    monkeypatch.setattr(sys, "stderr", terminal)
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    try:
        configure(logging.WARNING, None, sys.stderr)
        board = ProgressBoard(enabled=True)
        time.sleep(0.6)  # the board draws itself (4 times a second) before the line comes
        logging.getLogger("pactwatch.test").warning("page failed")
        board.close()
    finally:
        root.handlers[:], root.level = saved
    shown = terminal.getvalue()
    assert "WARNING pactwatch.test: page failed" in shown
    # On a line of its own: not glued to the end of the board's last row.
    before = shown.split("WARNING pactwatch.test")[0]
    assert before == "" or before.endswith(("\n", "\r", "\x1b[2K", "\x1b[?25l")), repr(before[-40:])
