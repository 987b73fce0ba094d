"""Where `serve`/`run` listen: refuse a busy port in one sentence, and the links' base."""

from __future__ import annotations

import errno
import socket


class CannotListen(Exception):
    """The address cannot be bound: say so in one sentence (exit 1)."""


def check_port(host: str, port: int) -> None:
    """Raise `CannotListen` when `host:port` cannot be bound right now.

    uvicorn answers a busy port with a log line and exit 3 after the app has started;
    trying the bind first gives the user one plain sentence instead.
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror}") from exc
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                raise CannotListen(
                    f"port {port} on {host} is already in use: stop the other server "
                    "or choose another with --port"
                ) from exc
            raise CannotListen(f"cannot listen on {host}:{port}: {exc.strerror}") from exc


def base_url_for(host: str, port: int) -> str:
    """The URL mail links should use for a desk listening on `host:port`.

    A wildcard address is not one a reader can open, so it becomes this machine's name.
    """
    if host in ("0.0.0.0", "::", ""):  # noqa: S104 - recognising it, not binding
        host = socket.getfqdn()
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    return f"http://{host}:{port}"
