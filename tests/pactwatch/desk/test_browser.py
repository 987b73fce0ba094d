"""The review desk in a real browser: Debian's Chromium, headless, driven by Playwright.

A reviewer's day end to end over a served store (log in, the inbox by keyboard, bulk
decisions, correcting an agreement with the gazetteer's suggestions, searching, exporting,
the public feed), then the safety of every page against the hostile articles the store
holds: nothing scraped may run, style the page, or open a link without noopener.
Screenshots go to `test-artifacts/desk-*.png` for a human to look at. Tests that change
data run on their own `fresh_desk`; the module's `desk` is only read.

Without /usr/bin/chromium the tests skip (`make system-deps` installs it), unless
PACTWATCH_REQUIRE_BROWSER=1 (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import csv
import io
import json
import re
import struct
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

import feedparser
import pytest
import sqlalchemy as sa
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Page,
    Response,
    ViewportSize,
    expect,
)
from sqlmodel import Session, col, select

from notify.models import Subscriber
from pactwatch.web import auth, health, metrics, public
from pactwatch.web import desk as desk_routes
from pactwatch.web.desk.export import COLUMNS, JOIN, spreadsheet_safe
from pipeline.models import Agreement, Article, CrawlRun, ReviewLabel
from pipeline.textnorm import to_simplified
from tests.browsers import chromium

if TYPE_CHECKING:
    from tests.pactwatch.desk.conftest import Desk

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / "test-artifacts"
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
PHONE: ViewportSize = {"width": 390, "height": 844}
UNTITLED = "（无标题 untitled）"  # what the inbox shows for a story without a title


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    yield from chromium()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser profile per test: its own cookies, so its own login."""
    context = browser.new_context(
        viewport=DESKTOP, locale="zh-CN", timezone_id="Asia/Shanghai", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture
def fresh_store(fresh_desk: Desk) -> Iterator[sa.Engine]:
    """The engine of this test's own desk's store, to check what the browser changed."""
    engine = fresh_desk.engine()
    yield engine
    engine.dispose()


def log_in(page: Page, desk: Desk) -> None:
    """Through the login form, as a reviewer does; ends on the inbox."""
    page.goto(desk.base + "/login")
    page.get_by_label("Password").fill(desk.password)
    page.get_by_role("button", name="登录 Log in").click()
    page.wait_for_url(desk.base + "/inbox")


def row_ids(page: Page) -> list[int]:
    ids: list[str] = page.eval_on_selector_all("tr.story", "rows => rows.map(r => r.dataset.id)")
    return [int(i) for i in ids]


def count(page: Page, status: str) -> int:
    return int(page.locator(f'[data-count="{status}"]').inner_text())


def decisions(engine: sa.Engine, article_id: int) -> tuple[str, list[str]]:
    """The article's status and its review labels' decisions, oldest first."""
    with Session(engine) as session:
        article = session.get(Article, article_id)
        assert article is not None
        labels = session.exec(
            select(ReviewLabel.decision)
            .where(ReviewLabel.article_id == article_id)
            .order_by(col(ReviewLabel.id))
        ).all()
        return article.status, list(labels)


def hostile_ids(session: Session) -> list[int]:
    found = session.exec(
        select(Article.id).where(col(Article.title).contains("__pwned")).order_by(col(Article.id))
    ).all()
    assert len(found) == 4, found
    return [i for i in found if i is not None]


# --- logging in -------------------------------------------------------------------------------


def test_logging_in_through_the_form_lands_on_the_inbox(page: Page, desk: Desk) -> None:
    page.goto(desk.base + "/inbox")
    assert urlsplit(page.url).path == "/login"  # no session: the desk sends us to log in
    page.get_by_label("Password").fill("not the password")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="登录 Log in").click()
    assert answer.value.status == 401
    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")

    page.get_by_label("Password").fill(desk.password)
    page.get_by_role("button", name="登录 Log in").click()
    page.wait_for_url(desk.base + "/inbox")
    expect(page.locator("h1")).to_have_text("收件箱")
    expect(page.locator("tr.story").first).to_be_visible()


