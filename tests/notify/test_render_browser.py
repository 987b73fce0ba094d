"""A rendered digest in a real browser: Debian's Chromium, headless, driven by Playwright.

Hostile titles must stay inert text, the layout must fit a phone, the Chinese must be there
and the unsubscribe link visible. Screenshots go to `test-artifacts/` for a human to look at.
Without /usr/bin/chromium the tests skip (`make system-deps` installs it), unless
PACTWATCH_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Dialog, Route

from notify.render import Links, make_environment, render_digest
from notify.selection import group, to_items
from tests.browsers import chromium

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
LINKS = Links(
    unsubscribe="https://pw.example.org/unsubscribe?token=abc",
    preferences="https://pw.example.org/preferences?token=def",
    one_click="https://pw.example.org/unsubscribe/one-click?token=abc",
    mailto="mailto:unsubscribe@pw.example.org?subject=unsubscribe-abc",
)
# Each payload flags `window.__xss` if it ever runs, and opens a dialog as well.
SCRIPT = "<script>window.__xss=1;alert(1)</script>"
IMG = '"><img src=x onerror="window.__xss=1;alert(1)">'
LONG_URL = (
    "https://www.cdht.gov.cn/cdht/c148004/2024-11/21/content_8f3a2b1c4d5e6f708192a3b4c5d6e7f8.shtml"
)
SOURCES = {"cqrb": "重庆日报", "scol": "四川在线", "sctv": "四川观察"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def digest_file(story_factory: Any, tmp_path: Path) -> Path:
    stories = [
        story_factory(
            "泸州市与重庆市永川区签署泸永江融合发展示范区建设合作协议",
            text="本报讯（记者 张三）11月20日，泸州市与重庆市永川区在永川签署合作协议。"
            "双方将在产业协作、交通互联、公共服务共享等方面深化合作。",
            also=[("scol", "https://scol.example.cn/a/1"), ("sctv", "https://sctv.example.cn/b/2")],
            agreements=[
                {},
                {
                    "title": "泸州—永川职业教育协同发展合作协议",
                    "parties": ["泸州职业技术学院", "重庆文理学院"],
                    "sectors": ["education"],
                },
            ],
        ),
        story_factory(
            f"川渝医保异地结算合作协议签约{SCRIPT}",
            source="scol",
            text=f"11月21日，四川省医疗保障局与重庆市医疗保障局签署合作协议。{IMG}",
            agreements=[
                {
                    "title": f"川渝医疗保障一体化合作协议{IMG}",
                    "parties": [f"四川省医疗保障局{SCRIPT}", "重庆市医疗保障局"],
                    "regions": ["四川省成都市", "重庆市渝中区"],
                    "sectors": ["health", "public_service"],
                }
            ],
        ),
        story_factory(
            f'{IMG}成都高新区与重庆两江新区签署"双区联动"数字经济合作备忘录',
            url="javascript:window.__xss=1",
            # An unbreakable URL in scraped text must wrap, not widen the page on a phone.
            text=f"两江新区与成都高新区签署数字经济合作备忘录，全文见{LONG_URL}。",
            agreements=[
                {
                    "title": None,
                    "parties": ["成都高新技术产业开发区管理委员会", "重庆两江新区管理委员会"],
                    "regions": ["四川省成都市", "重庆市两江新区"],
                    "sectors": ["digital", "innovation"],
                    "signed_on": None,
                }
            ],
            also=[(SCRIPT, "javascript:window.__xss=1")],
        ),
        story_factory(
            "宜宾市翠屏区与重庆市江津区签署长江上游生态环境联防联治协议",
            source="sctv",
            text="宜宾市翠屏区与重庆市江津区日前签署长江上游生态环境联防联治协议，"
            "建立跨界河流联合巡河、联合执法、信息共享机制，共同守护长江上游生态屏障。",
            agreements=[
                {
                    "title": "长江上游生态环境联防联治协议",
                    "parties": ["宜宾市翠屏区人民政府", "重庆市江津区人民政府"],
                    "regions": ["四川省宜宾市翠屏区", "重庆市江津区"],
                    "sectors": ["environment"],
                    "signed_on": "2024-11-19",
                }
            ],
        ),
    ]
    html, _ = render_digest(
        group(to_items(stories, SOURCES)),
        period_label="11月21日 08:00 – 11月22日 08:00",
        links=LINKS,
        base_url="https://pw.example.org/",
        env=make_environment(),
    )
    path = tmp_path / "digest.html"
    path.write_text(html, encoding="utf-8")
    return path


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 900)])
def test_digest_in_chromium(browser: Browser, digest_file: Path, width: int, height: int) -> None:
    dialogs: list[str] = []
    requests: list[str] = []

    def offline(route: Route) -> None:  # nothing outside the file may load
        if route.request.url == digest_file.as_uri():
            route.continue_()
        else:
            requests.append(route.request.url)
            route.abort()

    def dismiss(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        page.on("dialog", dismiss)
        page.route("**/*", offline)
        page.goto(digest_file.as_uri(), wait_until="load")

        assert page.evaluate("window.__xss") is None
        assert dialogs == []
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= width + 1, f"{scroll_width}px wide in a {width}px viewport"

        text = page.evaluate("document.body.innerText")
        for shown in (
            "成渝合作协议",
            "泸州市与重庆市永川区签署泸永江融合发展示范区建设合作协议",
            "《泸州—永川职业教育协同发展合作协议》",
            "签约方：宜宾市翠屏区人民政府、重庆市江津区人民政府",
            "领域：医疗卫生、政务与公共服务",
            "另见：四川在线、四川观察",
            "管理订阅偏好",
            SCRIPT,  # hostile text is shown as text
            IMG,
            LONG_URL,
        ):
            assert shown in text

        unsubscribe = page.get_by_role("link", name="退订", exact=True)
        assert unsubscribe.get_attribute("href") == LINKS.unsubscribe
        assert unsubscribe.is_visible()
        box = unsubscribe.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        assert page.locator("img, script, iframe").count() == 0

        shot = ARTIFACTS / f"digest-{width}.png"
        shot.parent.mkdir(exist_ok=True)
        page.screenshot(path=shot, full_page=True)
        assert requests == []
    finally:
        context.close()

    assert shot.stat().st_size > 20_000  # a blank page is a few hundred bytes
    assert png_size(shot)[0] == width


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height
