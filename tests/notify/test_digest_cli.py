"""Subscriptions and digests through the CLI, from a crawled store to .eml files."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path
from typing import TYPE_CHECKING

from pactwatch.sample_site import SampleSite

if TYPE_CHECKING:
    from tests.conftest import Cli

KEY = {"PACTWATCH_SECRET_KEY": "test-key", "PACTWATCH_BASE_URL": "https://pw.example"}


def _mails(outbox: Path) -> list[email.message.EmailMessage]:
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
        for p in sorted(outbox.glob("*.eml"))
    ]


def test_subscribe_digest_and_no_second_delivery(site: SampleSite, cli: Cli) -> None:
    cli.write_config(site.sources_toml(["sample-cq", "sample-sc"]))
    cli.run("crawl")
    outbox = cli.workdir / "outbox"
    cli.run("subscribe", "luzhou@example.com", "--region", "泸州", "--confirmed", **KEY)
    cli.run("subscribe", "Mianyang@Example.com", "--region", "绵阳", "--confirmed", **KEY)
    pending = cli.run("subscribe", "pending@example.com", **KEY).stdout
    assert "confirmation sent" in pending
    [confirmation] = _mails(outbox)
    assert confirmation["To"] == "pending@example.com"
    assert "https://pw.example/confirm?token=" in confirmation.get_body(("plain",)).get_content()
    assert confirmation["List-Unsubscribe"] is None  # transactional, not a list message

    dry = cli.run("digest", "--dry-run", **KEY).stdout
    assert "luzhou@example.com" in dry and "mianyang@example.com" in dry
    assert len(_mails(outbox)) == 1, "a dry run writes nothing"

    first = cli.run("digest", **KEY).stdout
    assert "sent 2" in first
    digests = {m["To"]: m for m in _mails(outbox) if m["To"] != "pending@example.com"}
    assert set(digests) == {"luzhou@example.com", "mianyang@example.com"}
    luzhou = digests["luzhou@example.com"]
    assert luzhou.get_content_type() == "multipart/alternative"
    text = luzhou.get_body(("plain",)).get_content()
    html = luzhou.get_body(("html",)).get_content()
    assert "成渝双城经济圈制造业合作示范区战略合作框架协议" in text and "<table" in html
    assert "北碚" not in text  # 绵阳–北碚 is not in 泸州
    assert "篇报道" in luzhou["Subject"] and "项协议" in luzhou["Subject"]
    assert luzhou["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "https://pw.example/unsubscribe" in luzhou["List-Unsubscribe"]
    assert luzhou["Message-ID"]

    again = cli.run("digest", "--now", _later(), **KEY).stdout
    assert "sent 0" in again
    subs = [json.loads(line) for line in cli.run("subscribers", "--json").stdout.splitlines()]
    assert {s["email"]: s["status"] for s in subs} == {
        "luzhou@example.com": "confirmed",
        "mianyang@example.com": "confirmed",
        "pending@example.com": "pending",
    }
    cli.run("unsubscribe", "luzhou@example.com")
    assert cli.run("unsubscribe", "nobody@example.com", check=False).returncode == 2


def test_digest_needs_a_secret_key(cli: Cli) -> None:
    result = cli.run("digest", check=False)
    assert result.returncode == 2 and "PACTWATCH_SECRET_KEY" in result.stderr


def _later() -> str:
    from datetime import UTC, datetime, timedelta

    return (datetime.now(UTC) + timedelta(days=1)).isoformat()


def test_subscribe_to_partner_places_anywhere(cli: Cli) -> None:
    cli.run("db", "upgrade")
    cli.run(
        "subscribe",
        "west@example.com",
        "--region",
        "拉萨",
        "--region",
        "兰州",
        "--confirmed",
        **KEY,
    )
    cli.run("subscribe", "four@example.com", "--region", "渝桂黔陇", "--confirmed", **KEY)
    rows = {
        r["email"]: r for r in map(json.loads, cli.run("subscribers", "--json").stdout.splitlines())
    }
    assert len(rows["four@example.com"]["regions"]) == 4
    refused = cli.run("subscribe", "x@example.com", "--region", "火星", check=False, **KEY)
    assert refused.returncode == 2 and "unknown region" in refused.stderr
