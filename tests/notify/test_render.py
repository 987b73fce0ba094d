"""Rendering: hostile scraped text stays text, links stay http(s), both parts agree."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from jinja2 import Environment, UndefinedError

from notify.render import (
    BRAND,
    DEFAULT_TZ,
    STORY_MARK,
    DigestRenderer,
    Links,
    digest_subject,
    http_url,
    inline_css,
    join_stories,
    make_environment,
    render_confirm,
    render_digest,
    wrap,
)
from notify.selection import Item, group, to_items

SHANGHAI = ZoneInfo("Asia/Shanghai")
LINKS = Links(
    unsubscribe="https://pw.example.org/unsubscribe?token=abc",
    preferences="https://pw.example.org/preferences?token=def",
    one_click="https://pw.example.org/unsubscribe/one-click?token=abc",
    mailto="mailto:unsubscribe@pw.example.org?subject=unsubscribe-abc",
)
HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(1)>'


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text, as a browser would see them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


@pytest.fixture
def env() -> Environment:
    return make_environment()


@pytest.fixture
def rendered(story_factory: Any, env: Environment) -> tuple[str, str]:
    stories = [
        story_factory(
            HOSTILE,
            story_id=1,
            url="javascript:alert(1)",
            text=f"{HOSTILE}。第二句。",
            agreements=[
                {
                    "title": '</span><a href="javascript:alert(2)">x</a>',
                    "parties": ["<b>甲方</b>", "乙方"],
                    "sectors": ["health", "civil_society"],
                }
            ],
            also=[("scol", "https://scol.example.cn/a/1"), ("<i>evil</i>", "data:text/html,x")],
        ),
        story_factory(
            "川渝签署医疗合作协议",
            story_id=2,
            agreements=[{"title": None, "regions": ["重庆市永川区"], "sectors": ["health"]}],
        ),
    ]
    items = to_items(stories, {"cqrb": "重庆日报", "scol": "四川在线"})
    return render_digest(
        group(items),
        period_label="11月22日",
        links=LINKS,
        base_url="https://pw.example.org/",
        env=env,
    )


def test_environment_is_strict_and_escapes_html(env: Environment) -> None:
    assert env.undefined.__name__ == "StrictUndefined"
    assert env.from_string("{{ x }}").render(x="<b>") == "&lt;b&gt;"
    with pytest.raises(UndefinedError):
        env.from_string("{{ nothing }}").render()
    assert env.get_template("digest.html.j2").environment.autoescape is not False


def test_hostile_text_is_escaped(rendered: tuple[str, str]) -> None:
    html, _ = rendered
    tags = parse(html)
    names = {tag for tag, _ in tags.tags}
    assert "script" not in names
    assert "img" not in names
    assert "b" not in names and "i" not in names
    assert not any(k.startswith("on") for _, attrs in tags.tags for k in attrs)
    assert HOSTILE in "".join(tags.text)  # shown, as text
    assert "&lt;script&gt;" in html


def test_only_http_links(rendered: tuple[str, str]) -> None:
    html, text = rendered
    hrefs = [attrs["href"] for tag, attrs in parse(html).tags if tag == "a"]
    assert hrefs
    assert all(h and re.match(r"https?://", h) for h in hrefs), hrefs
    assert not any("javascript" in h or "data:" in h for h in hrefs)
    assert "javascript:alert(1)" not in text
    assert "data:text/html" not in text
    for tag, attrs in parse(html).tags:
        if tag == "a" and attrs.get("target") == "_blank":
            assert attrs.get("rel") == "noopener noreferrer"


def test_html_is_an_inlined_table_layout(rendered: tuple[str, str]) -> None:
    html, _ = rendered
    tags = parse(html)
    tables = [attrs for tag, attrs in tags.tags if tag == "table"]
    assert all(attrs.get("role") == "presentation" for attrs in tables)
    assert any(attrs.get("width") == "600" for attrs in tables)
    assert "max-width:600px" in html
    assert "PingFang SC" in html and "Microsoft YaHei" in html
    assert "display: flex" not in html and "display: grid" not in html
    styled = [attrs for _, attrs in tags.tags if attrs.get("style")]
    assert len(styled) > 20  # CSS moved into style attributes
    # Only the media query is left in a <style> block.
    blocks = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert len(blocks) == 1
    assert blocks[0].strip().startswith("@media")


def test_footer_links_are_visible(rendered: tuple[str, str]) -> None:
    html, text = rendered
    tags = parse(html)
    hrefs = {attrs["href"] for tag, attrs in tags.tags if tag == "a"}
    assert {LINKS.unsubscribe, LINKS.preferences} <= hrefs
    assert "退订" in html and "管理订阅偏好" in html
    assert LINKS.unsubscribe in text and LINKS.preferences in text


def test_item_content_in_both_parts(rendered: tuple[str, str]) -> None:
    html, text = rendered
    visible = "".join(parse(html).text)
    for part in (visible, text):
        assert "川渝签署医疗合作协议" in part
        assert "未命名协议" in part
        assert "医疗卫生" in part and "群团合作" in part
        assert "重庆市永川区" in part
        assert "2024-11-20" in part
        assert "重庆日报" in part
        assert "另见" in part and "四川在线" in part
        assert "11月22日" in part
        assert "<b>甲方</b>" in part  # parties, as text
    assert "https://scol.example.cn/a/1" in text
    assert "https://news.example.cn/a/2.html" in text
    headline = [
        attrs
        for tag, attrs in parse(html).tags
        if tag == "a" and attrs.get("href") == "https://news.example.cn/a/2.html"
    ]
    assert headline


def test_text_lines_are_wrapped(rendered: tuple[str, str]) -> None:
    _, text = rendered
    for line in text.splitlines():
        if "://" not in line:  # URLs stay whole, however long
            width = sum(2 if ord(ch) > 0x2E80 else 1 for ch in line)
            assert width <= 72, line


def test_wrap_keeps_urls_whole() -> None:
    url = "https://example.cn/" + "a" * 100
    assert wrap("链接：" + url, width=40) == f"链接：\n{url}"
    assert wrap("一二三四五六", width=6, indent="  ") == "  一二\n  三四\n  五六"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.cn/a?b=1&c=2", True),
        ("http://127.0.0.1:8000/x", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        (" https://example.cn/", False),
        ("data:text/html,<script>", False),
        ("vbscript:x", False),
        ("//example.cn/x", False),
        ("/relative", False),
        ("https://", False),
        ("https://exa mple.cn/", False),
        ("https://example.cn/\x7f", False),  # DEL
        ("https://example.cn/a\x85b", False),  # C1 control (NEL)
        ("https://例子.cn/路径?q=成渝", True),
    ],
)
def test_http_url(url: str, ok: bool) -> None:
    assert (http_url(url) == url) is ok
    if not ok:
        assert http_url(url) == ""


def test_subjects() -> None:
    end = datetime(2024, 11, 22, 0, 0, tzinfo=UTC)  # 08:00 in Shanghai
    assert digest_subject(5, end, SHANGHAI) == "成渝合作协议 · 11月22日 · 5 项新协议"
    assert (
        digest_subject(12, end, SHANGHAI, "weekly") == "成渝合作协议 · 11月16日–22日 · 12 项新协议"
    )
    assert digest_subject(2, end, SHANGHAI, "alert") == "成渝合作协议快讯 · 2 项新协议"
    # Four stories holding twenty agreements: both counts, or the subject misleads.
    both = digest_subject(4, end, SHANGHAI, agreements=20)
    assert both == "成渝合作协议 · 11月22日 · 4 篇报道 · 20 项协议"
    midnight = datetime(2024, 12, 2, 16, 0, tzinfo=UTC)  # 00:00 on 12-03: the 2nd's digest
    assert digest_subject(1, midnight, SHANGHAI) == "成渝合作协议 · 12月2日 · 1 项新协议"
    assert (
        digest_subject(3, midnight, SHANGHAI, "weekly")
        == "成渝合作协议 · 11月26日–12月2日 · 3 项新协议"
    )
    start = datetime(2024, 11, 19, 0, 0, tzinfo=UTC)
    assert (
        digest_subject(4, end, SHANGHAI, start=start) == "成渝合作协议 · 11月19日–22日 · 4 项新协议"
    )


def test_confirmation(env: Environment) -> None:
    link = "https://pw.example.org/confirm?token=xyz"
    subject, html, text = render_confirm(link, "地区：<b>泸州市</b>；领域：全部", env=env)
    assert subject == "请确认订阅成渝合作协议提醒"
    hrefs = [attrs["href"] for tag, attrs in parse(html).tags if tag == "a"]
    assert hrefs == [link]
    assert "&lt;b&gt;泸州市&lt;/b&gt;" in html
    assert link in text and "泸州市" in text
    assert "style=" in html


# --- one run, many digests: each story rendered once (DigestRenderer) -------------------


@pytest.fixture
def hostile_items(story_factory: Any) -> list[Item]:
    """Stories whose scraped text tries markup, line breaks and our own story mark."""
    stories = [
        story_factory(
            f"{HOSTILE}\r\nBcc: x@y",
            story_id=11,
            text=f"{HOSTILE}\r\n第二行。",
            agreements=[{"title": "<!--story-->", "parties": ["<b>甲方</b>"]}],
            also=[("<i>evil</i>", "https://scol.example.cn/a/1")],
        ),
        story_factory(
            "<!--story--></td></tr></table><script>alert(3)</script>",
            story_id=12,
            # An unknown place is its own group heading: scraped text in the skeleton too.
            agreements=[{"regions": ["<!--story-->"], "sectors": ["health"]}],
        ),
        story_factory("川渝签署医疗合作协议", story_id=13),
        story_factory("泸永合作", story_id=14, agreements=[{"regions": ["重庆市永川区"]}]),
    ]
    return to_items(stories, {"cqrb": "重庆日报"})


def digest_of(renderer: DigestRenderer, items: list[Item], label: str = "11月22日") -> Any:
    return renderer.render(
        group(items), period_label=label, links=LINKS, base_url="https://pw.example.org/"
    )


def test_cached_stories_render_as_uncached(hostile_items: list[Item], env: Environment) -> None:
    shared = DigestRenderer(env)
    for part in (hostile_items, hostile_items[1:], hostile_items[::-1], hostile_items[2:3]):
        digest_of(shared, hostile_items)  # every story in the cache first
        assert digest_of(shared, part) == digest_of(DigestRenderer(make_environment()), part)


def test_stories_inlined_alone_read_as_the_whole_digest_inlined(
    hostile_items: list[Item], env: Environment
) -> None:
    """Inlining each story apart gives the bytes css_inline gives for the whole document."""
    renderer = DigestRenderer(env)
    html, _ = digest_of(renderer, hostile_items)
    groups = group(hostile_items)
    skeleton = env.get_template("digest.html.j2").render(
        brand=BRAND,
        count=len(hostile_items),
        agreements=sum(len(i.agreements) for i in hostile_items),
        period_label="11月22日",
        links=LINKS,
        base_url="https://pw.example.org/",
        groups=[(name, len(items)) for name, items in groups],
    )
    raw = [
        env.get_template("_story.html.j2").render(item=item, tz=DEFAULT_TZ)
        for _, items in groups
        for item in items
    ]
    assert html == inline_css(join_stories(skeleton, raw))


def test_hostile_text_stays_text_in_cached_stories(
    hostile_items: list[Item], env: Environment
) -> None:
    renderer = DigestRenderer(env)
    digest_of(renderer, hostile_items)
    html, text = digest_of(renderer, hostile_items)  # every story from the cache now
    tags = parse(html)
    assert {tag for tag, _ in tags.tags}.isdisjoint({"script", "img", "b", "i"})
    assert not any(k.startswith("on") for _, attrs in tags.tags for k in attrs)
    shown = "".join(tags.text)
    assert HOSTILE in shown and "<!--story-->" in shown and "<b>甲方</b>" in shown
    assert html.count("<!--") == 0  # every mark replaced; scraped ones are text ("&lt;!--")
    assert len([t for t, a in tags.tags if a.get("class") == "item"]) == len(hostile_items)
    assert HOSTILE in text and "<!--story-->" in text


def test_story_marks_must_match_the_stories() -> None:
    assert join_stories(f"a{STORY_MARK}b{STORY_MARK}c", ["1", "2"]) == "a1b2c"
    with pytest.raises(ValueError, match="2 story marks for 1 stories"):
        join_stories(f"a{STORY_MARK}b{STORY_MARK}c", ["1"])


def test_a_story_changed_under_the_same_id_is_rendered_again(
    story_factory: Any, env: Environment
) -> None:
    renderer = DigestRenderer(env)
    first = to_items([story_factory("第一版标题", story_id=21)])
    second = to_items([story_factory("第二版标题", story_id=21)])
    assert "第一版标题" in digest_of(renderer, first)[0]
    html, text = digest_of(renderer, second)
    assert "第二版标题" in html and "第二版标题" in text and "第一版标题" not in html


def test_subject_counts_stories_and_the_agreements_they_hold() -> None:
    end = datetime(2024, 11, 22, 0, 0, tzinfo=UTC)
    assert (
        digest_subject(4, end, SHANGHAI, agreements=20)
        == "成渝合作协议 · 11月22日 · 4 篇报道 · 20 项协议"
    )
    assert digest_subject(1, end, SHANGHAI, "alert", agreements=3) == (
        "成渝合作协议快讯 · 1 篇报道 · 3 项协议"
    )


def test_a_subscriber_sees_stories_under_their_own_side(story_factory: Any) -> None:
    from types import SimpleNamespace

    from notify.selection import Filters

    story = story_factory(
        "璧山与宜宾签约",
        agreements=[{"regions": ["重庆市璧山区", "四川省宜宾市"], "parties": ["甲", "乙"]}],
    )
    (item,) = to_items([story])
    assert [heading for heading, _ in group([item])] == ["重庆市璧山区"]
    sichuan = Filters.of(
        SimpleNamespace(regions=["四川"], sectors=[], keywords=[], in_region_only=True)
    )
    assert [heading for heading, _ in group([item], within=sichuan.region_set)] == ["宜宾市"]
