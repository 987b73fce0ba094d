"""Debian's Chromium for the browser tests, driven by Playwright (its own download is not
used: nothing but PyPI and Debian is reachable). A missing Chromium skips with the reason,
or fails when PACTWATCH_REQUIRE_BROWSER=1 (CI, which installs it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
# Quiet, offline but for loopback, and able to run as root in a container (no sandbox).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require_chromium() -> None:
    if CHROMIUM.exists():
        return
    message = "Chromium not installed: run deploy/install-system-deps.sh"
    if os.environ.get("PACTWATCH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{message} (PACTWATCH_REQUIRE_BROWSER=1)")
    pytest.skip(message)


def chromium() -> Iterator[Browser]:
    """One browser, closed afterwards; use as a module-scoped fixture's body."""
    require_chromium()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