# --- the inbox by keyboard --------------------------------------------------------------------


def test_the_inbox_by_keyboard(
    context: BrowserContext, page: Page, fresh_desk: Desk, fresh_store: sa.Engine
) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, fresh_desk)
    # The sample site's own stories: their originals are on 127.0.0.1 and can be opened.
    inbox = fresh_desk.base + "/inbox?source=sample-sc"
    page.goto(inbox)
    ids = row_ids(page)
    assert len(ids) >= 4
    new, approved, rejected = count(page, "new"), count(page, "approved"), count(page, "rejected")

    for key, expected in [("j", ids[0]), ("j", ids[1]), ("k", ids[0])]:
        page.keyboard.press(key)
        expect(page.locator("tr.story.selected")).to_have_attribute("data-id", str(expected))
        expect(page.locator(f"#story-{expected}")).to_be_focused()

    page.keyboard.press("a")  # approves the selected story, and selects the next
    expect(page.locator(f"#story-{ids[0]}")).to_have_class(re.compile(r"\bdecided-approved\b"))
    expect(page.locator(f"#story-{ids[1]}")).to_be_focused()
    page.keyboard.press("r")
    expect(page.locator(f"#story-{ids[1]}")).to_have_class(re.compile(r"\bdecided-rejected\b"))
    expect(page.locator(f"#story-{ids[0]} [data-status-badge]")).to_have_text("已通过 Approved")
    expect(page.locator(f"#story-{ids[1]} [data-status-badge]")).to_have_text("已拒绝 Rejected")
    expect(page.locator("#desk-status")).to_have_text(f"#{ids[1]} 已拒绝 Rejected")
    assert (count(page, "new"), count(page, "approved"), count(page, "rejected")) == (
        new - 2,
        approved + 1,
        rejected + 1,
    )
    assert decisions(fresh_store, ids[0]) == ("approved", ["approve"])
    assert decisions(fresh_store, ids[1]) == ("rejected", ["reject"])
    assert decisions(fresh_store, ids[2]) == ("new", [])

    help_overlay = page.locator("#shortcut-help")
    expect(help_overlay).to_be_hidden()
    page.keyboard.press("?")
    expect(help_overlay).to_be_visible()
    expect(help_overlay).to_contain_text("快捷键 Keyboard shortcuts")
    page.keyboard.press("Escape")
    expect(help_overlay).to_be_hidden()

    # `o`: the original in a new tab, opened with noopener (the tab cannot reach the desk).
    expect(page.locator(f"#story-{ids[2]}")).to_be_focused()
    original = page.locator(f"#story-{ids[2]}").get_attribute("data-url")
    with Session(fresh_store) as session:
        article = session.get(Article, ids[2])
        assert article is not None and original == article.url.strip()
    with context.expect_page() as opened:
        page.keyboard.press("o")
    tab = opened.value
    tab.wait_for_load_state()
    assert tab.url == original
    assert tab.evaluate("window.opener") is None
    tab.close()

    page.keyboard.press("e")  # `e` opens the selected story's item page
    page.wait_for_url(f"{fresh_desk.base}/items/{ids[2]}")
    expect(page.locator("h1")).to_have_text(article.title)

    page.goto(inbox)  # the decided stories have left the "new" inbox
    first = row_ids(page)[0]
    assert ids[0] not in row_ids(page) and ids[1] not in row_ids(page)
    page.keyboard.press("j")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{fresh_desk.base}/items/{first}")
    assert errors == []


def test_bulk_reject_of_ticked_stories(
    page: Page, fresh_desk: Desk, fresh_store: sa.Engine
) -> None:
    log_in(page, fresh_desk)
    page.goto(fresh_desk.base + "/inbox?source=sample-faults")
    ids = row_ids(page)
    assert len(ids) >= 3
    page.locator(f"#story-{ids[0]} input[type=checkbox]").check()  # ticked by hand
    page.keyboard.press("j")  # the click selected the first row; `j` goes to the second
    page.keyboard.press("x")  # and `x` ticks it
    expect(page.locator("tr.story input[type=checkbox]:checked")).to_have_count(2)
    expect(page.locator(f"#story-{ids[1]} input[type=checkbox]")).to_be_checked()

    page.get_by_role("button", name="批量拒绝 Reject selected").click()
    expect(page.locator("p.notice")).to_have_text("2 条已拒绝 rejected")
    assert decisions(fresh_store, ids[0]) == ("rejected", ["reject"])
    assert decisions(fresh_store, ids[1]) == ("rejected", ["reject"])
    assert decisions(fresh_store, ids[2]) == ("new", [])
    assert row_ids(page)[:1] == [ids[2]]  # back on the same view, without the two


