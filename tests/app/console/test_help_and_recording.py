"""The console tells each booth it records (so the booth's sign shows on every screen), keeps the reasons of a
booth's call for help for its tile, and tells the hub and the booth when the officer acknowledged it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from kiosk.app.console.session import RecordingState
from kiosk.protocol import (
    AttentionKind,
    AttentionPayload,
    AttentionReason,
    ControlType,
    Envelope,
    RecordingPayload,
    SignalType,
    signal,
)
from tests.app.console.test_service import Console
from tests.support.wait import wait_until

pytestmark = pytest.mark.asyncio


class Signaling:
    """The console's signaling client: what it sends."""

    def __init__(self) -> None:
        self.sent: list[Envelope] = []
        self.hello = None

    async def send(self, envelope: Envelope) -> None:
        self.sent.append(envelope)

    async def close(self) -> None:
        """Nothing to close."""


@pytest_asyncio.fixture
async def console(tmp_path: Path) -> AsyncIterator[Console]:
    made = Console(tmp_path)
    yield made
    await made.service.close()


async def test_a_recording_console_tells_the_booth_on_every_connection(console: Console) -> None:
    peer = console.booth("s-1", 3)
    console.service._reapply("s-1")  # connected, not recording (record_sessions off): nothing said
    await wait_until(lambda: any(kind is ControlType.SET_QUALITY for kind, _ in peer.sent))
    assert not any(kind is ControlType.RECORDING for kind, _ in peer.sent)
    console.state.set_recording("s-1", RecordingState.RECORDING)
    console.service._reapply("s-1")  # (re)connected while recording
    await wait_until(lambda: (ControlType.RECORDING, RecordingPayload(on=True)) in peer.sent)


async def test_help_reasons_reach_the_tile_and_focus_acknowledges(console: Console) -> None:
    console.booth("s-1", 3)
    signaling = Signaling()
    console.service.signaling = signaling
    for reason, document in ((AttentionReason.MISSING_DOCUMENT, "death_certificate"),
                             (AttentionReason.MISSING_DOCUMENT, "heir_certificate"),
                             (AttentionReason.CANNOT_HEAR, None)):
        payload = AttentionPayload(kind=AttentionKind.HELP, reason=reason, document=document)
        await console.service._on_envelope(signal(SignalType.ATTENTION, payload, "s-1"))
    booth = console.state.booths["s-1"]
    assert AttentionKind.HELP in booth.attention
    assert booth.help_reasons == {
        AttentionReason.MISSING_DOCUMENT: ("death_certificate", "heir_certificate"),
        AttentionReason.CANNOT_HEAR: (),
    }
    console.state.focus("s-1")
    await wait_until(lambda: bool(signaling.sent))
    cleared = signaling.sent[0]
    assert cleared.type is SignalType.ATTENTION and cleared.session_id == "s-1"
    assert cleared.payload_as(AttentionPayload) == AttentionPayload(kind=AttentionKind.HELP, raised=False)
    assert AttentionKind.HELP not in booth.attention and not booth.help_reasons

    # A call for help from the booth the officer is already talking to: touching its tile acknowledges it.
    await console.service._on_envelope(signal(SignalType.ATTENTION, AttentionPayload(
        kind=AttentionKind.HELP, reason=AttentionReason.CANNOT_HEAR), "s-1"))
    assert AttentionKind.HELP in booth.attention
    console.state.focus("s-1")
    await wait_until(lambda: len(signaling.sent) == 2)
    assert AttentionKind.HELP not in booth.attention
