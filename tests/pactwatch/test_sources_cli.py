"""`pactwatch sources add` and `sources check` against real HTTP servers on loopback."""

from __future__ import annotations

import json
import os
import threading
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from pactwatch.core.settings import Settings
from pactwatch.service.sources_check import run_check
from tests.conftest import FAST_CRAWL, Cli
from tests.crawlers.cms_pages import CmsShape, list_page

Route = tuple[int, dict[str, str], bytes]
HTML = {"Content-Type": "text/html; charset=utf-8"}
PARAGRAPH = (
    "四川省泸州市与重庆市永川区在永川签署《泸永江融合发展战略合作框架协议》，双方将在产业协作、"
    "交通互联、生态共保、公共服务共享等领域深化合作，共同推动成渝地区双城经济圈建设走深走实。"
)


@dataclass
class Site:
    """A real HTTP server on 127.0.0.1 serving `routes` (path with query → response)."""

    host: str = "127.0.0.1"
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def base(self) -> str:
        assert self.server is not None
        return f"http://{self.host}:{self.server.server_address[1]}"

    def html(self, path: str, text: str, status: int = 200) -> None:
        self.routes[path] = (status, HTML, text.encode("utf-8"))


def _handler(site: Site) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            site.requests.append(self.path)
            status, headers, body = site.routes.get(self.path, (404, HTML, b"<h1>404</h1>"))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value.replace("@BASE@", site.base))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    return Handler


@pytest.fixture
def site() -> Iterator[Site]:
    yield from _serve(Site())


def _serve(site: Site) -> Iterator[Site]:
    site.server = ThreadingHTTPServer((site.host, 0), _handler(site))
    thread = threading.Thread(target=site.server.serve_forever, daemon=True)
    thread.start()
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, b"User-agent: *\nAllow: /\n")
    try:
        yield site
    finally:
        site.server.shutdown()
        site.server.server_close()
        thread.join()


def article_html(title: str, day: date) -> str:
    body = "".join(f"<p>{PARAGRAPH}（第{n}段）</p>" for n in range(4))
    return (
        f"<html><head><meta charset='utf-8'><title>{title}_重庆市人民政府网</title></head>"
        f"<body><div class='nav'><a href='/'>首页</a></div><div class='article'>"
        f"<h1>{title}</h1><div class='info'>发布时间：{day:%Y-%m-%d} 10:30 来源：永川区</div>"
        f"<div class='content'>{body}</div></div><div class='footer'>版权所有</div></body></html>"
    )


def trs_column(site: Site, column: str = "jrcq", stub_articles: bool = False) -> str:
    """A TRS-style column on `site`, its articles served; returns the list page URL."""
    base = site.base
    shape = CmsShape(
        "trs",
        f"{base}/ywdt/{column}/",
        lambda i, d, h: f"{base}/ywdt/{column}/{d:%Y%m}/t{d:%Y%m%d}_{13280000 + i}.html",
        lambda n: f"{base}/ywdt/{column}/index_{n - 1}.html",
        lambda n: f"{base}/ywdt/col{n}/",
    )
    page = list_page(shape)
    site.html(f"/ywdt/{column}/", page.html)
    site.html(f"/ywdt/{column}/index_1.html", list_page(shape, page=2).html)
    for url in page.articles:
        path = url.removeprefix(base)
        text = "<html><body><p>图片</p></body></html>" if stub_articles else None
        site.html(path, text or article_html(f"泸永江签署合作协议{path[-9:-5]}", date(2024, 5, 12)))
    return shape.list_url


def _config(cli: Cli) -> dict[str, Any]:
    return tomllib.loads((cli.workdir / "pactwatch.toml").read_text("utf-8"))


def test_add_infers_previews_writes_and_check_passes(site: Site, cli: Cli) -> None:
    url = trs_column(site)
    (cli.workdir / "pactwatch.toml").write_text(FAST_CRAWL, encoding="utf-8")
    added = cli.run("sources", "add", url, "--name", "jrcq", "--yes", "--allow-private-addresses")
    assert "t\\d{8}_\\d+" in added.stdout and "test article" in added.stdout
    written = _config(cli)["sources"][0]
    assert written["name"] == "jrcq" and written["start_urls"] == [url]
    assert written["follow_patterns"] and written["allow_private_addresses"] is True
    assert "# Added by `pactwatch sources add`" in (cli.workdir / "pactwatch.toml").read_text()
    assert "/ywdt/jrcq/index_1.html" in site.requests  # the next list page, read as evidence
    before = (cli.workdir / "pactwatch.toml").read_text()
    for args in (("--name", "jrcq"), ("--name", "other")):  # same name; same start URL
        again = cli.run("sources", "add", url, *args, "--yes", check=False)
        assert again.returncode == 2, again.stderr
        assert "already configured" in again.stderr
    assert (cli.workdir / "pactwatch.toml").read_text() == before

    checked = cli.run("sources", "check", "--json")
    (line,) = [json.loads(x) for x in checked.stdout.splitlines()]
    assert line["name"] == "jrcq" and line["ok"] is True and line["reason"] is None
    assert line["articles_found"] == 23
    assert line["sample"]["title"].startswith("泸永江签署合作协议")
    assert line["sample"]["published_at"].startswith("2024-05-12")
    assert _config(cli)["sources"][0]["checked_on"] == _today()
    (stored,) = cli.query("SELECT source, ok, articles_found FROM source_check")
    assert stored == {"source": "jrcq", "ok": 1, "articles_found": 23}