# --- correcting an agreement ------------------------------------------------------------------


def test_an_agreement_is_corrected_on_the_item_page(
    page: Page, fresh_desk: Desk, fresh_store: sa.Engine
) -> None:
    with Session(fresh_store) as session:
        agreement = session.exec(
            select(Agreement)
            .join(Article, col(Article.id) == col(Agreement.article_id))
            .where(col(Article.source) == "sample-sc", col(Agreement.title).is_not(None))
            .order_by(col(Agreement.id))
        ).first()
        assert agreement is not None and agreement.id is not None
        article_id, agreement_id, regions = agreement.article_id, agreement.id, agreement.regions
    log_in(page, fresh_desk)
    page.goto(f"{fresh_desk.base}/items/{article_id}")
    form = page.locator(f"#agreement-{agreement_id} form.agreement-form")
    form.get_by_label("协议名称 Title").fill("轨道交通科技创新合作备忘录（校正）")
    form.get_by_label("签约方 Parties").fill("西南交通大学\n重庆两江新区管理委员会\n")
    empty = form.locator("input[name=regions]")
    expect(empty).to_have_count(len(regions) + 2)  # the stored ones and two empty fields

    # Typing 泸 fills the datalist from /gazetteer/suggest. Headless Chromium draws no
    # datalist popup to click, so the suggestion is picked by taking its value.
    empty.nth(len(regions)).click()
    page.keyboard.type("泸")
    option = page.locator('#region-options option[value="四川省泸州市泸县"]')
    option.wait_for(state="attached")
    assert option.get_attribute("label") == "泸县"
    empty.nth(len(regions)).fill(option.get_attribute("value") or "")
    empty.nth(len(regions) + 1).fill("永川")  # a short name, resolved when saved
    # Both typed values in place before saving (one CI run saved without the second).
    expect(empty.nth(len(regions))).to_have_value("四川省泸州市泸县")
    expect(empty.nth(len(regions) + 1)).to_have_value("永川")
    form.get_by_role("button", name="保存 Save").click()
    page.wait_for_url(re.compile(rf"/items/{article_id}#agreement-{agreement_id}$"))
    expect(page.locator("p.notice")).to_have_text("协议已保存 (agreement saved)")
    expect(page.locator(f"#agreement-{agreement_id} h3")).to_contain_text("已校正 corrected")

    # Which agreement comes first depends on the crawl's order; it may name 永川 already.
    expected_regions = list(dict.fromkeys([*regions, "四川省泸州市泸县", "重庆市永川区"]))
    with Session(fresh_store) as session:
        saved = session.get(Agreement, agreement_id)
        assert saved is not None
        assert saved.title == "轨道交通科技创新合作备忘录（校正）"
        assert saved.parties == ["西南交通大学", "重庆两江新区管理委员会"]
        assert saved.regions == expected_regions
        assert saved.corrected is True
        labels = session.exec(select(ReviewLabel).where(ReviewLabel.article_id == article_id)).all()
    assert [label.decision for label in labels] == ["correct"]
    assert labels[0].corrections["agreement"] == agreement_id
    assert labels[0].corrections["regions"] == expected_regions

    form.locator("input[name=regions]").last.fill("火星市")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        form.get_by_role("button", name="保存 Save").click()
    assert answer.value.status == 400
    expect(form.locator("ul.error")).to_contain_text("未知地区：火星市")
    expect(page.get_by_role("alert").first).to_contain_text("没有保存")
    expect(form.get_by_label("协议名称 Title")).to_be_focused()  # desk.js: fix it right here
    with Session(fresh_store) as session:
        unchanged = session.get(Agreement, agreement_id)
        assert unchanged is not None and unchanged.regions == expected_regions
        again = session.exec(select(ReviewLabel).where(ReviewLabel.article_id == article_id))
        assert len(again.all()) == len(labels)  # nothing saved, nothing labelled


