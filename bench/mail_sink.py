"""Delivery benchmark: messages a second into a local aiosmtpd sink over one connection.

    python bench/mail_sink.py [-n 2000] [--size 30000] [--repeat 3]

(a) `SmtpTransport.send` alone, in a loop; (b) `send_pending` end to end: claim, send and
record each digest in a fresh SQLite store (two short transactions per message). The sink
runs in this process (its own thread and event loop) and only counts what it receives, so
the figures are an upper bound for this machine: a real relay adds its own latency.
Prints medians as a Markdown table and writes them to bench/out/mail_sink.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import socket
import statistics
import sys
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlmodel import Session

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
from notify.models import Digest, Subscriber  # noqa: E402
from notify.sender import send_pending  # noqa: E402
from notify.transport import SmtpTransport  # noqa: E402
from pactwatch.core.db import upgrade  # noqa: E402
from pipeline.db import make_engine  # noqa: E402

SENDER = "pactwatch@example.org"


class Counter:
    def __init__(self) -> None:
        self.messages = 0
        self.bytes = 0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages += 1
        self.bytes += len(envelope.original_content)
        return "250 OK"


def message(n: int, size: int) -> bytes:
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = f"r{n}@example.org"
    msg["Subject"] = f"川渝合作协议 {n}"
    msg["Message-ID"] = f"<bench-{n}@pactwatch.test>"
    line = "成渝地区双城经济圈建设合作协议签约仪式在重庆举行。"
    # Two parts, each base64 (4/3): about `size` bytes in all.
    text = "\n".join([line] * max(1, size * 3 // 8 // (len(line.encode()) + 1)))
    msg.set_content(text)
    msg.add_alternative(f"<html><body><p>{text}</p></body></html>", subtype="html")
    return msg.as_bytes()


def transport_only(port: int, messages: list[bytes]) -> float:
    transport = SmtpTransport.from_url(f"smtp://127.0.0.1:{port}", local_hostname="bench")
    started = time.perf_counter()
    try:
        for n, body in enumerate(messages):
            transport.send(
                body, sender=SENDER, recipients=[f"r{n}@example.org"], message_id=f"<{n}>"
            )
    finally:
        transport.close()
    return len(messages) / (time.perf_counter() - started)


def end_to_end(port: int, messages: list[bytes]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/bench.db"
        upgrade(url)
        engine = make_engine(url)
        with Session(engine) as session:
            for n, body in enumerate(messages):
                subscriber = Subscriber(email=f"r{n}@example.org", status="confirmed")
                session.add(subscriber)
                session.flush()
                assert subscriber.id is not None
                session.add(
                    Digest(subscriber_id=subscriber.id, message_id=f"<e2e-{n}>", message=body)
                )
            session.commit()
        transport = SmtpTransport.from_url(f"smtp://127.0.0.1:{port}", local_hostname="bench")
        started = time.perf_counter()
        try:
            report = send_pending(engine, transport, sender=SENDER)
        finally:
            transport.close()
            engine.dispose()
        elapsed = time.perf_counter() - started
        assert report.sent == len(messages), report
        return len(messages) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--messages", type=int, default=2000)
    parser.add_argument("--size", type=int, default=30_000, help="approximate bytes a message")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    messages = [message(n, args.size) for n in range(args.messages)]
    mean_size = statistics.mean(len(m) for m in messages)
    counter = Counter()
    port = _free_port()
    controller = Controller(counter, hostname="127.0.0.1", port=port, server_hostname="sink")
    controller.start()
    try:
        rows = {
            "SmtpTransport.send (one connection)": [
                transport_only(controller.port, messages) for _ in range(args.repeat)
            ],
            "send_pending (SQLite claim + send + record)": [
                end_to_end(controller.port, messages) for _ in range(args.repeat)
            ],
        }
    finally:
        controller.stop()
    expected = 2 * args.repeat * args.messages
    assert counter.messages == expected, (counter.messages, expected)

    print(f"\n{args.messages} messages of ~{mean_size / 1000:.0f} kB, median of {args.repeat}\n")
    print("| path | messages/s |\n|---|---:|")
    for name, rates in rows.items():
        print(f"| {name} | {statistics.median(rates):.0f} |")
    out = HERE / "out" / "mail_sink.json"
    out.parent.mkdir(exist_ok=True)
    figures = {name: statistics.median(rates) for name, rates in rows.items()}
    out.write_text(
        json.dumps(
            {
                "messages": args.messages,
                "mean_bytes": mean_size,
                "messages_per_second": figures,
                "python": platform.python_version(),
                "machine": platform.machine(),
            },
            indent=2,
        )
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


if __name__ == "__main__":
    main()
