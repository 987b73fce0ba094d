from __future__ import annotations

import asyncio

import pytest

from crawlers.middlewares import non_public_reason


@pytest.mark.parametrize(
    "host",
    [
        "127.0.0.1",
        "127.0.0.2",
        "10.1.2.3",
        "192.168.0.1",
        "172.16.5.4",
        "169.254.169.254",
        "::1",
        "fd00::1",
        "0.0.0.0",
        "localhost",
    ],
)
def test_private_loopback_and_link_local_hosts_are_refused(host: str) -> None:
    assert asyncio.run(non_public_reason(host)) is not None


@pytest.mark.parametrize("host", ["8.8.8.8", "2400:3200::1", "101.226.4.6"])
def test_public_addresses_pass(host: str) -> None:
    assert asyncio.run(non_public_reason(host)) is None


def test_unresolvable_names_are_left_to_the_downloader() -> None:
    assert asyncio.run(non_public_reason("no-such-host.invalid")) is None
