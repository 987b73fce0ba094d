"""Delivering rendered messages: over SMTP, or as `.eml` files in an outbox directory.

A message is built elsewhere (`notify.render` / `notify.digests`); a transport only carries
its bytes, unchanged, so a resend is byte-for-byte the same message with the same Message-ID.
"""

from __future__ import annotations

import hashlib
import os
import re
import smtplib
import ssl
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer

Kind = Literal["temporary", "permanent"]
Scope = Literal["message", "transport"]

DEFAULT_PORTS = {"smtp": 25, "smtps": 465}
# A connection idle this long gets a NOOP before reuse: servers and NAT boxes drop idle
# connections silently, and a dead socket would otherwise cost a full timeout on MAIL FROM.
IDLE_CHECK_SECONDS = 30.0
CLEARTEXT_CREDENTIALS = (
    "the SMTP server does not offer STARTTLS: refusing to send the credentials of "
    "PACTWATCH_SMTP_URL in the clear (use smtps:// or a server with STARTTLS)"
)


class DeliveryError(Exception):
    """A message was not (or not entirely) accepted.

    `kind` says whether trying again later can help: "temporary" for 4xx replies, timeouts
    and broken connections, "permanent" for 5xx replies and refusals of our own making.
    `scope` says whose fault it is: "message" when the server answered about this message
    (RCPT, DATA), "transport" when it failed before the message was offered (connect, TLS,
    AUTH, MAIL FROM, 421): every other message would fail the same way, so a caller stops.
    `refused` maps each refused recipient to the server's (code, reply).
    """

    def __init__(
        self,
        text: str,
        *,
        kind: Kind,
        code: int | None = None,
        refused: dict[str, tuple[int, bytes]] | None = None,
        scope: Scope = "message",
    ) -> None:
        super().__init__(text)
        self.kind: Kind = kind
        self.code = code
        self.refused: dict[str, tuple[int, bytes]] = refused or {}
        self.scope: Scope = scope


class Transport(Protocol):
    """Carries one rendered message to its recipients."""

    def send(
        self, message: bytes, *, sender: str, recipients: Sequence[str], message_id: str
    ) -> None:
        """Deliver `message` or raise `DeliveryError`."""

    def close(self) -> None:
        """Release connections; the transport may be used again afterwards."""


def transport_from_settings(smtp_url: str | None, outbox_dir: Path) -> Transport:
    """SMTP when `PACTWATCH_SMTP_URL` is set, else one `.eml` file per message in the outbox."""
    if smtp_url:
        return SmtpTransport.from_url(smtp_url)
    return OutboxTransport(outbox_dir)


def kind_of(code: int) -> Kind:
    return "permanent" if 500 <= code < 600 else "temporary"


def _reply(code: int, reply: bytes | str) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else reply
    return f"{code} {' '.join(text.split())}"


