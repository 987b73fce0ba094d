"""The digest's RFC 5322 message: headers, parts, and no header injection."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Any

import pytest

from notify.message import build_message, make_message_id, safe_header
from notify.render import Links

LINKS = Links(
    unsubscribe="https://pw.example.org/unsubscribe?token=abc",
    preferences="https://pw.example.org/preferences?token=def",
    one_click="https://pw.example.org/unsubscribe/one-click?token=abc",
    mailto="mailto:unsubscribe@pw.example.org?subject=unsubscribe-abc",
)
SUBJECT = "成渝合作协议 · 11月22日 · 5 项新协议"
HTML = "<html><body><p>泸州与永川签署协议</p></body></html>"
TEXT = "泸州与永川签署协议\nhttps://news.example.cn/a/1.html\n"


def roundtrip(raw: bytes) -> EmailMessage:
    parsed = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def digest(**overrides: object) -> bytes:
    fields: dict[str, object] = {
        "to": "张三 <zhang@example.com>",
        "sender": "pactwatch@pw.example.org",
        "subject": SUBJECT,
        "html": HTML,
        "text": TEXT,
        "message_id": make_message_id("digest", "42", "pw.example.org"),
        "links": LINKS,
        "list_id": "pw.example.org",
        "bulk": True,
    }
    fields.update(overrides)
    return build_message(**fields)  # type: ignore[arg-type]


def test_digest_headers() -> None:
    raw = digest()
    assert all(len(line) <= 998 for line in raw.split(b"\r\n"))
    assert raw.isascii()  # non-ASCII only in encoded words and base64
    parsed = roundtrip(digest())
    assert parsed["Subject"] == SUBJECT
    assert parsed["From"] == "pactwatch@pw.example.org"
    assert parsed["To"].addresses[0].addr_spec == "zhang@example.com"
    assert parsed["To"].addresses[0].display_name == "张三"
    assert parsed["Date"].datetime.tzinfo is not None
    assert parsed["Message-ID"] == make_message_id("digest", "42", "pw.example.org")
    assert parsed["List-Id"] == "<pactwatch.pw.example.org>"
    assert parsed["List-Unsubscribe"] == f"<{LINKS.one_click}>, <{LINKS.mailto}>"
    assert parsed["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert parsed["Precedence"] == "bulk"


def test_parts_are_text_then_html_base64_utf8() -> None:
    parsed = roundtrip(digest())
    assert parsed.get_content_type() == "multipart/alternative"
    parts = list(parsed.iter_parts())
    assert [p.get_content_type() for p in parts] == ["text/plain", "text/html"]
    for part in parts:
        assert part["Content-Transfer-Encoding"] == "base64"
        assert part.get_content_charset() == "utf-8"
    # Text travels in canonical form (RFC 2046 § 4.1.1): CRLF line ends inside the base64.
    assert parts[0].get_content().replace("\r\n", "\n") == TEXT
    assert parts[1].get_content().replace("\r\n", "\n").rstrip("\n") == HTML


def test_confirmation_is_not_bulk() -> None:
    parsed = roundtrip(digest(links=None, list_id=None, bulk=False))
    for name in ("List-Id", "List-Unsubscribe", "List-Unsubscribe-Post"):
        assert name not in parsed
    assert "Auto-Submitted" not in parsed and "Precedence" not in parsed


def test_list_id_given_whole_is_not_prefixed_twice() -> None:
    assert roundtrip(digest(list_id="pactwatch.pw.example.org"))["List-Id"] == (
        "<pactwatch.pw.example.org>"
    )


def test_one_click_needs_an_https_target() -> None:
    bad = Links(LINKS.unsubscribe, LINKS.preferences, "javascript:alert(1)", None)
    parsed = roundtrip(digest(links=bad))
    assert "List-Unsubscribe" not in parsed and "List-Unsubscribe-Post" not in parsed


@pytest.mark.parametrize("field", ["subject", "to", "sender", "message_id"])
def test_no_header_injection(field: str) -> None:
    values = {
        "subject": "协议\r\nBcc: x@y",
        "to": "zhang@example.com\r\nBcc: x@y",
        "sender": "pactwatch@pw.example.org\nBcc: x@y",
        "message_id": "<a@b>\r\nBcc: x@y",
    }
    parsed = roundtrip(digest(**{field: values[field]}))
    assert "Bcc" not in parsed
    assert b"\r\nBcc:" not in digest(**{field: values[field]})


def test_safe_header() -> None:
    assert safe_header("a\r\nBcc: x@y") == "a Bcc: x@y"
    assert safe_header("  多个\t\t空格\u2028行 ") == "多个 空格 行"
    assert safe_header("\x00\x1b[31m红") == "[31m红"
    long = safe_header("长" * 300)
    assert len(long) == 200 and long.endswith("…")


def test_message_ids_are_stable_and_distinct() -> None:
    a = make_message_id("digest", "42-1732233600", "pw.example.org")
    assert a == make_message_id("digest", "42-1732233600", "pw.example.org")
    assert a != make_message_id("digest", "43-1732233600", "pw.example.org")
    assert a != make_message_id("alert", "42-1732233600", "pw.example.org")
    assert a.startswith("<digest-42-1732233600.") and a.endswith("@pw.example.org>")
    assert make_message_id("digest", "x\r\n>y", "pw.example.org\r\n").count("\n") == 0


def test_date_can_be_fixed() -> None:
    when = datetime(2024, 11, 22, 0, 0, tzinfo=UTC)
    assert roundtrip(digest(date=when))["Date"].datetime == when


def test_lines_are_crlf_and_folded() -> None:
    raw = digest(subject="成渝" * 60, to="张三丰" * 20 + " <zhang@example.com>")
    assert raw.count(b"\n") == raw.count(b"\r\n")  # no bare LF: it goes to SMTP as it is
    head = raw.split(b"\r\n\r\n", 1)[0]
    for line in head.split(b"\r\n"):
        # List-Unsubscribe is two URLs on two lines, not encoded words (RFC 2369).
        if not line.startswith((b"List-Unsubscribe: ", b" <mailto:")):
            assert len(line) <= 78, line
    assert roundtrip(raw)["Subject"] == "成渝" * 60


# What notify.message wrote through EmailMessage before it wrote the bytes itself: the
# stdlib parser must read the same message from both.
def stdlib_message(fields: dict[str, Any]) -> bytes:
    message = EmailMessage(policy=SMTP)
    message["From"] = safe_header(fields["sender"], 320)
    message["To"] = safe_header(fields["to"], 320)
    message["Subject"] = safe_header(fields["subject"])
    message["Date"] = format_datetime(fields["date"])
    message["Message-ID"] = safe_header(fields["message_id"], 255)
    if fields["list_id"]:
        message["List-Id"] = "<pactwatch.pw.example.org>"
    links = fields["links"]
    if links is not None:
        message["List-Unsubscribe"] = f"<{links.one_click}>, <{links.mailto}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if fields["bulk"]:
        message["Auto-Submitted"] = "auto-generated"
        message["Precedence"] = "bulk"
    message.set_content(fields["text"], subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(fields["html"], subtype="html", charset="utf-8", cte="base64")
    return message.as_bytes()


def shape(raw: bytes) -> list[Any]:
    """Everything a reader of the message sees: headers, the parts, their bytes."""
    parsed = roundtrip(raw)
    assert not parsed.defects
    headers = [(k, str(v)) for k, v in parsed.items() if k != "Content-Type"]
    parts = []
    for part in parsed.iter_parts():
        assert not part.defects
        # add_alternative repeats MIME-Version in the part it converts; nothing reads it.
        part_headers = [(k, str(v)) for k, v in part.items() if k != "MIME-Version"]
        parts.append((part_headers, part.get_payload(decode=False), part.get_content()))
    return [headers, parsed.get_content_type(), parts]


@pytest.mark.parametrize(
    "overrides",
    [
        {},
        {"links": None, "list_id": None, "bulk": False},
        {"to": "张三 <zhang@example.com>", "subject": "协议\r\nBcc: x@y"},
        {"to": '"Zhang, San" <zhang@example.com>', "sender": "PactWatch <pw@pw.example.org>"},
        {"subject": "长" * 150 + " 😀 tail", "text": "a\rb\r\nc\n\n", "html": ""},
        {"subject": "plain ascii subject " * 6, "text": "x" * 500, "html": "<p>" + "é" * 400},
        {"text": "line\u2028sep\x85next\n. dot\n", "html": "<b>\r\n</b>"},
    ],
)
def test_parses_as_the_stdlib_message_did(overrides: dict[str, Any]) -> None:
    fields: dict[str, Any] = {
        "to": "zhang@example.com",
        "sender": "pactwatch@pw.example.org",
        "subject": SUBJECT,
        "html": HTML,
        "text": TEXT,
        "message_id": make_message_id("digest", "42", "pw.example.org"),
        "links": LINKS,
        "list_id": "pw.example.org",
        "bulk": True,
        "date": datetime(2024, 11, 22, 0, 0, tzinfo=UTC),
    } | overrides
    ours = build_message(**fields)
    assert shape(ours) == shape(stdlib_message(fields))