# --- search and exports -----------------------------------------------------------------------


def matching_titles(session: Session, term: str) -> list[str]:
    """First reports whose normalised title or text holds `term`, as the inbox lists them."""
    wanted = to_simplified(term).lower()
    stories = session.exec(
        select(Article).where(col(Article.duplicate_of).is_(None)).order_by(col(Article.id).desc())
    ).all()
    return [
        " ".join((a.title or UNTITLED).split())
        for a in stories
        if wanted in a.norm_title.lower() or wanted in a.norm_text.lower()
    ]


# A term of three or more characters (FTS5 phrases), one of two (the index's vocabulary),
# and one in Traditional script (the index holds Simplified).
@pytest.mark.parametrize("term", ["合作协议", "泸州", "兩江新區"])
def test_searching_from_the_inbox_filters(
    page: Page, desk: Desk, store_session: Callable[[], Session], term: str
) -> None:
    log_in(page, desk)
    page.get_by_label("搜索 Search").fill(term)
    page.get_by_label("状态 Status").select_option("")  # every status, as search means
    page.get_by_role("button", name="筛选 Filter").click()
    page.wait_for_url(re.compile(r"/inbox\?q="))
    shown = [" ".join(t.split()) for t in page.locator("a.item-link").all_inner_texts()]
    with store_session() as session:
        expected = matching_titles(session, term)
    assert expected, f"the sample store has stories with {term}"
    assert shown == expected


def export_expected(session: Session) -> list[dict[str, str]]:
    """`?agreements_only=1` straight from the tables: every agreement of an article
    read as reporting one (reprints too), newest article first."""
    rows = []
    articles = session.exec(
        select(Article).where(col(Article.is_agreement).is_(True)).order_by(col(Article.id).desc())
    ).all()
    for article in articles:
        for agreement in session.exec(
            select(Agreement)
            .where(Agreement.article_id == article.id)
            .order_by(col(Agreement.position), col(Agreement.id))
        ):
            rows.append(
                {
                    "article_id": str(article.id),
                    "article_title": article.title,
                    "url": article.url,
                    "status": article.status,
                    "agreement_title": agreement.title or "",
                    "parties": JOIN.join(agreement.parties),
                    "regions": JOIN.join(agreement.regions),
                }
            )
    return rows


def download(page: Page, link: str, target: Path) -> bytes:
    with page.expect_download() as started:
        page.get_by_role("link", name=link, exact=True).click()
    got = started.value
    assert re.fullmatch(
        rf"pactwatch-agreements-\d{{4}}-\d{{2}}-\d{{2}}\.{link.lower()}", got.suggested_filename
    )
    got.save_as(target / got.suggested_filename)
    return (target / got.suggested_filename).read_bytes()


def test_exports_download_what_the_store_holds(
    page: Page, desk: Desk, store_session: Callable[[], Session], tmp_path: Path
) -> None:
    log_in(page, desk)
    page.goto(desk.base + "/stats")  # the export links live with the statistics
    assert page.get_by_role("link", name="CSV", exact=True).get_attribute("href") == (
        "/export.csv?agreements_only=1"
    )
    with store_session() as session:
        expected = export_expected(session)
    assert len(expected) > 20 and any("__pwned" in row["agreement_title"] for row in expected)
    compared = ("article_id", "article_title", "url", "status", "agreement_title", "parties")

    data = download(page, "CSV", tmp_path)
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads the Chinese as UTF-8
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert list(records[0]) == list(COLUMNS)
    assert [{k: r[k] for k in (*compared, "regions")} for r in records] == [
        {k: spreadsheet_safe(row[k]) for k in (*compared, "regions")} for row in expected
    ]

    objects = json.loads(download(page, "JSON", tmp_path))
    assert [
        {**{k: str(o[k] or "") for k in compared}, "parties": JOIN.join(o["parties"])}
        for o in objects
    ] == [{k: row[k] for k in compared} for row in expected]


