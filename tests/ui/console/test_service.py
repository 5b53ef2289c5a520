"""The console service with real aiortc booth peers (synthetic cameras) in-process, a fake hub and a claims server.

What it shows: tiles appear as sessions are assigned and show live video; focus changes the booths' quality and
the audio routing; a capture round trip puts the still in the gallery; approve + sign + submit delivers one
claim through the outbox and ends the session with its reference, recording uploaded.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from kiosk.app.console.service import ConsoleService
from kiosk.app.console.session import Decision, RecordingState, SubmissionState
from kiosk.app.console.state import ConsoleState
from kiosk.config import ConsoleSettings, Settings, VideoSettings
from kiosk.domain.claims import required_documents
from kiosk.domain.media import QualityLevel
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    AssignmentPayload,
    AttentionKind,
    AttentionPayload,
    CaptureDonePayload,
    CaptureRequestPayload,
    ControlMessage,
    ControlType,
    EndPayload,
    Envelope,
    Outcome,
    SignalType,
    SignatureDonePayload,
    signal,
)
from kiosk.ui.console.main import assemble
from kiosk.ui.console.sound import AttentionSound
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import BoothPeer, PeerState
from kiosk.video.signaling import SessionRouter
from tests.app.console.fakes import RECORD, TIMEOUT_MS, FakeHub
from tests.ui.console.support import window_of


class ClaimsServer(ThreadingHTTPServer):
    """An idempotent claims backend on 127.0.0.1."""

    def __init__(self, port: int = 0) -> None:
        self.claims: dict[str, Any] = {}
        self.lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(handler) -> None:  # noqa: N805 - the server is reached through the closure
                key = handler.headers.get("Idempotency-Key", "")
                body = json.loads(handler.rfile.read(int(handler.headers.get("Content-Length", "0"))))
                with self.lock:
                    self.claims.setdefault(key, body)
                    reference = f"JHT-KDR-20261121-{list(self.claims).index(key) + 1:04d}"
                data = json.dumps({"reference": reference}).encode()
                handler.send_response(201)
                handler.send_header("Content-Type", "application/json")
                handler.send_header("Content-Length", str(len(data)))
                handler.end_headers()
                handler.wfile.write(data)

            def log_message(handler, format: str, *args: object) -> None:  # noqa: N805
                pass

        super().__init__(("127.0.0.1", port), Handler)

    def start(self) -> ClaimsServer:
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


@pytest.fixture
def claims_server() -> Iterator[ClaimsServer]:
    server = ClaimsServer()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


class Booths:
    """Synthetic booths: a camera and a `BoothPeer` per session, signaling relayed straight to the console."""

    def __init__(self, service: ConsoleService, settings: Settings) -> None:
        self.service = service
        self.settings = settings
        self.peers: dict[str, BoothPeer] = {}
        self.cameras: list[SyntheticCamera] = []
        self.received: dict[str, list[ControlMessage]] = {}

    async def send_from_console(self, envelope: Envelope) -> None:
        peer = self.peers.get(envelope.session_id or "")
        if peer is not None:
            await peer.handle_signal(envelope)

    async def add(self, session_id: str) -> BoothPeer:
        camera = SyntheticCamera(640, 360, 15)
        camera.start()
        self.cameras.append(camera)
        received = self.received.setdefault(session_id, [])

        async def handler(message: ControlMessage) -> BaseModel | None:
            received.append(message)
            if message.type is ControlType.CAPTURE_REQUEST:
                document = message.payload_as(CaptureRequestPayload).document
                return CaptureDonePayload(document=document, document_id=f"doc-{document}", sha256="a" * 64,
                                          sharpness=180.0, glare_ratio=0.01)
            if message.type is ControlType.SIGNATURE_REQUEST:
                return SignatureDonePayload(document_id="doc-signature", sha256="b" * 64)
            return None

        async def to_console(envelope: Envelope) -> None:
            await self.service._session_router(envelope)

        peer = BoothPeer(session_id, self.settings.video, to_console, camera=camera, control_handler=handler)
        self.peers[session_id] = peer
        await peer.connect()
        return peer

    async def close(self) -> None:
        for peer in self.peers.values():
            await peer.close()
        for camera in self.cameras:
            camera.stop()


class FakeSignaling:
    """What the service needs of the hub's WebSocket: `send`, `hello` and `welcome` (no TURN servers here)."""

    def __init__(self, booths: Booths) -> None:
        self.booths = booths
        self.hello: object = None
        self.welcome: object = None
        self.sent: list[Envelope] = []

    async def send(self, envelope: Envelope, timeout_s: float = 10.0) -> None:
        self.sent.append(envelope)
        await self.booths.send_from_console(envelope)

    async def close(self) -> None:
        pass


