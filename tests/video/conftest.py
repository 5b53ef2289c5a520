"""Fixtures for the video tests: shortened ICE timers, and a booth and a console session paired in-process."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import aioice.ice
import pytest
import pytest_asyncio

from kiosk.config import VideoSettings
from kiosk.protocol import Role
from kiosk.video.audio import AudioInput, NullInput
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import BoothPeer, ConsolePeer, PeerState
from kiosk.video.signaling import DirectSignaling

#: Generous for a loaded 2-core machine; tests assert behaviour, never speed.
CONNECT_TIMEOUT_S = 30.0


@pytest.fixture(autouse=True)
def short_ice_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """Consent checks every ~0.3 s, given up after 3 misses: a dead connection is noticed in about a second."""
    monkeypatch.setattr(aioice.ice, "CONSENT_INTERVAL", 0.3)
    monkeypatch.setattr(aioice.ice, "CONSENT_FAILURES", 3)


def loopback_settings() -> VideoSettings:
    """Host candidates on 127.0.0.1 only, quick reconnection."""
    return VideoSettings(ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.2, 0.5, 1.0])


@dataclass
class Pair:
    """A booth and a console session connected through `DirectSignaling`."""

    booth: BoothPeer
    console: ConsolePeer
    signaling: DirectSignaling
    camera: SyntheticCamera

    async def connected(self, within_s: float = CONNECT_TIMEOUT_S) -> None:
        await self.booth.wait_for_state(PeerState.CONNECTED, within_s)
        await self.console.wait_for_state(PeerState.CONNECTED, within_s)


@pytest_asyncio.fixture
async def make_pair() -> AsyncIterator[Callable[..., Pair]]:
    """Build pairs (booth microphone, `settings` for both and options as keyword arguments); all are closed at the
    end."""
    made: list[Pair] = []

    def build(
        *,
        microphone: AudioInput | None = None,
        card_visible: bool = False,
        console_microphone: AudioInput | None = None,
        settings: VideoSettings | None = None,
        **options: object,
    ) -> Pair:
        settings = settings or loopback_settings()
        signaling = DirectSignaling()
        camera = SyntheticCamera(1280, 720, 30, card_visible=card_visible)
        camera.start()
        booth = BoothPeer(
            "s-test",
            settings,
            signaling.sender(Role.BOOTH),
            camera=camera,
            microphone=microphone or NullInput(),
            **options,
        )
        console = ConsolePeer(
            "s-test", settings, signaling.sender(Role.CONSOLE), microphone=console_microphone or NullInput()
        )
        signaling.bind(Role.BOOTH, booth.handle_signal)
        signaling.bind(Role.CONSOLE, console.handle_signal)
        pair = Pair(booth, console, signaling, camera)
        made.append(pair)
        return pair

    yield build
    for pair in made:
        await pair.booth.close()
        await pair.console.close()
        await pair.signaling.close()
        pair.camera.stop()
