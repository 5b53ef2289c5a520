"""What the console tells a booth and the hub about the participant's side of a session: that it records (the
booth's recording sign on every screen) and that the officer answered a call for help (the booth says so, the
hub's dashboard drops it from the pending list); and the reasons of a call for help, for the tile."""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from kiosk.app.console.session import Booth
from kiosk.protocol import AttentionKind, AttentionPayload, AttentionReason, ControlType, RecordingPayload, SignalType
from kiosk.protocol import signal as make_signal

log = logging.getLogger(__name__)


def note_help(booth: Booth, reason: AttentionReason, document: str | None) -> None:
    """Keep why the participant called (and every document they do not have) until the officer answers."""
    known = booth.help_reasons.get(reason, ())
    if document and document not in known:
        known = (*known, document)
    booth.help_reasons[reason] = known


async def tell_recording(peer: Any, session_id: str) -> None:
    """Tell the booth this console records its session (on every (re)connection)."""
    try:
        await peer.request(ControlType.RECORDING, RecordingPayload(on=True))
    except Exception as error:  # a booth that cannot be told shows no sign: the log says why
        log.warning("session %s: recording notice not delivered (%s)", session_id, type(error).__name__)


async def acknowledge_help(signaling: Any, session_id: str) -> None:
    """The officer answered the booth's call for help: the hub records it and relays it to the booth."""
    if signaling is None:
        return
    cleared = AttentionPayload(kind=AttentionKind.HELP, raised=False)
    with contextlib.suppress(ConnectionError):
        await signaling.send(make_signal(SignalType.ATTENTION, cleared, session_id))
