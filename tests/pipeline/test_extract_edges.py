"""Extraction edges: WeChat's hidden container, broken GBK, short articles above a feed."""

from __future__ import annotations

import pytest

from pipeline.decode import decode_html
from pipeline.extract import extract_article

PARAGRAPHS = (
    "3月18日，重庆市璧山区与四川省遂宁市船山区在璧山签署《产业协作战略合作框架协议》，"
    "两地将在新能源汽车、电子信息等领域深化产业协作。",
    "根据协议，双方将共建产业合作园区，推动产业链上下游企业协同发展，"
    "并建立常态化联席会议制度，每年轮流召开一次。",
)


def wechat_page(style: str) -> str:
    """Raw WeChat article HTML: the body stays hidden until the page's script shows it."""
    body = "".join(f"<p><span>{p}</span></p>" for p in PARAGRAPHS)
    return (
        "<html><head><title>璧山船山签署产业协作协议</title>"
        '<meta property="og:title" content="璧山船山签署产业协作协议"></head><body>'
        '<div id="page-content" class="rich_media_area_primary">'
        '<h1 class="rich_media_title" id="activity-name">璧山船山签署产业协作协议</h1>'
        '<div id="meta_content"><span class="rich_media_meta_nickname">璧山发布</span>'
        '<em id="publish_time">2024-03-18 20:10</em></div>'
        f'<div class="rich_media_content js_underline_content" id="js_content" style="{style}">'
        f"{body}</div>"
        '<div id="js_pc_qr_code" style="display:none">微信扫一扫关注该公众号</div>'
        '<span class="jammer" style="display: none">隐藏的干扰字</span>'
        "</div></body></html>"
    )


def test_wechat_hidden_container_is_extracted() -> None:
    for style in ("visibility: hidden;", "visibility: hidden; opacity: 0;", "opacity:0"):
        text = extract_article(wechat_page(style)).text
        assert text.split("\n") == list(PARAGRAPHS), style
        assert "微信扫一扫" not in text and "干扰字" not in text


def test_gbk_page_with_one_broken_sequence_decodes_as_gb18030() -> None:
    html = (
        '<html><head><meta charset="gb2312"><title>璧山船山签署协议</title></head><body>'
        f"<h1>璧山船山签署协议</h1><p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p></body></html>"
    )
    raw = html.encode("gb18030")
    cut = raw.index("两地".encode("gb18030"))
    broken = raw[:cut] + b"\xff" + raw[cut:]  # a byte no GBK sequence starts with
    end = raw.index("。</p>".encode("gb18030"))
    broken = broken.replace(raw[end - 2 : end + 3], raw[end - 2 : end + 1] + b"</")  # truncated 。
    decoded = decode_html(broken, None)
    assert decoded.encoding == "gb18030"
    assert "产业协作战略合作框架协议" in decoded.text and "深化产业协作" in decoded.text
    assert "每年轮流召开一次" in decoded.text
    assert decoded.text.count("\ufffd") <= 2
    undeclared = decode_html(broken.replace(b'<meta charset="gb2312">', b""), None)
    assert undeclared.encoding == "gb18030" and "深化产业协作" in undeclared.text


def feed_page(item: str, inside: bool) -> str:
    """A short article (~100 characters) and a feed of twelve teasers many times as long."""
    teaser = (
        "近日，某地举办特色文化活动，吸引了大批市民和游客前来参观游玩，现场气氛热烈，活动持续三天。"
    )
    items = {
        "div": '<div class="item"><a href="/n/{i}.html"><h3>第{i}条推荐</h3></a><p>{t}</p></div>',
        "li": '<li><a href="/n/{i}.html">第{i}条推荐</a><p>{t}</p></li>',
        "a": '<a class="card" href="/n/{i}.html"><h4>第{i}条推荐</h4><p>{t}</p></a>',
    }[item]
    feed = "".join(items.format(i=i, t=teaser) for i in range(1, 13))
    feed = f"<ul>{feed}</ul>" if item == "li" else f'<div class="box">{feed}</div>'
    article = "<h1>璧山船山签署产业协作协议</h1>" + "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    main = (
        f'<div class="main">{article}{feed}</div>'
        if inside
        else f'<div class="main">{article}</div>{feed}'
    )
    return (
        f"<html><head><title>璧山船山签署产业协作协议_新闻</title></head><body>{main}</body></html>"
    )


@pytest.mark.parametrize("item", ["div", "li", "a"])
@pytest.mark.parametrize("inside", [True, False])
def test_short_article_keeps_itself_and_drops_the_feed(item: str, inside: bool) -> None:
    assert extract_article(feed_page(item, inside)).text.split("\n") == list(PARAGRAPHS)
