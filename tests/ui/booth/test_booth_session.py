"""A whole visit through the real window and flows against a real hub (tests/support/hub.py), with a
SyntheticCamera holding a card up; the officer's side is played through `handle_control` messages.

Also: validation words on screen, inactivity timeout, the hub-unreachable screen and its recovery, and the
privacy check (nothing of the visit left in widgets, temp files or logs afterwards).
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import platformdirs
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from kiosk.app.booth.hub_adapter import HubAdapter
from kiosk.app.booth.hub_port import HubUnavailable
from kiosk.app.booth.state import Problem, Step
from kiosk.config import BoothSettings, VideoSettings
from kiosk.protocol import (
    CaptureRequestPayload,
    ControlMessage,
    ControlType,
    EndPayload,
    Outcome,
    PromptPayload,
    control,
)
from kiosk.server.seed import demo_participants
from kiosk.ui.booth.window import BoothWindow
from kiosk.video.camera import SyntheticCamera
from tests.ui.booth.harness import Booth
from tests.ui.booth.harness import make_booth as build_booth

# A participant of the hub's demo registry, so the hub knows a name the booth must never leak either.
_DEMO = demo_participants(date.today())[0]
NIK, KPJ, NAME = _DEMO.nik, _DEMO.kpj, _DEMO.name
ACCOUNT = "0123456789"


class Officer:
    """Collects what the booth sends to the console."""

    def __init__(self) -> None:
        self.sent: list[ControlMessage] = []

    async def send(self, message: ControlMessage) -> None:
        self.sent.append(message)

    def types(self) -> list[ControlType]:
        return [m.type for m in self.sent]


@pytest.fixture
def camera() -> Iterator[SyntheticCamera]:
    cam = SyntheticCamera(640, 360, 15, card_visible=True, timecode=False)
    cam.start()
    yield cam
    cam.stop()


def make_booth(qtbot: Any, backend: Any, camera: SyntheticCamera | None, **booth: Any) -> Booth:
    settings = BoothSettings(booth_number=1, camera_lost_after_s=1.0, **booth)
    return build_booth(qtbot, backend, camera, booth=settings, video=VideoSettings(still_min_sharpness=10.0))


def click(qtbot: Any, window: BoothWindow, name: str) -> None:
    # Names like nextButton exist on several screens: look on the screen shown first.
    widget = window.current_screen().findChild(QPushButton, name) or window.findChild(QPushButton, name)
    assert widget is not None, name
    qtbot.waitUntil(lambda: widget.isVisible() and widget.isEnabled(), timeout=10_000)
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def type_into(qtbot: Any, window: BoothWindow, name: str, text: str) -> None:
    field = window.current_screen().findChild(QLineEdit, name) or window.findChild(QLineEdit, name)
    assert field is not None, name
    field.setFocus()
    for ch in text:
        qtbot.keyClick(field, ch)


def to_identity(qtbot: Any, c: Booth) -> None:
    w = c.window
    click(qtbot, w, "startButton")
    click(qtbot, w, "walkInButton")
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT, timeout=10_000)
    click(qtbot, w, "consentAgreeButton")
    qtbot.waitUntil(lambda: c.state.step is Step.PURPOSE, timeout=10_000)
    click(qtbot, w, "purposeSelf")
    qtbot.waitUntil(lambda: c.state.step is Step.IDENTITY, timeout=10_000)


def test_whole_visit_against_the_hub(qtbot: Any, qt_loop: Any, fresh_hub: Any, camera: SyntheticCamera,
                                      caplog: pytest.LogCaptureFixture, tmp_path: Path,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    caplog.set_level(logging.DEBUG)
    # The booth's own data, cache, config and temp folders, empty at the start (the shared /tmp holds other
    # programs' files): whatever the visit leaves behind would be found here.
    for name in ("XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_RUNTIME_DIR", "TMPDIR"):
        folder = tmp_path / name.lower()
        folder.mkdir()
        monkeypatch.setenv(name, str(folder))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmpdir"))
    client = fresh_hub.client(fresh_hub.booth_token(1))
    c = make_booth(qtbot, HubAdapter(client), camera)
    officer = Officer()
    c.call.replies.sender = officer
    w = c.window
    to_identity(qtbot, c)

    type_into(qtbot, w, "nikInput", "9971")
    assert "12 angka" in w.identity.nik_message.text()
    w.identity.nik_input.clear()
    type_into(qtbot, w, "nikInput", NIK)
    assert w.identity.nik_message.level() == "ok"
    type_into(qtbot, w, "kpjInput", KPJ)
    assert w.identity.kpj_message.level() == "ok"
    click(qtbot, w, "nextButton")
    click(qtbot, w, "identityConfirmButton")
    qtbot.waitUntil(lambda: c.state.step is Step.SERVICE)

    click(qtbot, w, "claimType_JHT")
    click(qtbot, w, "nextButton")
    click(qtbot, w, "reason_disability")
    click(qtbot, w, "nextButton")
    click(qtbot, w, "bank_002")
    type_into(qtbot, w, "accountInput", ACCOUNT)
    click(qtbot, w, "nextButton")
    qtbot.waitUntil(lambda: c.state.step is Step.DOCUMENTS, timeout=10_000)

    total = len(c.state.documents)
    retaken = False
    while c.state.step is Step.DOCUMENTS:
        qtbot.waitUntil(lambda: w.documents.mode() == w.documents.REVIEW or c.state.step is not Step.DOCUMENTS,
                        timeout=20_000)
        if c.state.step is not Step.DOCUMENTS:
            break
        if not retaken:
            retaken = True
            click(qtbot, w, "retakeButton")
            continue
        if c.state.current_document() is None:
            break  # all uploaded: the booth is telling the hub it is ready
        before = len(c.state.captured)
        click(qtbot, w, "acceptPhotoButton")
        qtbot.waitUntil(lambda b=before: len(c.state.captured) > b or c.state.step is not Step.DOCUMENTS,
                        timeout=20_000)
    qtbot.waitUntil(lambda: c.state.step is Step.WAITING, timeout=20_000)
    assert len(client.list_documents(c.state.session_id)) == total

    c.call.officer_connected("Rina", camera.latest_frame)
    assert c.state.step is Step.CALL
    c.call.handle_control(control(ControlType.PROMPT, "o-1", PromptPayload(text="Halo, saya Rina.")))
    assert w.call.prompt.text() == "Halo, saya Rina."
    c.call.handle_control(control(ControlType.HOLD, "o-2"))
    assert w.call.on_hold()
    c.call.handle_control(control(ControlType.RESUME, "o-3"))
    assert not w.call.on_hold()
    c.call.handle_control(control(ControlType.CAPTURE_REQUEST, "o-4", CaptureRequestPayload(document="ektp",
                                                                                         countdown_s=0.3)))
    qtbot.waitUntil(lambda: ControlType.CAPTURE_DONE in officer.types(), timeout=15_000)
    c.call.handle_control(control(ControlType.SIGNATURE_REQUEST, "o-5"))
    assert c.state.step is Step.SUMMARY
    click(qtbot, w, "summarySignButton")
    assert c.state.step is Step.SIGNATURE
    pad = w.signature.pad
    pad.draw_stroke([(50 + i * 8, 100 + (i % 5) * 10) for i in range(40)])
    click(qtbot, w, "signatureConfirmButton")
    qtbot.waitUntil(lambda: ControlType.SIGNATURE_DONE in officer.types(), timeout=15_000)
    reference = "JHT-KDR-20261121-0001"
    c.call.handle_control(control(ControlType.END, "o-6", EndPayload(outcome=Outcome.SUBMITTED, reference=reference)))
    label = w.findChild(QLabel, "claimReferenceLabel")
    assert label is not None and label.text() == reference
    assert w.result.qr.payload() == reference

    uploaded = {d.sha256 for d in c.state.captured.values()}
    assert c.state.signature is not None
    uploaded.add(c.state.signature.sha256)
    click(qtbot, w, "finishButton")
    qtbot.waitUntil(lambda: c.ended == ["finished"], timeout=5000)
    assert c.state.step is Step.WELCOME
    # Privacy: nothing of the visit in the widgets, the flow, temp files or the logs.
    texts = [x.text() for x in w.findChildren(QLineEdit)] + [x.text() for x in w.findChildren(QLabel)]
    assert not any(NIK in t or KPJ in t or ACCOUNT in t for t in texts)
    assert (c.state.nik, c.state.kpj, c.state.account_number, c.state.captured) == ("", "", "", {})
    assert not c.documents.still_under_review
    assert Path(platformdirs.user_cache_dir("kiosk")).is_relative_to(tmp_path)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            try:
                data = path.read_bytes()
            except OSError:
                continue
            assert NIK.encode() not in data and NAME.encode() not in data, path
            assert hashlib.sha256(data).hexdigest() not in uploaded, path
    for secret in (NIK, KPJ, NAME, ACCOUNT):
        assert secret not in caplog.text


class DownHub:
    """A backend that is unreachable until `up` is set; then it checks in."""

    def __init__(self) -> None:
        self.up = False
        self.calls = 0

    async def check_in_walk_in(self) -> Any:
        from kiosk.app.booth.hub_port import CheckIn
        from kiosk.domain.quota import VisitKind

        self.calls += 1
        if not self.up:
            raise HubUnavailable("down")
        return CheckIn("s-1", VisitKind.WALK_IN)

    async def set_state(self, *_: Any) -> None:
        return None


def test_hub_unreachable_screen_retries_then_recovers(qtbot: Any, qt_loop: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("kiosk.app.booth.visit_flow.RETRY_BACKOFF_S", (0.05,))
    backend = DownHub()
    c = make_booth(qtbot, backend, None)
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "walkInButton")
    qtbot.waitUntil(lambda: c.state.problem is Problem.HUB_UNREACHABLE)
    assert c.window.current_screen() is c.window.problem
    qtbot.waitUntil(lambda: backend.calls >= 3)
    backend.up = True
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT and c.state.problem is None)


def test_inactivity_asks_then_ends_the_visit(qtbot: Any, qt_loop: Any) -> None:
    backend = DownHub()
    backend.up = True
    c = make_booth(qtbot, backend, None, inactivity_timeout_s=0.3, inactivity_countdown_s=0.5)
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "walkInButton")
    qtbot.waitUntil(lambda: c.state.step is Step.CONSENT)
    qtbot.waitUntil(lambda: c.view.inactivity.asking(), timeout=3000)
    click(qtbot, c.window, "stillHereButton")
    assert c.state.step is Step.CONSENT
    qtbot.waitUntil(lambda: c.ended == ["abandoned"], timeout=5000)
    assert c.state.step is Step.WELCOME and c.state.check_in is None


def test_quota_full_is_explained(qtbot: Any, qt_loop: Any) -> None:
    from kiosk.app.booth.hub_port import CheckInRefusal, CheckInRefused

    class Full(DownHub):
        async def check_in_walk_in(self) -> Any:
            raise CheckInRefused(CheckInRefusal.QUOTA_FULL, cap=60, resets_at="00:00")

    c = make_booth(qtbot, Full(), None)
    click(qtbot, c.window, "startButton")
    click(qtbot, c.window, "walkInButton")
    qtbot.waitUntil(lambda: "60" in c.window.check_in.message.text())
    assert "00:00" in c.window.check_in.message.text()
    c.visit.set_language("en")
    assert c.window.findChild(QPushButton, "languageButton").text() == "Bahasa Indonesia"


def test_camera_lost_screen_and_recovery(qtbot: Any, qt_loop: Any, camera: SyntheticCamera) -> None:
    backend = DownHub()
    backend.up = True
    c = make_booth(qtbot, backend, camera)
    c.state.check_in = None
    c.visit.go(Step.WAITING)
    camera.stop()
    qtbot.waitUntil(lambda: c.state.problem is Problem.CAMERA_LOST, timeout=5000)
    camera.start()
    qtbot.waitUntil(lambda: c.state.problem is None and c.state.step is Step.WAITING, timeout=5000)
    _ = asyncio


def test_holding_a_document_up_counts_as_being_there(qtbot: Any, qt_loop: Any) -> None:
    from kiosk.app.booth.capture import Feedback

    backend = DownHub()
    backend.up = True
    c = make_booth(qtbot, backend, None, inactivity_timeout_s=0.4, inactivity_countdown_s=5)
    from kiosk.domain.claims import ClaimType

    c.state.choose_claim_type(ClaimType.JHT)
    c.state.reason = "disability"
    c.state.plan_documents()
    c.visit.go(Step.DOCUMENTS)
    for _ in range(6):  # 1.2 s of a card in view, no touch
        c.documents.feedback(Feedback.HOLD_STILL)
        qtbot.wait(200)  # paces the feedback over 1.2 s, three inactivity timeouts: no question may come
    assert not c.view.inactivity.asking()
    qtbot.waitUntil(c.view.inactivity.asking, timeout=3000)  # card gone, nobody touching: ask
