"""The call link turns the call's link health into what the participant sees (without a network or Qt)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from kiosk.app.booth.call_link import CallLink
from kiosk.app.link_health import LinkReport, NetworkQuality
from kiosk.config import Settings
from kiosk.protocol import AssignmentPayload, ControlMessage, SignalType, signal
from kiosk.video.peer import PeerState
from kiosk.video.signaling import SignalingState


class Listener:
    """Records what the link announces."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def officer_connected(self, officer_name: str = "", officer_frames: Callable[[], Any] | None = None) -> None:
        self.events.append("connected")

    def call_dropped(self) -> None:
        self.events.append("dropped")

    def call_restored(self) -> None:
        self.events.append("restored")

    def network_changed(self, quality: NetworkQuality) -> None:
        self.events.append(quality.value)

    def handle_control(self, message: ControlMessage) -> None:
        self.events.append(message.type.value)

    def help_acknowledged(self) -> None:
        self.events.append("help_acknowledged")

    def recording_changed(self, on: bool) -> None:
        self.events.append(f"recording_{on}")


def test_silence_on_an_established_call_shows_the_restoring_screen_until_media_flows_again() -> None:
    link = CallLink(Settings(), token="t")
    listener = Listener()
    link.subscribe(listener)
    link._link_changed(LinkReport(NetworkQuality.POOR, 2))  # before the officer ever connected: bars only
    assert listener.events == ["poor"]
    link._connected_once = True
    link._link_changed(LinkReport(NetworkQuality.POOR, 2))
    link._link_changed(LinkReport(NetworkQuality.POOR, 3))  # the counter ticking is not a new drop
    link._link_changed(LinkReport(NetworkQuality.GOOD, None))
    assert listener.events == ["poor", "poor", "dropped", "poor", "good", "restored"]


class FakePeer:
    """A booth peer that records `offer_now`."""

    def __init__(self, session_id: str, state: PeerState) -> None:
        self.session_id = session_id
        self.state = state
        self.offers_asked = 0

    def offer_now(self) -> bool:
        self.offers_asked += 1
        return True


@pytest.mark.parametrize(("peer_state", "offers"), [(PeerState.RECONNECTING, 1), (PeerState.CONNECTED, 0)])
def test_signaling_back_makes_a_call_without_a_connection_offer_at_once(peer_state: PeerState, offers: int) -> None:
    link = CallLink(Settings(), token="t")
    peer = FakePeer("s1", peer_state)
    link.peer = peer  # type: ignore[assignment]
    link._signaling_state(SignalingState.DISCONNECTED)
    link._signaling_state(SignalingState.CONNECTING)
    assert peer.offers_asked == 0
    link._signaling_state(SignalingState.CONNECTED)
    assert peer.offers_asked == offers  # a live call (the hub restarted under it) is left alone


@pytest.mark.asyncio
async def test_the_session_assigned_again_makes_the_booth_offer_to_the_console_that_started_over() -> None:
    link = CallLink(Settings(), token="t")
    link.begin_session("s1")
    peer = FakePeer("s1", PeerState.CONNECTED)  # the old connection still looks alive for up to 30 s
    link.peer = peer  # type: ignore[assignment]
    assignment = AssignmentPayload(session_id="s1", booth_number=1, console_id="console-2", officer_name="Sari")
    await link._on_envelope(signal(SignalType.ASSIGNMENT, assignment, "s1"))
    assert peer.offers_asked == 1
    assert link.peer is peer  # type: ignore[comparison-overlap]  # the same call goes on: nothing typed is lost


@pytest.mark.asyncio
async def test_a_session_begun_before_signaling_starts_is_announced_on_connecting() -> None:
    """Otherwise the hub takes the booth for one that lost its call and has both ends start over."""
    link = CallLink(Settings(), token="t")
    link.begin_session("s1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("kiosk.app.booth.call_link._probe_sound", lambda microphone, speaker: (True, None))
        patch.setattr("kiosk.video.signaling.SignalingClient.start", _no_start)
        await link.start()
    assert link._signaling.hello.session_id == "s1"


async def _no_start(self: object) -> None:
    del self


def test_the_officer_clearing_help_and_a_console_gone_reach_the_listener() -> None:
    import asyncio

    from kiosk.protocol import AttentionKind, AttentionPayload, SignalType, UnassignedPayload, signal

    link = CallLink(Settings(), token="t")
    listener = Listener()
    link.subscribe(listener)
    link.session_id = "s-1"
    assert asyncio.run(link.attention(AttentionKind.HELP)) is False  # no signaling: the booth says "ask in person"
    cleared = AttentionPayload(kind=AttentionKind.HELP, raised=False)
    asyncio.run(link._on_envelope(signal(SignalType.ATTENTION, cleared, "s-2")))  # another session's: ignored
    asyncio.run(link._on_envelope(signal(SignalType.ATTENTION, cleared, "s-1")))
    asyncio.run(link._on_envelope(signal(SignalType.UNASSIGNED, UnassignedPayload(session_id="s-1"), "s-1")))
    assert listener.events == ["help_acknowledged", "recording_False"]
