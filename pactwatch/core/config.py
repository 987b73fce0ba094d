"""The TOML configuration: which sources to crawl and how.

Found through `--config PATH`, else `$PACTWATCH_CONFIG`, else `./pactwatch.toml`, else the
bundled `default_sources.toml`. Every problem becomes one `ConfigError` line that names
the file, the source and the field, because the CLI turns it into exit status 2.
"""

from __future__ import annotations

import ipaddress
import re
import tomllib
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

DEFAULT_CONFIG_NAME = "pactwatch.toml"
_INTERVAL = re.compile(r"^(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$")


class ConfigError(ValueError):
    """A configuration problem, worded for a one-line message."""


# Public sites are crawled at most once a minute: the floor of `every` unless a source points
# at hosts its operator owns (`allow_private_addresses`), where tests also run in seconds.
MIN_PUBLIC_INTERVAL = timedelta(minutes=1)


def parse_duration(text: str) -> timedelta:
    """'30m', '2h', '1d', '1h30m', '45s' → a positive timedelta."""
    match = _INTERVAL.match(text.strip())
    if not text.strip() or match is None:
        raise ValueError(f"bad interval {text!r} (use e.g. '30m', '2h', '1d')")
    days, hours, minutes, seconds = (int(g or 0) for g in match.groups())
    duration = timedelta(days=days, hours=hours, minutes=minutes, seconds=seconds)
    if duration <= timedelta(0):
        raise ValueError(f"interval {text!r} is not positive")
    return duration


def parse_interval(text: str) -> timedelta:
    """A crawl interval of a public site: `parse_duration`, at least one minute."""
    interval = parse_duration(text)
    if interval < MIN_PUBLIC_INTERVAL:
        raise ValueError(f"interval {text!r} is shorter than one minute")
    return interval


def _compile_all(patterns: list[str]) -> list[str]:
    for index, pattern in enumerate(patterns):
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"[{index}] bad regex {pattern!r}: {exc}") from exc
    return patterns


def _check_urls(urls: list[str]) -> list[str]:
    for index, url in enumerate(urls):
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"[{index}] {url!r} is not an http(s) URL")
    return urls


class ExtractRules(BaseModel):
    """Per-source XPath overrides for CMSs that defeat the generic extractors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str | None = None
    body: str | None = None
    published: str | None = None
    date: str | None = None  # the publication date's node; wins over `published` (older name)
    remove: list[str] = Field(default_factory=list)

    @field_validator("title", "body", "published", "date")
    @classmethod
    def _xpath(cls, value: str | None) -> str | None:
        if value is not None:
            _check_xpath(value)
        return value

    @field_validator("remove")
    @classmethod
    def _xpaths(cls, values: list[str]) -> list[str]:
        for value in values:
            _check_xpath(value)
        return values


def _check_xpath(expression: str) -> None:
    from lxml import etree

    try:
        etree.XPath(expression)
    except etree.XPathSyntaxError as exc:
        raise ValueError(f"bad XPath {expression!r}: {exc}") from exc


Name = Annotated[str, Field(pattern=r"^[a-z0-9_-]+$", min_length=1, max_length=64)]


class Source(BaseModel):
    """One news source: where its list pages, feeds and sitemaps are, and what an article is."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Name
    title: str = ""
    start_urls: list[str] = Field(default_factory=list)
    article_patterns: list[str] = Field(default_factory=list)
    follow_patterns: list[str] = Field(default_factory=list)
    feeds: list[str] = Field(default_factory=list)
    sitemaps: list[str] = Field(default_factory=list)
    every: str = "1h"
    max_pages: int = Field(default=200, ge=1, le=100_000)
    allow_private_addresses: bool = False
    allowed_domains: list[str] = Field(default_factory=list)
    enabled: bool = True
    region: str | None = None
    kind: Literal["government", "newspaper", "portal", "other"] = "other"
    checked_on: str = "unknown"
    notes: str = ""
    extract: ExtractRules | None = None

    _patterns = field_validator("article_patterns", "follow_patterns")(_compile_all)
    _urls = field_validator("start_urls", "feeds", "sitemaps")(_check_urls)

    @field_validator("every")
    @classmethod
    def _interval(cls, value: str) -> str:
        parse_duration(value)
        return value

    @model_validator(mode="after")
    def _has_entry_point(self) -> Source:
        if not (self.start_urls or self.feeds or self.sitemaps):
            raise ValueError("needs at least one of start_urls, feeds, sitemaps")
        if self.start_urls and not self.article_patterns:
            raise ValueError("article_patterns: required when start_urls are given")
        if not self.allow_private_addresses and self.interval < MIN_PUBLIC_INTERVAL:
            raise ValueError(
                f"every: interval {self.every!r} is shorter than one minute "
                "(allowed only with allow_private_addresses = true)"
            )
        return self

    @property
    def interval(self) -> timedelta:
        """Time between two scheduled crawls (`every`)."""
        return parse_duration(self.every)

    @property
    def every_seconds(self) -> float:
        return self.interval.total_seconds()

    def domains(self) -> list[str]:
        """The hosts this source may be crawled on: its entry points' plus `allowed_domains`."""
        hosts = {
            urlsplit(u).hostname or "" for u in [*self.start_urls, *self.feeds, *self.sitemaps]
        }
        return sorted(h for h in hosts | set(self.allowed_domains) if h)


