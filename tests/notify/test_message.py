"""The digest's RFC 5322 message: headers, parts, and no header injection."""

from __future__ import annotations

import email
import email.policy
from datetime import UTC, datetime
from email.message import EmailMessage

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


def roundtrip(message: EmailMessage) -> EmailMessage:
    parsed = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)
    assert isinstance(parsed, EmailMessage)
    return parsed


def digest(**overrides: object) -> EmailMessage:
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
    raw = digest().as_bytes()
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
    assert b"\r\nBcc:" not in digest(**{field: values[field]}).as_bytes()


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
