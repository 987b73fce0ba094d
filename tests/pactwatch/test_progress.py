from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from rich.console import Console

from pactwatch.core.progress import ProgressBoard
from pactwatch.tasks.crawl import RunSummary
from pactwatch.tasks.summary import print_summary


class _Stats:
    def __init__(self, values: dict[str, Any]) -> None:
        self.values = values

    def get_stats(self) -> dict[str, Any]:
        return self.values


def _render(renderable: Any) -> str:
    console = Console(record=True, width=120)
    console.print(renderable)
    return console.export_text()


def test_progress_board_shows_one_line_per_source_from_crawler_stats() -> None:
    board = ProgressBoard(enabled=False)  # not a terminal: nothing is drawn live
    stats = {
        "response_received_count": 12,
        "pactwatch/not_modified": 2,
        "pactwatch/articles_new": 7,
        "pactwatch/articles_unchanged": 3,
        "pactwatch/errors/timeout": 1,
        "pactwatch/errors/http_404": 2,
    }
    board.track("cqnews", SimpleNamespace(stats=_Stats(stats)))  # type: ignore[arg-type]
    board.track("scol", SimpleNamespace(stats=_Stats({})), done=True)  # type: ignore[arg-type]
    text = _render(board.render())
    cq = next(line for line in text.splitlines() if "cqnews" in line).split()
    assert cq == ["cqnews", "12", "2", "7", "3", "3", "…"]
    assert next(line for line in text.splitlines() if "scol" in line).split()[-1] == "done"
    board.close()


def test_summary_lists_errors_by_kind_per_source() -> None:
    console = Console(record=True, width=120)
    print_summary(
        [
            RunSummary(
                "cqnews", "finished", 12, 2, 7, 3, 0, {"timeout": 1, "http_404": 2}, 4.2, 1, 4
            )
        ],
        console,
    )
    text = console.export_text()
    row = next(line for line in text.splitlines() if "cqnews" in line and "finished" in line)
    assert row.replace("│", " ").split() == [
        "cqnews",
        "finished",
        "12",
        "2",
        "7",
        "1",
        "4",
        "3",
        "0",
        "3",
        "4.2",
    ]
    assert "cqnews errors: http_404 2, timeout 1" in text
    assert "7 new article(s) stored (1 repeating an earlier story, 4 reporting agreements)" in text
    assert "3 error(s) counted" in text