# --- the public feed --------------------------------------------------------------------------


def test_the_feed_carries_stories_approved_at_the_desk(
    browser: Browser, page: Page, fresh_desk: Desk, fresh_store: sa.Engine
) -> None:
    with Session(fresh_store) as session:
        hostile = hostile_ids(session)
        plain = session.exec(
            select(Article.id)
            .where(
                col(Article.is_agreement).is_(True),
                col(Article.duplicate_of).is_(None),
                col(Article.url).startswith("http://127.0.0.1"),
            )
            .order_by(col(Article.id))
        ).first()
    assert plain is not None
    client = fresh_desk.client(login=False)
    assert feedparser.parse(client.get("/feed.atom").content).entries == []

    log_in(page, fresh_desk)
    page.goto(fresh_desk.base + "/inbox?status=new")
    for article_id in hostile[:3]:  # the row buttons decide in place
        page.locator(f"#story-{article_id} button[data-decision=approve]").click()
        expect(page.locator(f"#story-{article_id} [data-status-badge]")).to_have_text(
            "已通过 Approved"
        )
    page.goto(f"{fresh_desk.base}/items/{plain}")  # and the item page's button
    page.get_by_role("button", name="通过 Approve").click()
    expect(page.locator("p.notice")).to_contain_text(f"#{plain} 已通过")
    approved = [*hostile[:3], plain]
    assert all(decisions(fresh_store, i) == ("approved", ["approve"]) for i in approved)

    response = client.get("/feed.atom")  # public: no login
    assert response.headers["content-type"] == "application/atom+xml; charset=utf-8"
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    with Session(fresh_store) as session:
        articles = {i: session.get(Article, i) for i in approved}
        titles = {a.title: a for a in articles.values() if a is not None}
        named: dict[int, list[str]] = {i: [] for i in approved}
        for agreement in session.exec(
            select(Agreement).where(col(Agreement.article_id).in_(approved))
        ):
            named[agreement.article_id].append(agreement.title or "合作协议")
    assert sorted(e.title for e in feed.entries) == sorted(titles)
    for entry in feed.entries:
        article = titles[entry.title]  # the hostile titles arrive as the very same text
        assert entry.title_detail.type == "text/plain"
        assert article.id is not None and named[article.id]
        assert all(name in entry.summary for name in named[article.id])
        links = [link.href for link in entry.get("links", []) if link.rel == "alternate"]
        if article.url.startswith(("http://", "https://")):
            assert links == [article.url]
        else:
            assert links == []  # the javascript: story is not linked at all
    assert "&lt;script&gt;window.__pwned = 1" in response.text  # escaped by the XML writer
    assert "<script" not in response.text and "<img" not in response.text

    feed_page = watched(browser)
    try:
        check_page_is_inert(feed_page, fresh_desk.base + "/feed.atom", 200)
    finally:
        feed_page.page.context.close()


# --- safety -----------------------------------------------------------------------------------

