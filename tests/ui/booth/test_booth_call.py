"""The call against a real hub and a real console peer from kiosk.video playing the officer.

The booth runs its real window, flows and `CallLink` (signaling + BoothPeer with a SyntheticCamera);
the officer is a `ConsolePeer` behind its own signaling connection with a CSO token. The hub assigns the
booth's session once it waits for an officer; the officer then prompts, holds and resumes, asks for a still
and the signature, and ends the session with a reference.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from kiosk.app.booth.call_link import CallLink
from kiosk.app.booth.hub_adapter import HubAdapter
from kiosk.app.booth.state import Problem, Step
from kiosk.config import BoothSettings, Settings, VideoSettings
from kiosk.domain.claims import ClaimType
from kiosk.domain.identifiers import mask_name
from kiosk.protocol import (
    AssignmentPayload,
    AttentionPayload,
    AttentionReason,
    CaptureDonePayload,
    CaptureRequestPayload,
    ControlType,
    EndPayload,
    Envelope,
    HelloPayload,
    Outcome,
    PromptPayload,
    RecordingPayload,
    Role,
    SessionUpdatePayload,
    SignalType,
    SignatureDonePayload,
)
from kiosk.server.seed import demo_participants
from kiosk.ui.booth.window import BoothWindow
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import ConsolePeer
from kiosk.video.signaling import SessionRouter, SignalingClient
from tests.ui.booth.harness import make_booth

TIMEOUT_MS = 40_000

pytestmark = pytest.mark.slow


class Officer:
    """A console without its UI: signaling with a CSO token and one ConsolePeer per assigned session."""

    def __init__(self, ws_url: str, token: str, settings: Settings) -> None:
        self.settings = settings
        self.peer: ConsolePeer | None = None
        self.received: list[Envelope] = []
        self.router = SessionRouter(other=self._other)
        self.signaling = SignalingClient(ws_url, token, HelloPayload(role=Role.CONSOLE, cap=4),
                                         on_envelope=self.router)

    async def _other(self, envelope: Envelope) -> None:
        self.received.append(envelope)
        if envelope.type is SignalType.ASSIGNMENT and self.peer is None:
            assignment = envelope.payload_as(AssignmentPayload)
            self.peer = ConsolePeer(assignment.session_id, self.settings.video, self.signaling.send,
                                    read_timecodes=False)
            self.router.add(assignment.session_id, self.peer.handle_signal)

    async def close(self) -> None:
        if self.peer is not None:
            await self.peer.close()
        await self.signaling.close()


def run(qtbot: Any, coro: Any) -> Any:
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()


def click(qtbot: Any, window: BoothWindow, name: str) -> None:
    widget = window.current_screen().findChild(QPushButton, name) or window.findChild(QPushButton, name)
    assert widget is not None, name
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=10_000)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


@pytest.fixture
def camera() -> Iterator[SyntheticCamera]:
    cam = SyntheticCamera(640, 360, 15, card_visible=True, timecode=False)
    cam.start()
    yield cam
    cam.stop()


def test_call_with_a_console_peer(qtbot: Any, qt_loop: Any, fresh_hub: Any, camera: SyntheticCamera) -> None:
    video = VideoSettings(ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.2, 0.5, 1.0],
                          still_min_sharpness=10.0)
    token = fresh_hub.booth_token(2)
    settings = Settings(booth=BoothSettings(hub_url=fresh_hub.base_url, microphone="null", speaker="null"),
                        video=video)
    link = CallLink(settings, token, camera)
    officer = Officer(fresh_hub.ws_url, fresh_hub.cso_token("cso1"), settings)
    run(qtbot, link.start())
    run(qtbot, officer.signaling.start())
    settings.booth.booth_number = 2
    booth = make_booth(qtbot, HubAdapter(fresh_hub.client(token)), camera, booth=settings.booth, video=video,
                       link=link)
    window, state = booth.window, booth.state
    try:
        click(qtbot, window, "startButton")
        click(qtbot, window, "walkInButton")
        qtbot.waitUntil(lambda: state.step is Step.CONSENT, timeout=10_000)
        click(qtbot, window, "consentAgreeButton")
        qtbot.waitUntil(lambda: state.step is Step.PURPOSE, timeout=10_000)
        click(qtbot, window, "purposeSelf")
        qtbot.waitUntil(lambda: state.step is Step.IDENTITY, timeout=10_000)
        # The registry's answer comes over signaling: a NIK it does not know is refused in plain words...
        identity = window.identity
        identity.nik_input.setText("3571034509880002")
        identity.kpj_input.setText("99999999999")
        click(qtbot, window, "nextButton")
        qtbot.waitUntil(lambda: "tidak ditemukan" in identity.message.text(), timeout=TIMEOUT_MS)
        # ...and a registered one shows the masked name to confirm.
        person = demo_participants(date.today())[0]
        identity.nik_input.setText(person.nik)
        identity.kpj_input.setText(person.kpj)
        click(qtbot, window, "nextButton")
        qtbot.waitUntil(lambda: identity.masked_name.isVisible(), timeout=TIMEOUT_MS)
        assert identity.masked_name.text() == mask_name(person.name)
        assert person.name not in identity.masked_name.text()
        click(qtbot, window, "identityConfirmButton")
        qtbot.waitUntil(lambda: state.step is Step.SERVICE, timeout=10_000)
        # The officer's tile learns the progress (the hub assigns at check-in, so the officer is there early).
        state.choose_claim_type(ClaimType.JHT)
        state.reason = "disability"
        state.plan_documents()
        booth.call.report_progress()

        def progress() -> list[SessionUpdatePayload]:
            updates = [e.payload_as(SessionUpdatePayload) for e in officer.received
                       if e.type is SignalType.SESSION_UPDATE]
            return [u for u in updates if u.progress.documents_total]

        qtbot.waitUntil(lambda: bool(progress()), timeout=TIMEOUT_MS)
        assert progress()[-1].progress.documents_total == 6 and progress()[-1].claim_type == "JHT"
        # Self-service done (the document loop has its own test): straight to waiting for the officer.
        state.step = Step.DOCUMENTS
        booth.documents.documents_finished()
        qtbot.waitUntil(lambda: state.step is Step.CALL, timeout=TIMEOUT_MS)
        peer = officer.peer
        assert peer is not None
        assert not window.recording_sign.isVisible()  # nobody said it records yet
        run(qtbot, peer.request(ControlType.RECORDING, RecordingPayload(on=True)))
        assert window.recording_sign.isVisible()

        run(qtbot, peer.request(ControlType.PROMPT, PromptPayload(text="Selamat pagi, saya Rina.")))
        assert window.call.prompt.text() == "Selamat pagi, saya Rina."
        booth.call.call_for_help(AttentionReason.CANNOT_HEAR)
        qtbot.waitUntil(lambda: any(e.type is SignalType.ATTENTION and e.payload_as(AttentionPayload).reason
                                    is AttentionReason.CANNOT_HEAR for e in officer.received), timeout=TIMEOUT_MS)
        assert "diberi tahu" in window.help_banner.text()
        run(qtbot, peer.request(ControlType.HOLD))
        assert window.call.on_hold()
        run(qtbot, peer.request(ControlType.RESUME))
        assert not window.call.on_hold()

        # The connection breaks: a calm screen, then the call again by itself, with the data kept.
        run(qtbot, peer.kill_connection())
        qtbot.waitUntil(lambda: state.problem is Problem.CALL_DROPPED, timeout=TIMEOUT_MS)
        assert window.current_screen() is window.problem
        qtbot.waitUntil(lambda: state.problem is None and state.step is Step.CALL,
                        timeout=TIMEOUT_MS)
        assert state.nik  # what was typed is still there

        answer = run(qtbot, peer.request(ControlType.CAPTURE_REQUEST,
                                         CaptureRequestPayload(document="ektp", countdown_s=0.5), 30))
        done = answer.payload_as(CaptureDonePayload)
        assert done.document == "ektp" and len(done.sha256) == 64

        request = asyncio.ensure_future(peer.request(ControlType.SIGNATURE_REQUEST, None, 60))
        qtbot.waitUntil(lambda: state.step is Step.SUMMARY, timeout=10_000)
        click(qtbot, window, "summarySignButton")
        qtbot.waitUntil(lambda: state.step is Step.SIGNATURE, timeout=10_000)
        window.signature.pad.draw_stroke([(60 + i * 9, 120 + (i % 6) * 12) for i in range(40)])
        click(qtbot, window, "signatureConfirmButton")
        qtbot.waitUntil(request.done, timeout=TIMEOUT_MS)
        assert request.result().payload_as(SignatureDonePayload).document_id
        assert state.step is Step.CALL

        reference = "JHT-KDR-20261121-0042"
        run(qtbot, peer.request(ControlType.END, EndPayload(outcome=Outcome.SUBMITTED, reference=reference)))
        assert state.step is Step.RESULT
        assert window.result.reference.text() == reference
    finally:
        booth.shutdown()
        run(qtbot, officer.close())
        run(qtbot, link.close())
        # aiortc and aioice finish closing in tasks of their own: await their end on this loop, so nothing
        # of the call is left to fire once the test's loop is gone.
        qtbot.waitUntil(lambda: all(task.done() for task in asyncio.all_tasks(qt_loop)), timeout=TIMEOUT_MS)
        gc.collect()