@pytest.fixture
def console(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path, claims_server: ClaimsServer
) -> Iterator[tuple[ConsoleService, Booths, FakeHub]]:
    settings = Settings(
        video=VideoSettings(ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.2, 0.5, 1.0]),
        console=ConsoleSettings(data_dir=tmp_path, claims_api_url=claims_server.url, sound=False),
    )
    hub = FakeHub()
    window, service = assemble(ConsoleState(cap=4, max_cap=6), settings, hub, sound=AttentionSound(enabled=False),
                               data_dir=tmp_path, today=lambda: date(2026, 11, 21))
    qtbot.addWidget(window)
    window.resize(1400, 850)
    window.show()
    booths = Booths(service, settings)
    service.signaling = FakeSignaling(booths)
    service._session_router = SessionRouter(other=service._on_envelope)
    service.token = "tok-1"
    service.start_outbox()
    window.show_console("Rina")
    yield service, booths, hub

    async def shut_down() -> None:
        await booths.close()
        await service.close()

    done = asyncio.ensure_future(shut_down())
    qtbot.waitUntil(done.done, timeout=TIMEOUT_MS)


def _run(qtbot: QtBot, coro: Any) -> Any:
    task = asyncio.ensure_future(coro)
    qtbot.waitUntil(task.done, timeout=TIMEOUT_MS)
    return task.result()


def _assign(qtbot: QtBot, service: ConsoleService, booths: Booths, session_id: str, number: int) -> None:
    envelope = signal(
        SignalType.ASSIGNMENT,
        AssignmentPayload(session_id=session_id, booth_number=number, console_id="c-1", masked_name="B*** S******",
                          claim_type="JHT", state=SessionState.WAITING_CSO),
        session_id,
    )
    _run(qtbot, service._on_envelope(envelope))
    _run(qtbot, booths.add(session_id))


