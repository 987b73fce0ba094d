"""Transports against real SMTP servers on 127.0.0.1, and the outbox directory."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from notify.message import build_message
from notify.transport import (
    DeliveryError,
    OutboxTransport,
    SmtpTransport,
    safe_name,
    to_wire,
    transport_from_settings,
)
from tests.notify.smtp_servers import (
    SENDER,
    Authenticator,
    Recorder,
    make_message,
    message_id_of,
    self_signed_context,
    silent_server,
    smtp_server,
)

RCPT = "reader@example.org"


def smtp(url: str, timeout: float = 5.0) -> SmtpTransport:
    return SmtpTransport.from_url(url, timeout=timeout, local_hostname="client.test")


def send(transport: SmtpTransport, message_id: str, to: str = RCPT) -> None:
    transport.send(
        make_message(message_id, to), sender=SENDER, recipients=[to], message_id=message_id
    )


@pytest.fixture
def sink() -> Iterator[tuple[Recorder, int]]:
    recorder = Recorder()
    with smtp_server(recorder) as server:
        yield recorder, server.port


def test_bytes_arrive_intact_over_one_connection(sink: tuple[Recorder, int]) -> None:
    recorder, port = sink
    transport = smtp(f"smtp://127.0.0.1:{port}")
    try:
        for n in range(3):
            send(transport, f"<digest-{n}@pactwatch.test>")
    finally:
        transport.close()
    assert recorder.message_ids == [f"<digest-{n}@pactwatch.test>" for n in range(3)]
    first = recorder.received[0]
    # Only the line ends change on the wire (CRLF); every other byte, 8-bit UTF-8 included.
    assert first.content == to_wire(make_message("<digest-0@pactwatch.test>"))
    assert "成渝" in first.content.decode("utf-8")
    assert first.mail_from == SENDER
    assert first.rcpt_tos == [RCPT]
    assert len({r.peer for r in recorder.received}) == 1  # one connection for all three


def test_reconnects_when_the_server_dropped_the_connection() -> None:
    recorder = Recorder()
    with smtp_server(recorder) as server:
        port = server.port
        transport = smtp(f"smtp://127.0.0.1:{port}")
        send(transport, "<before@pactwatch.test>")
    try:
        with smtp_server(recorder, port=port):  # a restart closed the kept connection
            send(transport, "<after@pactwatch.test>")
    finally:
        transport.close()
    assert recorder.message_ids == ["<before@pactwatch.test>", "<after@pactwatch.test>"]


def test_starttls_and_login_with_url_encoded_credentials(tmp_path: Path) -> None:
    recorder = Recorder()
    auth = Authenticator("mailer", "p@ss:word/1")
    with smtp_server(
        recorder,
        tls_context=self_signed_context(tmp_path),
        require_starttls=True,
        auth_required=True,
        authenticator=auth,
    ) as server:
        transport = smtp(f"smtp://mailer:p%40ss%3Aword%2F1@127.0.0.1:{server.port}?verify=false")
        try:
            send(transport, "<tls@pactwatch.test>")
        finally:
            transport.close()
    [received] = recorder.received
    assert received.tls
    assert received.authenticated
    assert received.message_id == "<tls@pactwatch.test>"
    assert "p@ss" not in repr(transport)


def test_wrong_password_is_a_transport_error(tmp_path: Path) -> None:
    auth = Authenticator("mailer", "right")
    with smtp_server(
        Recorder(),
        tls_context=self_signed_context(tmp_path),
        auth_required=True,
        authenticator=auth,
    ) as server:
        transport = smtp(f"smtp://mailer:wrong@127.0.0.1:{server.port}?verify=false")
        with pytest.raises(DeliveryError) as caught:
            send(transport, "<x@pactwatch.test>")
    assert caught.value.kind == "permanent"
    assert caught.value.code == 535
    assert caught.value.scope == "transport"


def test_credentials_never_go_over_plain_tcp() -> None:
    auth = Authenticator("mailer", "secret")
    recorder = Recorder()
    # A server that would take AUTH without TLS: the refusal must be ours.
    with smtp_server(recorder, authenticator=auth, auth_require_tls=False) as server:
        transport = smtp(f"smtp://mailer:secret@127.0.0.1:{server.port}")
        with pytest.raises(DeliveryError, match="STARTTLS") as caught:
            send(transport, "<x@pactwatch.test>")
    assert caught.value.kind == "permanent"
    assert caught.value.scope == "transport"
    assert auth.attempts == []
    assert recorder.received == []


def test_smtps_verifies_certificates_unless_told_not_to(tmp_path: Path) -> None:
    recorder = Recorder()
    with smtp_server(recorder, ssl_context=self_signed_context(tmp_path)) as server:
        strict = smtp(f"smtps://127.0.0.1:{server.port}")
        with pytest.raises(DeliveryError, match="not trusted") as caught:
            send(strict, "<strict@pactwatch.test>")
        assert caught.value.scope == "transport"
        relaxed = smtp(f"smtps://127.0.0.1:{server.port}?verify=false")
        try:
            send(relaxed, "<relaxed@pactwatch.test>")
        finally:
            relaxed.close()
    assert recorder.message_ids == ["<relaxed@pactwatch.test>"]
    assert recorder.received[0].tls


@pytest.mark.parametrize(
    ("reply", "kind", "code"),
    [("451 4.3.0 try again later", "temporary", 451), ("554 5.7.1 rejected", "permanent", 554)],
)
def test_data_refusals_by_code(reply: str, kind: str, code: int) -> None:
    recorder = Recorder.scripted([reply])
    with smtp_server(recorder) as server:
        transport = smtp(f"smtp://127.0.0.1:{server.port}")
        try:
            with pytest.raises(DeliveryError) as caught:
                send(transport, "<refused@pactwatch.test>")
            send(transport, "<next@pactwatch.test>")  # the connection is still good
        finally:
            transport.close()
    assert (caught.value.kind, caught.value.code, caught.value.scope) == (kind, code, "message")
    assert str(code) in str(caught.value)
    assert recorder.message_ids == ["<next@pactwatch.test>"]


def test_recipient_refusals_fill_refused() -> None:
    bad = "nobody@example.org"
    recorder = Recorder(rcpt_replies={bad: "550 5.1.1 no such user"})
    message = make_message("<two@pactwatch.test>")
    with smtp_server(recorder) as server:
        transport = smtp(f"smtp://127.0.0.1:{server.port}")
        try:
            with pytest.raises(DeliveryError) as only:
                send(transport, "<one@pactwatch.test>", to=bad)
            with pytest.raises(DeliveryError) as partial:
                transport.send(message, sender=SENDER, recipients=[RCPT, bad], message_id="<two@x>")
        finally:
            transport.close()
    assert only.value.kind == "permanent"
    assert only.value.refused == {bad: (550, b"5.1.1 no such user")}
    assert partial.value.kind == "permanent"
    assert set(partial.value.refused) == {bad}
    assert "others accepted" in str(partial.value)
    [received] = recorder.received  # the good recipient got it
    assert received.rcpt_tos == [RCPT]


def test_temporary_recipient_refusal() -> None:
    recorder = Recorder(rcpt_replies={"*": "450 4.2.1 mailbox busy"})
    with smtp_server(recorder) as server:
        transport = smtp(f"smtp://127.0.0.1:{server.port}")
        try:
            with pytest.raises(DeliveryError) as caught:
                send(transport, "<busy@pactwatch.test>")
        finally:
            transport.close()
    assert (caught.value.kind, caught.value.code) == ("temporary", 450)


def test_a_silent_server_times_out_as_temporary() -> None:
    with silent_server() as port:
        transport = smtp(f"smtp://127.0.0.1:{port}", timeout=0.3)
        started = time.monotonic()
        with pytest.raises(DeliveryError, match="timed out") as caught:
            send(transport, "<hang@pactwatch.test>")
        transport.close()
    assert time.monotonic() - started < 2
    assert caught.value.kind == "temporary"
    assert caught.value.scope == "transport"


def test_no_answer_to_data_is_a_temporary_message_error() -> None:
    recorder = Recorder(stall_first=True)  # takes the message, holds back its 250
    with smtp_server(recorder) as server:
        transport = smtp(f"smtp://127.0.0.1:{server.port}", timeout=0.3)
        try:
            with pytest.raises(DeliveryError, match="timed out") as caught:
                send(transport, "<slow@pactwatch.test>")
        finally:
            recorder.release.set()
            transport.close()
    # It may well have been delivered: retrying resends the same Message-ID.
    assert (caught.value.kind, caught.value.scope) == ("temporary", "message")


def test_nobody_listening_is_temporary() -> None:
    with silent_server() as port:
        pass  # closed: connections are refused
    transport = smtp(f"smtp://127.0.0.1:{port}", timeout=1)
    with pytest.raises(DeliveryError) as caught:
        send(transport, "<x@pactwatch.test>")
    assert (caught.value.kind, caught.value.scope) == ("temporary", "transport")


def test_from_url() -> None:
    plain = SmtpTransport.from_url("smtp://mail.example.org")
    assert (plain.host, plain.port, plain.implicit_tls, plain.username) == (
        "mail.example.org",
        25,
        False,
        None,
    )
    tls = SmtpTransport.from_url("smtps://u%40x:p%2Fw@mail.example.org?verify=false")
    assert (tls.port, tls.implicit_tls, tls.username) == (465, True, "u@x")
    assert not tls.tls_context.check_hostname
    assert SmtpTransport.from_url("smtp://h:2525").port == 2525
    assert SmtpTransport.from_url("smtp://h").tls_context.check_hostname
    with pytest.raises(ValueError, match="smtp"):
        SmtpTransport.from_url("http://h")
    with pytest.raises(ValueError, match="host"):
        SmtpTransport.from_url("smtp://")


def test_transport_from_settings(tmp_path: Path) -> None:
    assert isinstance(transport_from_settings("smtp://h:25", tmp_path), SmtpTransport)
    assert isinstance(transport_from_settings(None, tmp_path), OutboxTransport)
    assert isinstance(transport_from_settings("", tmp_path), OutboxTransport)


def test_outbox_writes_one_eml_per_message_id(tmp_path: Path) -> None:
    outbox = OutboxTransport(tmp_path / "outbox")
    ids = ["<a@pactwatch.test>", "<b@pactwatch.test>", "<a@pactwatch.test>"]
    for n, message_id in enumerate(ids):
        message = make_message(message_id).replace(b"end", f"version {n}".encode())
        outbox.send(message, sender=SENDER, recipients=[RCPT], message_id=message_id)
    files = sorted((tmp_path / "outbox").iterdir())
    assert [f.name.split("-", 1)[1] for f in files] == [
        "a@pactwatch.test.eml",
        "b@pactwatch.test.eml",
    ]
    by_id = {message_id_of(f.read_bytes()): f.read_bytes() for f in files}
    assert b"version 2" in by_id["<a@pactwatch.test>"]  # the rewrite replaced the first
    assert files[0].read_bytes() == make_message(ids[0]).replace(b"end", b"version 2")


def test_outbox_names_stay_distinct_and_safe() -> None:
    assert safe_name("<a/b@x>") != safe_name("<a_b@x>")
    assert "/" not in safe_name("<../../etc/passwd@x>")
    assert not safe_name("<..@x>").startswith(".")
    assert safe_name("<plain.id-1@host.example>") == "plain.id-1@host.example"


def test_outbox_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    outbox = OutboxTransport(tmp_path)
    first = make_message("<a@pactwatch.test>")
    outbox.send(first, sender=SENDER, recipients=[RCPT], message_id="<a@pactwatch.test>")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(DeliveryError, match="disk gone") as caught:
        outbox.send(b"half", sender=SENDER, recipients=[RCPT], message_id="<a@pactwatch.test>")
    assert caught.value.kind == "temporary"
    [only] = list(tmp_path.iterdir())  # no temporary file left behind
    assert only.read_bytes() == first  # and the earlier copy untouched


def test_a_built_digest_goes_out_byte_for_byte(sink: tuple[Recorder, int]) -> None:
    """CRLF already and no line starting with ".": sent as stored (no rewrite, no stuffing)."""
    recorder, port = sink
    dotted = make_message("<dotted@pactwatch.test>")  # bare LF, and a line starting with "."
    built = build_message(
        to=RCPT,
        sender=SENDER,
        subject="成渝合作协议 · 3 项新协议",
        html="<p>泸州与永川</p>\n" * 400,
        text="泸州与永川签署协议\n" * 400,
        message_id="<built@pactwatch.test>",
        links=None,
        list_id=None,
        bulk=False,
    )
    assert b"\n." not in built and to_wire(built) is built
    transport = smtp(f"smtp://127.0.0.1:{port}")
    try:
        for message, message_id in ((built, "<built@pactwatch.test>"), (dotted, "<dotted@x>")):
            transport.send(message, sender=SENDER, recipients=[RCPT], message_id=message_id)
    finally:
        transport.close()
    assert [r.content for r in recorder.received] == [built, to_wire(dotted)]
    assert b"\r\n.a line that starts with a dot" in recorder.received[1].content
