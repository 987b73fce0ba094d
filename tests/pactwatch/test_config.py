from __future__ import annotations

import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from pactwatch.core.config import (
    ConfigError,
    find_config,
    load_config,
    parse_config,
    parse_interval,
)

GOOD = """
[[sources]]
name = "cqrb"
title = "重庆日报"
start_urls = ["https://example.cn/news/"]
article_patterns = ['/content_\\d+\\.htm$']
follow_patterns = ['/index_\\d+\\.htm$']
every = "30m"
max_pages = 50
"""


def test_a_good_config_parses() -> None:
    config = parse_config(GOOD)
    source = config.source("cqrb")
    assert source.interval == timedelta(minutes=30)
    assert source.domains() == ["example.cn"]
    assert source.allow_private_addresses is False


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            GOOD.replace("'/content_\\d+\\.htm$'", "'(unclosed'"),
            "source 'cqrb': field 'article_patterns': [0] bad regex '(unclosed'",
        ),
        (GOOD + 'colour = "red"\n', "source 'cqrb': field 'colour': unknown key"),
        (GOOD + GOOD, "duplicate source name 'cqrb'"),
        (GOOD.replace('"30m"', '"often"'), "source 'cqrb': field 'every': bad interval 'often'"),
        (GOOD.replace('name = "cqrb"', 'name = "CQ RB"'), "field 'name'"),
        (
            GOOD.replace("https://example.cn/news/", "file:///etc/passwd"),
            "field 'start_urls': [0] 'file:///etc/passwd' is not an http(s) URL",
        ),
        ("[[sources]\n", "not valid TOML"),
        ("[crawl]\ntimeout = -1\n", "field 'crawl.timeout'"),
    ],
)
def test_bad_configs_name_the_source_and_field(text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_config(text, "p.toml")
    message = str(caught.value)
    assert message.startswith("p.toml: ")
    assert expected in message
    assert "\n" not in message


def test_bad_xpath_override_is_refused() -> None:
    text = GOOD + '[sources.extract]\nbody = "//div["\n'
    with pytest.raises(ConfigError, match=r"source 'cqrb': field 'extract.body'.*bad XPath"):
        parse_config(text)


def test_interval_parsing() -> None:
    assert parse_interval("1h30m") == timedelta(hours=1, minutes=30)
    assert parse_interval("1d") == timedelta(days=1)
    with pytest.raises(ValueError, match="shorter than one minute"):
        parse_interval("10s")


def test_config_lookup_order(tmp_path: Path) -> None:
    explicit, env = tmp_path / "a.toml", tmp_path / "b.toml"
    assert find_config(explicit, env, tmp_path) == explicit
    assert find_config(None, env, tmp_path) == env
    assert find_config(None, None, tmp_path) is None
    (tmp_path / "pactwatch.toml").write_text(GOOD)
    assert find_config(None, None, tmp_path) == tmp_path / "pactwatch.toml"


def test_bundled_defaults_load() -> None:
    config = load_config(None)
    assert len(config.sources) >= 10
    assert not any(s.allow_private_addresses for s in config.sources)


def test_cli_exits_2_with_one_line_on_a_broken_config(tmp_path: Path) -> None:
    path = tmp_path / "pactwatch.toml"
    path.write_text(GOOD.replace("'/content_\\d+\\.htm$'", "'[a-'"))
    result = subprocess.run(
        [sys.executable, "-m", "pactwatch", "crawl", "--config", str(path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "source 'cqrb'" in lines[0] and "article_patterns" in lines[0]
    assert "Traceback" not in result.stderr


def test_cli_exits_2_for_an_unknown_source(tmp_path: Path) -> None:
    path = tmp_path / "pactwatch.toml"
    path.write_text(GOOD)
    result = subprocess.run(
        [sys.executable, "-m", "pactwatch", "crawl", "--config", str(path), "--source", "nope"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert result.returncode == 2
    assert "unknown source 'nope'" in result.stderr


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PACTWATCH_DATABASE_URL", "nonsense", "PACTWATCH_DATABASE_URL: not a database URL"),
        ("PACTWATCH_TIMEZONE", "Mars/Base", "PACTWATCH_TIMEZONE: unknown time zone"),
    ],
)
def test_a_bad_environment_exits_2_naming_the_variable(
    tmp_path: Path, variable: str, value: str, expected: str
) -> None:
    env = {"PATH": "/usr/bin:/bin", "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"}
    env[variable] = value
    result = subprocess.run(
        [sys.executable, "-m", "pactwatch", "items"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env=env,
    )
    assert result.returncode == 2
    assert result.stderr.startswith(f"pactwatch: error: {expected}")
    assert len(result.stderr.strip().splitlines()) == 1


def test_items_before_db_upgrade_says_what_to_do(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pactwatch", "items", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
        env={"PATH": "/usr/bin:/bin", "PACTWATCH_DATABASE_URL": f"sqlite:///{tmp_path}/x.db"},
    )
    assert result.returncode == 2
    assert "run 'pactwatch db upgrade' first" in result.stderr
