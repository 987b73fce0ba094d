"""Publication dates as users see them: `analyze --json` and a crawl with a date override."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from pactwatch.sample_site import SampleSite

if TYPE_CHECKING:
    from tests.conftest import Cli

SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE = (
    "<html><head><title>泸州市与永川区签署合作协议_四川新闻网</title></head><body>"
    "<div class='crumb'>首页 &gt; 泸州市与永川区签署合作协议</div>"
    "<h1>泸州市与永川区签署合作协议</h1><div class='info'>{byline}</div>"
    "<p>会上，两地签署《生态环境保护合作协议》，约定在大气污染联防联控、跨界水体监测、"
    "环境执法联动和应急处置等领域开展全方位合作，建立常态化会商机制。</p>"
    "<p>根据协议，双方将共享监测数据，联合开展交界区域执法检查，共同推进跨界河流的综合治理，"
    "力争在两年内实现交界断面水质稳定达标。</p></body></html>"
)


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_analyze_json_has_text_date_and_its_source(cli: Cli, tmp_path: Path) -> None:
    relative = tmp_path / "relative.html"
    relative.write_text(PAGE.format(byline="3小时前 来源：封面新闻"), encoding="utf-8")
    saved = datetime(2024, 5, 12, 12, 30, tzinfo=SHANGHAI).timestamp()
    os.utime(relative, (saved, saved))  # a saved page's relative date counts from its mtime
    dated = tmp_path / "dated.html"
    dated.write_text(PAGE.format(byline="二〇二四年五月十二日 来源：泸州日报"), encoding="utf-8")
    first, second = _lines(cli.run("analyze", str(relative), str(dated), "--json").stdout)
    assert first["published_at"] == "2024-05-12T09:30:00+08:00"
    assert first["date_source"] == "relative"
    assert first["text"].startswith("会上，两地签署《生态环境保护合作协议》")
    assert second["published_at"].startswith("2024-05-12T00:00:00")
    assert second["date_source"] == "dateline"
    assert second["text"].startswith("会上")
    assert {"path", "title", "is_agreement", "score", "agreements"} <= set(second)


def test_date_override_reaches_extraction_in_a_crawl(site: SampleSite, cli: Cli) -> None:
    """`[sources.extract] date` goes from the config through the crawl to every article."""
    override = "[sources.extract]\ndate = \"string('2020-01-02 03:04')\"\n"
    cli.write_config(site.sources_toml(["sample-cq"]) + override)
    cli.run("crawl")
    items = _lines(cli.run("items", "--json").stdout)
    assert items
    assert {i["published_at"][:16] for i in items} == {"2020-01-02T03:04"}


def test_bad_date_xpath_is_a_config_error(cli: Cli) -> None:
    cli.write_config(
        '[[sources]]\nname = "x"\nstart_urls = ["https://example.cn/"]\n'
        "[sources.extract]\ndate = \"//span[@class='time'\"\n"
    )
    result = cli.run("crawl", check=False)
    assert result.returncode == 2
    assert "extract.date" in result.stderr and "bad XPath" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_analyze_reports_headline_and_date_of_a_page_without_body(cli: Cli, tmp_path: Path) -> None:
    stub = tmp_path / "stub.html"
    stub.write_text(
        "<html><head><title>关于批准特别国债的决议_中国政府网</title>"
        '<meta name="firstpublishedtime" content="2007-08-20-23:59:59"></head>'
        "<body><h1>关于批准特别国债的决议</h1></body></html>",
        encoding="utf-8",
    )
    [result] = _lines(cli.run("analyze", str(stub), "--json").stdout)
    assert result["error"] and result["text"] is None
    assert result["title"] == "关于批准特别国债的决议"
    assert result["published_at"] == "2007-08-20T23:59:59+08:00"
    assert result["date_source"] == "meta"