def test_add_never_writes_a_source_whose_articles_fail_extraction(site: Site, cli: Cli) -> None:
    url = trs_column(site, stub_articles=True)
    (cli.workdir / "pactwatch.toml").write_text(FAST_CRAWL, encoding="utf-8")
    result = cli.run("sources", "add", url, "--name", "x", "--yes", "--allow-private-addresses",
                     check=False)  # fmt: skip
    assert result.returncode == 1
    assert "test articles failed" in result.stdout
    assert (cli.workdir / "pactwatch.toml").read_text() == FAST_CRAWL


def _bad_inputs(site: Site, offsite: Site) -> dict[str, tuple[str, str]]:
    """name → (start path, words the reason must hold)."""
    site.routes["/doc.pdf"] = (200, {"Content-Type": "application/pdf"}, b"%PDF-1.4 ...")
    site.html("/login/", "<form><input name=u><input type='password' name=p></form>")
    site.html("/one/", "<a href='/a.html'>一篇很长的新闻标题在这里出现了</a><a href='/b/'>关于</a>")
    days = "".join(f"<a href='/cal.php?date=2024-05-{d:02d}'>{d}</a>" for d in range(1, 29))
    site.html("/cal.php", days)
    site.routes["/moved/"] = (302, {"Location": offsite.base + "/news/"}, b"")
    return {
        "pdf": ("/doc.pdf", "not HTML"),
        "login": ("/login/", "login wall"),
        "noshape": ("/one/", "no repeated link shape"),
        "calendar": ("/cal.php", "never end"),
        "offsite": ("/moved/", "another host"),
    }


@pytest.fixture
def offsite() -> Iterator[Site]:
    yield from _serve(Site(host="127.0.0.2"))


def test_check_reports_every_failure_and_never_stops(site: Site, offsite: Site, cli: Cli) -> None:
    good = trs_column(site)
    blocks = [_block("good", good, "t\\d{8}_\\d+\\.html$")]
    for name, (path, _) in _bad_inputs(site, offsite).items():
        blocks.append(_block(name, site.base + path, "/\\d+\\.html$"))
    blocks.append(_block("gone", site.base + "/gone/", "/\\d+\\.html$"))
    blocks.append(_block("moved-shape", good, "/content_\\d+\\.htm$"))
    cli.write_config("\n".join(blocks))
    result = cli.run("sources", "check", "--json", check=False)
    assert result.returncode == 1
    lines = {x["name"]: x for x in map(json.loads, result.stdout.splitlines())}
    assert lines["good"]["ok"] is True
    expected = {
        "pdf": "not HTML",
        "login": "login wall",
        "offsite": "another host",
        "gone": "HTTP 404",
        "moved-shape": "now look like",
        "noshape": "matches article_patterns",
    }
    for name, words in expected.items():
        assert lines[name]["ok"] is False and words in lines[name]["reason"], lines[name]
        assert lines[name]["sample"] is None
    assert _config(cli)["sources"][0]["checked_on"] == _today()
    assert all(s.get("checked_on", "unknown") == "unknown" for s in _config(cli)["sources"][1:])


def _block(name: str, url: str, pattern: str) -> str:
    return (
        f"[[sources]]\nname = '{name}'\nstart_urls = ['{url}']\n"
        f"article_patterns = ['{pattern}']\nevery = '10s'\nallow_private_addresses = true\n"
    )


@pytest.mark.parametrize("case", ["pdf", "login", "noshape", "calendar", "offsite"])
def test_add_explains_bad_input_and_writes_nothing(
    site: Site, offsite: Site, cli: Cli, case: str
) -> None:
    path, words = _bad_inputs(site, offsite)[case]
    result = cli.run("sources", "add", site.base + path, "--name", case, "--yes",
                     "--allow-private-addresses", check=False)  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert words in result.stdout
    assert not (cli.workdir / "pactwatch.toml").exists()
    assert not offsite.requests  # the redirect was not followed off the host


def test_add_refuses_a_site_whose_robots_txt_forbids_everything(site: Site, cli: Cli) -> None:
    url = trs_column(site)
    site.routes["/robots.txt"] = (
        200,
        {"Content-Type": "text/plain"},
        b"User-agent: *\nDisallow: /\n",
    )
    result = cli.run("sources", "add", url, "--name", "r", "--yes", "--allow-private-addresses",
                     check=False)  # fmt: skip
    assert result.returncode == 1
    assert "robots.txt" in result.stdout and "forbids" in result.stdout
    assert site.requests == ["/robots.txt"]


