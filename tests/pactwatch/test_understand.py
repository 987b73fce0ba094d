"""Understanding end to end: `analyze` on files, and a crawl that links and classifies."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from pactwatch.sample_site import SampleSite
from pipeline.normalise import normalise

if TYPE_CHECKING:
    from tests.conftest import Cli

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def _lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_analyze_seed_files_finds_the_gold_agreements(cli: Cli) -> None:
    gold = json.loads((SEEDS / "gold.json").read_text("utf-8"))["articles"]
    paths = [str(SEEDS / g["file"]) for g in gold]
    results = _lines(cli.run("analyze", *paths, "--json").stdout)
    assert [Path(r["path"]).name for r in results] == [g["file"] for g in gold]
    for expected, result in zip(gold, results, strict=True):
        assert set(result) >= {
            "path",
            "title",
            "published_at",
            "is_agreement",
            "score",
            "agreements",
        }
        assert result["is_agreement"] is True and result["score"] > 0.5
        titles = {normalise(a["title"]) for a in expected["agreements"] if a["title"]}
        found = {normalise(a["title"]) for a in result["agreements"] if a["title"]}
        assert titles <= found, f"{expected['file']}: missing {titles - found}"


def test_analyze_html_and_bad_input(cli: Cli, tmp_path: Path) -> None:
    page = tmp_path / "gbk.html"
    page.write_bytes(
        (
            "<html><head><title>璧山区与船山区签署战略合作框架协议</title></head><body>"
            "<h1>璧山区与船山区签署战略合作框架协议</h1><p>发布时间：2026-03-18 20:10</p><div>"
            "<p>3月18日,重庆市璧山区与四川省遂宁市船山区在璧山签署《璧山区船山区产业协作战略合作框架协议》,"
            "两地将在新能源汽车、电子信息等领域深化产业协作。</p>"
            "<p>根据协议,双方将共建产业合作园区,推动产业链上下游企业协同发展。</p></div></body></html>"
        ).encode("gbk")
    )
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    english = tmp_path / "english.txt"
    english.write_text("Weather report\nIt will rain tomorrow in most of the country.")
    results = _lines(cli.run("analyze", str(page), str(empty), str(english), "--json").stdout)
    assert results[0]["is_agreement"] is True
    [agreement] = results[0]["agreements"]
    assert agreement["title"] == "璧山区船山区产业协作战略合作框架协议"
    assert agreement["signed_on"] == "2026-03-18"
    assert set(agreement["regions"]) == {"重庆市璧山区", "四川省遂宁市船山区"}
    assert results[1]["is_agreement"] is False and results[1]["error"]
    assert results[2]["is_agreement"] is False
    missing = cli.run("analyze", str(tmp_path / "nope.html"), check=False)
    assert missing.returncode == 2 and "not a file" in missing.stderr


def test_crawl_links_reprints_and_lists_agreements(site: SampleSite, cli: Cli) -> None:
    cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]))
    summary = cli.run("crawl").stdout
    items = {i["url"]: i for i in _lines(cli.run("items", "--json").stdout)}
    by_key = {a.key: items[a.url] for a in site.articles()}
    for article in site.articles():
        item = by_key[article.key]
        assert item["is_agreement"] is article.is_agreement, article.key
        if article.reprint_of:
            # The earliest-published report is the root, whichever was stored first.
            pair = [item, by_key[article.reprint_of]]
            first, second = sorted(pair, key=lambda i: (i["published_at"], i["url"]))
            assert second["duplicate_of"] == first["id"], article.key
            assert first["duplicate_of"] is None
    linked = {i["id"] for i in items.values() if i["duplicate_of"] is not None}
    assert len(linked) == sum(1 for a in site.articles() if a.reprint_of)
    listed = _lines(cli.run("items", "--json", "--agreements-only").stdout)
    assert {i["url"] for i in listed} == {a.url for a in site.articles() if a.is_agreement}
    assert all(i["agreements"] for i in listed)
    assert "repeating an earlier story" in summary
    _check_stories(cli, site)

    again = cli.run("reanalyze").stdout
    assert "reanalysed" in again
    after = {i["url"]: i for i in _lines(cli.run("items", "--json").stdout)}
    assert {u: (i["is_agreement"], i["duplicate_of"]) for u, i in after.items()} == {
        u: (i["is_agreement"], i["duplicate_of"]) for u, i in items.items()
    }


def _check_stories(cli: Cli, site: SampleSite) -> None:
    """Each agreement story lists its reprints under the first report, once."""
    from sqlmodel import Session

    from pipeline.db import make_engine
    from pipeline.stories import agreement_stories

    engine = make_engine(cli.database_url)
    with Session(engine) as session:
        stories = agreement_stories(session=session)
        roots = {s.root.url for s in stories}
        folded = {a.url for s in stories for a in s.also}
        assert all(s.agreements for s in stories)
    engine.dispose()
    expected = {a.url for a in site.articles() if a.is_agreement}
    assert roots | folded == expected and not roots & folded
    assert len(folded) == sum(1 for a in site.articles() if a.reprint_of)


def test_review_approves_and_rejects(site: SampleSite, cli: Cli) -> None:
    cli.write_config(site.sources_toml(["sample-cq"]))
    cli.run("crawl")
    first, second = _lines(cli.run("items", "--json").stdout)[:2]
    assert "approved" in cli.run("review", str(first["id"]), "--approve").stdout
    cli.run("review", str(second["id"]), "--reject")
    approved = _lines(cli.run("items", "--json", "--status", "approved").stdout)
    assert [i["id"] for i in approved] == [first["id"]]
    assert cli.run("review", "999999", "--approve", check=False).returncode == 2
    assert cli.run("review", str(first["id"]), check=False).returncode == 2


def test_train_keeps_the_rules_alone_until_labels_validate_a_model(
    site: SampleSite, cli: Cli
) -> None:
    cli.write_config(site.sources_toml(["sample-sc"]))
    cli.run("crawl")
    items = _lines(cli.run("items", "--json").stdout)
    for item in items[:4]:
        cli.run("review", str(item["id"]), "--approve" if item["is_agreement"] else "--reject")
    result = cli.run("train")
    assert "rules alone" in result.stdout
    assert not (cli.workdir / "var" / "model.npz").exists()
