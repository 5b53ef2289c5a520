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

from kiosk.app.console.hub_adapter import HubAdapter
from kiosk.app.console.service import ConsoleService
from kiosk.app.console.state import ConsoleState
from kiosk.config import ConsoleSettings, Settings, VideoSettings
from kiosk.domain.claims import ClaimType
from kiosk.domain.session import SessionState
from kiosk.protocol import AssignmentPayload, Envelope, HelloPayload, Role, SignalType
from kiosk.protocol.rest import Intake
from kiosk.ui.console.main import assemble
from kiosk.ui.console.sound import AttentionSound
from kiosk.video.camera import SyntheticCamera
from kiosk.video.peer import BoothPeer
from kiosk.video.signaling import SessionRouter, SignalingClient
from tests.support import samples
from tests.support.hub import DEMO_PASSWORDS
from tests.ui.console.support import window_of

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
    window, service = assemble(ConsoleState(cap=4, max_cap=6), settings, HubAdapter(fresh_hub.base_url),
                               sound=AttentionSound(enabled=False), data_dir=tmp_path)
    qtbot.addWidget(window)
    window.show()
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
    assert "kata sandi salah" in window_of(service).login.error.text()


def test_unreachable_hub_is_explained(qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path) -> None:
    settings = Settings(console=ConsoleSettings(hub_url="http://127.0.0.1:9", data_dir=tmp_path))
    window, service = assemble(ConsoleState(), settings, HubAdapter("http://127.0.0.1:9"),
                               sound=AttentionSound(enabled=False), data_dir=tmp_path)
    qtbot.addWidget(window)
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
        qtbot.waitUntil(lambda: visit.id in window_of(service).grid.tiles, timeout=TIMEOUT_MS)
        tile = window_of(service).grid.tiles[visit.id]
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

    from kiosk.app.console.session import Decision, SubmissionState
    from kiosk.client.claims_api import ClaimsApi
    from kiosk.client.outbox import Delivered
    from kiosk.domain.claims import add_months, required_documents
    from kiosk.protocol import ControlMessage, ControlType, SignatureDonePayload
    from kiosk.server.models import Claim

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
        window, controller = window_of(service), service.state
        qtbot.waitUntil(lambda: visit.id in controller.booths, timeout=TIMEOUT_MS)
        controller.focus(visit.id)
        qtbot.waitUntil(lambda: controller.booths[visit.id].state is SessionState.IN_CALL, timeout=TIMEOUT_MS)
        qtbot.waitUntil(
            lambda: (d := controller.detail(visit.id)) is not None and d.record is not None and len(d.documents) >= 6,
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



def _assign_to(hub: Any, session_id: str, username: str, state: str) -> None:
    """Put a session on an officer directly in the hub's database (as the hub's assignment would)."""
    from sqlalchemy import create_engine, select, update

    from kiosk.server.models import User, VisitSession

    engine = create_engine(hub.database_url)
    with engine.begin() as connection:
        user_id = connection.execute(select(User.id).where(User.username == username)).scalar_one()
        connection.execute(
            update(VisitSession).where(VisitSession.id == session_id).values(assigned_user_id=user_id, state=state)
        )
    engine.dispose()


def test_locked_and_rate_limited_logins_against_the_hub(
    qtbot: QtBot, console_with_hub: tuple[ConsoleService, Any, Settings]
) -> None:
    from sqlalchemy import create_engine, update

    from kiosk.server.models import User

    service, hub, _ = console_with_hub
    engine = create_engine(hub.database_url)
    with engine.begin() as connection:
        connection.execute(update(User).where(User.username == "cso2").values(active=False))
    engine.dispose()
    assert _run(qtbot, service.login("cso2", DEMO_PASSWORDS["cso2"], 4)) is False
    assert "Akun ini dikunci" in window_of(service).login.error.text()
    for _ in range(hub.settings.server.login_attempts_per_minute):
        assert _run(qtbot, service.login("cso1", "not-the-password", 4)) is False
        assert "kata sandi salah" in window_of(service).login.error.text()
    assert _run(qtbot, service.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is False
    assert "Terlalu banyak percobaan" in window_of(service).login.error.text()


def test_recording_is_uploaded_to_the_hub_and_the_local_file_deleted(
    qtbot: QtBot, console_with_hub: tuple[ConsoleService, Any, Settings], tmp_path: Path
) -> None:
    import hashlib

    from sqlalchemy import create_engine, select

    from kiosk.app.console.session import RecordingState
    from kiosk.server.models import Recording

    service, hub, _ = console_with_hub
    assert _run(qtbot, service.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is True
    visit = hub.client(hub.booth_token(5)).check_in(walk_in=True)
    _assign_to(hub, visit.id, "cso1", "submitted")
    content = b"\x1a\x45\xdf\xa3" + b"\x42\x82\x88matroska" + bytes(range(256)) * 64
    recording = tmp_path / f"{visit.id}.mkv"
    recording.write_bytes(content)
    states: list[RecordingState] = []
    service.state.assign(visit.id, 5)
    original = service.state.set_recording

    def watch(session_id: str, state: RecordingState) -> None:
        states.append(state)
        original(session_id, state)

    service.state.set_recording = watch  # type: ignore[method-assign]

    class RecordedPeer:
        def latest_frame(self, fmt: str) -> None:
            return None

        async def stop_recording(self) -> Path:
            return recording

        async def close(self) -> None:
            pass

    service.router.peers[visit.id] = RecordedPeer()  # type: ignore[assignment]
    _run(qtbot, service._finish(visit.id))
    assert states == [RecordingState.UPLOADING, RecordingState.UPLOADED]
    assert not recording.exists()  # the console keeps nothing once the hub has it
    engine = create_engine(hub.database_url)
    with engine.connect() as connection:
        stored = connection.execute(select(Recording).where(Recording.session_id == visit.id)).all()
    engine.dispose()
    digest = hashlib.sha256(content).hexdigest()
    assert [(r.sha256, r.size, r.uploaded_by) for r in stored] == [(digest, len(content), stored[0].uploaded_by)]
    assert stored[0].uploaded_by.startswith("user:")
    hub_file = hub.settings.server_data_dir() / "recordings" / digest[:2] / digest[2:4] / digest
    assert hub_file.read_bytes() == content
    audit = hub.client(hub.supervisor_token()).audit_events(subject_id=stored[0].id, limit=10)
    assert [e.action for e in audit] == ["recording.uploaded"]


def test_verification_questions_reach_the_hubs_audit_log(
    qtbot: QtBot, console_with_hub: tuple[ConsoleService, Any, Settings]
) -> None:
    service, hub, _ = console_with_hub
    assert _run(qtbot, service.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is True
    visit = hub.client(hub.booth_token(6)).check_in(walk_in=True)
    _assign_to(hub, visit.id, "cso1", "in_call")
    window_of(service).question_answered.emit(visit.id, "year_joined", True)
    window_of(service).question_answered.emit(visit.id, "last_employer", False)
    supervisor = hub.client(hub.supervisor_token())

    def asked() -> list[Any]:
        return [e for e in supervisor.audit_events(subject_id=visit.id, limit=100) if e.action == "verification.asked"]

    qtbot.waitUntil(lambda: len(asked()) == 2, timeout=TIMEOUT_MS)
    cso1 = hub.client(hub.cso_token("cso1")).me()
    events = asked()
    # Sent concurrently, so in either order.
    assert sorted(((e.actor, e.subject_id, dict(e.details)) for e in events), key=lambda x: str(x[2])) == [
        (f"user:{cso1.id}", visit.id, {"kind": "last_employer", "matched": False}),
        (f"user:{cso1.id}", visit.id, {"kind": "year_joined", "matched": True}),
    ]
    assert all(e.at is not None for e in events)


JHT_LAYOFF_DOCS = ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"]


def _approved_session(hub: Any, booth_number: int) -> tuple[str, dict[str, Any]]:
    """A session at `booth_number` with its documents, approved by cso1; the claim the console would send."""
    from datetime import date as _date

    from kiosk.domain.claims import add_months
    from kiosk.server.seed import demo_participants

    booth_api = hub.client(hub.booth_token(booth_number))
    visit = booth_api.check_in(walk_in=True)
    for code in JHT_LAYOFF_DOCS:
        booth_api.upload_document(visit.id, code, samples.jpeg(), filename="d.jpg")
    _assign_to(hub, visit.id, "cso1", "approved")
    p = next(x for x in demo_participants(_date.today()) if x.case == "jht_layoff_eligible")
    claim = {
        "session_id": visit.id,
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": p.nik,
        "kpj": p.kpj,
        "termination_date": add_months(_date.today(), -2).isoformat(),
        "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": p.name},
        "documents": JHT_LAYOFF_DOCS,
    }
    return visit.id, claim


def _claims_of(database_url: str, session_id: str) -> list[str]:
    from sqlalchemy import create_engine, select

    from kiosk.server.models import Claim

    engine = create_engine(database_url)
    with engine.connect() as connection:
        references = list(connection.execute(select(Claim.reference).where(Claim.session_id == session_id)).scalars())
    engine.dispose()
    return references


def _console(qtbot: QtBot, hub_url: str, data_dir: Path) -> ConsoleService:
    settings = Settings(
        video=VideoSettings(ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.2, 0.5, 1.0]),
        console=ConsoleSettings(hub_url=hub_url, data_dir=data_dir, sound=False, record_sessions=False),
    )
    window, service = assemble(ConsoleState(cap=4, max_cap=6), settings, HubAdapter(hub_url),
                               sound=AttentionSound(enabled=False), data_dir=data_dir)
    qtbot.addWidget(window)
    return service


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_real_hub_stopped_after_approval_gets_the_claim_once_when_back(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    """The real hub goes down after the approval: the claim waits in the outbox and, when the same hub (same
    database, same port) is back, the console's reconnect wakes the outbox and exactly one claim results."""
    from kiosk.client.outbox import DeliveryState
    from tests.support.hub import running_hub

    hub_dir, port = tmp_path / "hub", _free_port()
    with running_hub(data_dir=hub_dir, port=port) as hub:
        database_url = hub.database_url
        session_id, claim = _approved_session(hub, 7)
        service = _console(qtbot, hub.base_url, tmp_path / "console")
        assert _run(qtbot, service.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is True
    # The hub is down now.
    service.outbox.enqueue(session_id, claim)
    qtbot.waitUntil(lambda: (e := service.outbox.get(session_id)) is not None and e.attempts >= 1, timeout=TIMEOUT_MS)
    entry = service.outbox.get(session_id)
    assert entry is not None and entry.state is DeliveryState.PENDING and entry.reference is None
    assert _claims_of(database_url, session_id) == []
    try:
        with running_hub(data_dir=hub_dir, port=port, seed=False):
            qtbot.waitUntil(
                lambda: (e := service.outbox.get(session_id)) is not None and e.state is DeliveryState.DELIVERED,
                timeout=TIMEOUT_MS,
            )
            delivered = service.outbox.get(session_id)
            assert delivered is not None
            assert _claims_of(database_url, session_id) == [delivered.reference]
    finally:
        _run(qtbot, service.close())


def test_real_hub_outage_across_a_console_restart_gives_exactly_one_claim(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    """The claim is queued while the hub is down, the console is closed, the hub comes back (same database, new
    port) and a new console on the same data dir delivers it once after the officer logs in again."""
    from kiosk.client.outbox import DeliveryState
    from tests.support.hub import running_hub

    hub_dir, console_dir = tmp_path / "hub", tmp_path / "console"
    with running_hub(data_dir=hub_dir) as hub:
        database_url = hub.database_url
        session_id, claim = _approved_session(hub, 8)
        first = _console(qtbot, hub.base_url, console_dir)
        assert _run(qtbot, first.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is True
    first.outbox.enqueue(session_id, claim)
    qtbot.waitUntil(lambda: (e := first.outbox.get(session_id)) is not None and e.attempts >= 1, timeout=TIMEOUT_MS)
    _run(qtbot, first.close())  # the console goes down with the claim pending

    with running_hub(data_dir=hub_dir, seed=False) as hub:
        second = _console(qtbot, hub.base_url, console_dir)
        try:
            assert second.outbox.pending_count() == 1
            assert _run(qtbot, second.login("cso1", DEMO_PASSWORDS["cso1"], 4)) is True
            qtbot.waitUntil(lambda: second.outbox.pending_count() == 0, timeout=TIMEOUT_MS)
            entry = second.outbox.get(session_id)
            assert entry is not None and entry.state is DeliveryState.DELIVERED
            assert _claims_of(database_url, session_id) == [entry.reference]
            # A third start delivers nothing more.
            assert second.outbox.entries(DeliveryState.PENDING) == []
        finally:
            _run(qtbot, second.close())
    assert len(_claims_of(database_url, session_id)) == 1


def test_a_lost_answer_is_delivered_not_refused_when_another_officer_logs_in_after_a_restart(
    qtbot: QtBot, qt_loop: asyncio.AbstractEventLoop, tmp_path: Path
) -> None:
    """The hub stored cso1's claim but the answer was lost; the console restarts and cso2 logs in. The replay
    (same key, same body) gets the original claim: delivered with its reference, not "session not approved"."""
    from collections.abc import Mapping

    from kiosk.client.claims_api import ClaimsApi
    from kiosk.client.outbox import OUTBOX_FILE_NAME, Backoff, DeliveryResult, DeliveryState, Outbox, Retry
    from tests.support.hub import running_hub

    console_dir = tmp_path / "console"
    with running_hub(data_dir=tmp_path / "hub") as hub:
        session_id, claim = _approved_session(hub, 10)
        as_cso1 = ClaimsApi(hub.base_url, lambda: hub.cso_token("cso1"))
        stored: list[DeliveryResult] = []

        def answer_lost(key: str, payload: Mapping[str, Any]) -> DeliveryResult:
            stored.append(as_cso1(key, payload))
            return Retry("timeout")

        first = Outbox(console_dir / OUTBOX_FILE_NAME, answer_lost, backoff=Backoff(first_s=3600, jitter=0))
        first.enqueue(session_id, claim)

        async def one_attempt() -> None:
            attempted = asyncio.Event()
            first.subscribe(lambda entry: attempted.set() if entry.attempts >= 1 else None)
            worker = asyncio.ensure_future(first.run())
            await asyncio.wait_for(attempted.wait(), 10)
            await first.wait_idle()
            worker.cancel()

        _run(qtbot, one_attempt())
        first.close()  # the console died with the claim stored by the hub but marked pending
        reference = _claims_of(hub.database_url, session_id)
        assert len(reference) == 1

        second = _console(qtbot, hub.base_url, console_dir)
        try:
            assert _run(qtbot, second.login("cso2", DEMO_PASSWORDS["cso2"], 4)) is True
            qtbot.waitUntil(lambda: second.outbox.pending_count() == 0, timeout=TIMEOUT_MS)
            entry = second.outbox.get(session_id)
            assert entry is not None
            assert entry.state is DeliveryState.DELIVERED, (entry.refusal_code, entry.refusal_message)
            assert [entry.reference] == reference
            assert _claims_of(hub.database_url, session_id) == reference
        finally:
            _run(qtbot, second.close())
