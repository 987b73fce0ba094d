"""URL templates: fold the parts of a URL that change from article to article.

`/202405/t20240512_4411.html` and `/202406/t20240601_4502.html` share the template
`/\\d{6}/t\\d{8}_\\d+\\.html`; links sharing a template form one cluster, and the cluster's
template becomes the `article_patterns` regex.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

# A hex id of 16+ characters (UUID-like names of the Sichuan site-cluster CMS), standing alone.
_TOKENS = re.compile(r"(?<![0-9A-Za-z])(?=[0-9a-fA-F]*\d)[0-9a-fA-F]{16,}(?![0-9A-Za-z])|\d+|\D+")
_HEX = re.compile(r"[0-9a-fA-F]{16,}")

DIGITS = "\x00d"  # a digit run (markers no URL holds); regex from the lengths
HEX = "\x00x"


@dataclass(frozen=True, slots=True)
class Shape:
    """A URL cut into tokens: literals, and slots (`DIGITS`, `HEX`) that vary."""

    host: str  # netloc, port included
    path: tuple[tuple[str, ...], ...]  # one token tuple per path segment
    query: tuple[tuple[str, tuple[str, ...]], ...]  # (key, value tokens) in URL order
    values: tuple[str, ...]  # the slot values, in order: their lengths pick the regex

    @property
    def key(self) -> tuple[object, ...]:
        """What links of one cluster share: everything but the slot values."""
        return (self.host, self.path, self.query)

    @property
    def depth(self) -> int:
        return len(self.path)

    def has_slot(self) -> bool:
        return bool(self.values)


def shape_of(url: str) -> Shape:
    """The URL's shape: digit runs and hex ids become slots, the rest stays literal."""
    parts = urlsplit(url)
    values: list[str] = []
    segments = [s for s in parts.path.split("/")[1:]]
    path = tuple(_fold(segment, values) for segment in segments)
    query = []
    for pair in parts.query.split("&") if parts.query else []:
        key, _, value = pair.partition("=")
        query.append((key, _fold(value, values)))
    return Shape(parts.netloc.lower(), path, tuple(query), tuple(values))


def _fold(text: str, values: list[str]) -> tuple[str, ...]:
    tokens = []
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token.isdigit():
            tokens.append(DIGITS)
            values.append(token)
        elif _HEX.fullmatch(token):
            tokens.append(HEX)
            values.append(token)
        else:
            tokens.append(token)
    return tuple(tokens)


def slot_regex(values: Sequence[str], hexadecimal: bool) -> str:
    """The regex of one slot from all its values in a cluster."""
    lengths = {len(v) for v in values}
    if hexadecimal:
        return f"[0-9a-fA-F]{{{min(lengths)},}}"
    if len(lengths) == 1 and all(_date_like(v) for v in values):
        return rf"\d{{{lengths.pop()}}}"
    if max(lengths) <= 2:
        return r"\d{1,2}"
    return r"\d+"


def _date_like(value: str) -> bool:
    """A year, year-month or year-month-day run of digits (2024, 202405, 20240512)."""
    if len(value) not in (4, 6, 8) or not value.startswith(("19", "20")):
        return False
    month = int(value[4:6]) if len(value) >= 6 else 1
    day = int(value[6:8]) if len(value) == 8 else 1
    try:
        date(int(value[:4]), month, day)
    except ValueError:
        return False
    return True


def is_dated(shape: Shape) -> bool:
    """Whether a date shows in the path (a dated folder or a t20240512_ name)."""
    return any(_date_like(v) for v in shape.values) or bool(
        re.search(r"\d{4}[-/]\d{1,2}[-/]\d{1,2}", "/".join("".join(s) for s in shape.path))
    )


def cluster_regex(shapes: Sequence[Shape], variants: Sequence[str] = (), at: int = -1) -> str:
    """An anchored regex matching every URL of the cluster (all of one `key`).

    `variants` and `at`: literal path segments that differ between merged clusters, put
    as an alternation at path position `at`.
    """
    first = shapes[0]
    slots = list(zip(*(s.values for s in shapes), strict=True))
    counter = iter(range(len(slots)))

    def render(tokens: tuple[str, ...]) -> str:
        out = []
        for token in tokens:
            if token in (DIGITS, HEX):
                out.append(slot_regex(slots[next(counter)], token == HEX))
            else:
                out.append(re.escape(token))
        return "".join(out)

    path = []
    for index, tokens in enumerate(first.path):
        if index == at and variants:
            path.append("(?:" + "|".join(re.escape(v) for v in sorted(variants)) + ")")
        else:
            path.append(render(tokens))
    regex = "^https?://" + re.escape(first.host) + "/" + "/".join(path)
    if first.query:
        regex += r"\?" + "&".join(re.escape(k) + "=" + render(v) for k, v in first.query)
    return regex + "$"
