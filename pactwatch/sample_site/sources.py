"""The `[[sources]]` TOML for a running sample site, in the contract's format."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from pactwatch.sample_site.extra import ExtraDir

BASE_PLACEHOLDER = "@BASE@"  # in a directory's sources.toml: the URL of that directory
NAME_PLACEHOLDER = "@NAME@"  # … and the source name the site gives it ("sample-<prefix>")


@dataclass(frozen=True)
class SourceSpec:
    name: str
    title: str
    start_urls: Sequence[str] = ()
    article_patterns: Sequence[str] = ()
    follow_patterns: Sequence[str] = ()
    feeds: Sequence[str] = ()
    sitemaps: Sequence[str] = ()
    max_pages: int = 50

    def toml(self) -> str:
        lines = [
            "[[sources]]",
            f'name = "{self.name}"',
            f'title = "{self.title}"',
            f"start_urls = {_strings(self.start_urls)}",
            f"article_patterns = {_literals(self.article_patterns)}",
            f"follow_patterns = {_literals(self.follow_patterns)}",
            f"feeds = {_strings(self.feeds)}",
            f"sitemaps = {_strings(self.sitemaps)}",
            'every = "30m"',
            f"max_pages = {self.max_pages}",
            "allow_private_addresses = true",
        ]
        return "\n".join(lines) + "\n"


def _strings(values: Sequence[str]) -> str:
    return "[" + ", ".join(f'"{v}"' for v in values) + "]"


def _literals(patterns: Sequence[str]) -> str:
    # TOML literal strings: regex backslashes stay as written.
    return "[" + ", ".join(f"'{p}'" for p in patterns) + "]"


def builtin_specs(base: str) -> list[SourceSpec]:
    """The three built-in sections as sources."""
    return [
        SourceSpec(
            name="sample-cq",
            title="山城新闻网（样例）",
            start_urls=[f"{base}/cq/news/index.html"],
            # re.search, so a copy under /private/ matches too: only robots.txt keeps it out.
            article_patterns=[r"/cq/news/content_\d+\.htm$"],
            follow_patterns=[r"/cq/news/index_\d+\.html$"],
            sitemaps=[f"{base}/cq/sitemap.xml"],
        ),
        SourceSpec(
            name="sample-sc",
            title="蜀川新闻网（样例）",
            start_urls=[f"{base}/sc/xw/index.html"],
            article_patterns=[r"/sc/xw/\d{6}/t\d{8}_\d+\.html$"],
            follow_patterns=[r"/sc/xw/index_\d+\.html$"],
            feeds=[f"{base}/sc/rss.xml"],
        ),
        SourceSpec(
            name="sample-faults",
            title="故障测试（样例）",
            start_urls=[f"{base}/faults/index.html"],
            article_patterns=[r"/faults/(?!index\.html$)[\w.-]+$"],
            feeds=[f"{base}/faults/broken.xml"],
            max_pages=60,
        ),
    ]


def extra_toml(base: str, extra: ExtraDir) -> str:
    """A served directory as a source: its own sources.toml if it has one, else its index."""
    name = f"sample-{extra.prefix}"
    fragment = extra.sources_fragment()
    if fragment is not None:
        url = f"{base}/{extra.prefix}"
        return fragment.replace(BASE_PLACEHOLDER, url).replace(NAME_PLACEHOLDER, name)
    spec = SourceSpec(
        name=name,
        title=f"{extra.prefix}（保存的网页）",
        start_urls=[f"{base}/{extra.prefix}/index.html"],
        article_patterns=[rf"/{extra.prefix}/(?!index\.html$).+\.html?$"],
        max_pages=len(extra.html_files()) + 10,
    )
    return spec.toml()


def sources_toml(base: str, extras: Sequence[ExtraDir], names: Sequence[str] | None = None) -> str:
    """TOML `[[sources]]` entries, all of them or only `names` (unknown names raise KeyError)."""
    entries = {spec.name: spec.toml() for spec in builtin_specs(base)}
    for extra in extras:
        entries[f"sample-{extra.prefix}"] = extra_toml(base, extra)
    wanted = list(entries) if names is None else list(names)
    missing = [n for n in wanted if n not in entries]
    if missing:
        raise KeyError(f"unknown sample sources {missing}; known: {sorted(entries)}")
    return "\n".join(entries[n] for n in wanted)
