"""Real SMTP servers on 127.0.0.1 for the delivery tests: aiosmtpd, scripted replies, TLS."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
import ssl
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

SENDER = "pactwatch@example.org"


def make_message(message_id: str, to: str = "reader@example.org") -> bytes:
    """A small UTF-8 message, as `EmailMessage.as_bytes()` renders it (bare LF line ends)."""
    msg = EmailMessage()
    msg["From"] = SENDER
    msg["To"] = to
    msg["Subject"] = "川渝合作协议 3 条"
    msg["Message-ID"] = message_id
    # A line starting with "." checks dot-stuffing both ways.
    msg.set_content("成渝地区双城经济圈\n.a line that starts with a dot\nend\n")
    return msg.as_bytes()


def message_id_of(content: bytes) -> str:
    return str(message_from_bytes(content, policy=policy.default)["Message-ID"])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes
    peer: Any
    tls: bool
    authenticated: bool

    @property
    def message_id(self) -> str:
        return message_id_of(self.content)


@dataclass
class Recorder:
    """An aiosmtpd handler that keeps what it accepts, after any scripted refusals.

    `rcpt_replies` maps an address (or "*") to the reply to its RCPT; `data_replies` answer
    the next DATA commands in turn, then messages are accepted. With `stall_first`, the
    first accepted message is kept, `arrived` set, and the 250 held back until `release`.
    """

    rcpt_replies: dict[str, str] = field(default_factory=dict)
    data_replies: deque[str] = field(default_factory=deque)
    stall_first: bool = False
    received: list[Received] = field(default_factory=list)
    arrived: threading.Event = field(default_factory=threading.Event)
    release: threading.Event = field(default_factory=threading.Event)

    @classmethod
    def scripted(cls, data_replies: Iterable[str] = (), **kwargs: Any) -> Recorder:
        return cls(data_replies=deque(data_replies), **kwargs)

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        reply = self.rcpt_replies.get(address) or self.rcpt_replies.get("*")
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        if self.data_replies:
            return self.data_replies.popleft()
        # STARTTLS fills session.ssl; implicit TLS (smtps) only shows on the transport.
        tls = session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None
        self.received.append(
            Received(
                envelope.mail_from,
                list(envelope.rcpt_tos),
                envelope.original_content,
                session.peer,
                tls,
                bool(session.authenticated),
            )
        )
        if self.stall_first and len(self.received) == 1:
            self.arrived.set()
            deadline = time.monotonic() + 15
            while not self.release.is_set() and time.monotonic() < deadline:
                await asyncio.sleep(0.01)
        return "250 2.0.0 queued"

    @property
    def message_ids(self) -> list[str]:
        return [r.message_id for r in self.received]


class Authenticator:
    """Accepts one login/password; remembers every attempt."""

    def __init__(self, login: str, password: str) -> None:
        self.expected = LoginPassword(login.encode(), password.encode())
        self.attempts: list[str] = []

    def __call__(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        self.attempts.append(mechanism)
        return AuthResult(success=data == self.expected, handled=False)


def free_port() -> int:
    # aiosmtpd's Controller connects to its own port once started, so it needs a real one.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextmanager
def smtp_server(handler: Any, port: int | None = None, **kwargs: Any) -> Iterator[Controller]:
    """An aiosmtpd server on 127.0.0.1, stopped (and its connections closed) on exit."""
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port or free_port(),
        server_hostname="smtp.test",
        **kwargs,
    )
    controller.start()
    try:
        yield controller
    finally:
        controller.stop()


@contextmanager
def silent_server() -> Iterator[int]:
    """Accepts TCP connections (in the kernel backlog) and never says a word."""
    with socket.create_server(("127.0.0.1", 0), backlog=16) as sock:
        port: int = sock.getsockname()[1]
        yield port


def self_signed_context(directory: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for localhost/127.0.0.1."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp-cert.pem", directory / "smtp-key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_path, key_path)
    return context