class SmtpTransport:
    """SMTP over one reused connection: `smtps://` (implicit TLS) or `smtp://` (STARTTLS).

    Reads `PACTWATCH_SMTP_URL` (via `from_url`): `smtp[s]://[user:pass@]host[:port][?verify=false]`.
    With credentials over `smtp://` the server must offer STARTTLS, else every send fails
    with a permanent, transport-scoped `DeliveryError`.
    """

    def __init__(
        self,
        host: str,
        port: int,
        *,
        implicit_tls: bool = False,
        username: str | None = None,
        password: str | None = None,
        verify: bool = True,
        timeout: float = 30.0,
        local_hostname: str | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.implicit_tls = implicit_tls
        self.username = username
        self._password = password
        self.timeout = timeout
        self.local_hostname = local_hostname
        self.tls_context = ssl.create_default_context()
        if not verify:
            self.tls_context.check_hostname = False
            self.tls_context.verify_mode = ssl.CERT_NONE
        self._conn: smtplib.SMTP | None = None
        self._last_used = 0.0

    @classmethod
    def from_url(
        cls, url: str, *, timeout: float = 30.0, local_hostname: str | None = None
    ) -> SmtpTransport:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS:
            raise ValueError(
                f"PACTWATCH_SMTP_URL must start with smtp:// or smtps://, not {scheme!r}"
            )
        if not parts.hostname:
            raise ValueError("PACTWATCH_SMTP_URL names no host")
        query = parse_qs(parts.query)
        verify = query.get("verify", ["true"])[-1].lower() not in ("false", "0", "no", "off")
        return cls(
            parts.hostname,
            parts.port or DEFAULT_PORTS[scheme],
            implicit_tls=scheme == "smtps",
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password is not None else None,
            verify=verify,
            timeout=timeout,
            local_hostname=local_hostname,
        )

    def __repr__(self) -> str:  # never the password
        scheme = "smtps" if self.implicit_tls else "smtp"
        user = f"{self.username}:***@" if self.username else ""
        return f"<SmtpTransport {scheme}://{user}{self.host}:{self.port}>"

    def send(
        self, message: bytes, *, sender: str, recipients: Sequence[str], message_id: str
    ) -> None:
        try:
            refused = self._send_once(message, sender, recipients)
        except _Disconnected:
            # The server dropped a connection we kept open (idle, or its per-connection
            # limit) before this message: one fresh connection. Only if it died after DATA,
            # unanswered, can the message arrive twice; its Message-ID lets the receiver tell.
            refused = self._send_once(message, sender, recipients, fresh=True)
        if refused:
            raise _refusal(refused, partial=True)

    def _send_once(
        self, message: bytes, sender: str, recipients: Sequence[str], *, fresh: bool = False
    ) -> dict[str, tuple[int, bytes]]:
        """Raises `_Disconnected` only for a kept connection (never when `fresh`)."""
        kept = None if fresh else self._conn
        conn = self._connection()
        try:
            return self._sendmail(conn, message, sender, recipients)
        except smtplib.SMTPServerDisconnected as exc:
            self._drop()
            if _is_timeout(exc) or conn is not kept:
                raise DeliveryError(
                    f"SMTP conversation failed: {_describe(exc)}", kind="temporary"
                ) from None
            raise _Disconnected from None
        finally:
            self._last_used = time.monotonic()

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            conn.quit()
        except (smtplib.SMTPException, OSError):
            pass
        finally:
            conn.close()

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _connection(self) -> smtplib.SMTP:
        if self._conn is not None and time.monotonic() - self._last_used > IDLE_CHECK_SECONDS:
            try:
                alive = self._conn.noop()[0] == 250
            except (smtplib.SMTPException, OSError):
                alive = False
            if not alive:
                self._drop()
        if self._conn is None:
            self._conn = self._connect()
        return self._conn

    def _connect(self) -> smtplib.SMTP:
        """A connection that said EHLO, is encrypted when it must be, and logged in."""
        where = f"{self.host}:{self.port}"
        try:
            conn = self._open()
        except (smtplib.SMTPException, OSError) as exc:
            raise _transport_error(exc, where) from None
        try:
            conn.ehlo()
            if not self.implicit_tls:
                if conn.has_extn("starttls"):
                    conn.starttls(context=self.tls_context)
                    conn.ehlo()
                elif self.username:
                    raise DeliveryError(CLEARTEXT_CREDENTIALS, kind="permanent", scope="transport")
            if self.username:
                conn.login(self.username, self._password or "")
        except DeliveryError:
            conn.close()
            raise
        except (smtplib.SMTPException, OSError) as exc:
            conn.close()
            raise _transport_error(exc, where) from None
        return conn

    def _open(self) -> smtplib.SMTP:
        if self.implicit_tls:
            return _SmtpSsl(
                self.host,
                self.port,
                local_hostname=self.local_hostname,
                timeout=self.timeout,
                context=self.tls_context,
            )
        return _Smtp(self.host, self.port, local_hostname=self.local_hostname, timeout=self.timeout)

    def _sendmail(
        self, conn: smtplib.SMTP, message: bytes, sender: str, recipients: Sequence[str]
    ) -> dict[str, tuple[int, bytes]]:
        to = [_envelope_address(r) for r in recipients]
        wire = to_wire(message)
        try:
            return conn.sendmail(
                sender, to, wire, mail_options=_mail_options(conn, wire, sender, to)
            )
        except smtplib.SMTPServerDisconnected:
            raise
        except smtplib.SMTPRecipientsRefused as exc:
            if any(code == 421 for code, _ in exc.recipients.values()):
                self._drop()  # smtplib closed it: the server is going away
            raise _refusal(exc.recipients, partial=False) from None
        except smtplib.SMTPSenderRefused as exc:
            if exc.smtp_code == 421:
                self._drop()
            raise DeliveryError(
                f"sender refused: {_reply(exc.smtp_code, exc.smtp_error)}",
                kind=kind_of(exc.smtp_code),
                code=exc.smtp_code,
                scope="transport",
            ) from None
        except smtplib.SMTPResponseException as exc:  # DATA refused, mostly
            if exc.smtp_code == 421:
                self._drop()
            raise DeliveryError(
                _reply(exc.smtp_code, exc.smtp_error),
                kind=kind_of(exc.smtp_code),
                code=exc.smtp_code,
                scope="transport" if exc.smtp_code == 421 else "message",
            ) from None
        except smtplib.SMTPNotSupportedError as exc:
            raise DeliveryError(str(exc), kind="permanent") from None
        except (smtplib.SMTPException, OSError) as exc:
            # A timeout or reset mid-transaction: the connection's state is unknown.
            self._drop()
            raise DeliveryError(
                f"SMTP conversation failed: {_describe(exc)}", kind="temporary"
            ) from None


class _Smtp(smtplib.SMTP):
    """smtplib's client, skipping dot-stuffing when no line starts with a dot.

    `SMTP.data` runs a multiline regex over the whole message to double leading dots:
    0.3 ms for an 80 kB digest, whose base64 lines and headers never start with one.
    Looking for "\\n." first costs a quarter of that; a message that has one is stuffed
    as before.
    """

    def data(self, msg: ReadableBuffer | str) -> tuple[int, bytes]:
        if not isinstance(msg, bytes) or msg.startswith(b".") or b"\n." in msg:
            return super().data(msg)
        self.putcmd("data")
        code, reply = self.getreply()
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        self.send(msg + (b".\r\n" if msg.endswith(b"\r\n") else b"\r\n.\r\n"))  # one write
        return self.getreply()


class _SmtpSsl(_Smtp, smtplib.SMTP_SSL):
    pass


def to_wire(message: bytes) -> bytes:
    """CRLF line ends, as SMTP requires (RFC 5321 §2.3.8); `as_bytes()` gives bare LF.

    Many receivers refuse bare LF since the 2023 SMTP-smuggling fixes. Only the line ends
    change: a parser reads the same message. Messages built by `notify.message` are CRLF
    already; counting is 7× cheaper than the substitution on them (0.1 vs 0.75 ms, 80 kB).
    """
    if message.count(b"\n") == message.count(b"\r\n"):
        return message
    return _LINE_END.sub(b"\r\n", message)


_LINE_END = re.compile(rb"\r?\n")


def _mail_options(conn: smtplib.SMTP, wire: bytes, sender: str, to: list[str]) -> list[str]:
    options = []
    if not wire.isascii() and conn.has_extn("8bitmime"):
        options.append("BODY=8BITMIME")
    if not all(address.isascii() for address in [sender, *to]):
        options.append("SMTPUTF8")  # smtplib refuses it (permanent) if the server lacks it
    return options


def _envelope_address(address: str) -> str:
    """The address with its domain in IDNA (ASCII) form; a non-ASCII local part stays."""
    local, at, domain = address.rpartition("@")
    if not at or domain.isascii():
        return address
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address  # left to SMTPUTF8


def _refusal(refused: dict[str, tuple[int, bytes]], *, partial: bool) -> DeliveryError:
    codes = [code for code, _ in refused.values()]
    kind: Kind = "permanent" if any(kind_of(code) == "permanent" for code in codes) else "temporary"
    detail = "; ".join(f"{rcpt}: {_reply(code, reply)}" for rcpt, (code, reply) in refused.items())
    lead = "some recipients refused (the others accepted)" if partial else "recipient refused"
    return DeliveryError(
        f"{lead}: {detail}",
        kind=kind,
        code=max(codes) if codes else None,
        refused=dict(refused),
        scope="transport" if 421 in codes else "message",
    )


def _transport_error(exc: BaseException, where: str) -> DeliveryError:
    """An error before any message was offered: connect, greeting, EHLO, TLS, AUTH."""
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return DeliveryError(
            f"SMTP login refused by {where}: {_reply(exc.smtp_code, exc.smtp_error)}",
            kind=kind_of(exc.smtp_code),
            code=exc.smtp_code,
            scope="transport",
        )
    if isinstance(exc, smtplib.SMTPResponseException):
        return DeliveryError(
            f"SMTP server {where} answered {_reply(exc.smtp_code, exc.smtp_error)}",
            kind=kind_of(exc.smtp_code),
            code=exc.smtp_code,
            scope="transport",
        )
    if isinstance(exc, ssl.SSLCertVerificationError):
        # Verification is on by default; `?verify=false` is for tests and self-signed relays.
        return DeliveryError(
            f"TLS certificate of {where} not trusted: {exc.verify_message}",
            kind="permanent",
            scope="transport",
        )
    if isinstance(exc, smtplib.SMTPNotSupportedError):  # e.g. no AUTH offered
        return DeliveryError(f"SMTP server {where}: {exc}", kind="permanent", scope="transport")
    return DeliveryError(
        f"cannot talk to SMTP server {where}: {_describe(exc)}",
        kind="temporary",
        scope="transport",
    )


class _Disconnected(Exception):
    """A kept connection turned out closed before the message went out."""


def _is_timeout(exc: BaseException) -> bool:
    # smtplib turns a read timeout into SMTPServerDisconnected; the cause stays in __context__.
    return isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError)


