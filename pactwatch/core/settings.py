"""The one settings object, built at the entry point and passed down."""

from __future__ import annotations

from pathlib import Path

from pydantic import SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Process-wide settings from `PACTWATCH_*` environment variables.

    Sources live in the TOML config (see `pactwatch.core.config`); this object holds what
    differs between machines: where the store is, how mail leaves, secrets.
    """

    model_config = SettingsConfigDict(env_prefix="PACTWATCH_", extra="ignore")

    database_url: str = "sqlite:///var/pactwatch.db"
    smtp_url: SecretStr | None = None
    outbox_dir: Path = Path("var/outbox")
    mail_from: str = "pactwatch@localhost"
    secret_key: SecretStr | None = None
    admin_password: SecretStr | None = None
    base_url: str = "http://127.0.0.1:8000"
    timezone: str = "Asia/Shanghai"
    config: Path | None = None
    model_path: Path = Path("var/model.npz")  # written by `pactwatch train` when validated
    # Robots.txt and site operators read this; the contact URL is what makes it honest.
    user_agent: str = "pactwatch/0.1 (+{contact})"
    contact_url: str = "https://github.com/pactwatch/pactwatch"
    log_level: str = "WARNING"  # of stderr logging; failed pages are logged as warnings
    # "json" (JSON Lines) or "text"; unset: JSON unless stderr is a terminal (pactwatch.core.logs).
    log_format: str | None = None

    @field_validator("database_url")
    @classmethod
    def _parseable_url(cls, value: str) -> str:
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            make_url(value)
        except ArgumentError as exc:
            raise ValueError(f"not a database URL: {value!r}") from exc
        return value

    @field_validator("log_format")
    @classmethod
    def _known_format(cls, value: str | None) -> str | None:
        if value is not None and value.lower() not in ("json", "text"):
            raise ValueError(f"log format must be json or text, not {value!r}")
        return value.lower() if value else None

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @property
    def user_agent_string(self) -> str:
        return self.user_agent.format(contact=self.contact_url)
