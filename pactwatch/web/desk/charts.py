"""Charts as server-rendered SVG: data in, an SVG document (as `Markup`) out.

Built with `xml.etree.ElementTree`, so every label (region names and months come from
scraped pages) is escaped by the serialiser, never by hand; characters XML cannot hold at
all are replaced first. Each bar, segment, node and edge carries a `<title>` the browser
shows as a tooltip; nothing needs JavaScript, and styling is by class (stats.css) plus
presentation attributes, which the desk's CSP allows where `style=""` is refused.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
# Fifteen distinguishable colours (one per sector code), after Tableau 20.
PALETTE = (
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7",
    "#9c755f", "#bab0ac", "#86bcb6", "#d37295", "#8cd17d", "#b6992d", "#499894",
)  # fmt: skip
GROUP_COLOURS = ("#b91c1c", "#1d4ed8", "#6b7280")  # Sichuan, Chongqing, elsewhere
# Code points XML 1.0 cannot carry even escaped; a scraped page may still contain them.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

WIDTH, HEIGHT = 760, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 16, 40, 58
LABEL_WIDTH = 56  # px a month label ("2026-03") needs at 11 px, with a gap
LABEL_STEPS = (1, 2, 3, 6, 12, 24, 60, 120)


@dataclass(frozen=True)
class Bar:
    """One bar: its axis label, its value, and a tooltip (`label：value` when empty)."""

    label: str
    value: int
    tip: str = ""


@dataclass(frozen=True)
class Series:
    """One layer of a stacked chart: a legend name and one value per category."""

    name: str
    values: Sequence[int]
    colour: str = ""  # the palette's next colour when empty


@dataclass(frozen=True)
class Node:
    """A place in the network; `group` picks its colour and side (0 west, 1 east, 2 other)."""

    key: str
    label: str
    weight: int
    group: int = 2
    tip: str = ""


@dataclass(frozen=True)
class Edge:
    a: str  # Node.key
    b: str
    weight: int
    tip: str = ""


def xml_text(value: str) -> str:
    """`value` with the characters XML cannot represent replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", value)


def bar_chart(bars: Sequence[Bar], *, title: str, x_label: str, y_label: str) -> Markup:
    """Vertical bars over categories (months), with a value axis and thinned labels."""
    svg = _svg(WIDTH, HEIGHT, title)
    top = _axes(svg, max((b.value for b in bars), default=0), x_label, y_label)
    slot = (WIDTH - LEFT - RIGHT) / max(len(bars), 1)
    for i, bar in enumerate(bars):
        x, height = LEFT + i * slot, _scale(bar.value, top)
        rect = _rect(svg, x + slot * 0.1, HEIGHT - BOTTOM - height, slot * 0.8, height, "bar")
        _tip(rect, bar.tip or f"{bar.label}：{bar.value}")
    _category_labels(svg, [b.label for b in bars], slot)
    return _serialise(svg)


def stacked_bar_chart(
    categories: Sequence[str], series: Sequence[Series], *, title: str, x_label: str, y_label: str
) -> Markup:
    """One bar per category, stacked by series, with a legend to the right."""
    legend_width = 190
    svg = _svg(WIDTH + legend_width, max(HEIGHT, TOP + 18 * len(series) + 8), title)
    totals = [sum(s.values[i] for s in series) for i in range(len(categories))]
    top = _axes(svg, max(totals, default=0), x_label, y_label)
    slot = (WIDTH - LEFT - RIGHT) / max(len(categories), 1)
    for i, category in enumerate(categories):
        base: float = HEIGHT - BOTTOM
        for n, layer in enumerate(series):
            if not layer.values[i]:
                continue
            height = _scale(layer.values[i], top)
            base -= height
            rect = _rect(svg, LEFT + i * slot + slot * 0.1, base, slot * 0.8, height, "segment")
            rect.set("fill", layer.colour or PALETTE[n % len(PALETTE)])
            _tip(rect, f"{category} · {layer.name}：{layer.values[i]}")
    _category_labels(svg, categories, slot)
    for n, layer in enumerate(series):
        y = TOP + 18 * n
        swatch = _rect(svg, WIDTH + 8, y, 12, 12, "swatch")
        swatch.set("fill", layer.colour or PALETTE[n % len(PALETTE)])
        _text(svg, WIDTH + 26, y + 10, layer.name, "legend")
    return _serialise(svg)