def test_tiles_focus_capture_and_submission_with_live_booths(
    qtbot: QtBot, console: tuple[ConsoleService, Booths, FakeHub], claims_server: ClaimsServer
) -> None:
    service, booths, hub = console
    window, controller = window_of(service), service.state
    _assign(qtbot, service, booths, "s-1", 3)
    _assign(qtbot, service, booths, "s-2", 7)
    assert set(window.grid.tiles) == {"s-1", "s-2"}

    # Live video reaches both tiles.
    qtbot.waitUntil(lambda: all(p.state is PeerState.CONNECTED for p in service.router.peers.values()),
                    timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: all(t.video.has_frame() for t in window.grid.tiles.values()), timeout=TIMEOUT_MS)
    assert controller.booths["s-1"].recording is RecordingState.RECORDING

    # A booth asks for attention: badge on its tile.
    _run(qtbot, service._on_envelope(signal(SignalType.ATTENTION, AttentionPayload(kind=AttentionKind.READY), "s-2")))
    assert not window.grid.tiles["s-2"].badges[AttentionKind.READY].isHidden()

    # Focus booth 2 by its number key: focus quality and the officer's audio there, booth 1 on hold.
    started = time.monotonic()
    qtbot.keyClick(window, Qt.Key.Key_2)
    assert controller.focused == "s-2"
    booth1, booth2 = booths.peers["s-1"], booths.peers["s-2"]
    assert booth1.video is not None and booth2.video is not None
    qtbot.waitUntil(lambda: booth2.video.quality is QualityLevel.FOCUS, timeout=TIMEOUT_MS)
    switch_s = time.monotonic() - started
    qtbot.waitUntil(lambda: booth1.video.quality is QualityLevel.THUMBNAIL, timeout=TIMEOUT_MS)
    assert service.router.peers["s-2"].remote_audio.muted is False
    assert service.router.peers["s-1"].remote_audio.muted is True
    qtbot.waitUntil(lambda: any(m.type is ControlType.HOLD for m in booths.received["s-1"]), timeout=TIMEOUT_MS)
    assert ("s-2", SessionState.IN_CALL) in hub.states
    print(f"focus switch took {switch_s * 1000:.0f} ms")

    # Capture round trip: the still arrives in the gallery.
    qtbot.waitUntil(lambda: controller.detail("s-2") is not None and controller.detail("s-2").record is not None,
                    timeout=TIMEOUT_MS)
    window.capture_requested.emit("s-2", "ektp")
    qtbot.waitUntil(lambda: controller.detail("s-2").documents.get("ektp") is not None, timeout=TIMEOUT_MS)
    assert controller.detail("s-2").documents["ektp"].image
    window.workspace.tabs.setCurrentIndex(1)
    assert window.workspace.ektp_photo.pixmap() is not None
    assert not window.workspace.ektp_photo.pixmap().isNull()

    # Every required document captured and ticked; approve, sign, submit.
    detail = controller.detail("s-2")
    for requirement in required_documents("JHT", "resignation"):
        code = requirement.document.code
        window.capture_requested.emit("s-2", code)
        qtbot.waitUntil(lambda c=code: c in detail.documents, timeout=TIMEOUT_MS)
    for row in range(window.workspace.checklist.count()):
        window.workspace.checklist.item(row).setCheckState(Qt.CheckState.Checked)
    qtbot.waitUntil(window.workspace.approve_button.isEnabled, timeout=TIMEOUT_MS)
    window.workspace.approve()
    qtbot.waitUntil(lambda: controller.booths["s-2"].decision is Decision.APPROVED, timeout=TIMEOUT_MS)
    assert [s for sid, s in hub.states if sid == "s-2"][-2:] == [SessionState.VERIFYING, SessionState.APPROVED]
    window.workspace.signature_button.click()
    qtbot.waitUntil(lambda: controller.can_submit("s-2"), timeout=TIMEOUT_MS)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert controller.booths["s-2"].submission is not SubmissionState.NONE

    # The claim is delivered once; the booth is told the reference; the session ends, recording uploaded.
    qtbot.waitUntil(lambda: "s-2" not in controller.booths, timeout=TIMEOUT_MS)
    assert len(claims_server.claims) == 1
    claim = next(iter(claims_server.claims.values()))
    assert claim["session_id"] == "s-2"
    assert claim["nik"] == RECORD.nik
    ends = [m for m in booths.received["s-2"] if m.type is ControlType.END]
    assert ends[-1].payload_as(EndPayload).outcome is Outcome.SUBMITTED
    assert ends[-1].payload_as(EndPayload).reference == "JHT-KDR-20261121-0001"
    assert hub.recordings == ["s-2"]
    assert controller.shift.sessions_handled == 1
    assert controller.shift.claims_submitted == 1
    assert set(window.grid.tiles) == {"s-1"}
    assert controller.focused is None


def test_login_errors_are_shown(qtbot: QtBot, console: tuple[ConsoleService, Booths, FakeHub]) -> None:
    service, _, _ = console
    window_of(service).show_login()
    assert _run(qtbot, service.login("cso1", "wrong", 4)) is False
    assert "kata sandi salah" in window_of(service).login.error.text()


def test_locked_rate_limited_and_non_officer_logins_each_say_so(
    qtbot: QtBot, console: tuple[ConsoleService, Booths, FakeHub]
) -> None:
    service, _, _ = console
    window_of(service).show_login()
    assert _run(qtbot, service.login("cso1", "locked", 4)) is False
    assert "dikunci" in window_of(service).login.error.text()
    assert "kata sandi salah" not in window_of(service).login.error.text()
    assert _run(qtbot, service.login("cso1", "limited", 4)) is False
    assert "Terlalu banyak percobaan" in window_of(service).login.error.text()
    assert "0:42" in window_of(service).login.error.text()
    assert _run(qtbot, service.login("admin", "ok", 4)) is False
    assert "bukan akun petugas" in window_of(service).login.error.text()


def test_a_verification_question_is_sent_to_the_hub_without_the_answer(
    qtbot: QtBot, console: tuple[ConsoleService, Booths, FakeHub]
) -> None:
    service, _, hub = console
    window_of(service).question_answered.emit("s-1", "year_joined", True)
    window_of(service).question_answered.emit("s-1", "last_employer", False)
    qtbot.waitUntil(lambda: len(hub.questions) == 2, timeout=TIMEOUT_MS)
    assert hub.questions == [("s-1", "year_joined", True), ("s-1", "last_employer", False)]