# Installed before any page script: dialogs are recorded instead of shown, and so is every
# Content-Security-Policy violation (an inline script or style that tried to run).
TRAPS = """
(() => {
  window.__dialogs = [];
  window.__violations = [];
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (message) => { window.__dialogs.push(name + ": " + message); return null; };
  }
  document.addEventListener("securitypolicyviolation", (event) => {
    window.__violations.push(event.violatedDirective + " " + event.blockedURI);
  });
})();
"""
# What a page holds that data could have put there; every list must come back empty.
INSPECT = """
() => {
  const own = location.origin;
  const found = { handlers: [], urls: [], scripts: [], styles: [], images: [], links: [] };
  for (const element of document.querySelectorAll("*")) {
    const tag = element.tagName.toLowerCase();
    for (const attr of element.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on")) found.handlers.push(tag + " " + name);
      if (["href", "src", "action", "formaction", "xlink:href", "data"].includes(name) &&
          /^\\s*(javascript|vbscript|data):/i.test(attr.value)) {
        found.urls.push(tag + " " + name + "=" + attr.value);
      }
    }
  }
  for (const script of document.querySelectorAll("script")) {
    if (!script.src || new URL(script.src).origin !== own) found.scripts.push(script.outerHTML);
  }
  for (const style of document.querySelectorAll("style")) found.styles.push(style.outerHTML);
  for (const image of document.querySelectorAll("img, svg image, iframe, object, embed")) {
    found.images.push(image.outerHTML.slice(0, 120));
  }
  for (const link of document.querySelectorAll("a[href]")) {
    const url = new URL(link.href, location.href);
    const external = link.target === "_blank" ||
      (/^https?:$/.test(url.protocol) && url.origin !== own);
    const rel = (link.getAttribute("rel") || "").toLowerCase().split(/\\s+/);
    if (external && !(rel.includes("noopener") && rel.includes("noreferrer"))) {
      found.links.push(link.outerHTML.slice(0, 160));
    }
  }
  const body = document.body;
  const style = body ? getComputedStyle(body) : null;
  return {
    ...found,
    pwned: typeof window.__pwned,
    dialogs: window.__dialogs,
    violations: window.__violations,
    visible: !!style && style.display !== "none" && style.visibility !== "hidden" &&
      body.getBoundingClientRect().height > 0,
    text: body ? body.innerText : document.documentElement.textContent,
  };
}
"""


@dataclass
class Watched:
    """A page with traps installed, and what it said on the console or in dialogs."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    console: list[ConsoleMessage] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def errors_besides(self, url: str) -> list[str]:
        """Console errors and uncaught exceptions, but for `url`'s own error status."""
        return self.errors + [
            m.text
            for m in self.console
            if m.type == "error"
            and not (m.text.startswith("Failed to load resource") and m.location["url"] == url)
        ]


def watched(browser: Browser, viewport: ViewportSize = DESKTOP) -> Watched:
    """A page in a context of its own (the caller closes it) with the traps installed."""
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    context.set_default_timeout(10_000)
    context.add_init_script(TRAPS)
    watch = Watched(context.new_page())

    def dismiss(dialog: Dialog) -> None:
        watch.dialogs.append(dialog.message)
        dialog.dismiss()

    watch.page.on("dialog", dismiss)
    watch.page.on("console", lambda message: watch.console.append(message))
    watch.page.on("pageerror", lambda error: watch.errors.append(str(error)))
    return watch


def check_page_is_inert(
    watch: Watched, url: str, status: int, shows: tuple[str, ...] = ()
) -> dict[str, Any]:
    """Open `url` and prove that nothing from the data ran, styled or linked unsafely."""
    watch.console.clear()
    response: Response | None = watch.page.goto(url)
    assert response is not None and response.status == status, (url, response)
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy and "unsafe-" not in policy, (url, policy)
    assert response.headers.get("x-content-type-options") == "nosniff"
    found: dict[str, Any] = watch.page.evaluate(INSPECT)
    assert found["pwned"] == "undefined", url
    assert found["dialogs"] == [] and watch.dialogs == [], url
    for kind in ("violations", "handlers", "urls", "scripts", "styles", "images", "links"):
        assert found[kind] == [], (url, kind, found[kind])
    assert found["visible"], f"{url}: the body is hidden"
    assert watch.errors_besides(response.url) == [], url
    for text in shows:  # hostile text is on the page, as text
        assert text in found["text"], (url, text)
    return found


def test_the_safety_checks_see_markup_that_was_not_escaped(browser: Browser, desk: Desk) -> None:
    """The control: the stored payloads put raw into a page (no CSP) trip every check."""
    watch = watched(browser)
    try:
        raw = "".join(f"<p>{bad}</p>" for bad in desk.hostile)
        links = f'<a href="{desk.hostile[2]}">x</a><a href="https://a.example/" target=_blank>y</a>'
        watch.page.set_content(f"<!DOCTYPE html><body>{raw}{links}</body>")
        found = watch.page.evaluate(INSPECT)
    finally:
        watch.page.context.close()
    assert found["pwned"] == "number" and found["dialogs"] == ["alert: t"]
    assert {"img onerror", "svg onload"} <= set(found["handlers"])
    assert found["urls"] and found["scripts"] and found["styles"] and found["images"]
    assert len(found["links"]) == 1 and not found["visible"]


