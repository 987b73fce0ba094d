"""Labelled texts to fit on besides review labels: the packaged examples and user corpora.

The packaged examples (`data/examples.toml`, written by this team) ship with the wheel and
are read through `importlib.resources`, so `pactwatch train` needs no source checkout.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class LabelledText:
    """One article with its verdict: does it report signed cooperation agreements?"""

    id: str
    title: str
    text: str
    label: bool
    published: date | None = None
    agreements: tuple[dict[str, Any], ...] = ()


class CorpusError(ValueError):
    """A corpus path that cannot be read as labelled texts."""


def packaged_examples() -> list[LabelledText]:
    """The hand-written labelled articles shipped in `pipeline/learn/data/examples.toml`."""
    raw = resources.files("pipeline.learn.data").joinpath("examples.toml").read_text("utf-8")
    return examples_from_toml(raw)


def examples_from_toml(raw: str) -> list[LabelledText]:
    """`[[case]]` tables with id, title, text, is_agreement, published, agreements."""
    out = []
    for case in tomllib.loads(raw)["case"]:
        published = case.get("published")
        out.append(
            LabelledText(
                case["id"],
                case["title"],
                case["text"],
                bool(case["is_agreement"]),
                published if isinstance(published, date) else None,
                tuple(case.get("agreements", [])),
            )
        )
    return out


def corpus_examples(path: Path) -> list[LabelledText]:
    """Labelled texts from a user's corpus, for `pactwatch train --corpus PATH`.

    Accepted: a directory holding `labels.jsonl` whose rows name text files (`file`, with
    `agreement`; rows of split "dev" are skipped: they are kept for measuring), a `.jsonl`
    file of `{"title", "text", "agreement"}` objects, or a `.toml` file like the packaged one.
    """
    try:
        if path.is_dir():
            return _labelled_dir(path)
        if path.suffix == ".toml":
            return examples_from_toml(path.read_text("utf-8"))
        if path.suffix == ".jsonl":
            return _jsonl(path)
    except (OSError, UnicodeDecodeError, KeyError, ValueError) as exc:
        raise CorpusError(f"{path}: {type(exc).__name__}: {exc}") from exc
    raise CorpusError(f"{path}: expected a directory with labels.jsonl, a .jsonl or a .toml file")


def _labelled_dir(root: Path) -> list[LabelledText]:
    out = []
    for n, line in enumerate((root / "labels.jsonl").read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("split") == "dev":
            continue
        text = (root / row["file"]).read_text("utf-8")
        out.append(
            LabelledText(
                f"{root.name}:{n}",
                "",
                text,
                bool(row["agreement"]),
                None,
                tuple(row.get("agreements") or ()),
            )
        )
    return out


def _jsonl(path: Path) -> list[LabelledText]:
    out = []
    for n, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if line.strip():
            row = json.loads(line)
            out.append(
                LabelledText(
                    f"{path.name}:{n}", row.get("title", ""), row["text"], bool(row["agreement"])
                )
            )
    return out
