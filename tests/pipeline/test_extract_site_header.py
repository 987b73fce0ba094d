"""A site header or menu (class/id "header", "nav", "menu") never becomes article text."""

from __future__ import annotations

import pytest

from pipeline.extract import extract_article

BODY = "<p>四川省与重庆市今天签署《川渝合作框架协议》，双方将在交通、产业等方面加强合作。</p>"


@pytest.mark.parametrize(
    "furniture",
    [
        '<div class="header">nav</div>',
        '<div id="nav">首页 新闻 政务</div>',
        '<ul class="top menu"><li>首页</li></ul>',
    ],
)
def test_a_site_header_is_not_the_body(furniture: str) -> None:
    page = f"<html><head><title>川渝签约</title></head><body>{furniture}{BODY}</body></html>"
    text = extract_article(page, "https://news.example.cn/a/1.html").text
    assert text.startswith("四川省与重庆市今天签署")
    assert "nav" not in text and "首页" not in text


def test_an_article_header_is_kept() -> None:
    page = (
        "<html><head><title>川渝签约</title></head><body>"
        f'<div class="article-header"><p>开栏的话：川渝合作再提速。</p></div>{BODY}</body></html>'
    )
    assert "开栏的话" in extract_article(page, "https://news.example.cn/a/1.html").text
