"""Render an lxml subtree as paragraphs: one line per block element, whitespace collapsed."""

from __future__ import annotations

from lxml import etree, html

from pipeline.textnorm import strip_invisible

__all__ = ["BLOCK_TAGS", "node_text", "normalise_space", "parse_html"]

BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


def normalise_space(text: str) -> str:
    """Collapse runs of whitespace (including U+3000 and NBSP) into one ASCII space, with no
    zero-width junk."""
    return " ".join(strip_invisible(text).split())


def parse_html(markup: str) -> html.HtmlElement:
    """Parse a decoded page once; callers share the tree instead of re-parsing."""
    if markup.startswith("<?xml"):
        # lxml refuses str input that carries an XML encoding declaration.
        markup = markup.split("?>", 1)[-1]
    return html.document_fromstring(markup or "<html></html>")


def node_text(node: etree._Element) -> str:
    """Text of ``node`` with a newline at every block boundary, blank lines dropped."""
    parts: list[str] = []
    for event, el in etree.iterwalk(node, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if el.text and tag:
                parts.append(el.text)
        else:
            if tag in BLOCK_TAGS:
                parts.append("\n")
            if el.tail and el is not node:
                parts.append(el.tail)
    lines = (normalise_space(line) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
