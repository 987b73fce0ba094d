"""The monitor's mail to the operator: built as an `EmailMessage`, then carried like digests.

Plain text only: it is read in a mail client or a pager, and a text part carries no markup
to escape. What came from the store or the config (source names and titles, the reasons,
a crawl's finish reason) is made printable first: control characters are written as
escapes, so none can end a header line (CR, LF) or drive a terminal (ESC). The headers are
folded by the `email` package, which refuses CR and LF in a header value anyway.

Delivered through `notify.transport`: SMTP when `PACTWATCH_SMTP_URL` is set, else one
`.eml` file in `PACTWATCH_OUTBOX_DIR`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from email import policy
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import quote
from zoneinfo import ZoneInfo

from notify.transport import transport_from_settings
from pactwatch.core.settings import Settings
from pactwatch.service.models import MonitorIncident

SUBJECT_NAMES = 3  # sources named in the subject; the rest are counted
SUBJECT_LIMIT = 150  # characters, before folding: readable in a mail list's column


@dataclass(frozen=True)
class Incident:
    """An incident as the mail tells of it (plain values, free of the session)."""

    id: int
    source: str
    kind: str
    reason: str
    opened_at: datetime
    closed_at: datetime | None

    @classmethod
    def of(cls, row: MonitorIncident) -> Incident:
        assert row.id is not None
        return cls(row.id, row.source, row.kind, row.reason, row.opened_at, row.closed_at)


def printable(text: str) -> str:
    """`text` with every control or format character written as an escape (`\\x1b`)."""
    return "".join(
        char if not unicodedata.category(char).startswith("C") else _escape(char) for char in text
    )


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def build_monitor_mail(
    opened: list[Incident],
    cleared: list[Incident],
    *,
    to: str,
    settings: Settings,
    titles: dict[str, str],
    now: datetime,
) -> EmailMessage:
    """One message telling of the incidents `opened` and those `cleared` since the last."""
    message = EmailMessage(policy=policy.SMTP)  # CRLF line ends, as SMTP wants them
    message["From"] = settings.mail_from
    message["To"] = to
    message["Subject"] = subject(opened, cleared)
    message["Date"] = format_datetime(now)
    message["Message-ID"] = message_id(opened, cleared, settings.mail_from)
    message["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to it
    zone = ZoneInfo(settings.timezone)
    message.set_content(body(opened, cleared, titles, zone, settings.base_url, now))
    return message


def subject(opened: list[Incident], cleared: list[Incident]) -> str:
    """ "[pactwatch] 2 source problem(s): a, b; recovered: c" — one line, printable."""
    parts = []
    if opened:
        parts.append(f"{len(opened)} source problem(s): {_names(opened)}")
    if cleared:
        parts.append(f"recovered: {_names(cleared)}")
    text = printable("[pactwatch] " + "; ".join(parts))
    return text if len(text) <= SUBJECT_LIMIT else text[: SUBJECT_LIMIT - 1] + "…"


def _names(incidents: list[Incident]) -> str:
    names = list(dict.fromkeys(incident.source for incident in incidents))
    shown = ", ".join(names[:SUBJECT_NAMES])
    return shown + (f" and {len(names) - SUBJECT_NAMES} more" if len(names) > SUBJECT_NAMES else "")


def body(
    opened: list[Incident],
    cleared: list[Incident],
    titles: dict[str, str],
    zone: ZoneInfo,
    base_url: str,
    now: datetime,
) -> str:
    lines = [f"pactwatch monitor, {_local(now, zone)} ({zone.key})", ""]
    if opened:
        lines.append("New problems:")
        for incident in opened:
            lines += _entry(incident, titles, base_url)
            lines.append(f"    since {_local(incident.opened_at, zone)}")
        lines.append("")
    if cleared:
        lines.append("Recovered:")
        for incident in cleared:
            lines += _entry(incident, titles, base_url)
            closed = incident.closed_at or now
            lines.append(
                f"    cleared {_local(closed, zone)}, "
                f"after {_duration(closed - incident.opened_at)}"
            )
        lines.append("")
    lines += [
        "`pactwatch status` shows the last crawl of every source; each source's latest",
        "crawl output is in the service's [service] crawl_log_dir.",
        "You get this mail because [service] operator_email names you.",
    ]
    return "\n".join(printable(line) for line in lines) + "\n"


def _entry(incident: Incident, titles: dict[str, str], base_url: str) -> list[str]:
    title = titles.get(incident.source, "")
    name = incident.source + (f" ({title})" if title else "")
    link = f"{base_url.rstrip('/')}/sources/{_path_part(incident.source)}"
    return [f"  - {name}: {incident.reason}", f"    {link}"]


def _path_part(name: str) -> str:
    return quote(name, safe="")


def _local(when: datetime, zone: ZoneInfo) -> str:
    return when.astimezone(zone).strftime("%Y-%m-%d %H:%M")


def _duration(span: timedelta) -> str:
    minutes = max(int(span.total_seconds() // 60), 0)
    if minutes < 60:
        return f"{minutes} min"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours < 48 else f"{hours // 24} days"


def message_id(opened: list[Incident], cleared: list[Incident], mail_from: str) -> str:
    """The same for the same news, so a retry after a lost acknowledgement is recognisable
    (and replaces its own `.eml` in the outbox instead of adding a second)."""
    key = ",".join([*(f"open:{i.id}" for i in opened), *(f"clear:{i.id}" for i in cleared)])
    digest = hashlib.sha256(key.encode()).hexdigest()[:20]
    host = re.sub(r"[^A-Za-z0-9.-]", "", mail_from.rpartition("@")[2]) or "localhost"
    return f"<monitor.{digest}@{host}>"


def send_mail(message: EmailMessage, settings: Settings) -> None:
    """Hand `message` to the transport; raises `notify.transport.DeliveryError`."""
    smtp = settings.smtp_url.get_secret_value() if settings.smtp_url else None
    transport = transport_from_settings(smtp, settings.outbox_dir)
    try:
        transport.send(
            message.as_bytes(),
            sender=settings.mail_from,
            recipients=[str(message["To"])],
            message_id=str(message["Message-ID"]),
        )
    finally:
        transport.close()
