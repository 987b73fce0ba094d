"""Email addresses as we store and compare them."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


class BadAddress(ValueError):
    """Not an address we can mail."""


def normalise_address(raw: str) -> str:
    """One spelling per mailbox: syntax checked, domain IDNA-folded, all lower case.

    Lower-casing the local part is not RFC-pure, but no mainstream provider distinguishes
    case, and two rows for Foo@x.cn and foo@x.cn would mean two digests to one person.
    No DNS lookup: subscribing must not depend on the network.
    """
    try:
        checked = validate_email(raw.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise BadAddress(f"邮箱地址无效 (not a valid email address: {raw.strip()!r})") from exc
    return checked.normalized.lower()
