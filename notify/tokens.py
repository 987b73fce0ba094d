"""Signed, expiring, single-purpose tokens for the links in our emails."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

# Confirmation links are for now; unsubscribe links must keep working in old mail a while,
# and mail clients may test a one-click link weeks later (RFC 8058).
MAX_AGE = {"confirm": 7 * 86400, "unsubscribe": 365 * 86400, "preferences": 30 * 86400}


class BadToken(ValueError):
    """A forged, altered, expired or wrong-purpose token; `expired` tells which."""

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.expired = expired


@dataclass(frozen=True, slots=True)
class Claim:
    subscriber_id: int
    version: int
    data: dict[str, Any]


def make_token(
    secret: str, purpose: str, subscriber_id: int, version: int, data: dict[str, Any] | None = None
) -> str:
    """A URL-safe token for one purpose; the purpose is the salt, so tokens don't cross."""
    payload = {"s": subscriber_id, "v": version, "d": data or {}}
    return URLSafeTimedSerializer(secret, salt=f"pactwatch-{purpose}").dumps(payload)


def read_token(secret: str, purpose: str, token: str) -> Claim:
    """The claim of a valid token; `BadToken` for anything else."""
    serializer = URLSafeTimedSerializer(secret, salt=f"pactwatch-{purpose}")
    try:
        payload = serializer.loads(token, max_age=MAX_AGE[purpose])
    except SignatureExpired as exc:
        raise BadToken("this link has expired", expired=True) from exc
    except BadSignature as exc:
        raise BadToken("this link is not valid") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), int):
        raise BadToken("this link is not valid")
    return Claim(payload["s"], int(payload.get("v", 0)), dict(payload.get("d") or {}))
