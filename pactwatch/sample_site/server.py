"""`SampleSite`: the sample news site as a real HTTP server on loopback, in background threads."""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from types import TracebackType

from pactwatch.sample_site.catalogue import SITES, SampleArticle, load_articles
from pactwatch.sample_site.extra import ExtraDir
from pactwatch.sample_site.faults import faults_index
from pactwatch.sample_site.handler import SiteServer
from pactwatch.sample_site.log import LoggedRequest, RequestLog
from pactwatch.sample_site.render import (
    Page,
    list_path,
    render_article,
    render_home,
    render_lists,
    render_robots,
    render_rss,
    render_sitemap,
)
from pactwatch.sample_site.sources import sources_toml

# 127.0.0.0/8 is all loopback on Linux: a second address is a second host for URL filters.
OFFSITE_HOST = "127.0.0.2"
RESERVED_PREFIXES = {"cq", "sc", "faults", "private", "robots.txt"}
_PREFIX = re.compile(r"^[a-z0-9_-]+$")


class SampleSite:
    """The sample news site: `/cq/` and `/sc/` (two CMSs), `/faults/`, and extra directories.

    `start()` binds (port 0: a free one) and serves from background threads; `stop()` ends
    every connection and joins them. Also a context manager. `slow_seconds` is how long
    `/faults/slow.html` stalls. `extra_dirs` maps a path prefix to a directory of saved pages.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        extra_dirs: Mapping[str, Path] | None = None,
        slow_seconds: float = 5.0,
        articles: Sequence[SampleArticle] | None = None,
    ) -> None:
        self.host = host
        self.slow_seconds = slow_seconds
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.log = RequestLog()
        self.extras = [_extra(prefix, Path(root)) for prefix, root in (extra_dirs or {}).items()]
        self._port = port
        self._articles = list(load_articles() if articles is None else articles)
        self._pages: dict[str, Page] = {}
        self._hits: Counter[str] = Counter()
        self._servers: list[SiteServer] = []
        self._threads: list[threading.Thread] = []

    # --- lifecycle -----------------------------------------------------------------------

    def start(self) -> SampleSite:
        if self._servers:
            raise RuntimeError("sample site already started")
        self.stopping.clear()
        main = SiteServer((self.host, self._port), self)
        self._servers.append(main)
        self._port = main.server_address[1]
        if self.host == "127.0.0.1":
            # Without a second loopback address the off-site redirect simply fails to connect.
            with contextlib.suppress(OSError):
                self._servers.append(SiteServer((OFFSITE_HOST, self._port), self))
        self._rebuild()
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"sample-site-{server.server_address[0]!s}",
                daemon=True,
            )
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        """Stop serving, end open connections (waking slow pages), close the sockets."""
        self.stopping.set()
        for server in self._servers:
            server.shutdown()
        for server in self._servers:
            server.end_connections()
            server.server_close()
        for thread in self._threads:
            thread.join()
        self._wait_for_handlers(timeout=5.0)
        self._servers.clear()
        self._threads.clear()

    def _wait_for_handlers(self, timeout: float) -> None:
        """Handler threads are daemons; wait until each has closed its connection."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if not any(s.open_connections for s in self._servers):
                    return
            time.sleep(0.01)

    def __enter__(self) -> SampleSite:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    # --- what tests read -------------------------------------------------------------------

    @property
    def port(self) -> int:
        if not self._servers:
            raise RuntimeError("sample site not started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def offsite_base(self) -> str:
        """The same server under another host name, for the off-domain redirect."""
        return f"http://{OFFSITE_HOST}:{self.port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    def requests(self) -> list[LoggedRequest]:
        return self.log.entries()

    def reset_log(self) -> None:
        self.log.clear()

    def reset_faults(self) -> None:
        """Forget request counts, so the 503/429 faults fail once more."""
        with self.lock:
            self._hits.clear()

    def articles(self, *, include_private: bool = False) -> list[SampleArticle]:
        """The articles the site serves, newest first, with absolute `url`s."""
        base = self.base_url
        return [
            replace(a, url=base + a.path)
            for a in self._articles
            if include_private or not a.private
        ]

    def publish(self, article: SampleArticle) -> SampleArticle:
        """Add an article while running: it tops its site's list, feed or sitemap."""
        with self.lock:
            self._articles = sorted(
                [*self._articles, article], key=lambda a: a.published, reverse=True
            )
        self._rebuild()
        return replace(article, url=self.base_url + article.path)

    def sources_toml(self, names: Sequence[str] | None = None) -> str:
        """`[[sources]]` TOML for sample-cq, sample-sc, sample-faults, sample-<extra prefix>."""
        return sources_toml(self.base_url, self.extras, names)

    # --- what the handler calls ------------------------------------------------------------

    def count_hit(self, path: str) -> int:
        with self.lock:
            self._hits[path] += 1
            return self._hits[path]

    def page(self, path: str) -> Page | None:
        """A built page or a file of an extra directory; None lets faults and 404 answer."""
        page = self._pages.get(path)
        if page is not None:
            return page
        for extra in self.extras:
            if extra.owns(path):
                return extra.page(path)
        return None

    def _rebuild(self) -> None:
        with self.lock:
            articles = list(self._articles)
        pages = _build_pages(articles, self.base_url, self.extras)
        self._pages = pages  # one assignment: a handler sees the old dict or the new one


def _extra(prefix: str, root: Path) -> ExtraDir:
    if not _PREFIX.match(prefix) or prefix in RESERVED_PREFIXES:
        raise ValueError(f"extra_dirs: bad or reserved prefix {prefix!r}")
    if not root.is_dir():
        raise ValueError(f"extra_dirs[{prefix!r}]: {root} is not a directory")
    return ExtraDir(prefix, root)


def _build_pages(
    articles: Sequence[SampleArticle], base_url: str, extras: Sequence[ExtraDir]
) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for site in SITES:
        mine = [a for a in articles if a.site == site]
        public = [a for a in mine if not a.private]
        for article in mine:
            related = [r for r in public if r.key != article.key][:3]
            pages[article.path] = render_article(article, related)
        # The private page is linked like any other: only robots.txt keeps a crawler out.
        hidden = [(a.path, a.headline) for a in mine if a.private]
        pages.update(render_lists(site, public, hidden))
        pages[list_path(site, 1).removesuffix("index.html")] = pages[list_path(site, 1)]
        if site == "sc":
            pages["/sc/rss.xml"] = render_rss(site, public, base_url)
        else:
            pages["/cq/sitemap.xml"] = render_sitemap(public, base_url)
    pages["/robots.txt"] = render_robots(base_url)
    pages["/faults/index.html"] = pages["/faults/"] = faults_index()
    sections = [
        (list_path("cq", 1), "山城新闻网"),
        (list_path("sc", 1), "蜀川新闻网"),
        ("/faults/index.html", "故障测试"),
        *((f"/{e.prefix}/index.html", e.prefix) for e in extras),
    ]
    pages["/"] = render_home(sections)
    return pages
