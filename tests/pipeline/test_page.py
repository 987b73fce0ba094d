from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pipeline.normalise import normalise
from pipeline.page import content_hash, parse_listed_date, read_html, read_plain_text

CST = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sun, 22 Nov 2026 01:30:00 GMT", datetime(2026, 11, 22, 1, 30, tzinfo=UTC)),
        ("2026-11-22T09:30:00+08:00", datetime(2026, 11, 22, 9, 30, tzinfo=CST)),
        ("2026-11-22T01:30:00Z", datetime(2026, 11, 22, 1, 30, tzinfo=UTC)),
        ("2026-11-22", datetime(2026, 11, 22, tzinfo=CST)),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_listed_dates_from_feeds_and_sitemaps(text: str | None, expected: datetime | None) -> None:
    assert parse_listed_date(text) == expected


def test_normalise_folds_script_width_and_space() -> None:
    assert (
        normalise("兩地簽署《合作協議》ＡＢＣ１２３\n\n  第二段  ")
        == "两地签署《合作协议》ABC123\n第二段"
    )


def test_content_hash_ignores_whitespace_only() -> None:
    assert content_hash("两地 签署\n协议") == content_hash("两地签署协议")
    assert content_hash("两地签署协议") != content_hash("三地签署协议")


def test_gbk_page_without_charset_analyses_to_clean_simplified_text() -> None:
    html = (
        "<html><head><title>泸州与永川签署合作协议_测试网</title></head><body><h1>泸州与永川签署合作协议</h1>"
        "<p>发布时间：2020-07-15 09:30</p><div>"
        + "".join(
            f"<p>5月27日，泸州市与重庆市永川区签署《战略合作框架协议》，第{i}段。</p>"
            for i in range(8)
        )
        + "</div></body></html>"
    ).encode("gbk")
    page = read_html(html, "text/html", "http://x.cn/a.html")
    assert page.encoding == "gb18030"
    assert page.title == "泸州与永川签署合作协议"
    assert page.published_at == datetime(2020, 7, 15, 9, 30, tzinfo=CST)
    assert "《战略合作框架协议》" in page.text


def test_plain_text_in_gb18030() -> None:
    page = read_plain_text("重庆与四川签约\n两地签署《合作协议》，共建产业园区。".encode("gb18030"))
    assert page.title == "重庆与四川签约"
    assert page.published_at is None


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("犍(qián)为县与綦（qí）江区签约", "犍为县与綦江区签约"),
        ("两地\u200b签署\ufeff协议", "两地签署协议"),
        ("★★★★ 协议 ———— 签署", "协议 签署"),
        ("兩地簽署協議（Ａｇｒｅｅｍｅｎｔ）", "两地签署协议(Agreement)"),
        ("合作 (cooperation) 协议", "合作 (cooperation) 协议"),  # not a gloss: no CJK before it
        # a gloss mangled by a wrong encoding keeps the sentence whole; a real "?" stays
        ("院长某?guī)ш?duì)一行到东坡法院。是吗?对。", "院长某一行到东坡法院。是吗?对。"),
        # entities left in text copied from a page's source; a bare "&" is text
        ("签署&nbsp;《协议》&amp;备忘录 A&B", "签署 《协议》&备忘录 A&B"),
        # typesetting's spaces between Han text and digits go; a time's, a list's, a table
        # row's and spam's stay
        (
            "2024 年 5 月 16 日,船山区 6 家企业签署 3 份协议",
            "2024年5月16日,船山区6家企业签署3份协议",
        ),
        ("《成渝 2024 年合作协议(2021— 2025 年)》", "《成渝2024年合作协议(2021—2025年)》"),
        ("《工会建设 2.0 合作协议》", "《工会建设2.0合作协议》"),
        ("2024-05-16 09:33 来源:新华网", "2024-05-16 09:33 来源:新华网"),
        ("签约单位:宜宾学院 6.校地合作协议", "签约单位:宜宾学院 6.校地合作协议"),
        ("1 资大文旅合作协议 资阳市文旅局", "1 资大文旅合作协议 资阳市文旅局"),
        ("《平舆县人民政府 3044am永利集团合作协议》", "《平舆县人民政府 3044am永利集团合作协议》"),
        ("24 小时热点", "24小时热点"),
    ],
)
def test_normalise_removes_inline_junk_and_keeps_text(raw: str, expected: str) -> None:
    assert normalise(raw) == expected


def test_normalise_body_drops_surviving_furniture_lines() -> None:
    from pipeline.page import normalise_body

    text = "两地签署合作协议。\n分享到：微信 微博\n双方将深化合作。\n相关新闻\n某地召开会议"
    assert normalise_body(text) == "两地签署合作协议。\n双方将深化合作。"
