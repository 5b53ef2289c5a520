"""The hub WebSocket client against a small fake hub on 127.0.0.1: HELLO/WELCOME, heartbeats, reconnection
with a fresh HELLO, refusal, and two peer sessions negotiating through it."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
import pytest_asyncio
from websockets.asyncio.server import Server, ServerConnection, serve

from kiosk.protocol import (
    RELAYED_SIGNALS,
    Envelope,
    HelloPayload,
    QueuePayload,
    Role,
    SignalType,
    WelcomePayload,
    parse_envelope,
    signal,
)
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import BoothPeer, ConsolePeer, PeerState
from kiosk.video.signaling import SessionRouter, SignalingClient, SignalingState, ws_url
from tests.support.wait import wait_until

from .conftest import CONNECT_TIMEOUT_S, loopback_settings

pytestmark = pytest.mark.asyncio

TOKENS = {"booth-token": Role.BOOTH, "console-token": Role.CONSOLE}


@dataclass
class FakeHub:
    """Checks the bearer token, answers HELLO with WELCOME, counts heartbeats, relays SDP and bye."""

    server: Server | None = None
    hellos: list[HelloPayload] = field(default_factory=list)
    heartbeats: int = 0
    connections: dict[Role, ServerConnection] = field(default_factory=dict)

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = next(iter(self.server.sockets)).getsockname()[:2]
        return f"http://{host}:{port}"

    async def handler(self, ws: ServerConnection) -> None:
        auth = ws.request.headers.get("Authorization", "") if ws.request else ""
        role = TOKENS.get(auth.removeprefix("Bearer "))
        if role is None:
            await ws.close(4401, "unauthorized")
            return
        hello = parse_envelope(await ws.recv())
        assert hello.type is SignalType.HELLO
        self.hellos.append(hello.payload_as(HelloPayload))
        self.connections[role] = ws
        welcome = WelcomePayload(role=role, client_id="c-1", branch_code="B01", heartbeat_interval_s=0.1)
        await ws.send(signal(SignalType.WELCOME, welcome).to_json())
        await ws.send("{not json")  # the client must shrug this off
        await ws.send(signal(SignalType.QUEUE, QueuePayload(waiting=3)).to_json())
        other = Role.CONSOLE if role is Role.BOOTH else Role.BOOTH
        with contextlib.suppress(Exception):
            async for raw in ws:
                envelope = parse_envelope(raw)
                if envelope.type is SignalType.HEARTBEAT:
                    self.heartbeats += 1
                elif envelope.type in RELAYED_SIGNALS and other in self.connections:
                    await self.connections[other].send(raw)


@pytest_asyncio.fixture
async def hub() -> AsyncIterator[FakeHub]:
    fake = FakeHub()
    async with serve(fake.handler, "127.0.0.1", 0) as server:
        fake.server = server
        yield fake




async def test_ws_url() -> None:
    assert ws_url("https://hub.branch:8600") == "wss://hub.branch:8600/api/v1/ws"
    assert ws_url("http://127.0.0.1:8600/") == "ws://127.0.0.1:8600/api/v1/ws"
    with pytest.raises(ValueError, match="ftp"):
        ws_url("ftp://x")


async def test_hello_welcome_heartbeats_and_messages(hub: FakeHub) -> None:
    received: list[Envelope] = []
    client = SignalingClient(
        hub.url, "booth-token", HelloPayload(role=Role.BOOTH, session_id="s-1"), on_envelope=received.append
    )
    await client.start()
    try:
        await client.wait_connected(CONNECT_TIMEOUT_S)
        assert client.welcome is not None and client.welcome.branch_code == "B01"
        assert hub.hellos == [HelloPayload(role=Role.BOOTH, session_id="s-1")]
        await wait_until(lambda: hub.heartbeats >= 2)
        await wait_until(lambda: any(e.type is SignalType.QUEUE for e in received))
    finally:
        await client.close()
    assert client.state is SignalingState.CLOSED


async def test_reconnects_and_announces_its_state_again(hub: FakeHub) -> None:
    states: list[SignalingState] = []
    client = SignalingClient(
        hub.url,
        "console-token",
        HelloPayload(role=Role.CONSOLE, cap=4),
        on_envelope=lambda e: None,
        on_state=states.append,
        backoff_s=[0.1, 0.2],
    )
    await client.start()
    try:
        await client.wait_connected(CONNECT_TIMEOUT_S)
        client.hello = HelloPayload(role=Role.CONSOLE, cap=4, sessions=("s-1", "s-2"))
        await hub.connections[Role.CONSOLE].close()
        await wait_until(lambda: client.connections == 2 and client.state is SignalingState.CONNECTED)
        assert hub.hellos[-1].sessions == ("s-1", "s-2")
        assert SignalingState.DISCONNECTED in states
    finally:
        await client.close()


async def test_send_while_down_fails_cleanly() -> None:
    client = SignalingClient(
        "http://127.0.0.1:9", "t", HelloPayload(role=Role.BOOTH), on_envelope=lambda e: None, backoff_s=[0.1]
    )
    await client.start()
    try:
        with pytest.raises(ConnectionError):
            await client.send(signal(SignalType.HELLO, HelloPayload(role=Role.BOOTH)), timeout_s=0.3)
    finally:
        await client.close()


async def test_refused_token_is_reported(hub: FakeHub) -> None:
    client = SignalingClient(hub.url, "wrong", HelloPayload(role=Role.BOOTH), on_envelope=lambda e: None)
    await client.start()
    try:
        await wait_until(lambda: client.state is SignalingState.REFUSED)
    finally:
        await client.close()


async def test_peers_negotiate_through_the_hub(hub: FakeHub) -> None:
    settings = loopback_settings()
    booth_router, console_router = SessionRouter(), SessionRouter()
    booth_client = SignalingClient(
        hub.url, "booth-token", HelloPayload(role=Role.BOOTH, session_id="s-9"), on_envelope=booth_router
    )
    console_client = SignalingClient(
        hub.url, "console-token", HelloPayload(role=Role.CONSOLE), on_envelope=console_router
    )
    camera = SyntheticCamera(640, 360, 30)
    camera.start()
    booth = BoothPeer("s-9", settings, booth_client.send, camera=camera)
    console = ConsolePeer("s-9", settings, console_client.send)
    booth_router.add("s-9", booth.handle_signal)
    console_router.add("s-9", console.handle_signal)
    try:
        await booth_client.start()
        await console_client.start()
        await booth_client.wait_connected(CONNECT_TIMEOUT_S)
        await console_client.wait_connected(CONNECT_TIMEOUT_S)
        await booth.connect()
        await booth.wait_for_state(PeerState.CONNECTED, CONNECT_TIMEOUT_S)
        await console.wait_for_state(PeerState.CONNECTED, CONNECT_TIMEOUT_S)
        await wait_until(lambda: console.latest_frame() is not None)
    finally:
        await booth.close()
        await console.close()
        await booth_client.close()
        await console_client.close()
        camera.stop()