def ranking_chart(bars: Sequence[Bar], *, title: str, x_label: str) -> Markup:
    """Horizontal bars, largest first as given, labels on the left (for pairs of places)."""
    row, label_width = 24, 200
    height = TOP + row * len(bars) + 40
    svg = _svg(WIDTH, height, title)
    peak = max((b.value for b in bars), default=0) or 1
    room = WIDTH - label_width - RIGHT - 40
    for i, bar in enumerate(bars):
        y = TOP + i * row
        _text(svg, label_width - 8, y + 16, bar.label, "label", anchor="end")
        rect = _rect(svg, label_width, y + 4, room * bar.value / peak, row - 8, "bar")
        _tip(rect, bar.tip or f"{bar.label}：{bar.value}")
        _text(svg, label_width + room * bar.value / peak + 6, y + 16, str(bar.value), "value")
    _text(svg, label_width + room / 2, height - 12, x_label, "axis-label", anchor="middle")
    return _serialise(svg)


def network_chart(nodes: Sequence[Node], edges: Sequence[Edge], *, title: str) -> Markup:
    """Nodes on a circle (grouped, west group on the left), edges as wide as their weight."""
    size, radius = 640, 220
    svg = _svg(size, size, title)
    centre = (size / 2, size / 2 + 10)  # below the title
    places = _circle(nodes, centre, radius)
    heaviest = max((e.weight for e in edges), default=1) or 1
    for edge in sorted(edges, key=lambda e: e.weight):
        if edge.a not in places or edge.b not in places:
            continue
        (x1, y1), (x2, y2) = places[edge.a], places[edge.b]
        line = ET.SubElement(svg, "line", {"class": "edge", **_xy(x1=x1, y1=y1, x2=x2, y2=y2)})
        line.set("stroke-width", _num(1 + 9 * edge.weight / heaviest))
        _tip(line, edge.tip or f"{edge.a}–{edge.b}：{edge.weight}")
    peak = max((n.weight for n in nodes), default=1) or 1
    for node in nodes:
        x, y = places[node.key]
        r = 5 + 13 * math.sqrt(node.weight / peak)
        dot = ET.SubElement(svg, "circle", {"class": "node", **_xy(cx=x, cy=y, r=r)})
        dot.set("fill", GROUP_COLOURS[min(node.group, 2)])
        _tip(dot, node.tip or f"{node.label}：{node.weight}")
        _node_label(svg, node.label, (x, y), centre, r)
    return _serialise(svg)


# --- drawing helpers ------------------------------------------------------------------------


def _svg(width: float, height: float, title: str) -> ET.Element:
    svg = ET.Element(
        "svg",
        {"xmlns": SVG_NS, "viewBox": f"0 0 {_num(width)} {_num(height)}", "class": "chart"},
    )
    svg.set("role", "img")
    svg.set("aria-label", xml_text(title))
    _tip(svg, title)
    _text(svg, 8, 22, title, "chart-title")
    return svg