def test_no_page_runs_or_shows_anything_from_the_data_but_text(
    browser: Browser, desk: Desk, store_session: Callable[[], Session]
) -> None:
    with store_session() as session:
        hostile = hostile_ids(session)
        articles = [session.get(Article, i) for i in hostile]
    titles = tuple(a.title for a in articles if a is not None)
    bad_keyword = "<script>window.__pwned=1</script>"
    watch = watched(browser)
    try:
        # The traps themselves work: a dialog raised on purpose is caught.
        watch.page.goto(desk.base + "/login")
        watch.page.evaluate("window.alert('control')")
        assert watch.page.evaluate("window.__dialogs") == ["alert: control"]

        base = desk.base
        public_pages = [
            ("/login", 200, ()),
            ("/subscribe", 200, ()),
            ("/feed.atom", 200, ()),  # empty here: the feed test fills it with hostile titles
            ("/no-such-page", 404, ("页面不存在",)),
            ("/confirm?token=" + quote(desk.hostile[0]), 400, ()),
        ]
        for path, status, shows in public_pages:
            check_page_is_inert(watch, base + path, status, shows)

        log_in(watch.page, desk)
        hostile_query = quote(desk.hostile[0])
        desk_pages = [
            ("/inbox", 200, titles),
            ("/inbox?status=", 200, titles),
            ("/inbox?status=approved", 200, ()),
            ("/inbox?q=window.__pwned&status=", 200, titles),
            (f"/inbox?q={hostile_query}&status=", 200, ()),
            ("/inbox?region=泸州&sector=industry&agreements_only=1&status=", 200, titles),
            (f"/inbox?region={hostile_query}", 400, (desk.hostile[0],)),
            (f"/search?q={quote('<img src=x onerror=window.__pwned=1>')}", 200, ()),
            *((f"/items/{i}", 200, (t,)) for i, t in zip(hostile, titles, strict=True)),
            ("/items/99999999", 404, ()),
            ("/sources", 200, ("sample-faults",)),
            ("/sources/sample-cq", 200, ()),
            ("/sources/sample-faults", 200, ()),
            (f"/sources/{hostile_query}", 404, ()),
            ("/subscribers", 200, (bad_keyword,)),
            (f"/subscribers?q={quote(bad_keyword)}", 200, ()),
            ("/stats", 200, ("统计",)),
            (f"/stats?since={hostile_query}", 400, ()),
            ("/no-such-page", 404, ()),
        ]
        for path, status, shows in desk_pages:
            check_page_is_inert(watch, base + path, status, shows)

        # Every agreement form kept the hostile values inside its fields, as typed text.
        for article_id, bad in zip(hostile, desk.hostile, strict=True):
            watch.page.goto(f"{base}/items/{article_id}")
            form = watch.page.locator(".agreement-edit form.agreement-form").first
            expect(form.locator("input[name=title]")).to_have_value(bad)
            expect(form.locator("textarea[name=parties]")).to_have_value(
                f"{bad}\n重庆市永川区人民政府"
            )
    finally:
        watch.page.context.close()


# --- every page behind the login --------------------------------------------------------------

# Pages anyone may open: the contract's public ones, the login, and the health check.
PUBLIC = {
    "/login",
    "/healthz",
    "/feed.atom",
    "/subscribe",
    "/confirm",
    "/unsubscribe",
    "/unsubscribe/one-click",
    "/preferences",
}
# As a client elsewhere on the network: /metrics answers loopback without a login.
STRANGER = {"X-Forwarded-For": "203.0.113.9"}


def every_route() -> list[tuple[str, str]]:
    """(method, path template) of every route the app serves, but static files."""
    routes = [
        *health.routes,
        *metrics.routes,
        *public.routes,
        *auth.routes,
        *desk_routes.routes,
    ]
    found: set[tuple[str, str]] = set()
    for route in routes:
        path, methods = getattr(route, "path", None), getattr(route, "methods", None)
        assert path and methods, route
        found.update((m, path) for m in methods if m != "HEAD")
    return sorted(found)


