"""Choose the article body: XPath override, else trafilatura, else text density."""

from __future__ import annotations

import re

import trafilatura
from lxml import etree

from pipeline.extract.blocks import node_text, normalise_space
from pipeline.extract.density import density_body
from pipeline.extract.furniture import clean_lines

__all__ = ["body_by_density", "body_by_trafilatura", "body_by_xpath", "finish_text"]

# Below this many characters trafilatura has probably caught a caption or a teaser;
# 200 characters is about three sentences of Chinese.
MIN_BODY = 200
# A short density node loses to trafilatura only when trafilatura has twice the prose.
_TRAFILATURA_GAIN = 2.0
# A density result this long is an article body, not a caption or teaser.
_SUBSTANTIAL = 300
# A line of 40+ characters or one ending a sentence is prose; navigation is neither.
_PROSE_LINE = 40
_SENTENCE = re.compile(r"[。！？；]")
# Real article text is at least 70 % prose by characters (measured on the corpus: 0.85-1.0).
_PROSE_SHARE = 0.7


def finish_text(text: str, title: str) -> str:
    """Drop the repeated headline and furniture lines; paragraphs joined by newlines."""
    lines = [normalise_space(line) for line in text.split("\n")]
    headline = normalise_space(title)
    lines = [line for line in lines if line and line != headline]
    return "\n".join(clean_lines(lines))


def body_by_xpath(root: etree._Element, xpath: str) -> str:
    """Text of every node the override XPath selects, in document order."""
    parts: list[str] = []
    for node in root.xpath(xpath):
        if isinstance(node, etree._Element):
            parts.append(node_text(node))
        elif isinstance(node, str):
            parts.append(normalise_space(node))
    return "\n".join(p for p in parts if p)


def body_by_trafilatura(root: etree._Element, url: str | None) -> str:
    """Trafilatura on the already cleaned tree with fast settings.

    ``fast=True`` skips the readability/jusText fallbacks, which took 50-400 ms on
    the 300 KB 163.com pages; the density fallback here covers what they would catch.
    """
    text = trafilatura.extract(
        root,
        url=url,
        fast=True,
        include_comments=False,
        include_tables=True,
        include_images=False,
        deduplicate=False,
    )
    return text or ""


def body_by_density(root: etree._Element) -> str:
    """The densest block node's text (GNE-style), for pages trafilatura misreads."""
    return density_body(root)


def prose_chars(text: str) -> int:
    """Characters in lines that read as prose (sentence punctuation or >= 40 chars)."""
    return sum(len(ln) for ln in text.split("\n") if len(ln) >= _PROSE_LINE or _SENTENCE.search(ln))


def looks_wrong(text: str) -> bool:
    """Too short, or mostly menu-like short lines: worth asking the density fallback."""
    return len(text) < MIN_BODY or prose_chars(text) < _PROSE_SHARE * len(text)


def is_substantial(text: str) -> bool:
    """Long enough and prose-like enough to take without asking trafilatura."""
    return len(text) >= _SUBSTANTIAL and not looks_wrong(text)


def prefer(trafilatura_text: str, density_text: str) -> bool:
    """True when trafilatura found clearly more prose than the (short) density node."""
    return prose_chars(trafilatura_text) > _TRAFILATURA_GAIN * prose_chars(density_text)