def _axes(svg: ET.Element, peak: int, x_label: str, y_label: str) -> int:
    """The value axis with its ticks and both axis titles; returns the axis's top value."""
    step = _step(peak)
    top = max(step, math.ceil(peak / step) * step)
    for value in range(0, top + 1, step):
        y = HEIGHT - BOTTOM - _scale(value, top)
        attrs = _xy(x1=LEFT, y1=y, x2=WIDTH - RIGHT, y2=y)
        ET.SubElement(svg, "line", {"class": "grid", **attrs})
        _text(svg, LEFT - 6, y + 4, str(value), "tick", anchor="end")
    _text(svg, (LEFT + WIDTH - RIGHT) / 2, HEIGHT - 8, x_label, "axis-label", anchor="middle")
    y_title = _text(svg, 14, (TOP + HEIGHT - BOTTOM) / 2, y_label, "axis-label", anchor="middle")
    y_title.set("transform", f"rotate(-90 14 {_num((TOP + HEIGHT - BOTTOM) / 2)})")
    return top


def _category_labels(svg: ET.Element, labels: Sequence[str], slot: float) -> None:
    """Labels under the bars; every k-th only when all would overlap, k a number of months
    that reads well (every quarter, half year, year)."""
    needed = math.ceil(LABEL_WIDTH / slot) if slot else 1
    every = next((k for k in LABEL_STEPS if k >= needed), needed)
    for i, label in enumerate(labels):
        if i % every == 0:
            x = LEFT + (i + 0.5) * slot
            _text(svg, x, HEIGHT - BOTTOM + 16, label, "tick", anchor="middle")


def _circle(
    nodes: Sequence[Node], centre: tuple[float, float], radius: float
) -> dict[str, tuple[float, float]]:
    """Positions from the top anticlockwise: group 0 falls on the left (west), 1 on the right."""
    order = sorted(nodes, key=lambda n: (n.group if n.group < 2 else 0.5, n.key))
    places = {}
    for i, node in enumerate(order):
        angle = math.pi / 2 + 2 * math.pi * (i + 0.5) / len(order)
        x, y = centre[0] + radius * math.cos(angle), centre[1] - radius * math.sin(angle)
        places[node.key] = (x, y)
    return places


def _node_label(
    svg: ET.Element, label: str, at: tuple[float, float], centre: tuple[float, float], r: float
) -> None:
    """A label just outside the circle, on the node's side of it."""
    dx, dy = at[0] - centre[0], at[1] - centre[1]
    push = (math.hypot(dx, dy) + r + 6) / (math.hypot(dx, dy) or 1.0)
    x, y = centre[0] + dx * push, centre[1] + dy * push
    anchor = "start" if dx > 20 else "end" if dx < -20 else "middle"
    shift = 4 if anchor != "middle" else 12 if dy > 0 else -4
    _text(svg, x, y + shift, label, "label", anchor)


def _rect(svg: ET.Element, x: float, y: float, w: float, h: float, cls: str) -> ET.Element:
    return ET.SubElement(svg, "rect", {"class": cls, **_xy(x=x, y=y, width=w, height=h)})


def _text(
    svg: ET.Element, x: float, y: float, text: str, cls: str, anchor: str = "start"
) -> ET.Element:
    element = ET.SubElement(svg, "text", {"class": cls, **_xy(x=x, y=y)})
    if anchor != "start":
        element.set("text-anchor", anchor)
    element.text = xml_text(text)
    return element


def _tip(element: ET.Element, text: str) -> None:
    ET.SubElement(element, "title").text = xml_text(text)


def _scale(value: int, top: int) -> float:
    return (HEIGHT - TOP - BOTTOM) * value / top if top else 0.0


def _step(peak: int) -> int:
    """A round tick step giving at most five intervals up to `peak`."""
    magnitude = 10 ** max(0, len(str(max(peak, 1))) - 1)
    for step in (magnitude, 2 * magnitude, 5 * magnitude, 10 * magnitude):
        if peak <= 5 * step:
            return step
    return 10 * magnitude


def _xy(**values: float) -> dict[str, str]:
    return {name: _num(value) for name, value in values.items()}


def _num(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _serialise(svg: ET.Element) -> Markup:
    # Safe to mark up: the serialiser escaped every text node and attribute value.
    return Markup(ET.tostring(svg, encoding="unicode"))  # noqa: S704
