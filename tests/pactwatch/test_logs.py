"""Log lines: JSON when stderr is not a terminal, text on a terminal or when asked."""

from __future__ import annotations

import io
import json
import logging

from pactwatch.logs import handler_for


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
