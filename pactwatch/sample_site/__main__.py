"""`python -m pactwatch.sample_site [--port 8765] [--real DIR] [--dir NAME=DIR]…`"""

from __future__ import annotations

import argparse
import contextlib
import signal
import threading
from pathlib import Path

from pactwatch.sample_site.server import SampleSite


def _parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m pactwatch.sample_site",
        description="Serve the sample news site on loopback until interrupted.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port")
    parser.add_argument("--real", type=Path, help="a directory of saved pages, served at /real/")
    parser.add_argument(
        "--dir",
        action="append",
        default=[],
        metavar="NAME=DIR",
        help="another directory served at /NAME/ (repeatable)",
    )
    parser.add_argument("--slow", type=float, default=5.0, help="seconds /faults/slow.html stalls")
    return parser.parse_args(argv)


def _extra_dirs(args: argparse.Namespace) -> dict[str, Path]:
    dirs = {"real": args.real} if args.real else {}
    for item in args.dir:
        name, sep, path = item.partition("=")
        if not sep:
            raise SystemExit(f"--dir wants NAME=DIR, got {item!r}")
        dirs[name] = Path(path)
    return dirs


def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    try:
        site = SampleSite(
            args.host, args.port, extra_dirs=_extra_dirs(args), slow_seconds=args.slow
        )
    except ValueError as exc:
        raise SystemExit(str(exc)) from exc
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    with site:
        print(f"sample site: {site.base_url}/", flush=True)
        print(site.sources_toml(), flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            done.wait()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
