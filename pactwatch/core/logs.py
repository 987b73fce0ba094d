"""Log output: one line per record, readable on a terminal, JSON Lines elsewhere.

Under systemd or in a container, stderr is not a TTY and the journal or the collector
gets JSON Lines (`ts`, `level`, `logger`, `message`, `exc` when there is one, plus any
`extra={...}` fields the call passed), which Loki, Elasticsearch or `jq` read without
parsing free text. `PACTWATCH_LOG_FORMAT=json|text` overrides the guess.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import IO

# Attributes every LogRecord has: whatever else a record carries came from `extra=`.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(levelname)s %(name)s: %(message)s"


def handler_for(stream: IO[str], level: int, fmt: str | None = None) -> logging.Handler:
    """A handler on `stream`: JSON unless it is a TTY or `fmt` says "text"."""
    handler = logging.StreamHandler(stream)
    use_json = fmt == "json" or (fmt != "text" and not _is_tty(stream))
    handler.setFormatter(JsonFormatter() if use_json else logging.Formatter(TEXT_FORMAT))
    handler.setLevel(level)
    return handler


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def configure(level: int, fmt: str | None = None, stream: IO[str] = sys.stderr) -> None:
    root = logging.getLogger()
    root.handlers[:] = [handler_for(stream, level, fmt)]
    root.setLevel(level)
