"""The `/faults/` section: one path per way a real news site misbehaves.

Each fault is a function of an `Exchange` (the request being answered), so the server stays
a router and every misbehaviour reads in one place. State such as "the first request got a
503" is per server instance and lives behind `Exchange.hits()`.
"""

from __future__ import annotations

import gzip
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import cache
from typing import Protocol

from pactwatch.sample_site.render import Page, render_plain, validated

HUGE_BYTES = 20 * 1024 * 1024
BIG_LIST_LINKS = 2000
RETRY_AFTER_SECONDS = 1
MANY_PREFIX = "/faults/many/"
_CST = timezone(timedelta(hours=8))
_PUBLISHED = datetime(2026, 1, 5, 9, 0, tzinfo=_CST)


class Exchange(Protocol):
    """What a fault may do with the request it answers (implemented by the server)."""

    url_path: str  # the request path without the query
    slow_seconds: float
    offsite_base: str  # same port on another loopback address: a different host

    def hits(self) -> int:
        """How many requests this server instance has had for this path, this one included."""

    def respond(self, status: int, page: Page, headers: Mapping[str, str] = ...) -> None: ...

    def send_raw(self, data: bytes) -> None:
        """Write bytes on the socket as they are, no status line or headers added."""

    def reset(self) -> None:
        """Abort the connection with a TCP RST."""

    def close_after(self) -> None:
        """Close the connection once this response is written (no keep-alive)."""

    def wait(self, seconds: float) -> bool:
        """Sleep; True if woken early because the server is stopping."""


@dataclass(frozen=True)
class Fault:
    path: str
    label: str  # the link text on /faults/index.html
    handle: Callable[[Exchange], None]


def _ok_page(title: str, *lines: str) -> Page:
    body = render_plain(title, lines, _PUBLISHED)
    return validated(body, "text/html; charset=utf-8", _PUBLISHED)


def _html(text: str) -> Page:
    return Page(text.encode("utf-8"), "text/html; charset=utf-8")


def not_found(ex: Exchange) -> None:
    ex.respond(404, _html("<html><body><h1>404 页面不存在</h1></body></html>"))


def server_error(ex: Exchange) -> None:
    ex.respond(500, _html("<html><body><h1>500 服务器内部错误</h1></body></html>"))


def flaky(ex: Exchange) -> None:
    if ex.hits() == 1:
        ex.respond(503, _html("<html><body>503 服务暂时不可用</body></html>"))
        return
    ex.respond(200, _ok_page("故障测试：先503后成功", "本页第一次请求返回503，重试后返回本正文。"))


def throttled(ex: Exchange) -> None:
    if ex.hits() == 1:
        headers = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        ex.respond(429, _html("<html><body>429 请求过于频繁</body></html>"), headers)
        return
    page = _ok_page("故障测试：先429后成功", "第一次请求返回429，按Retry-After等待后成功。")
    ex.respond(200, page)


def slow(ex: Exchange) -> None:
    if ex.wait(ex.slow_seconds):
        ex.close_after()  # stopping: hang up unanswered rather than hold stop() up
        return
    ex.respond(200, _ok_page("故障测试：慢速页面", f"本页在{ex.slow_seconds}秒之后才返回。"))


def dropped(ex: Exchange) -> None:
    # Headers promise a body; half of a paragraph arrives, then a RST, as when a proxy dies.
    ex.send_raw(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Length: 4096\r\n\r\n<html><body><p>" + "连接在传输途中被中断".encode()
    )
    ex.reset()