class CrawlConfig(BaseModel):
    """Politeness and limits shared by every source."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    concurrency_per_domain: int = Field(default=4, ge=1, le=64)
    concurrency: int = Field(default=32, ge=1, le=512)
    download_delay: float = Field(default=0.25, ge=0)
    autothrottle: bool = True
    autothrottle_target_concurrency: float = Field(default=2.0, gt=0)
    timeout: float = Field(default=30.0, gt=0)
    max_page_bytes: int = Field(default=8 * 1024 * 1024, ge=64 * 1024)
    retries: int = Field(default=2, ge=0, le=10)
    obey_robots: bool = True
    extract_workers: int = Field(default=0, ge=0, le=64)  # 0: one per core
    # Where `pactwatch run` crawls: "local" processes, or jobs on Scrapyd nodes running the
    # deployed project (deploy/README.md, "Scale-out with Scrapyd"; pactwatch.service.scrapyd).
    executor: Literal["local", "scrapyd"] = "local"
    scrapyd_urls: list[str] = Field(default_factory=list)  # http(s)://[user:pass@]host:6800/
    scrapyd_project: Name = "pactwatch"  # the project name the egg was deployed under

    _scrapyd_urls = field_validator("scrapyd_urls")(_check_urls)

    @model_validator(mode="after")
    def _has_nodes(self) -> CrawlConfig:
        if self.executor == "scrapyd" and not self.scrapyd_urls:
            raise ValueError('scrapyd_urls: at least one node when executor = "scrapyd"')
        return self


class DigestConfig(BaseModel):
    """What goes out in digests, and how fast."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    require_review: bool = False  # true: only articles approved at the review desk go out
    send_empty: bool = False  # true: a digest says "nothing new" rather than staying silent
    group_by: Literal["region", "sector"] = "region"
    max_lookback_days: int = Field(default=7, ge=1, le=90)  # a first digest looks this far back
    per_minute: int | None = Field(default=None, ge=1)  # send-rate cap; none by default


def _duration(value: object) -> object:
    return parse_duration(value) if isinstance(value, str) else value


# In TOML a duration is written like `every`: "45s", "2m", "1h30m".
Duration = Annotated[timedelta, BeforeValidator(_duration)]