def test_add_refuses_private_addresses_by_default(site: Site, cli: Cli) -> None:
    url = trs_column(site)
    result = cli.run("sources", "add", url, "--name", "p", "--yes", check=False)
    assert result.returncode == 1
    assert "--allow-private-addresses" in result.stdout
    assert not site.requests


def _rss(site: Site, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>泸永江合作{n}</title><link>{site.base}{p}</link></item>"
        for n, p in enumerate(paths)
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


def test_add_prefers_the_feed_a_page_advertises(site: Site, cli: Cli) -> None:
    paths = [f"/news/{n}.html" for n in range(5)]
    for path in paths:
        site.html(path, article_html(f"泸永江签署合作协议{path[-6]}", date(2024, 5, 12)))
    site.routes["/rss.xml"] = (200, {"Content-Type": "application/rss+xml"}, _rss(site, paths))
    site.html("/news/", '<html><head><link rel="alternate" type="application/rss+xml" '
              'href="/rss.xml"></head><body><p>见订阅</p></body></html>')  # fmt: skip
    result = cli.run("sources", "add", site.base + "/news/", "--name", "feed", "--yes",
                     "--allow-private-addresses")  # fmt: skip
    written = _config(cli)["sources"][0]
    assert written["feeds"] == [site.base + "/rss.xml"] and written["start_urls"] == []
    assert "read as a feed" in result.stdout
    assert sum(p.startswith("/news/") and p != "/news/" for p in site.requests) == 3


def test_a_front_page_without_a_list_falls_back_to_the_robots_sitemap(site: Site, cli: Cli) -> None:
    paths = [f"/p/{n}.html" for n in range(4)]
    for path in paths:
        site.html(path, article_html("成渝共建产业园区", date(2024, 5, 12)))
    urls = "".join(f"<url><loc>{site.base}{p}</loc></url>" for p in paths)
    xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    site.routes["/maps/news.xml"] = (200, {"Content-Type": "application/xml"}, xml.encode())
    robots = b"User-agent: *\nAllow: /\nSitemap: /maps/news.xml\n"
    site.routes["/robots.txt"] = (200, {"Content-Type": "text/plain"}, robots)
    site.html("/", "<html><body><a href='/about/'>关于</a></body></html>")
    cli.run("sources", "add", site.base + "/", "--name", "maps", "--yes",
            "--allow-private-addresses")  # fmt: skip
    written = _config(cli)["sources"][0]
    assert written["sitemaps"] == [site.base + "/maps/news.xml"]
    assert written["start_urls"] == [] and written["article_patterns"] == []


def test_without_robots_txt_the_conventional_sitemap_is_tried(site: Site, cli: Cli) -> None:
    paths = [f"/p/{n}.html" for n in range(3)]
    for path in paths:
        site.html(path, article_html("成渝共建产业园区", date(2024, 5, 12)))
    urls = "".join(f"<url><loc>{site.base}{p}</loc></url>" for p in paths)
    xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
    site.routes["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, xml.encode())
    del site.routes["/robots.txt"]
    site.html("/", "<html><body><a href='/about/'>关于</a></body></html>")
    cli.run("sources", "add", site.base + "/", "--name", "maps", "--yes",
            "--allow-private-addresses")  # fmt: skip
    assert _config(cli)["sources"][0]["sitemaps"] == [site.base + "/sitemap.xml"]


def test_the_services_weekly_check_records_verdicts_and_leaves_the_file_alone(
    site: Site, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli.write_config(
        _block("good", trs_column(site), "t\\d{8}_\\d+\\.html$")
        + _block("gone", site.base + "/gone/", "/\\d+\\.html$")
    )
    cli.run("db", "upgrade")
    before = (cli.workdir / "pactwatch.toml").read_text("utf-8")
    for key in [k for k in os.environ if k.startswith("PACTWATCH_")]:
        monkeypatch.delenv(key)
    for key, value in cli.env().items():
        monkeypatch.setenv(key, value)  # the service's child inherits the service's settings
    log = cli.workdir / "var" / "sources-check.log"
    done = run_check(cli.workdir / "pactwatch.toml", cli.workdir, log, threading.Event())
    assert (done.passed, done.failed, done.problem) == (1, 1, None), log.read_text()
    assert "1 passed, 1 failed" in done.describe()
    rows = cli.query("SELECT source, ok FROM source_check ORDER BY source")
    assert [(r["source"], bool(r["ok"])) for r in rows] == [("gone", False), ("good", True)]
    assert (cli.workdir / "pactwatch.toml").read_text("utf-8") == before


def test_the_weekly_check_stops_with_the_service(tmp_path: Any) -> None:
    stop = threading.Event()
    stop.set()
    done = run_check(None, tmp_path, tmp_path / "check.log", stop, grace=1.0)
    assert done.problem == "stopped with the service"


def _today() -> str:
    """The day in the desk's time zone, as `checked_on` is stamped (not the machine's)."""
    return datetime.now(ZoneInfo(Settings.model_fields["timezone"].default)).date().isoformat()
