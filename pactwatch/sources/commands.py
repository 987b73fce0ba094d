"""`pactwatch sources add` and `pactwatch sources check`: probe, judge, show, write."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from rich.console import Console
from sqlmodel import Session

from crawlers.inference import site_domain
from pactwatch.core.config import Config, ConfigError, Source
from pactwatch.core.settings import Settings
from pactwatch.sources.configfile import append_block, duplicate, render_block, write_checked_on
from pactwatch.sources.judge import judge_add, judge_check
from pactwatch.sources.probe import run_probes
from pactwatch.sources.show import print_checks, print_proposal
from pactwatch.sources.verdict import CheckResult
from pipeline.checks import record_check
from pipeline.models import SourceCheck

_NAME = re.compile(r"^[a-z0-9_-]{1,64}$")


def _today(settings: Settings) -> str:
    return datetime.now(ZoneInfo(settings.timezone)).date().isoformat()


def add_source(
    settings: Settings,
    config: Config,
    path: Path,
    url: str,
    name: str,
    *,
    yes: bool,
    private: bool,
    confirm: Callable[[str], bool],
    console: Console,
) -> int:
    """Probe `url`, preview the source, and append it to `path` once confirmed; exit status.

    `config` is what `path` holds (empty when it does not exist yet): its sources are the
    ones a new name or URL must not repeat, its `[crawl]` politeness is the probe's.
    """
    if not _NAME.match(name):
        raise ConfigError(f"--name {name!r}: use 1-64 of a-z, 0-9, '-' and '_'")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{url!r} is not an http(s) URL")
    problem = duplicate(config, name, url)
    if problem:
        raise ConfigError(f"{problem}; nothing written")
    probe = {
        "name": name,
        "url": url,
        "domains": [site_domain(parts.hostname)],
        "allow_private_addresses": private,
    }
    proposal = judge_add(url, run_probes(settings, config, [probe])[name], settings.timezone)
    print_proposal(proposal, console)
    if not proposal.ok:
        console.print(f"not added: {proposal.reason}", markup=False)
        return 1
    if not yes and not confirm(f"append source {name!r} to {path}?"):
        console.print("nothing written")
        return 1
    created = not path.exists()
    append_block(path, render_block(name, proposal, private=private, today=_today(settings)))
    console.print(f"added source {name!r} to {path}", markup=False)
    if created:
        console.print(
            f"{path} is new: its [[sources]] replace the bundled defaults; copy the entries "
            "you want from `pactwatch/default_sources.toml`",
            markup=False,
        )
    return 0


def check_sources(
    settings: Settings,
    config: Config,
    path: Path | None,
    names: Sequence[str],
    *,
    as_json: bool,
    engine: Any | None,
    console: Console,
) -> int:
    """Check each source live, record the verdicts, stamp `checked_on`; 1 when any failed."""
    sources = [config.source(n) for n in names] if names else config.sources
    if not sources:
        raise ConfigError("no sources in the config")
    collected = run_probes(settings, config, [_probe(s) for s in sources])
    results = [judge_check(s, collected[s.name], settings.timezone) for s in sources]
    if engine is not None:
        with Session(engine) as session, session.begin():
            for result in results:
                record_check(_stored(result), session=session)
    passed = [r.name for r in results if r.ok]
    if as_json:
        for result in results:
            sys.stdout.write(json.dumps(result.as_json(), ensure_ascii=False) + "\n")
    else:
        print_checks(results, console)
    if passed and path is not None:
        write_checked_on(path, passed, _today(settings))
    elif passed and not as_json:
        console.print(
            "bundled default sources: the checks are recorded in the store (shown on the "
            "desk's Sources page); the bundled file is left as shipped"
        )
    return 0 if len(passed) == len(results) else 1


def _probe(source: Source) -> dict[str, Any]:
    return {
        "name": source.name,
        "url": source.start_urls[0] if source.start_urls else None,
        "feeds": source.feeds[:1],
        "sitemaps": [] if source.start_urls or source.feeds else source.sitemaps[:1],
        "article_patterns": list(source.article_patterns),
        "domains": source.domains(),
        "allow_private_addresses": source.allow_private_addresses,
    }


def _stored(result: CheckResult) -> SourceCheck:
    sample = result.sample if result.sample and result.sample.error is None else None
    return SourceCheck(
        source=result.name,
        ok=result.ok,
        reason=result.reason,
        articles_found=result.articles_found,
        sample_url=sample.url if sample else None,
        sample_title=sample.title if sample else None,
    )
