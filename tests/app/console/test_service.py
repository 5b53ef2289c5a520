"""The console service under plain asyncio: an in-memory hub port, a plain view, booth peers without media.

No Qt here: what the officer sees is read from the `ConsoleState` (the one home of each session's detail), and
what the service asks of the window is recorded by `FakeView`.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from kiosk.app.console.media import PeerRouter
from kiosk.app.console.recordings import upload_leftovers
from kiosk.app.console.service import ConsoleService
from kiosk.app.console.session import Decision, RecordingState, SubmissionState
from kiosk.app.console.state import ConsoleState
from kiosk.app.console.view import LoginProblem
from kiosk.client.outbox import Delivered, DeliveryResult, Outbox
from kiosk.config import ConsoleSettings, Settings
from kiosk.domain.claims import required_documents
from kiosk.domain.session import SessionState
from kiosk.protocol import (
    CaptureDonePayload,
    ControlType,
    EndPayload,
    Outcome,
    SessionUpdatePayload,
    SignalType,
    SignatureDonePayload,
    signal,
)
from tests.app.console.fakes import RECORD, FakeHub, FakePeer, FakeView
from tests.support.wait import wait_until

pytestmark = pytest.mark.asyncio


class Claims:
    """The claims backend as the outbox's sender: takes every claim, answers with a reference."""

    def __init__(self) -> None:
        self.sent: list[Mapping[str, Any]] = []

    def __call__(self, key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        self.sent.append(payload)
        return Delivered(f"JHT-KDR-20261121-{len(self.sent):04d}")


class Console:
    """A service with its state, view, hub, claims backend and peers."""

    def __init__(self, tmp_path: Path) -> None:
        self.state = ConsoleState(cap=4, max_cap=6)
        self.view = FakeView()
        self.hub = FakeHub()
        self.claims = Claims()
        self.router = PeerRouter()
        settings = Settings(console=ConsoleSettings(data_dir=tmp_path, sound=False))
        self.service = ConsoleService(
            self.state, self.view, settings, self.hub, router=self.router, data_dir=tmp_path,
            outbox=Outbox(tmp_path / "outbox.sqlite", self.claims), today=lambda: date(2026, 11, 21),
        )

    def booth(self, session_id: str, number: int, peer: FakePeer | None = None) -> FakePeer:
        """A session assigned to this console, its booth connected (without media)."""
        self.state.assign(session_id, number)
        self.router.peers[session_id] = peer = peer or FakePeer()
        return peer


@pytest_asyncio.fixture
async def console(tmp_path: Path) -> AsyncIterator[Console]:
    made = Console(tmp_path)
    yield made
    await made.service.close()


async def test_a_failed_login_shows_why_and_a_non_officer_is_turned_away(console: Console) -> None:
    assert await console.service.login("cso1", "wrong", 4) is False
    assert await console.service.login("cso1", "limited", 4) is False
    assert await console.service.login("admin", "ok", 4) is False
    assert console.view.logins == [
        (LoginProblem.WRONG_PASSWORD, ""),
        (LoginProblem.RATE_LIMITED, "0:42"),
        (LoginProblem.NOT_OFFICER, ""),
    ]
    assert console.view.officer is None


async def test_the_detail_is_fetched_into_the_state_and_nowhere_else(console: Console) -> None:
    console.booth("s-1", 3)
    console.hub.documents["s-1"] = [{"id": "d-1", "document_type": "ektp", "sha256": "c" * 64}]
    changes: list[str | None] = []
    console.state.subscribe(lambda event: changes.append(event.session_id))
    await console.service.refresh_detail("s-1")
    detail = console.state.detail("s-1")
    assert detail is not None
    assert detail.record == RECORD
    assert detail.claim_type is not None and detail.claim_type.value == "JHT"
    assert detail.reason == "resignation"
    assert detail.documents["ektp"].image
    assert len(detail.questions) == 3
    assert changes == ["s-1"]  # one notification for the whole fetch
    await console.service.refresh_detail("s-2")  # not assigned: nothing fetched, nothing kept
    assert console.state.detail("s-2") is None


async def test_a_new_still_replaces_the_old_one_and_needs_a_new_tick(console: Console) -> None:
    peer = console.booth("s-1", 3, FakePeer(replies={
        ControlType.CAPTURE_REQUEST: CaptureDonePayload(document="ektp", document_id="d-2", sha256="a" * 64),
    }))
    console.state.set_verified("s-1", "ektp", True)
    await console.service.request_capture("s-1", "ektp")
    detail = console.state.detail("s-1")
    assert detail is not None
    assert detail.documents["ektp"].document_id == "d-2"
    assert detail.documents["ektp"].image
    assert "ektp" not in detail.verified
    assert peer.sent[0][0] is ControlType.CAPTURE_REQUEST


async def test_focus_on_a_waiting_booth_puts_the_session_in_call(console: Console) -> None:
    console.booth("s-1", 3)
    console.state.focus("s-1")
    await wait_until(lambda: ("s-1", SessionState.IN_CALL) in console.hub.states)
    assert console.state.booths["s-1"].state is SessionState.IN_CALL


async def test_a_rejection_ends_the_session_with_its_reason(console: Console) -> None:
    peer = console.booth("s-1", 3)
    await console.service.decide("s-1", Decision.REJECTED, "not_eligible", "saldo belum cukup")
    assert [state for _, state in console.hub.states] == [
        SessionState.IN_CALL, SessionState.VERIFYING, SessionState.REJECTED,
    ]
    end = next(payload for kind, payload in peer.sent if kind is ControlType.END)
    assert isinstance(end, EndPayload)
    # The booth gets the reason code (it words it for the participant); the note is for the file only.
    assert (end.outcome, end.reason_code, end.reason_text) == (Outcome.REJECTED, "not_eligible", "")
    assert console.hub.reasons[-1] == "not_eligible: saldo belum cukup"
    assert "s-1" not in console.state.booths and peer.closed
    assert console.state.shift.claims_rejected == 1


async def test_a_long_note_still_fits_the_hubs_record(console: Console) -> None:
    console.booth("s-1", 3)
    await console.service.decide("s-1", Decision.REJECTED, "third_party_prompting", "x" * 600)
    assert console.hub.states[-1] == ("s-1", SessionState.REJECTED)
    reason = console.hub.reasons[-1]
    assert reason is not None and reason.startswith("third_party_prompting: x") and len(reason) <= 200


async def _approved(console: Console) -> FakePeer:
    """Booth 3's session s-1 with every document verified and approved; its booth signs when asked."""
    peer = console.booth("s-1", 3, FakePeer(replies={
        ControlType.SIGNATURE_REQUEST: SignatureDonePayload(document_id="doc-sig", sha256="b" * 64),
    }))
    await console.service.refresh_detail("s-1")
    for requirement in required_documents("JHT", "resignation"):
        console.state.set_verified("s-1", requirement.document.code, True)
    await console.service.decide("s-1", Decision.APPROVED, "verified", "")
    return peer


async def test_submission_goes_state_then_outbox_and_ends_with_the_reference(console: Console) -> None:
    peer = await _approved(console)
    assert console.state.booths["s-1"].decision is Decision.APPROVED
    await console.service.request_signature("s-1")
    assert console.state.can_submit("s-1")

    console.service.submit("s-1")
    assert console.state.booths["s-1"].submission is SubmissionState.PENDING  # at once, before any delivery
    console.service.submit("s-1")  # a second press changes nothing
    assert console.state.outbox_pending == 1
    console.service.start_outbox()
    await wait_until(lambda: "s-1" not in console.state.booths)

    assert len(console.claims.sent) == 1
    claim = console.claims.sent[0]
    assert (claim["session_id"], claim["nik"], claim["kpj"]) == ("s-1", RECORD.nik, RECORD.kpj)
    assert claim["bank"] == {"bank_code": "002", "account_number": "1234567890", "account_holder": RECORD.name}
    end = [payload for kind, payload in peer.sent if kind is ControlType.END][-1]
    assert isinstance(end, EndPayload)
    assert (end.outcome, end.reference) == (Outcome.SUBMITTED, "JHT-KDR-20261121-0001")
    assert console.state.shift.claims_submitted == 1
    assert console.state.outbox_pending == 0
    assert console.view.logins == []  # the window was never asked for anything: it reads the state


async def test_a_session_update_refreshes_the_detail_and_a_final_state_ends_the_session(console: Console) -> None:
    peer = console.booth("s-1", 3)
    update = SessionUpdatePayload(state=SessionState.SELF_SERVICE, progress={"documents_done": 2,
                                                                              "documents_total": 6})
    await console.service._on_envelope(signal(SignalType.SESSION_UPDATE, update, "s-1"))
    await wait_until(lambda: (d := console.state.detail("s-1")) is not None and d.record is not None)
    assert console.state.booths["s-1"].documents_done == 2
    final = SessionUpdatePayload(state=SessionState.ABANDONED)
    await console.service._on_envelope(signal(SignalType.SESSION_UPDATE, final, "s-1"))
    await wait_until(lambda: "s-1" not in console.state.booths)
    assert peer.closed


async def test_a_recording_that_cannot_be_uploaded_is_kept_and_the_session_still_ends(
    console: Console, tmp_path: Path
) -> None:
    recording = tmp_path / "recordings" / "s-9.mkv"
    recording.parent.mkdir()
    recording.write_bytes(b"\x1a\x45\xdf\xa3")
    console.booth("s-9", 9, FakePeer(recording=recording))
    console.hub.unreadable.add("s-9")
    seen: list[RecordingState] = []
    console.state.subscribe(lambda _e: seen.append(b.recording) if (b := console.state.booths.get("s-9")) else None)
    await console.service._finish("s-9")
    assert RecordingState.UPLOADING in seen and seen[-1] is RecordingState.FAILED
    assert recording.exists() and "s-9" not in console.state.booths

    await upload_leftovers(console.hub, recording.parent, busy=())
    assert recording.exists()  # still refused
    console.hub.unreadable.clear()
    await upload_leftovers(console.hub, recording.parent, busy=())
    assert console.hub.recordings == ["s-9"] and not recording.exists()


async def test_an_answered_question_is_audited_without_the_answer(console: Console) -> None:
    console.service.answer_question("s-1", "year_joined", True)
    await wait_until(lambda: bool(console.hub.questions))
    assert console.hub.questions == [("s-1", "year_joined", True)]



async def test_the_booth_gets_the_reference_when_the_hubs_final_update_comes_first(console: Console) -> None:
    """The hub tells of the submitted claim before the outbox reports it delivered: the call stays open for the
    console's own `end`, so the participant still sees the reference (closing at once had cut it off)."""
    peer = await _approved(console)
    await console.service.request_signature("s-1")
    console.service.submit("s-1")
    final = SessionUpdatePayload(state=SessionState.SUBMITTED, claim_reference="JHT-KDR-20261121-0001")
    await console.service._on_envelope(signal(SignalType.SESSION_UPDATE, final, "s-1"))
    await asyncio.sleep(0.2)
    assert not peer.closed  # the claim is still on its way from this console
    console.service.start_outbox()
    await wait_until(lambda: "s-1" not in console.state.booths)
    end = [payload for kind, payload in peer.sent if kind is ControlType.END][-1]
    assert (end.outcome, end.reference) == (Outcome.SUBMITTED, "JHT-KDR-20261121-0001")
    assert peer.closed
