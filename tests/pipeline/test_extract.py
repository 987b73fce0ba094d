"""Extraction on real pages (gold file), seeds, and hand-made pages with furniture."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pipeline.extract import ExtractionError, XPathOverrides, extract_article, extract_plain_text

REPO = Path(__file__).parents[2]
PAGES = REPO.parent / "shared/fixtures/real-pages"
GOLD = REPO / "tests/data/real_pages_gold.json"
SEEDS = REPO / "tests/data/seeds"
SHANGHAI = ZoneInfo("Asia/Shanghai")
# Acceptance floor: title right, must-have snippets present, furniture absent.
MIN_SHARE_OK = 0.90


def _squash(text: str) -> str:
    return "".join(text.split())


def _page_ok(expected: dict, html: str) -> bool:
    try:
        got = extract_article(html)
    except ExtractionError:
        return bool(expected.get("no_body"))
    titles = expected["title"] if isinstance(expected["title"], list) else [expected["title"]]
    body = _squash(got.text)
    return (
        _squash(got.title) in {_squash(t) for t in titles}
        and all(_squash(s) in body for s in expected["must"])
        and not any(_squash(s) in body for s in expected["not"])
    )


def test_real_pages_meet_the_floor() -> None:
    if not PAGES.is_dir():
        pytest.skip("../shared/fixtures/real-pages not found: third-party pages are not shipped")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    failed = [p for p, exp in gold.items() if not _page_ok(exp, (PAGES / p).read_text("utf-8"))]
    share = 1 - len(failed) / len(gold)
    assert share >= MIN_SHARE_OK, f"{share:.0%} ok; failing: {failed}"


def test_gold_covers_every_real_page() -> None:
    if not PAGES.is_dir():
        pytest.skip("../shared/fixtures/real-pages not found: third-party pages are not shipped")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["pages"]
    on_disk = {str(p.relative_to(PAGES)) for p in PAGES.rglob("*.html")}
    assert on_disk == set(gold)


ARTICLE = """<html><head><title>泸州与永川签署合作协议_重庆日报网</title>
<meta property="article:published_time" content="2021-06-11T09:30:00">
</head><body>
<div class="nav"><a href="/">首页</a> &gt; <a href="/hy">环渝</a></div>
<h1>泸州与永川签署合作协议</h1>
<div class="info">2021年06月11日 09:30 来源：四川日报 记者 张三</div>
<div class="content">
<p>6月11日，泸州市与重庆市永川区签署《永西泸东双城经济圈区域合作框架协议》，双方将在产业、交通等领域深化合作。</p>
<p>根据协议，两地将共建产业园区，推动<font class="jammer">abc123</font>基础设施互联互通，
<span style="display: none">jammer-text</span>共享公共服务资源。</p>
<p>泸州市有关负责人表示，此次签约标志着两地合作进入新阶段，将为成渝地区双城经济圈建设贡献力量。</p>
<p>责任编辑：李四</p>
<div class="share">分享到：微信 微博</div>
</div>
<div class="related"><h3>相关阅读</h3><ul><li><a href="/a">永川召开招商大会</a></li></ul></div>
<div id="comments">网友评论 <p>我要评论</p></div>
<p>上一篇：永川新闻</p>
<div class="footer">版权所有 重庆日报网 Copyright 2021</div>
</body></html>"""


def test_hand_made_page_is_clean() -> None:
    got = extract_article(ARTICLE, "https://example.cn/a.htm")
    assert got.title == "泸州与永川签署合作协议"
    assert got.published_at == datetime(2021, 6, 11, 9, 30, tzinfo=SHANGHAI)
    assert got.source_name == "四川日报"
    assert got.author == "张三"
    assert got.language == "zh-Hans"
    assert got.text.startswith("6月11日，泸州市与重庆市永川区签署")
    assert got.text.endswith("贡献力量。")
    for junk in (
        "abc123",
        "jammer-text",
        "责任编辑",
        "分享到",
        "相关阅读",
        "我要评论",
        "上一篇",
        "版权所有",
    ):
        assert junk not in got.text
    assert "推动基础设施互联互通，共享公共服务资源" in _squash(got.text)


def test_date_from_chinese_byline_when_no_meta() -> None:
    html = ARTICLE.replace(
        '<meta property="article:published_time" content="2021-06-11T09:30:00">', ""
    )
    html = html.replace("2021年06月11日 09:30", "发布时间：2021年10月08日 10:05")
    got = extract_article(html)
    assert got.published_at == datetime(2021, 10, 8, 10, 5, tzinfo=SHANGHAI)


def test_meta_offset_is_kept() -> None:
    html = ARTICLE.replace("2021-06-11T09:30:00", "2021-06-11T01:30:00+00:00")
    got = extract_article(html)
    assert got.published_at is not None
    assert got.published_at.utcoffset() is not None
    assert got.published_at.astimezone(SHANGHAI).hour == 9


def test_overrides_take_precedence() -> None:
    ov = XPathOverrides(
        title="//div[@class='info']", body="//div[@class='content']/p[1]", remove=("//h1",)
    )
    got = extract_article(ARTICLE, overrides=ov)
    assert got.method == "xpath"
    assert got.title.startswith("2021年06月11日")
    assert got.text.startswith("6月11日") and "根据协议" not in got.text


def test_empty_page_raises() -> None:
    with pytest.raises(ExtractionError):
        extract_article("<html><body><div class='nav'><a href='/'>首页</a></div></body></html>")
    with pytest.raises(ExtractionError):
        extract_article("")


def test_site_suffix_is_stripped_without_h1() -> None:
    html = "<html><head><title>川渝共建产业合作示范园区-新华网</title></head><body>"
    html += (
        "<p>"
        + "川渝两地签署协议，共建产业合作示范园区，推动双城经济圈建设。" * 8
        + "</p></body></html>"
    )
    assert extract_article(html).title == "川渝共建产业合作示范园区"


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_seeds_as_plain_text(name: str) -> None:
    raw = (SEEDS / name).read_text(encoding="utf-8")
    got = extract_plain_text(raw)
    assert got.method == "plain"
    assert got.language == "zh-Hans"
    assert len(got.text) > 500
    assert "重庆日报网 > 环渝" not in got.title
    assert got.title not in got.text.split("\n")[:1]


def test_seed_metadata_and_furniture() -> None:
    beibei = extract_plain_text((SEEDS / "beibei-mianyang-cooperation.txt").read_text("utf-8"))
    assert beibei.title == "北碚绵阳携手打造川渝合作典范进入实质阶段"
    assert beibei.published_at == datetime(2020, 4, 29, 6, 47, 18, tzinfo=SHANGHAI)
    assert beibei.source_name == "重庆日报"
    assert not beibei.text.startswith("来源")
    luzhou = extract_plain_text((SEEDS / "luzhou-chongqing-agreements.txt").read_text("utf-8"))
    assert luzhou.title == "众多领域“牵手” 助力“双城”建设"
    assert luzhou.published_at is None
    assert "新闻推荐" not in luzhou.text
    assert "共青团泸州市委" in luzhou.text


def test_a_lead_glued_to_the_byline_stays_in_the_body() -> None:
    got = extract_plain_text(
        "川渝水利部门签署备忘录\n"
        "发布时间:2020-05-21 18:41:08四川省水利厅和重庆市水利局21日签署合作备忘录,双方将共同"
        "建立水利工作机制。\n双方将共同推进项目。\n"
    )
    assert got.published_at == datetime(2020, 5, 21, 18, 41, 8, tzinfo=SHANGHAI)
    assert got.text.startswith("四川省水利厅和重庆市水利局21日签署合作备忘录")
    plain = extract_plain_text("标题在此处写明\n发布时间:2020-05-21 18:41\n正文第一段。\n")
    assert plain.text == "正文第一段。"


def test_a_short_line_after_the_lead_is_no_headline() -> None:
    lead = (
        "今(28)日,警务合作领导小组第一次联席会议以视频会议形式召开。会上,川渝两地公安机关"
        "共同签署了合作运行机制。"
    )
    got = extract_plain_text(
        f"{lead}\n据了解,此次签署的机制立足公安职能。\n四川省公安厅 重庆市公安局\n"
    )
    assert got.text.startswith(lead)
    assert "四川省公安厅 重庆市公安局" in got.text


@pytest.mark.parametrize(
    "furniture",
    [
        "邻水县人民政府\n网站首页 政府信息公开 政务服务",  # a portal's masthead
        "中恒智造集团\n新闻动态 > 集团要闻",  # a company's name, a breadcrumb
        "达州日报 2024年05月17日 第01版:要闻",  # a paper's page line
        "2024-03-29 09:17 来源:叙永县融媒体中心 编辑:罗小琴",  # a byline
        "[索引号] 11500224009286345T/2023-00007\n[主题分类] 教育 [体裁分类] 计划总结",
        "(资料图片仅供参考)",
        "广安市人民政府门户网站",
        "重庆文理学院 新闻网",
    ],
)
def test_page_furniture_above_the_headline_is_not_the_headline(furniture: str) -> None:
    got = extract_plain_text(
        f"{furniture}\n项目在江津珞璜开工\n3月16日,中恒智能装备产业园项目开工仪式在江津区珞璜镇"
        "举行,项目总投资45亿元。\n"
    )
    assert got.title == "项目在江津珞璜开工"


def test_a_byline_opening_with_its_date_gives_the_publication_time() -> None:
    got = extract_plain_text(
        "三年携手 万达开结出累累硕果\n2023-07-21 09:33 来源:达州日报 作者:本报记者 王欢\n"
        "三年前的7月,一场跨越川渝省界的签约,让三地更加紧密地联系在一起。\n"
    )
    assert got.published_at == datetime(2023, 7, 21, 9, 33, tzinfo=SHANGHAI)
    assert got.text.startswith("三年前的7月")


def test_a_lead_opening_with_its_reporter_is_no_byline() -> None:
    lead = "记者从四川省体育局获悉,近日,川渝两地体育部门签署了战略合作框架协议。"
    got = extract_plain_text(f"川渝体育部门签署合作协议\n发布时间:2020-05-29 11:06\n{lead}\n")
    assert got.text.startswith(lead)


if __name__ == "__main__":
    sys.exit(pytest.main([__file__]))
