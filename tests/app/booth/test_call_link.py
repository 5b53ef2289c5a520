"""The call link turns the call's link health into what the participant sees (without a network or Qt)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kiosk.app.booth.call_link import CallLink
from kiosk.app.link_health import LinkReport, NetworkQuality
from kiosk.config import Settings
from kiosk.protocol import ControlMessage


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