def store_snapshot(session: Session) -> dict[str, Any]:
    """What a refused request could have changed."""
    return {
        "articles": session.exec(select(Article.id, Article.status)).all(),
        "labels": len(session.exec(select(ReviewLabel.id)).all()),
        "agreements": [
            (a.id, a.title, a.regions, a.corrected) for a in session.exec(select(Agreement))
        ],
        "subscribers": session.exec(select(Subscriber.id, Subscriber.status)).all(),
        "runs": len(session.exec(select(CrawlRun.id)).all()),
    }


def test_no_page_with_data_answers_without_a_login(
    desk: Desk, store_session: Callable[[], Session]
) -> None:
    with store_session() as session:
        article = hostile_ids(session)[0]
        agreement = session.exec(select(Agreement.id).where(Agreement.article_id == article)).one()
        subscriber = session.exec(select(Subscriber.id)).first()
        before = store_snapshot(session)
    values: dict[str, object] = {
        "article_id": article,
        "agreement_id": agreement,
        "id": subscriber,
        "name": "sample-cq",
    }
    client = desk.client(login=False)
    guarded = [(m, p) for m, p in every_route() if p not in PUBLIC]
    assert ("POST", "/items/{article_id:rowid}/approve") in guarded and len(guarded) > 15

    for method, template in guarded:
        path = re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: str(values[m.group(1)]), template)
        response = client.request(method, path, headers=STRANGER, data={"id": str(article)})
        if method == "GET" and path != "/metrics":
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login"), (method, path)
        else:
            assert response.status_code == 403, (method, path, response.status_code)
        for secret in (*desk.hostile, "confirmed@example.com"):
            assert secret not in response.text, (method, path)

    for path in ("/login", "/healthz", "/feed.atom", "/subscribe"):
        assert client.get(path, headers=STRANGER).status_code == 200, path
    with store_session() as session:
        assert store_snapshot(session) == before


# --- screenshots ------------------------------------------------------------------------------


def shoot(page: Page, name: str, width: int) -> Path:
    shot = ARTIFACTS / f"desk-{name}.png"
    shot.parent.mkdir(exist_ok=True)
    page.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 15_000, f"{shot} looks blank"  # a blank page: < 1 kB
    assert png_size(shot)[0] >= width
    return shot


def test_screenshots_of_every_page(
    page: Page, desk: Desk, store_session: Callable[[], Session]
) -> None:
    with store_session() as session:
        item = session.exec(
            select(Agreement.article_id)
            .join(Article, col(Article.id) == col(Agreement.article_id))
            .where(col(Article.url).startswith("http://127.0.0.1"))
            .order_by(col(Agreement.id))
        ).first()
    page.goto(desk.base + "/login")
    shoot(page, "login", DESKTOP["width"])
    page.goto(desk.base + "/subscribe")
    shoot(page, "subscribe", DESKTOP["width"])
    log_in(page, desk)
    assert "收件箱" in page.inner_text("h1")  # the Chinese is there (and drawn: see the PNG)
    for name, path in [
        ("inbox", "/inbox"),
        ("item", f"/items/{item}"),
        ("search", "/search?q=" + quote("泸州")),
        ("sources", "/sources"),
        ("source", "/sources/sample-faults"),
        ("subscribers", "/subscribers"),
        ("stats", "/stats"),
        ("404", "/no-such-page"),
    ]:
        page.goto(desk.base + path)
        shoot(page, name, DESKTOP["width"])
    page.set_viewport_size(PHONE)
    for name, path in [("inbox-phone", "/inbox"), ("item-phone", f"/items/{item}")]:
        page.goto(desk.base + path)
        shoot(page, name, PHONE["width"])
    # On a phone the item page fits the screen: nothing to scroll sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the item page is {width}px wide on a phone"


def png_size(path: Path) -> tuple[int, int]:
    """(width, height) from the PNG's IHDR chunk."""
    head = path.read_bytes()[:24]
    assert head[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", head[16:24])
    return width, height
