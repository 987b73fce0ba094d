"""The sample site's articles: `content/articles.toml` plus the body text files it names."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

CONTENT_DIR = Path(__file__).parent / "content"
SITES = ("cq", "sc")


@dataclass(frozen=True)
class SampleArticle:
    """One article the sample site serves, with our label and how its bytes are encoded.

    `url` is the path until a running `SampleSite` makes it absolute (`SampleSite.articles()`).
    `header_charset` / `meta_charset` are what the HTTP header and the page's `<meta>` declare;
    an empty string means nothing is declared there.
    """

    key: str
    site: str
    number: int
    headline: str
    published: datetime
    source: str
    author: str
    paragraphs: tuple[str, ...]
    is_agreement: bool
    kind: str = "synthetic"  # seed | reprint | synthetic
    reprint_of: str | None = None
    encoding: str = "utf-8"
    header_charset: str = "utf-8"
    meta_charset: str = "utf-8"
    script: str = "hans"  # hans (简体) | hant (繁體)
    private: bool = False
    url: str = field(default="")

    @property
    def path(self) -> str:
        """The URL path; the two sites use different shapes on purpose (two CMSs)."""
        if self.site == "cq":
            prefix = "/private" if self.private else ""
            return f"{prefix}/cq/news/content_{self.number}.htm"
        day = self.published
        return f"/sc/xw/{day:%Y%m}/t{day:%Y%m%d}_{self.number}.html"

    @property
    def text(self) -> str:
        """The article body as published, one paragraph per line (no headline, no furniture)."""
        return "\n".join(self.paragraphs)


def load_articles(content_dir: Path = CONTENT_DIR) -> list[SampleArticle]:
    """Every article in the index, newest first (the order list pages show them in)."""
    index = tomllib.loads((content_dir / "articles.toml").read_text("utf-8"))
    articles = [_article(entry, content_dir) for entry in index["articles"]]
    return sorted(articles, key=lambda a: a.published, reverse=True)


def _article(entry: dict[str, Any], content_dir: Path) -> SampleArticle:
    if entry["site"] not in SITES:
        raise ValueError(f"{entry['key']}: unknown site {entry['site']!r}")
    published = entry["published"]
    if not isinstance(published, datetime) or published.tzinfo is None:
        raise ValueError(f"{entry['key']}: published must be a TOML datetime with an offset")
    paragraphs = _paragraphs(content_dir / entry["body"], entry.get("lines"))
    known = {f for f in SampleArticle.__dataclass_fields__ if f not in ("paragraphs", "url")}
    values = {k: v for k, v in entry.items() if k in known}
    unknown = set(entry) - known - {"body", "lines"}
    if unknown:
        raise ValueError(f"{entry['key']}: unknown keys {sorted(unknown)}")
    return SampleArticle(paragraphs=paragraphs, **values)


def _paragraphs(path: Path, lines: list[int] | None) -> tuple[str, ...]:
    """Non-blank lines of a body file, optionally cut to `[first, last]` (1-based, inclusive)."""
    rows = path.read_text("utf-8").splitlines()
    if lines is not None:
        first, last = lines
        rows = rows[first - 1 : last]
    # Seeds indent paragraphs with spaces (a copy-paste of the page); the HTML indents by CSS.
    return tuple(row.strip() for row in rows if row.strip())
