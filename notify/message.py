"""Building a digest's RFC 5322 message, apart from sending it (see notify.delivery)."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formatdate

from notify.render import Links, http_url

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: nothing a header
# may carry (a CR or LF would start a new header: "\r\nBcc: x@y").
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u0085]+")
_SPACE = re.compile(r"\s+")


def safe_header(value: str, limit: int = 200) -> str:
    """Control characters become spaces, whitespace runs one space, at most `limit` chars."""
    text = _SPACE.sub(" ", _CONTROL.sub(" ", value)).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def make_message_id(kind: str, key: str, domain: str) -> str:
    """ "<digest-42.3f2a…@example.org>": the same key gives the same id, so a resend is
    recognisably the same message (RFC 5322 § 3.6.4)."""
    tag = re.sub(r"[^a-z0-9-]", "", kind.lower()) or "message"
    local = re.sub(r"[^A-Za-z0-9.-]", "", key)[:40].strip(".")
    digest = hashlib.sha256(f"{kind}\x00{key}".encode()).hexdigest()[:16]
    host = re.sub(r"[^A-Za-z0-9.-]", "", domain) or "localhost"
    return f"<{tag}-{local}.{digest}@{host}>" if local else f"<{tag}.{digest}@{host}>"


def build_message(
    *,
    to: str,
    sender: str,
    subject: str,
    html: str,
    text: str,
    message_id: str,
    links: Links | None,
    list_id: str | None,
    bulk: bool,
    date: datetime | None = None,
) -> EmailMessage:
    """multipart/alternative (text, then HTML), UTF-8 and base64 throughout.

    `list_id`: "example.org" or "pactwatch.example.org" both give
    "List-Id: <pactwatch.example.org>". `bulk` marks digests
    and alerts (Auto-Submitted, Precedence); a confirmation is transactional, not bulk.
    `links` adds List-Unsubscribe with its one-click POST (RFC 8058).
    """
    message = EmailMessage(policy=SMTP)
    message["From"] = safe_header(sender, 320)
    message["To"] = safe_header(to, 320)
    message["Subject"] = safe_header(subject)
    message["Date"] = format_datetime(date) if date else formatdate(usegmt=True)
    message["Message-ID"] = safe_header(message_id, 255)
    if list_id:
        message["List-Id"] = f"<{_list_id(list_id)}>"
    if links is not None:
        targets = [t for t in (http_url(links.one_click), _mailto(links.mailto)) if t]
        if targets:
            message["List-Unsubscribe"] = ", ".join(f"<{t}>" for t in targets)
        if http_url(links.one_click):
            message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    if bulk:
        message["Auto-Submitted"] = "auto-generated"
        message["Precedence"] = "bulk"
    message.set_content(text, subtype="plain", charset="utf-8", cte="base64")
    message.add_alternative(html, subtype="html", charset="utf-8", cte="base64")
    return message


def _mailto(value: str | None) -> str:
    if not value or not value.startswith("mailto:") or safe_header(value, 998) != value:
        return ""
    return "" if any(ch in value for ch in " <>,") else value


def _list_id(value: str) -> str:
    ident = re.sub(r"[^A-Za-z0-9.-]", "", value)
    return ident if ident.startswith("pactwatch.") else f"pactwatch.{ident}"
