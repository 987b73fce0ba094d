"""`pactwatch demo`: one offline cycle against the bundled sample news site."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from sqlmodel import Session

from notify.confirmations import subscribe_and_confirm
from notify.run import run_digests
from notify.subscriptions import Preferences
from pactwatch.core.config import Config, parse_config
from pactwatch.core.db import upgrade
from pactwatch.core.settings import Settings
from pactwatch.sample_site import SampleSite
from pactwatch.tasks.crawl import run_crawl
from pactwatch.tasks.mail import deliver, mail_config
from pactwatch.tasks.summary import print_summary, summary_console
from pipeline.clock import utcnow
from pipeline.db import make_engine
from pipeline.stories import agreement_stories

DEMO_ADDRESS = "demo@example.com"
# The sample site is local: no politeness delay is needed, and retries should be quick.
DEMO_CRAWL = """
[crawl]
download_delay = 0
autothrottle = false
concurrency_per_domain = 8
timeout = 3
retries = 1
"""


def print_stories(settings: Settings, console: Console, limit: int = 8) -> None:
    """The agreement stories in the store, as a digest will list them."""
    engine = make_engine(settings.database_url).execution_options(sqlite_begin="DEFERRED")
    with Session(engine) as session:
        stories = agreement_stories(session=session)
        console.print(f"\n{len(stories)} agreement stor{'y' if len(stories) == 1 else 'ies'}:")
        for story in stories[:limit]:
            console.print(f"  [{story.root.id}] {escape(story.root.title)} ({story.root.source})")
            for agreement in story.agreements[:3]:
                name = f"《{agreement.title}》" if agreement.title else "(untitled agreement)"
                when = agreement.signed_on or "date unknown"
                console.print(f"      {escape(name)} {when} · {'、'.join(agreement.regions)}")
            if len(story.agreements) > 3:
                console.print(f"      … and {len(story.agreements) - 3} more")
            if story.also:
                console.print(
                    "      also reported by: "
                    + ", ".join(f"{a.source} [{a.id}]" for a in story.also)
                )
    engine.dispose()


def demo_secret(settings: Settings, workdir: Path) -> str:
    """PACTWATCH_SECRET_KEY, else the demo's own key, kept in `workdir/demo-secret-key`.

    Kept, not drawn afresh per run: the digest's unsubscribe link must still verify when
    the desk is started later with that key (`var/demo.env`).
    """
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = workdir / "demo-secret-key"
    if not path.is_file():
        path.write_text(secrets.token_urlsafe(32), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def write_demo_env(workdir: Path, secret: str) -> Path:
    """`workdir/demo.env`: `. var/demo.env` makes later commands use the demo's sources."""
    path = workdir / "demo.env"
    path.write_text(
        f"export PACTWATCH_CONFIG={workdir / 'demo-sources.toml'}\n"
        f"export PACTWATCH_SECRET_KEY={secret}\n",
        encoding="utf-8",
    )
    path.chmod(0o600)
    return path


def run_demo(
    settings: Settings,
    *,
    port: int,
    workdir: Path = Path("var"),
    serve: Callable[[Config, str], None] | None = None,
) -> None:
    """Serve the sample site, crawl it into the store, print what happened and where to look.

    The port is fixed (default 8765) so article URLs stay the same between runs and a second
    demo shows the incremental crawl: nothing fetched twice. `serve(config, secret)`, when
    given, runs the desk while the sample site still answers, so every digest link opens.
    """
    console = summary_console()
    workdir.mkdir(parents=True, exist_ok=True)
    secret = demo_secret(settings, workdir)
    _, after = upgrade(settings.database_url)
    console.print(f"store: {settings.database_url} (schema {after})")
    with SampleSite(port=port, slow_seconds=2.0) as site:
        toml = DEMO_CRAWL + site.sources_toml(["sample-cq", "sample-sc", "sample-faults"])
        (workdir / "demo-sources.toml").write_text(toml, encoding="utf-8")
        config = parse_config(toml, "demo-sources.toml")
        console.print(
            f"sample news site: {site.base_url}/ ({len(site.articles())} articles, "
            "plus a section of faults)"
        )
        summaries = run_crawl(settings, config, config.sources, progress=True)
        print_summary(summaries, console)
        print_stories(settings, console)
        mailed = mail_demo_digest(settings, config, console, secret)
        env = write_demo_env(workdir, secret)
        console.print(
            "\nwhere to look:\n"
            "  .venv/bin/pactwatch items              the stored articles\n"
            "  .venv/bin/pactwatch items --json       the same as JSON Lines\n"
            f"  {settings.outbox_dir}/                      the digest mailed to "
            f"demo@example.com ({mailed} this run)\n"
            f"  . {env}                   later commands (status, serve) use the demo's "
            "sources and key\n"
            "  make demo-desk                         the desk on http://127.0.0.1:8000/inbox "
            "with the sample site up: the digest's links open\n"
            "run `make demo` again: only list pages are re-read (304), no article twice, "
            "and no story is mailed twice."
        )
        if serve is not None:
            serve(config, secret)


def mail_demo_digest(settings: Settings, config: Config, console: Console, secret: str) -> int:
    """Subscribe demo@example.com (confirmed) and write its digest to the outbox directory.

    The demo signs its links with `secret` (`demo_secret`), and never uses SMTP: its mail
    goes to files whatever PACTWATCH_SMTP_URL says.
    """
    offline = settings.model_copy(update={"smtp_url": None})
    mail = mail_config(offline, config, secret=secret)
    engine = make_engine(settings.database_url)
    prefs = Preferences(frequency="daily", in_region_only=True, timezone=settings.timezone)
    subscribe_and_confirm(engine, DEMO_ADDRESS, prefs, mail=mail, confirmed=True)
    run = run_digests(engine, mail, now=utcnow())
    report = deliver(engine, offline, config)
    engine.dispose()
    stories = run.stories
    console.print(
        f"\nmailed: {report.sent} message(s) to {DEMO_ADDRESS}, {stories} agreement "
        f"stor{'y' if stories == 1 else 'ies'} (written to {settings.outbox_dir}/)"
    )
    return report.sent
