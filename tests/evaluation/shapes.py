"""Shapes a real copy of a report may come in that change nothing it says.

An e-paper or forum copy breaks lines inside sentences, a reprint is in Traditional script,
a CMS writes half-width punctuation, indents paragraphs with ideographic spaces or spaces
digits out ("2024 年 5 月 16 日"), a portal wraps the story in navigation and footer lines.
`bench/reports_robustness.py` scores the labelled reports in each shape side by side;
tests/pipeline/test_own_reports_gate.py checks that a sample reads the same in each.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

_WIDTH = 76  # half-character cells a narrow e-paper column or a forum quote holds (38 Han)


def _wrap(text: str) -> str:
    # Broken where the page's column is full: a Han character or full-width mark takes two
    # cells, a digit or Latin letter one (the corpus's "," was "，" on the page).
    out = []
    for line in text.splitlines():
        piece, cells = "", 0
        for ch in line:
            wide = 2 if ch in ",;:()!?" or unicodedata.east_asian_width(ch) in "WF" else 1
            if cells + wide > _WIDTH:
                out.append(piece)
                piece, cells = "", 0
            piece, cells = piece + ch, cells + wide
        out.append(piece)
    return "\n".join(out)


def _wrap_characters(text: str) -> str:
    # A forum's or a mailer's copy cut at a count of characters, digits and all.
    width = _WIDTH // 2
    out = []
    for line in text.splitlines():
        out.extend(line[i : i + width] for i in range(0, max(len(line), 1), width))
    return "\n".join(out)


_HALF = str.maketrans("，：；（）！？", ",:;()!?")


def _halfwidth(text: str) -> str:
    return text.translate(_HALF)


def _traditional(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


def _indent(text: str) -> str:
    # Each paragraph opens with two ideographic spaces; a line a column cut goes on unindented.
    out, opens = [], True
    for line in text.splitlines():
        out.append("\u3000\u3000" + line if opens and line.strip() else line)
        opens = not line.strip() or line.rstrip().endswith(("。", "!", "?", "”", ":"))
    return "\n".join(out)


_NAV = "首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流\n当前位置：首页 > 新闻中心 > 要闻动态\n"
_FOOT = (
    "\n【打印本页】【关闭窗口】\n主办单位：某某市人民政府办公室 版权所有\n"
    "网站标识码：5100000001 蜀ICP备12345678号 川公网安备 51010402000001号\n"
)


def _furniture(text: str) -> str:
    # Navigation goes after the headline, as portals print it under their masthead.
    head, _, rest = text.partition("\n")
    return head + "\n" + _NAV + rest + _FOOT


# Between a Han character and a digit run, either side; never beside punctuation.
_HAN_DIGITS = re.compile(r"(?<=[\u4e00-\u9fff])(?=\d)|(?<=\d)(?=[\u4e00-\u9fff])")


def _spaced(text: str) -> str:
    # Typesetting that spaces Han text from Latin digits (pangu.js and the CMSs that copy
    # it): "2024 年 5 月 16 日", "签署 3 份协议".
    return _HAN_DIGITS.sub(" ", text)


SHAPES: dict[str, Callable[[str], str]] = {
    "as labelled": lambda text: text,
    "wrapped": _wrap,
    "wrapped by characters": _wrap_characters,
    "half-width": _halfwidth,
    "traditional": _traditional,
    "indented": _indent,
    "furniture": _furniture,
    "spaced digits": _spaced,
}