def test_claim_waits_while_backend_is_down_and_is_delivered_once_after_a_restart(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    from kiosk.app.console.session import SessionDetail
    from kiosk.domain.claims import ClaimType

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here yet: the backend is "down"

    def start_console() -> ConsoleService:
        settings = Settings(console=ConsoleSettings(data_dir=tmp_path, claims_api_url=f"http://127.0.0.1:{port}"))
        window, service = assemble(ConsoleState(), settings, FakeHub(), sound=AttentionSound(enabled=False),
                                   data_dir=tmp_path)
        qtbot.addWidget(window)
        service.token = "tok-1"
        service.start_outbox()
        return service

    first = start_console()
    first.state.assign("s-9", 4)
    needed = {r.document.code for r in required_documents("JHT", "resignation")}
    detail = SessionDetail("s-9", ClaimType.JHT, "resignation", RECORD, dict(FakeHub().intake), verified=needed)
    first.state.set_detail(detail)
    first.state.decide("s-9", Decision.APPROVED, "verified")
    first.state.signature_received("s-9", "doc-sig")
    first.submit("s-9")
    first.submit("s-9")  # a second press changes nothing
    qtbot.waitUntil(lambda: first.outbox.entries()[0].attempts >= 1, timeout=TIMEOUT_MS)
    assert len(first.outbox.entries()) == 1
    assert first.state.booths["s-9"].submission is SubmissionState.PENDING
    assert first.state.outbox_pending == 1
    _run(qtbot, first.close())  # the console is closed with the claim still pending

    server = ClaimsServer(port).start()  # the backend is back, where the claim was aimed
    try:
        second = start_console()
        qtbot.waitUntil(lambda: second.outbox.pending_count() == 0, timeout=TIMEOUT_MS)
        assert len(server.claims) == 1
        entry = second.outbox.get("s-9")
        assert entry is not None
        assert entry.reference == "JHT-KDR-20261121-0001"
        assert second.state.outbox_pending == 0
        _run(qtbot, second.close())
    finally:
        server.shutdown()
        server.server_close()



def test_a_session_ends_even_when_its_recording_cannot_be_read(
    qtbot: QtBot, console: tuple[ConsoleService, Booths, FakeHub], tmp_path: Path
) -> None:

    service, _, hub = console
    hub.unreadable.add("s-9")
    service.state.assign("s-9", 9)
    missing = tmp_path / "never-written.mkv"

    class Peer:
        on_state = None
        on_stats = None

        def latest_frame(self, fmt: str = "rgb24") -> None:
            return None

        async def stop_recording(self) -> Path:
            return missing

        async def close(self) -> None:
            pass

    states: list[RecordingState] = []
    original = service.state.set_recording

    def watch(session_id: str, state: RecordingState) -> None:
        states.append(state)
        original(session_id, state)

    service.state.set_recording = watch  # type: ignore[method-assign]
    service.router.peers["s-9"] = Peer()  # type: ignore[assignment]
    _run(qtbot, service._finish("s-9"))
    assert states == [RecordingState.UPLOADING, RecordingState.FAILED]
    assert "s-9" not in service.state.booths  # the tile is freed all the same
    assert hub.recordings == []


def test_recordings_left_on_disk_are_uploaded_and_deleted_at_the_next_login(
    qtbot: QtBot, console: tuple[ConsoleService, Booths, FakeHub], tmp_path: Path
) -> None:
    service, _, hub = console
    folder = tmp_path / "recordings"
    folder.mkdir(exist_ok=True)
    (folder / "s-old.mkv").write_bytes(b"\x1a\x45\xdf\xa3")
    (folder / "s-refused.mkv").write_bytes(b"\x1a\x45\xdf\xa3")
    hub.unreadable.add("s-refused")
    assert _run(qtbot, service.login("cso1", "ok", 4)) is True
    qtbot.waitUntil(lambda: "s-old" in hub.recordings, timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: not (folder / "s-old.mkv").exists(), timeout=TIMEOUT_MS)
    assert (folder / "s-refused.mkv").exists()  # kept for the next try