def truncated(ex: Exchange) -> None:
    full = render_plain("故障测试：被截断的页面", ["这一段文字永远不会完整到达。"] * 40, _PUBLISHED)
    head = (
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Length: {len(full)}\r\nConnection: close\r\n\r\n"
    )
    ex.send_raw(head.encode("ascii") + full[: len(full) // 3])
    ex.close_after()


def _huge_chunks(total: int) -> tuple[bytes, bytes, int, bytes]:
    """(head, filler chunk, how many fillers, tail) adding up to exactly `total` bytes."""
    head = '<!DOCTYPE html><html><head><meta charset="utf-8"><title>超大页面</title>'.encode()
    head += b"</head><body>\n"
    tail = b"</body></html>\n"
    chunk = ("<p>" + "这是一个二十兆字节的超大页面，用来检验大小上限。" * 60 + "</p>\n").encode()
    room = total - len(head) - len(tail)
    count, rest = divmod(room, len(chunk))
    return head, chunk, count, b" " * rest + tail


def _send_huge(ex: Exchange, declare_length: bool) -> None:
    head, chunk, count, tail = _huge_chunks(HUGE_BYTES)
    lines = ["HTTP/1.1 200 OK", "Content-Type: text/html; charset=utf-8", "Connection: close"]
    if declare_length:
        lines.append(f"Content-Length: {HUGE_BYTES}")
    ex.close_after()
    # Generated as it goes: 20 MB is never held in memory or on disk.
    ex.send_raw(("\r\n".join(lines) + "\r\n\r\n").encode("ascii") + head)
    for _ in range(count):
        ex.send_raw(chunk)
    ex.send_raw(tail)


def huge(ex: Exchange) -> None:
    _send_huge(ex, declare_length=True)


def huge_stream(ex: Exchange) -> None:
    """The same 20 MB with no Content-Length: only a running byte count can stop it."""
    _send_huge(ex, declare_length=False)


@cache
def _bomb() -> bytes:
    """20 MB of HTML in ~20 KB of gzip: small on the wire, huge once decompressed."""
    head, _, _, tail = _huge_chunks(HUGE_BYTES)
    return gzip.compress(head + b" " * (HUGE_BYTES - len(head) - len(tail)) + tail, 9)


def bomb(ex: Exchange) -> None:
    body = _bomb()
    head = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        f"Content-Encoding: gzip\r\nContent-Length: {len(body)}\r\nConnection: close\r\n\r\n"
    )
    ex.close_after()
    ex.send_raw(head.encode("ascii") + body)


def _redirect(ex: Exchange, location: str) -> None:
    ex.respond(
        302,
        _html(f'<html><body><a href="{location}">跳转</a></body></html>'),
        {"Location": location},
    )


def loop_a(ex: Exchange) -> None:
    _redirect(ex, "/faults/loop-b.html")


def loop_b(ex: Exchange) -> None:
    _redirect(ex, "/faults/loop-a.html")


def offsite(ex: Exchange) -> None:
    _redirect(ex, f"{ex.offsite_base}/faults/offsite-target.html")


def offsite_target(ex: Exchange) -> None:
    ex.respond(200, _ok_page("故障测试：站外页面", "遵守域名白名单的爬虫不应到达本页。"))


def to_file(ex: Exchange) -> None:
    _redirect(ex, "file:///etc/passwd")


def broken_feed(ex: Exchange) -> None:
    # An RSS feed cut in the middle of its third item, as a timed-out CMS export looks.
    xml = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>故障测试订阅</title><link>/faults/index.html</link><description>损坏的RSS</description>\n"
        "<item><title>完整条目一</title><link>/faults/many/1.htm</link>"
        "<pubDate>Mon, 05 Jan 2026 09:00:00 +0800</pubDate></item>\n"
        "<item><title>完整条目二</title><link>/faults/many/2.htm</link>"
        "<pubDate>Mon, 05 Jan 2026 09:00:00 +0800</pubDate></item>\n"
        "<item><title>被截断的条目</title><link>/faults/many/3.h"
    )
    ex.respond(200, Page(xml.encode("utf-8"), "application/rss+xml; charset=utf-8"))


def empty(ex: Exchange) -> None:
    ex.respond(200, Page(b"", "text/html; charset=utf-8"))


def pdf(ex: Exchange) -> None:
    # Enough of a PDF to be recognised by its magic bytes; binary, and no HTML anywhere.
    body = (
        b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"
        + bytes(range(256)) * 16
        + b"\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    ex.respond(200, Page(body, "application/pdf"))


def big_list(ex: Exchange) -> None:
    rows = "\n".join(
        f'<li><a href="{MANY_PREFIX}{n}.htm">列表条目{n}</a></li>'
        for n in range(1, BIG_LIST_LINKS + 1)
    )
    ex.respond(200, _html(f"<html><body><h1>超长列表</h1><ul>\n{rows}\n</ul></body></html>"))


def many_item(ex: Exchange) -> None:
    number = ex.url_path.removeprefix(MANY_PREFIX).removesuffix(".htm")
    ex.respond(200, _ok_page(f"列表条目{number}", f"这是超长列表中的第{number}条。"))


FAULTS: tuple[Fault, ...] = (
    Fault("/faults/missing.html", "404 页面不存在", not_found),
    Fault("/faults/error.html", "500 服务器错误（总是）", server_error),
    Fault("/faults/flaky.html", "503 第一次，之后 200", flaky),
    Fault("/faults/throttled.html", "429 带 Retry-After，之后 200", throttled),
    Fault("/faults/slow.html", "超时的慢速页面", slow),
    Fault("/faults/dropped.html", "传输中连接被重置", dropped),
    Fault("/faults/truncated.html", "Content-Length 大于实际内容", truncated),
    Fault("/faults/huge.html", "20 MB 超大页面", huge),
    Fault("/faults/huge-stream.html", "20 MB 超大页面（无 Content-Length）", huge_stream),
    Fault("/faults/bomb.html", "gzip 压缩炸弹（解压后 20 MB）", bomb),
    Fault("/faults/loop-a.html", "重定向循环", loop_a),
    Fault("/faults/offsite.html", "重定向到站外主机", offsite),
    Fault("/faults/to-file.html", "重定向到 file:// 地址", to_file),
    Fault("/faults/broken.xml", "损坏的 RSS", broken_feed),
    Fault("/faults/empty.html", "空页面", empty),
    Fault("/faults/report.pdf", "二进制 PDF 文件", pdf),
    Fault("/faults/big-list.html", "含 2000 个链接的列表页", big_list),
)
# Reached only by redirect, not linked from the index.
HIDDEN = {"/faults/loop-b.html": loop_b, "/faults/offsite-target.html": offsite_target}


def find_fault(path: str) -> Callable[[Exchange], None] | None:
    for fault in FAULTS:
        if fault.path == path:
            return fault.handle
    if path in HIDDEN:
        return HIDDEN[path]
    if path.startswith(MANY_PREFIX) and path.endswith(".htm"):
        return many_item
    return None


def faults_index() -> Page:
    """/faults/index.html: a list page linking every fault, so a crawl meets all of them."""
    rows = "\n".join(f'<li><a href="{f.path}">{f.label}</a></li>' for f in FAULTS)
    html = (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>故障测试</title>'
        f"</head><body><h1>故障测试</h1><ul>\n{rows}\n</ul></body></html>\n"
    )
    return validated(html.encode("utf-8"), "text/html; charset=utf-8", _PUBLISHED)
