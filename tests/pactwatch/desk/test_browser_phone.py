"""The desk and the subscribe form on a 390 px phone, in real headless Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, Page

from tests.browsers import chromium
from tests.pactwatch.desk.test_browser import PHONE, log_in

if TYPE_CHECKING:
    from tests.pactwatch.desk.conftest import Desk


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_the_inbox_on_a_phone_shows_the_decisions_without_sideways_scrolling(
    phone: Page, desk: Desk
) -> None:
    log_in(phone, desk)
    width = PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") <= width
    first = phone.locator("tr.story").first
    for name in ("通过 Approve", "拒绝 Reject"):
        # No scrolling first: x is the same however far down the page is, but a side
        # scroller would have to be scrolled to bring the button into view.
        box = first.get_by_role("button", name=name).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width, name
    # No side scroller holding the table either: every row's right edge is on screen.
    widest = phone.eval_on_selector_all(
        "tr.story", "rows => Math.max(...rows.map(r => r.getBoundingClientRect().right))"
    )
    assert widest <= width
    # The bar: brand and log out, then one line of links, not three lines.
    bar = phone.locator(".desk-bar").bounding_box()
    link = phone.locator(".desk-bar nav a").first.bounding_box()
    assert bar is not None and link is not None
    assert bar["height"] <= 2.6 * link["height"] + 24


def test_the_weekday_picker_shows_only_for_weekly(phone: Page, desk: Desk) -> None:
    phone.goto(desk.base + "/subscribe")
    phone.get_by_label("每日 (daily)").check()
    assert not phone.locator("#weekday").is_visible()
    phone.get_by_label("每周 (weekly)").check()
    assert phone.locator("#weekday").is_visible()
    phone.get_by_label("即时 (immediate)").check()
    assert not phone.locator("#weekday").is_visible()
    assert not phone.locator("#hour").is_visible()
