"""Booth and console peer sessions through the real hub (tests/support/hub.py): assignment, offer/answer relay,
and a signaling drop in the middle of a call that re-announces the session and leaves the media alone."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from kiosk.client.hub_api import HubClient
from kiosk.protocol import AssignmentPayload, Envelope, HelloPayload, Role, SignalType
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import BoothPeer, ConsolePeer, PeerState
from kiosk.video.signaling import SessionRouter, SignalingClient, SignalingState
from tests.support.wait import wait_until

from .conftest import CONNECT_TIMEOUT_S, loopback_settings

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]




async def test_call_through_the_hub(fresh_hub: Any) -> None:
    settings = loopback_settings()
    booth_token = await asyncio.to_thread(fresh_hub.booth_token, 4)
    cso_token = await asyncio.to_thread(fresh_hub.cso_token, "cso1")
    api = HubClient(fresh_hub.base_url, booth_token)
    visit = await asyncio.to_thread(api.check_in, walk_in=True)
    await asyncio.to_thread(api.set_state, visit.id, "self_service")

    camera = SyntheticCamera(640, 360, 30)
    camera.start()
    peers: dict[Role, Any] = {}

    async def on_booth(envelope: Envelope) -> None:
        if envelope.type is SignalType.ASSIGNMENT and Role.BOOTH not in peers:
            peers[Role.BOOTH] = peer = BoothPeer(visit.id, settings, booth_client.send, camera=camera)
            booth_router.add(visit.id, peer.handle_signal)
            await peer.connect()

    async def on_console(envelope: Envelope) -> None:
        if envelope.type is SignalType.ASSIGNMENT and Role.CONSOLE not in peers:
            session_id = envelope.payload_as(AssignmentPayload).session_id
            peers[Role.CONSOLE] = peer = ConsolePeer(session_id, settings, console_client.send)
            console_router.add(session_id, peer.handle_signal)

    booth_router, console_router = SessionRouter(on_booth), SessionRouter(on_console)
    booth_client = SignalingClient(
        fresh_hub.base_url,
        booth_token,
        HelloPayload(role=Role.BOOTH, session_id=visit.id),
        on_envelope=booth_router,
        backoff_s=[0.2, 0.5],
    )
    console_client = SignalingClient(
        fresh_hub.base_url, cso_token, HelloPayload(role=Role.CONSOLE, cap=4), on_envelope=console_router
    )
    try:
        await console_client.start()
        await console_client.wait_connected(CONNECT_TIMEOUT_S)
        await booth_client.start()
        await wait_until(lambda: len(peers) == 2)
        booth, console = peers[Role.BOOTH], peers[Role.CONSOLE]
        await booth.wait_for_state(PeerState.CONNECTED, CONNECT_TIMEOUT_S)
        await console.wait_for_state(PeerState.CONNECTED, CONNECT_TIMEOUT_S)
        await wait_until(lambda: console.latest_frame() is not None)

        # The booth's hub connection drops: it reconnects, announces its session again, the call goes on.
        assert booth_client._ws is not None
        await booth_client._ws.close()
        await wait_until(lambda: booth_client.connections == 2 and booth_client.state is SignalingState.CONNECTED)
        before = console.remote_video.frames_received
        await wait_until(lambda: console.remote_video.frames_received > before + 10)
        assert booth.state is PeerState.CONNECTED and booth.reconnections == 0
    finally:
        for peer in peers.values():
            await peer.close()
        await booth_client.close()
        await console_client.close()
        camera.stop()
        await asyncio.to_thread(api.close)
