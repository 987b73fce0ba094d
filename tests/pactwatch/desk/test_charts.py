"""The SVG charts: well-formed XML, one shape per datum, tooltips, hostile labels kept as text."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from pactwatch.web.desk.charts import (
    Bar,
    Edge,
    Node,
    Series,
    bar_chart,
    network_chart,
    ranking_chart,
    stacked_bar_chart,
    xml_text,
)

NS = {"svg": "http://www.w3.org/2000/svg"}
HOSTILE = '</svg><script>window.__pwned=1</script>"&\x0b泸州'


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


def _of_class(root: ET.Element, tag: str, cls: str) -> list[ET.Element]:
    return [e for e in root.iter(f"{{{NS['svg']}}}{tag}") if e.get("class") == cls]


def _tip(element: ET.Element) -> str:
    title = element.find("svg:title", NS)
    assert title is not None and title.text is not None
    return title.text


def test_a_bar_chart_has_one_bar_per_value_with_its_tooltip_and_axis_titles() -> None:
    bars = [Bar("2026-01", 3), Bar("2026-02", 0), Bar("2026-03", 7, "三月：7 项")]
    root = _parse(bar_chart(bars, title="每月", x_label="月份", y_label="协议数"))
    drawn = _of_class(root, "rect", "bar")
    assert len(drawn) == 3
    assert [_tip(b) for b in drawn] == ["2026-01：3", "2026-02：0", "三月：7 项"]
    heights = [float(b.get("height", "nan")) for b in drawn]
    assert heights[1] == 0 and heights[2] > heights[0] > 0
    assert abs(heights[2] / heights[0] - 7 / 3) < 0.01
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert {"每月", "月份", "协议数"} <= set(texts)
    assert [t.text for t in _of_class(root, "text", "tick") if t.get("text-anchor") == "end"] == [
        "0", "2", "4", "6", "8",
    ]  # fmt: skip
    assert _tip(root) == "每月"  # the whole chart's tooltip and accessible name
    assert root.get("role") == "img" and root.get("aria-label") == "每月"


def test_many_months_get_thinned_labels_but_every_bar() -> None:
    bars = [Bar(f"m{n}", n) for n in range(80)]
    root = _parse(bar_chart(bars, title="t", x_label="x", y_label="y"))
    assert len(_of_class(root, "rect", "bar")) == 80
    labels = [t for t in _of_class(root, "text", "tick") if t.get("text-anchor") == "middle"]
    assert 5 <= len(labels) < 20 and labels[0].text == "m0"


def test_hostile_labels_stay_text_and_control_characters_cannot_break_the_xml() -> None:
    svg = bar_chart([Bar(HOSTILE, 1)], title=HOSTILE, x_label=HOSTILE, y_label="y")
    assert "<script>" not in svg and "</svg><" not in svg[:-6]
    root = _parse(svg)
    cleaned = HOSTILE.replace("\x0b", "\ufffd")
    assert root.get("aria-label") == cleaned
    assert _tip(_of_class(root, "rect", "bar")[0]) == f"{cleaned}：1"
    assert cleaned in [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    assert xml_text("a\x00b\ud800c\ufffe") == "a\ufffdb\ufffdc\ufffd"


def test_a_stacked_chart_draws_nonzero_segments_stacked_and_a_legend() -> None:
    series = [Series("产业", [1, 0, 2]), Series(HOSTILE, [3, 0, 0])]
    cleaned = HOSTILE.replace("\x0b", "\ufffd")
    root = _parse(
        stacked_bar_chart(["a", "b", "c"], series, title="领域", x_label="月", y_label="n")
    )
    segments = _of_class(root, "rect", "segment")
    assert [_tip(s) for s in segments] == [
        "a · 产业：1", f"a · {cleaned}：3", "c · 产业：2",
    ]  # fmt: skip
    first, second = segments[0], segments[1]  # category a: 1 below, 3 on top of it
    assert float(second.get("y", "0")) + float(second.get("height", "0")) == float(
        first.get("y", "0")
    )
    assert first.get("fill") != second.get("fill")
    assert len(_of_class(root, "rect", "swatch")) == 2
    assert [t.text for t in _of_class(root, "text", "legend")] == ["产业", cleaned]


def test_a_ranking_chart_has_a_labelled_bar_per_pair() -> None:
    bars = [Bar("泸州市–永川区", 12), Bar("泸州市–荣昌区", 3)]
    root = _parse(ranking_chart(bars, title="组合", x_label="协议数"))
    drawn = _of_class(root, "rect", "bar")
    assert len(drawn) == 2
    assert float(drawn[0].get("width", "0")) == 4 * float(drawn[1].get("width", "0"))
    assert [t.text for t in _of_class(root, "text", "label")] == ["泸州市–永川区", "泸州市–荣昌区"]
    assert [t.text for t in _of_class(root, "text", "value")] == ["12", "3"]


def test_the_network_puts_sichuan_west_chongqing_east_and_widens_heavy_edges() -> None:
    nodes = [
        Node("四川省泸州市", "泸州市", 5, 0),
        Node("四川省宜宾市", "宜宾市", 1, 0),
        Node("重庆市永川区", "永川区", 4, 1),
        Node("x", HOSTILE, 1, 2, tip="其他"),
    ]
    edges = [
        Edge("四川省泸州市", "重庆市永川区", 4, "泸州市–永川区：4"),
        Edge("四川省宜宾市", "重庆市永川区", 1),
        Edge("四川省泸州市", "nowhere", 9),  # not drawn: no such node
    ]
    root = _parse(network_chart(nodes, edges, title="网络"))
    circles = _of_class(root, "circle", "node")
    assert len(circles) == 4
    x = {_tip(c): float(c.get("cx", "0")) for c in circles}
    centre = 320
    assert x["泸州市：5"] < centre and x["宜宾市：1"] < centre and x["永川区：4"] > centre
    radius = {_tip(c): float(c.get("r", "0")) for c in circles}
    assert radius["泸州市：5"] > radius["永川区：4"] > radius["宜宾市：1"]
    lines = _of_class(root, "line", "edge")
    assert len(lines) == 2
    widths = {_tip(line): float(line.get("stroke-width", "0")) for line in lines}
    assert widths["泸州市–永川区：4"] > widths["四川省宜宾市–重庆市永川区：1"]
    labels = [t.text for t in _of_class(root, "text", "label")]
    assert HOSTILE.replace("\x0b", "\ufffd") in labels


def test_empty_charts_are_still_valid_svg() -> None:
    for svg in (
        bar_chart([], title="t", x_label="x", y_label="y"),
        stacked_bar_chart([], [], title="t", x_label="x", y_label="y"),
        ranking_chart([], title="t", x_label="x"),
        network_chart([], [], title="t"),
    ):
        _parse(svg)
