"""Fallback body finder: text- and punctuation-density scoring over the block nodes.

After GeneralNewsExtractor (Hong & al., "Web page main text extraction based on text
and symbol density"): the article is the node with much non-link text per tag and many
full stops and commas, which Chinese prose has and link lists and navigation do not.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass

from lxml import etree

from pipeline.extract.blocks import node_text

__all__ = ["density_body", "drop_feeds"]

_PUNCT = re.compile(r"[，。！？；：、“”‘’「」《》,.!?;:]")
# A node with fewer non-link characters is never the article (a caption, a teaser).
_MIN_TEXT = 40
# Blocks inside the winner that are mostly link text (related-story lists) are dropped.
_LINK_LIST_SHARE = 0.5
# This many same-template linked siblings make a feed (recommended reading, trending).
_FEED_ITEMS = 4
# A feed item is a headline and a teaser; a longer sibling is a layout column.
_MAX_FEED_ITEM = 300
_PROSE_TAGS = frozenset({"p", "br", "span", "strong", "b", "em", "font", "img"})


@dataclass(slots=True)
class _Stats:
    text: int = 0  # visible characters in the subtree
    link_text: int = 0  # of which inside <a>
    tags: int = 1
    link_tags: int = 0
    punct: int = 0  # punctuation outside links


def _measure(s: str | None) -> tuple[int, int]:
    if not s:
        return 0, 0
    stripped = "".join(s.split())
    return len(stripped), len(_PUNCT.findall(stripped))


def _stats_of(el: etree._Element, table: dict[etree._Element, _Stats]) -> _Stats:
    st = _Stats()
    st.text, st.punct = _measure(el.text)
    for child in el:
        if (cs := table.get(child)) is not None:
            st.text += cs.text
            st.link_text += cs.link_text
            st.tags += cs.tags
            st.link_tags += cs.link_tags
            st.punct += cs.punct
        n, p = _measure(child.tail)
        st.text += n
        st.punct += p
    if el.tag == "a":
        st.link_text, st.link_tags, st.punct = st.text, st.tags, 0
    return st


def _all_stats(body: etree._Element) -> dict[etree._Element, _Stats]:
    """Subtree statistics for every element, children before parents (one pass)."""
    table: dict[etree._Element, _Stats] = {}
    for el in reversed(list(body.iter(tag=etree.Element))):
        table[el] = _stats_of(el, table)
    return table


def _score(st: _Stats) -> float:
    plain = st.text - st.link_text
    if plain < _MIN_TEXT:
        return 0.0
    # Favour the largest node whose text is prose, not links: an outer container gains
    # characters but loses by the squared link share, a single <p> loses by size.
    density = plain / max(1, st.tags - st.link_tags)
    link_share = st.link_text / st.text
    return plain * (1 - link_share) ** 2 * math.log(density + 1) * math.log(st.punct + 2)


def _drop_link_lists(node: etree._Element, table: dict[etree._Element, _Stats]) -> None:
    for el in list(node.iterdescendants(tag=etree.Element)):
        st = table.get(el)
        if st and st.text and st.link_text / st.text > _LINK_LIST_SHARE and el.tag != "a":
            parent = el.getparent()
            if parent is not None:
                parent.remove(el)


def _feed_items(parent: etree._Element) -> list[etree._Element]:
    """Children that are items of a feed: 4+ siblings of one tag and class, each a link.

    Recommended-reading and trending feeds repeat one item template; article paragraphs
    are <p> and rarely all carry links.
    """
    groups: dict[tuple[str, str], list[etree._Element]] = defaultdict(list)
    for child in parent.iterchildren(tag=etree.Element):
        if child.tag not in _PROSE_TAGS:
            groups[(str(child.tag), child.get("class") or "")].append(child)
    items: list[etree._Element] = []
    for members in groups.values():
        linked = [m for m in members if m.tag == "a" or m.find(".//a") is not None]
        small = all(len(m.xpath("string()")) <= _MAX_FEED_ITEM for m in members)
        if len(members) >= _FEED_ITEMS and len(linked) == len(members) and small:
            items.extend(members)
    return items


def drop_feeds(node: etree._Element) -> None:
    """Drop feeds inside the chosen node, as long as an article's worth of text remains."""
    for parent in [node, *node.iterdescendants(tag=etree.Element)]:
        if len(parent) < _FEED_ITEMS:
            continue  # too few children to hold a feed: the common case, decided cheaply
        if parent.getparent() is None and parent is not node:
            continue  # inside a feed already dropped
        items = _feed_items(parent)
        feed_text = sum(len("".join(i.xpath("string()").split())) for i in items)
        if items and len("".join(node.xpath("string()").split())) - feed_text >= _MIN_TEXT:
            for item in items:
                parent.remove(item)


def density_body(root: etree._Element) -> str:
    """Text of the densest block node under ``<body>``; empty when none qualifies."""
    bodies = root.xpath("//body")
    body = bodies[0] if bodies else root
    table = _all_stats(body)
    # Text inside a link is a teaser card's, never the article's.
    in_links = {d for a in body.iter("a") for d in a.iterdescendants()}
    best = max(
        (el for el in table if el not in in_links), key=lambda el: _score(table[el]), default=None
    )
    if best is None or _score(table[best]) == 0.0:
        return ""
    _drop_link_lists(best, table)
    drop_feeds(best)
    return node_text(best)
