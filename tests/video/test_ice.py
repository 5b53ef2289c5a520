"""ICE configuration: servers from settings, and host candidates limited to chosen addresses (loopback too)."""

from __future__ import annotations

import asyncio

import aioice.ice
import pytest

from kiosk.config import IceServer
from kiosk.video.ice import host_addresses, rtc_configuration


def test_no_servers_means_no_stun() -> None:
    # aiortc falls back to a public STUN server when given None: an empty list must stay empty.
    assert rtc_configuration([]).iceServers == []


def test_turn_server_with_credentials() -> None:
    config = rtc_configuration([IceServer(urls=["turn:turn.branch:3478"], username="u", credential="p")])
    assert config.iceServers is not None
    server = config.iceServers[0]
    assert (server.urls, server.username, server.credential) == (["turn:turn.branch:3478"], "u", "p")


def test_host_addresses_apply_only_inside_the_block() -> None:
    default = aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False)
    assert "127.0.0.1" not in default
    with host_addresses(["127.0.0.1", "::1"]):
        assert aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False) == ["127.0.0.1"]
        assert aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=True) == ["127.0.0.1", "::1"]
    assert aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False) == default


def test_host_addresses_follow_into_tasks() -> None:
    async def gather() -> list[str]:
        return aioice.ice.get_host_addresses(use_ipv4=True, use_ipv6=False)

    async def run() -> list[str]:
        with host_addresses(["127.0.0.1"]):
            return await asyncio.gather(gather())  # type: ignore[return-value]

    assert asyncio.run(run()) == [["127.0.0.1"]]


def test_bad_address_is_refused_up_front() -> None:
    with pytest.raises(ValueError, match="does not appear"), host_addresses(["not-an-ip"]):
        pass