def _describe(exc: BaseException) -> str:
    return "timed out" if _is_timeout(exc) else str(exc) or type(exc).__name__


class OutboxTransport:
    """Writes each message to `<dir>/<timestamp>-<safe message id>.eml` (PACTWATCH_OUTBOX_DIR).

    Written to a temporary file and renamed, so a reader never sees half a message; a second
    write of the same Message-ID replaces the first file instead of adding another.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = Path(directory)

    def send(
        self, message: bytes, *, sender: str, recipients: Sequence[str], message_id: str
    ) -> None:
        try:
            self.write(message, message_id)
        except OSError as exc:
            raise DeliveryError(
                f"cannot write to outbox {self.directory}: {exc}",
                kind="temporary",
                scope="transport",
            ) from None

    def write(self, message: bytes, message_id: str) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        name = f"{safe_name(message_id)}.eml"
        # <stamp>-<name>: the stamp has no "-", so the first "-" ends it.
        existing = sorted(
            path for path in self.directory.glob(f"*-{name}") if path.name.split("-", 1)[1] == name
        )
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
        target = existing[0] if existing else self.directory / f"{stamp}-{name}"
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(message)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        for stale in existing[1:]:  # left by a concurrent first write of the same id
            stale.unlink(missing_ok=True)
        return target

    def close(self) -> None:
        pass


_UNSAFE = re.compile(r"[^A-Za-z0-9._@+=-]")


def safe_name(message_id: str) -> str:
    """A file-name form of a Message-ID; ids that had to be altered get a hash to stay unique."""
    bare = message_id.strip().removeprefix("<").removesuffix(">")
    safe = _UNSAFE.sub("_", bare)[:120].lstrip(".")
    if safe != bare or not safe:
        safe += "~" + hashlib.sha256(message_id.encode("utf-8")).hexdigest()[:10]
    return safe
