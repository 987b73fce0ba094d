"""Headlines: the <h1>/og:title that starts <title> wins over cutting <title> at a separator."""

from __future__ import annotations

import pytest

from pipeline.extract.blocks import parse_html
from pipeline.extract.metadata import find_title


def title_of(page_title: str, h1: str = "", og: str = "") -> str:
    meta = f'<meta property="og:title" content="{og}">' if og else ""
    heading = f"<h1>{h1}</h1>" if h1 else ""
    return find_title(
        parse_html(
            f"<html><head><title>{page_title}</title>{meta}</head><body>{heading}</body></html>"
        )
    )


@pytest.mark.parametrize(
    ("headline", "suffix", "where"),
    [
        # Headlines with "_" or "-" inside: the heading that starts <title> is the headline.
        ("成渝“双城记”_川渝合作再提速", "_四川新闻网", "h1"),
        ("G85银昆高速-泸州段通车 两地一小时可达", "-新华网", "h1"),
        ("川渝签约-共建产业园", "_重庆日报网", "og"),
        ("5G-A网络覆盖川渝主城", " - 华龙网", "h1"),
        ("泸州与永川签署合作协议", "_重庆日报网", "h1"),  # the ordinary case still holds
        # A short tail after "_" is part of the headline when the <h1> says so.
        ("泸州市与永川区签署生态合作协议_共建", "_四川在线", "h1"),
        ("川渝两地签署协议-附全文", "_重庆日报网", "og"),
        ("川渝两地签署协议 - 附全文", "_重庆日报网", "h1"),
    ],
)
def test_heading_that_starts_the_page_title_wins(headline: str, suffix: str, where: str) -> None:
    h1, og = (headline, "") if where == "h1" else ("", headline)
    assert title_of(headline + suffix, h1, og) == headline


def test_a_logo_heading_does_not_win() -> None:
    assert title_of("重庆日报_泸州与永川签署合作协议", "重庆日报") != "重庆日报"
