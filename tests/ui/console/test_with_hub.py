"""The console against a real hub (tests/support/hub.py) with a synthetic booth peer: login, assignment, video.

The booth side is played without its UI: a walk-in check-in through the REST API, self-service finished by
moving the session to waiting_cso, then the booth's signaling connection and a `BoothPeer` with a synthetic
camera that offers when the hub assigns the session.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.client.hub_api import Intake
from kiosk.config import ConsoleSettings, Settings, VideoSettings
from kiosk.domain.claims import ClaimType
from kiosk.domain.messages import AssignmentPayload, Envelope, HelloPayload, Role, SignalType
from kiosk.domain.session import SessionState
from kiosk.ui.console.controller import ConsoleController
from kiosk.ui.console.hub_port import RestHubPort
from kiosk.ui.console.service import ConsoleService
from kiosk.ui.console.sound import AttentionSound
from kiosk.ui.console.window import ConsoleWindow
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import BoothPeer
from kiosk.video.signaling import SessionRouter, SignalingClient
from tests.support.hub import DEMO_PASSWORDS

TIMEOUT_MS = 40_000

pytestmark = pytest.mark.slow


class SyntheticBooth:
    """A booth without its UI: signaling plus a peer with a synthetic camera, offering once assigned."""

    def __init__(self, ws_url: str, token: str, session_id: str, settings: Settings) -> None:
        self.session_id = session_id
        self.settings = settings
        self.camera = SyntheticCamera(640, 360, 15)
        self.peer: BoothPeer | None = None
        self.router = SessionRouter(other=self._other)
        self.signaling = SignalingClient(
            ws_url, token, HelloPayload(role=Role.BOOTH, session_id=session_id), on_envelope=self.router
        )

    async def start(self) -> None:
        self.camera.start()
        await self.signaling.start()

    async def _other(self, envelope: Envelope) -> None:
        if envelope.type is SignalType.ASSIGNMENT and self.peer is None:
            assignment = envelope.payload_as(AssignmentPayload)
            self.peer = BoothPeer(assignment.session_id, self.settings.video, self.signaling.send, camera=self.camera)
            self.router.add(assignment.session_id, self.peer.handle_signal)
            await self.peer.connect()

    async def close(self) -> None:
        if self.peer is not None:
            await self.peer.close()
        await self.signaling.close()
        self.camera.stop()


@pytest.fixture
def console_with_hub(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path, fresh_hub: Any
) -> Iterator[tuple[ConsoleService, Any, Settings]]:
    settings = Settings(
        video=VideoSettings(ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.2, 0.5, 1.0]),
        console=ConsoleSettings(hub_url=fresh_hub.base_url, data_dir=tmp_path, sound=False, record_sessions=False),
    )
    controller = ConsoleController(cap=4, max_cap=6)
    holder: dict[str, ConsoleService] = {}
    window = ConsoleWindow(controller, frame_sources=lambda sid: holder["s"].frame_source(sid),
                           sound=AttentionSound(enabled=False))
    qtbot.addWidget(window)
    window.show()
    service = ConsoleService(window, controller, settings, RestHubPort(fresh_hub.base_url), data_dir=tmp_path)
    holder["s"] = service
    yield service, fresh_hub, settings
    task = asyncio.ensure_future(service.close())
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)


def _run(qtbot: QtBot, coro: Any) -> Any:
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()


def test_login_errors_against_the_hub(qtbot: QtBot, console_with_hub: tuple[ConsoleService, Any, Settings]) -> None:
    service, _, _ = console_with_hub
    assert _run(qtbot, service.login("cso1", "not-the-password", 4)) is False
    assert "kata sandi salah" in service.window.login.error.text()


def test_unreachable_hub_is_explained(qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    settings = Settings(console=ConsoleSettings(hub_url="http://127.0.0.1:9", data_dir=tmp_path))
    window = ConsoleWindow(ConsoleController(), sound=AttentionSound(enabled=False))
    qtbot.addWidget(window)
    service = ConsoleService(window, window.controller, settings, RestHubPort("http://127.0.0.1:9"), data_dir=tmp_path)
    assert _run(qtbot, service.login("cso1", "x", 4)) is False
    assert "tidak dapat dihubungi" in window.login.error.text()
    _run(qtbot, service.close())


def test_tile_appears_with_live_video_when_the_hub_assigns_a_booth(
    qtbot: QtBot, console_with_hub: tuple[ConsoleService, Any, Settings]
) -> None:
    service, hub, settings = console_with_hub
    assert _run(qtbot, service.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is True

    token = hub.booth_token(2)
    booth_api = hub.client(token)
    visit = booth_api.check_in(walk_in=True)
    booth_api.set_state(visit.id, SessionState.SELF_SERVICE)
    booth_api.put_intake(visit.id, Intake(claim_type=ClaimType.JHT, reason="resignation"))
    booth = SyntheticBooth(hub.ws_url, token, visit.id, settings)
    _run(qtbot, booth.start())
    try:
        booth_api.set_state(visit.id, SessionState.WAITING_CSO)
        qtbot.waitUntil(lambda: visit.id in service.window.grid.tiles, timeout=TIMEOUT_MS)
        tile = service.window.grid.tiles[visit.id]
        assert tile.booth_label.text() == "Bilik 2"
        qtbot.waitUntil(tile.video.has_frame, timeout=TIMEOUT_MS)
    finally:
        _run(qtbot, booth.close())


def test_approve_and_submit_creates_exactly_one_claim_in_the_hub(
    qtbot: QtBot, console_with_hub: tuple[ConsoleService, Any, Settings]
) -> None:
    from datetime import date as _date

    import cv2
    import numpy as np
    from sqlalchemy import create_engine, func, select

    from kiosk.client.claims_api import ClaimsApi
    from kiosk.client.outbox import Delivered
    from kiosk.domain.claims import add_months, required_documents
    from kiosk.domain.messages import ControlMessage, ControlType, SignatureDonePayload
    from kiosk.server.models import Claim
    from kiosk.ui.console.controller import Decision, SubmissionState

    service, hub, settings = console_with_hub
    assert _run(qtbot, service.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is True
    token = hub.booth_token(3)
    booth_api = hub.client(token)
    visit = booth_api.check_in(walk_in=True)
    booth_api.set_state(visit.id, SessionState.SELF_SERVICE)
    booth_api.put_intake(
        visit.id,
        Intake(nik=None, kpj="12345678901", claim_type=ClaimType.JHT, reason="resignation",
               termination_date=add_months(_date.today(), -2), bank_code="002", account_number="1234567890"),
    )
    ok, jpeg = cv2.imencode(".jpg", np.full((120, 160, 3), 180, np.uint8))
    assert ok
    for requirement in required_documents("JHT", "resignation"):
        booth_api.upload_document(visit.id, requirement.document.code, jpeg.tobytes(), filename="d.jpg",
                                  sharpness=200.0, glare_ratio=0.0, brightness=150.0)
    booth = SyntheticBooth(hub.ws_url, token, visit.id, settings)

    async def signer(message: ControlMessage) -> Any:
        if message.type is ControlType.SIGNATURE_REQUEST:
            return SignatureDonePayload(document_id="sig", sha256="c" * 64)
        return None

    original = booth._other

    async def with_handler(envelope: Envelope) -> None:
        await original(envelope)
        if booth.peer is not None:
            booth.peer.control_handler = signer

    booth.router.other = with_handler
    _run(qtbot, booth.start())
    try:
        booth_api.set_state(visit.id, SessionState.WAITING_CSO)
        window, controller = service.window, service.controller
        qtbot.waitUntil(lambda: visit.id in controller.booths, timeout=TIMEOUT_MS)
        controller.focus(visit.id)
        qtbot.waitUntil(lambda: controller.booths[visit.id].state is SessionState.IN_CALL, timeout=TIMEOUT_MS)
        qtbot.waitUntil(
            lambda: (d := window.detail(visit.id)) is not None and d.record is not None and len(d.documents) >= 6,
            timeout=TIMEOUT_MS,
        )
        for row in range(window.workspace.checklist.count()):
            window.workspace.checklist.item(row).setCheckState(Qt.CheckState.Checked)
        assert window.workspace.approve_button.isEnabled(), window.workspace.blockers_label.text()
        window.workspace.approve()
        qtbot.waitUntil(lambda: controller.booths[visit.id].decision is Decision.APPROVED, timeout=TIMEOUT_MS)
        qtbot.waitUntil(lambda: booth.peer is not None and booth.peer.control.is_open, timeout=TIMEOUT_MS)
        window.workspace.signature_button.click()
        qtbot.waitUntil(lambda: controller.can_submit(visit.id), timeout=TIMEOUT_MS)
        sent = service.claim_payload(visit.id)
        assert sent is not None
        window.workspace.submit()
        qtbot.waitUntil(lambda: (e := service.outbox.get(visit.id)) is not None and e.reference is not None,
                        timeout=TIMEOUT_MS)
        entry = service.outbox.get(visit.id)
        assert entry is not None
        assert entry.reference is not None and entry.reference.startswith("JHT-KDR-")
        assert controller.booths.get(visit.id) is None or (
            controller.booths[visit.id].submission is SubmissionState.DELIVERED
        )
        # The same key again (an answer lost on the way) is answered with the same claim, not a second one.
        replay = ClaimsApi(hub.base_url, lambda: service.token)(entry.key, sent)
        assert replay == Delivered(entry.reference)
        engine = create_engine(hub.database_url)
        with engine.connect() as connection:
            count = connection.execute(
                select(func.count()).select_from(Claim).where(Claim.session_id == visit.id)
            ).scalar_one()
        engine.dispose()
        assert count == 1
    finally:
        _run(qtbot, booth.close())

