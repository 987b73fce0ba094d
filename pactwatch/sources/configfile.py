"""Writing sources into the user's TOML config without disturbing what is already there.

The file is edited as text (comments and layout kept), and every result is parsed and
validated before it replaces the file, so a write never leaves a broken config behind.
"""

from __future__ import annotations

import itertools
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path

from pactwatch.core.config import Config, ConfigError, parse_config
from pactwatch.sources.verdict import Proposal

_BLOCK = re.compile(r"^\[\[sources\]\]\s*$", re.MULTILINE)


def toml_string(text: str) -> str:
    """A TOML string: literal ('…', regexes stay readable) when it can be, else basic."""
    if "'" not in text and "\n" not in text and not any(ord(c) < 32 for c in text):
        return f"'{text}'"
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + re.sub(r"[\x00-\x1f]", lambda m: f"\\u{ord(m.group()):04x}", escaped) + '"'


def _array(values: Sequence[str]) -> str:
    if not values:
        return "[]"
    if len(values) == 1:
        return f"[{toml_string(values[0])}]"
    return "[\n" + "".join(f"    {toml_string(v)},\n" for v in values) + "]"


def render_block(name: str, proposal: Proposal, *, private: bool, today: str) -> str:
    """The `[[sources]]` block for a proposal, with a comment saying what was inferred."""
    start = [proposal.url] if proposal.mode == "list" else []
    lines = [f"# Added by `pactwatch sources add` on {today}: {_how(proposal)}"]
    lines += [f"#   skipped: {line}" for line in proposal.skipped]
    lines += [f"#   test article: {s.url} ({s.body_chars} characters)" for s in proposal.samples]
    lines += [
        "[[sources]]",
        f"name = {toml_string(name)}",
        f"title = {toml_string(proposal.title or name)}",
        f"start_urls = {_array(start)}",
        f"article_patterns = {_array(list(proposal.article_patterns))}",
        f"follow_patterns = {_array(list(proposal.follow_patterns))}",
        f"feeds = {_array(list(proposal.feeds))}",
        f"sitemaps = {_array(list(proposal.sitemaps))}",
        f"allowed_domains = {_array(list(proposal.allowed_domains))}",
        'every = "1h"',
        "max_pages = 100",
        'checked_on = "' + today + '"',
    ]
    if private:
        lines.append("allow_private_addresses = true")
    return "\n".join(lines) + "\n"


def _how(proposal: Proposal) -> str:
    if proposal.mode == "feed":
        return f"the page's feed, {proposal.articles_found} entries"
    if proposal.mode == "sitemap":
        return "no list shape on the page; the site's sitemap"
    pager = "with pagination" if proposal.follow_patterns else "no pagination found"
    return f"{proposal.articles_found} article links on the list page, {pager}"


def duplicate(config: Config, name: str, url: str) -> str | None:
    """Why `name`/`url` would duplicate a configured source, or None."""
    for source in config.sources:
        if source.name == name:
            return f"a source named {name!r} is already configured"
        if url in (*source.start_urls, *source.feeds, *source.sitemaps):
            return f"{url} is already configured as source {source.name!r}"
    return None


def append_block(path: Path, block: str) -> None:
    """Append `block` to the config at `path` (created if missing), validated first."""
    old = path.read_text("utf-8") if path.exists() else ""
    separator = "" if not old or old.endswith("\n\n") else ("\n" if old.endswith("\n") else "\n\n")
    _replace(path, old + separator + block)


def set_checked_on(text: str, names: Sequence[str], day: str) -> str:
    """The config text with `checked_on = day` in the blocks of `names`."""
    starts = [m.start() for m in _BLOCK.finditer(text)] + [len(text)]
    out = [text[: starts[0]]]
    for begin, end in itertools.pairwise(starts):
        out.append(_stamp(text[begin:end], names, day))
    return "".join(out)


def _stamp(block: str, names: Sequence[str], day: str) -> str:
    match = re.search(r"^name\s*=\s*[\"']([^\"']+)[\"']", block, re.MULTILINE)
    if match is None or match.group(1) not in names:
        return block
    line = f'checked_on = "{day}"'
    if re.search(r"^checked_on\s*=", block, re.MULTILINE):
        return re.sub(r"^checked_on\s*=.*$", line, block, count=1, flags=re.MULTILINE)
    return block[: match.end()] + "\n" + line + block[match.end() :]


def write_checked_on(path: Path, names: Sequence[str], day: str) -> None:
    _replace(path, set_checked_on(path.read_text("utf-8"), names, day))


def _replace(path: Path, text: str) -> None:
    try:
        parse_config(text, str(path))
    except ConfigError as exc:  # never write a config that would not load
        raise ConfigError(f"not written: {exc}") from exc
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
