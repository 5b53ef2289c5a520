"""ICE configuration: servers from settings, and host candidates limited to chosen addresses (loopback too)."""

from __future__ import annotations

import asyncio

import aioice.ice
import pytest
from aiortc import RTCIceTransportPolicy

from kiosk.config import IceServer, VideoSettings
from kiosk.protocol import IceServerPayload, Role, WelcomePayload
from kiosk.video.ice import host_addresses, rtc_configuration, with_hub_ice_servers


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


def test_relay_only_sets_the_relay_policy() -> None:
    assert rtc_configuration([]).iceTransportPolicy is RTCIceTransportPolicy.ALL
    assert rtc_configuration([], relay_only=True).iceTransportPolicy is RTCIceTransportPolicy.RELAY


def test_hub_servers_come_before_the_static_ones() -> None:
    # aiortc takes the first STUN and the first TURN URL: the hub's fresh TURN credential must win.
    static = VideoSettings(ice_servers=[IceServer(urls=["stun:stun.branch:3478"]),
                                        IceServer(urls=["turn:old.branch:3478"], username="u", credential="p")])
    hub = IceServerPayload(urls=("turn:turn.branch:3478",), username="1763712000:c-1", credential="x")
    welcome = WelcomePayload(role=Role.BOOTH, client_id="c-1", branch_code="KDR", ice_servers=(hub,))
    merged = with_hub_ice_servers(static, welcome)
    assert [s.urls for s in merged.ice_servers] == [
        ["turn:turn.branch:3478"], ["stun:stun.branch:3478"], ["turn:old.branch:3478"]
    ]
    assert (merged.ice_servers[0].username, merged.ice_servers[0].credential) == ("1763712000:c-1", "x")
    assert static.ice_servers[0].urls == ["stun:stun.branch:3478"]  # a copy: the settings themselves are kept
    assert with_hub_ice_servers(static, None) is static
    assert with_hub_ice_servers(static, welcome.model_copy(update={"ice_servers": ()})) is static
