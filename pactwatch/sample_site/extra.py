"""Serving a directory of saved pages under `/<prefix>/`, with a generated index if it has none."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from urllib.parse import quote, unquote

from pactwatch.sample_site.render import Page, validated

HTML_SUFFIXES = (".html", ".htm")
# Saved pages carry (or deliberately lack) their own <meta> charset; a header would override it.
_TYPES = {
    ".html": "text/html",
    ".htm": "text/html",
    ".xml": "application/xml",
    ".txt": "text/plain; charset=utf-8",
    ".toml": "text/plain; charset=utf-8",
    ".json": "application/json",
}


@dataclass(frozen=True)
class ExtraDir:
    """A directory served at `/<prefix>/…`; `/<prefix>/index.html` lists its pages if absent."""

    prefix: str
    root: Path

    def owns(self, path: str) -> bool:
        return path == f"/{self.prefix}" or path.startswith(f"/{self.prefix}/")

    def page(self, path: str) -> Page | None:
        """The page at a request path, or None (missing, or outside the directory)."""
        relative = unquote(path.removeprefix(f"/{self.prefix}").lstrip("/")) or "index.html"
        root = self.root.resolve()
        target = (root / relative).resolve()
        if not target.is_relative_to(root):  # "/real/../../etc/passwd"
            return None
        if target.is_file():
            return _file_page(target)
        if relative == "index.html":
            return self.index()
        return None

    def html_files(self) -> list[str]:
        """Relative paths of the saved HTML pages, sorted."""
        root = self.root.resolve()
        return sorted(
            p.relative_to(root).as_posix()
            for p in root.rglob("*")
            if p.suffix.lower() in HTML_SUFFIXES and p.is_file() and p.name != "index.html"
        )

    def index(self) -> Page:
        rows = "\n".join(
            f'<li><a href="/{self.prefix}/{quote(rel)}">{escape(rel)}</a></li>'
            for rel in self.html_files()
        )
        html = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{escape(self.prefix)}</title></head><body><ul>\n{rows}\n</ul></body></html>\n"
        )
        return validated(html.encode("utf-8"), "text/html; charset=utf-8", None)

    def sources_fragment(self) -> str | None:
        """The directory's own `sources.toml` (a generator wrote it), if it has one."""
        fragment = self.root / "sources.toml"
        return fragment.read_text("utf-8") if fragment.is_file() else None


def _file_page(target: Path) -> Page:
    stat = target.stat()
    suffix = target.suffix.lower()
    mime = _TYPES.get(suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    modified = datetime.fromtimestamp(int(stat.st_mtime), UTC)
    etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
    return Page(target.read_bytes(), mime, etag, modified)