class ServiceConfig(BaseModel):
    """How `pactwatch run` schedules and bounds its work: the `[service]` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    tick: Duration = timedelta(seconds=60)  # immediate alerts and the outbox, this often
    max_concurrent_crawls: int = Field(default=2, ge=1, le=64)  # crawl processes at once
    # Sources due together share one crawl process (one start-up, one reactor), up to this
    # many; a batch waits `batch_window` for batch-mates, or as long as every process is busy.
    batch_size: int = Field(default=20, ge=1, le=200)
    batch_window: Duration = timedelta(seconds=2)
    crawl_timeout: Duration = timedelta(minutes=30)  # wall-clock limit of one crawl process
    # Resident memory of one crawl (its extraction workers included), watched every second
    # or so; past it the crawl is killed and recorded `killed-memory`. 0: unbounded.
    crawl_memory_mb: int = Field(default=1024, ge=0)
    # RLIMIT_AS of each crawl process, a backstop the kernel enforces. Address space runs far
    # ahead of resident memory (thread stacks, malloc arenas, BLAS), hence the headroom;
    # a sample crawl needs ~400 MB of it. 0: no limit.
    crawl_address_space_mb: int = Field(default=4096, ge=0)
    kill_grace: Duration = timedelta(seconds=6)  # SIGTERM, then SIGKILL after this
    # A crawl holds its source's lease, renewing it every third of this; a crawl on another
    # machine that died unseen blocks its source this long.
    crawl_lease_ttl: Duration = timedelta(minutes=2)
    scheduler_lease_ttl: Duration = timedelta(seconds=45)  # a standby takes over after this
    scheduler_lease_renew: Duration = timedelta(seconds=15)
    keep_raw_days: int = Field(default=180, ge=0)  # fetched bytes (article_raw); 0: forever
    keep_runs_days: int = Field(default=90, ge=0)  # crawl runs and their errors; 0: forever
    housekeeping_at: str = Field(default="04:10", pattern=r"^([01]\d|2[0-3]):[0-5]\d$")
    # The weekly live check of every source (`pactwatch sources check`), its verdicts shown
    # on the desk's Sources page: a weekday and a time of the service's zone, or "off".
    sources_check_at: str = Field(
        default="sun 03:30",
        pattern=r"^(off|(mon|tue|wed|thu|fri|sat|sun) ([01]\d|2[0-3]):[0-5]\d)$",
    )
    crawl_log_dir: Path = Path("var/crawls")  # each source's latest crawl output
    # The monitor (pactwatch.service.monitor) mails this address once per incident: a
    # source failing, or finding nothing new, `alert_nothing_new_runs` crawls in a row, or
    # failing on more than `alert_error_rate` of its pages. Unset: no monitor, no mail.
    operator_email: str | None = Field(default=None, pattern=r"^[^@\s]+@[^@\s]+$")
    alert_nothing_new_runs: int = Field(default=5, ge=1, le=1000)
    alert_error_rate: float = Field(default=0.5, gt=0, lt=1)

    @field_validator("kill_grace")
    @classmethod
    def _grace(cls, value: timedelta) -> timedelta:
        # `pactwatch run` promises to stop within 10 s; the web server's drain and the
        # scheduler's wind-down need the rest.
        if value > timedelta(seconds=8):
            raise ValueError("at most 8s, so that a stop stays within 10 s")
        return value

    @model_validator(mode="after")
    def _renewals_fit(self) -> ServiceConfig:
        if self.scheduler_lease_renew * 2 > self.scheduler_lease_ttl:
            raise ValueError(
                "scheduler_lease_renew: at most half of scheduler_lease_ttl, "
                "so one late renewal does not hand the schedule over"
            )
        return self


class WebConfig(BaseModel):
    """The desk and public pages behind a reverse proxy: the `[web]` table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Addresses (or networks) of reverse proxies whose X-Forwarded-For / X-Forwarded-Proto
    # are believed. Empty: none, so a client cannot pose as another address to dodge the
    # login and subscription limits or reach /metrics (loopback only) through a proxy.
    trusted_proxies: list[str] = Field(default_factory=list)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        for value in values:
            try:
                ipaddress.ip_network(value, strict=False)
            except ValueError:
                raise ValueError(f"not an IP address or network: {value!r}") from None
        return values

    def uvicorn_options(self) -> dict[str, object]:
        """What uvicorn needs to read forwarded headers from these proxies only."""
        return {
            "proxy_headers": bool(self.trusted_proxies),
            "forwarded_allow_ips": ",".join(self.trusted_proxies) or "",
        }


class Config(BaseModel):
    """The whole TOML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: list[Source] = Field(default_factory=list)
    crawl: CrawlConfig = Field(default_factory=CrawlConfig)
    digest: DigestConfig = Field(default_factory=DigestConfig)
    service: ServiceConfig = Field(default_factory=ServiceConfig)
    web: WebConfig = Field(default_factory=WebConfig)

    @model_validator(mode="after")
    def _unique_names(self) -> Config:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"duplicate source name {source.name!r}")
            seen.add(source.name)
        return self

    def source(self, name: str) -> Source:
        for source in self.sources:
            if source.name == name:
                return source
        raise ConfigError(f"unknown source {name!r} (known: {', '.join(self.names())})")

    def names(self) -> list[str]:
        return [s.name for s in self.sources]


def find_config(explicit: Path | None, env_value: Path | None, cwd: Path) -> Path | None:
    """The config file to read, by the contract's order; None means the bundled defaults."""
    if explicit is not None:
        return explicit
    if env_value is not None:
        return env_value
    local = cwd / DEFAULT_CONFIG_NAME
    return local if local.is_file() else None


def load_config(path: Path | None) -> Config:
    """Read and validate a config file (None: the bundled defaults)."""
    if path is None:
        text = resources.files("pactwatch").joinpath("default_sources.toml").read_text("utf-8")
        label = "default_sources.toml (bundled)"
    else:
        try:
            text = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read config: {exc}") from exc
        label = str(path)
    return parse_config(text, label)


def load_sources(path: Path | None) -> list[Source]:
    return load_config(path).sources


def parse_config(text: str, label: str = "config") -> Config:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{label}: not valid TOML: {exc}") from exc
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(f"{label}: {_describe(exc, data)}") from exc


def _describe(exc: ValidationError, data: dict[str, Any]) -> str:
    """The first validation error, naming the source by its `name` rather than its index."""
    error = exc.errors()[0]
    loc = list(error["loc"])
    where = []
    if len(loc) >= 2 and loc[0] == "sources" and isinstance(loc[1], int):
        entries = data.get("sources", [])
        entry = entries[loc[1]] if loc[1] < len(entries) else {}
        name = entry.get("name") if isinstance(entry, dict) else None
        where.append(f"source {name!r}" if name else f"source #{loc[1] + 1}")
        loc = loc[2:]
    field = ".".join(str(part) for part in loc)
    if field:
        where.append(f"field {field!r}")
    message = str(error["msg"]).removeprefix("Value error, ")
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    return ": ".join([*where, message])
