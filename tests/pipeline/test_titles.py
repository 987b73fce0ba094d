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
    ("page_title", "h1", "og", "expected"),
    [
        # Headlines with "_" or "-" inside: the heading that starts <title> is the headline.
        ("成渝“双城记”_川渝合作再提速_四川新闻网", "成渝“双城记”_川渝合作再提速", "", "成渝“双城记”_川渝合作再提速"),
        ("G85银昆高速-泸州段通车 两地一小时可达-新华网", "G85银昆高速-泸州段通车 两地一小时可达", "",
         "G85银昆高速-泸州段通车 两地一小时可达"),
        ("川渝签约-共建产业园_重庆日报网", "", "川渝签约-共建产业园", "川渝签约-共建产业园"),
        ("5G-A网络覆盖川渝主城 - 华龙网", "5G-A网络覆盖川渝主城", "", "5G-A网络覆盖川渝主城"),
        # The ordinary case still holds.
        ("泸州与永川签署合作协议_重庆日报网", "泸州与永川签署合作协议", "", "泸州与永川签署合作协议"),
        # A short tail after "_" is part of the headline when the <h1> says so.
        ("泸州市与永川区签署生态合作协议_共建_四川在线", "泸州市与永川区签署生态合作协议_共建", "",
         "泸州市与永川区签署生态合作协议_共建"),
        ("川渝两地签署协议-附全文_重庆日报网", "", "川渝两地签署协议-附全文", "川渝两地签署协议-附全文"),
        ("川渝两地签署协议 - 附全文_重庆日报网", "川渝两地签署协议 - 附全文", "", "川渝两地签署协议 - 附全文"),
    ],
)  # fmt: skip
def test_heading_that_starts_the_page_title_wins(
    page_title: str, h1: str, og: str, expected: str
) -> None:
    assert title_of(page_title, h1, og) == expected
