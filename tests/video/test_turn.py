"""Calls through a real TURN server (coturn on loopback, tests/support/turn.py) with the credentials the hub hands
out in its signaling ``welcome``: coturn grants an allocation with them and refuses a wrong or expired one, and a
booth and a console set to relay-only talk through coturn, proved by the nominated candidate pair and coturn's log.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from aioice import stun, turn

from kiosk.config import VideoSettings
from kiosk.protocol import HelloPayload, Role, WelcomePayload
from kiosk.video.ice import with_hub_ice_servers
from kiosk.video.peer import PeerSession
from kiosk.video.signaling import SignalingClient
from tests.support.hub import running_hub
from tests.support.turn import TurnServer
from tests.support.wait import wait_until

from .conftest import CONNECT_TIMEOUT_S, Pair

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]


async def _allocate(server: TurnServer, username: str, password: str, transport: str = "udp") -> tuple[str, int]:
    """Ask coturn for a relay allocation with these credentials; the relayed address."""
    relay, _ = await turn.create_turn_endpoint(
        asyncio.DatagramProtocol,
        server_addr=(server.host, server.port),
        username=username,
        password=password,
        transport=transport,
    )
    try:
        relayed: tuple[str, int] = relay.get_extra_info("sockname")
        return relayed
    finally:
        relay.close()


async def _welcome(server: TurnServer, transport: str = "udp") -> WelcomePayload:
    """Connect a booth to a real hub that knows `server` and return the hub's welcome."""
    with running_hub(turn=server.settings(transport="tcp" if transport == "tcp" else "udp")) as hub:
        token = await asyncio.to_thread(hub.booth_token, 1)
        client = SignalingClient(hub.base_url, token, HelloPayload(role=Role.BOOTH), on_envelope=lambda _: None)
        try:
            await client.start()
            await client.wait_connected(CONNECT_TIMEOUT_S)
            assert client.welcome is not None
            return client.welcome
        finally:
            await client.close()


async def test_coturn_accepts_the_hubs_credentials_and_refuses_wrong_or_expired_ones(turn_server: TurnServer) -> None:
    welcome = await _welcome(turn_server)
    [server] = welcome.ice_servers
    assert server.urls == (turn_server.url("udp"),)
    assert server.username is not None and server.credential is not None
    expiry, peer = server.username.split(":")
    assert peer == welcome.client_id  # the connection's random id: nothing personal reaches coturn's log
    assert 3500 < int(expiry) - time.time() <= 3600

    relayed = await _allocate(turn_server, server.username, server.credential)
    assert relayed[0] == "127.0.0.1" and relayed[1] != turn_server.port

    # One character changed, surely: "the last two become A=" left it unchanged when it ended in "A=" (a base64
    # HMAC-SHA1's 27th character is one of 16, so CI met it about 1 run in 16).
    wrong_credential = ("B" if server.credential[0] != "B" else "C") + server.credential[1:]
    with pytest.raises(stun.TransactionFailed) as wrong:
        await _allocate(turn_server, server.username, wrong_credential)
    assert "401" in str(wrong.value)
    stale_user, stale_password = turn_server.credential("c-old", ttl_s=600, now=time.time() - 3600)
    with pytest.raises(stun.TransactionFailed) as expired:
        await _allocate(turn_server, stale_user, stale_password)
    assert "401" in str(expired.value)
    assert turn_server.allocations() == 1


def _nominated(peer: PeerSession) -> Any:
    """The aioice candidate pair nominated on the peer's current connection (component 1: RTP, bundled)."""
    assert peer._link is not None
    [transceiver, *_] = peer._link.pc.getTransceivers()
    ice = transceiver.sender.transport.transport
    return ice._connection._nominated[1]


@pytest.mark.parametrize("transport", ["udp", "tcp"])
async def test_relay_only_call_goes_through_coturn(
    turn_server: TurnServer, make_pair: Any, transport: str
) -> None:
    welcome = await _welcome(turn_server, transport)
    # Relay only: aioice gathers no host candidate at all, so nothing but coturn can carry the call.
    settings = with_hub_ice_servers(VideoSettings(ice_relay_only=True, reconnect_backoff_s=[0.2, 0.5]), welcome)
    assert [server.urls for server in settings.ice_servers] == [[turn_server.url(transport)]]  # type: ignore[arg-type]
    pair: Pair = make_pair(settings=settings)
    await pair.booth.connect()
    await pair.connected(CONNECT_TIMEOUT_S)
    await wait_until(lambda: pair.console.latest_frame() is not None, within_s=CONNECT_TIMEOUT_S)

    offer = next(e for e in pair.signaling.relayed if e.type.value == "offer").payload.sdp  # type: ignore[attr-defined]
    candidates = [line for line in offer.splitlines() if line.startswith("a=candidate:")]
    assert candidates and all(" typ relay " in line for line in candidates)
    for peer in (pair.booth, pair.console):
        nominated = _nominated(peer)
        assert (nominated.local_candidate.type, nominated.remote_candidate.type) == ("relay", "relay")
        assert nominated.remote_candidate.port != turn_server.port
    assert turn_server.allocations() >= 2  # one relay per peer
    before = pair.console.remote_video.frames_received
    await wait_until(lambda: pair.console.remote_video.frames_received > before + 10, within_s=CONNECT_TIMEOUT_S)
