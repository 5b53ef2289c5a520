"""Fakes the console's application tests share: an in-memory hub port, a view, and booth peers without media."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from pydantic import BaseModel

from kiosk.app.console.hub_port import HubError
from kiosk.app.console.view import LoginProblem
from kiosk.domain.access import Role
from kiosk.domain.claims import ParticipantRecord, ParticipantStatus
from kiosk.domain.session import SessionState
from kiosk.protocol import ControlMessage, ControlType, control
from kiosk.protocol.rest import AssistEventCreate, TokenResponse, UserPublic

TIMEOUT_MS = 40_000  # generous for a loaded 2-core machine; nothing here asserts speed


RECORD = ParticipantRecord(
    nik="3571011501850001",
    kpj="12345678901",
    name="Budi Santoso",
    birth_date=date(1985, 1, 15),
    membership_start=date(2010, 3, 1),
    status=ParticipantStatus.INACTIVE,
    balance=30_000_000,
    contribution_months=150,
    employer="PT Sinar Jaya",
)


def _jpeg(value: int) -> bytes:
    ok, data = cv2.imencode(".jpg", np.full((60, 90, 3), value, np.uint8))
    assert ok
    return bytes(data.tobytes())



def _login(token: str, user: UserPublic) -> TokenResponse:
    return TokenResponse(token=token, expires_at=datetime(2030, 1, 1, tzinfo=UTC), user=user)


class FakeHub:
    """The hub's REST side as the console uses it, in memory."""

    def __init__(self) -> None:
        self.states: list[tuple[str, SessionState]] = []
        self.reasons: list[str | None] = []
        self.recordings: list[str] = []
        self.questions: list[tuple[str, str, bool]] = []
        self.assists: list[tuple[str, AssistEventCreate]] = []
        self.unreadable: set[str] = set()
        self.documents: dict[str, list[dict[str, Any]]] = {}
        self.intake = {
            "kpj": RECORD.kpj,
            "nik": RECORD.nik,
            "claim_type": "JHT",
            "reason": "resignation",
            "termination_date": "2026-08-31",
            "bank_code": "002",
            "account_number": "1234567890",
        }

    async def login(self, username: str, password: str) -> TokenResponse:
        if password == "locked":
            raise HubError(403, "account_locked")
        if password == "limited":
            raise HubError(429, "too_many_attempts", details={"retry_after_s": 42})
        if password != "ok":
            raise HubError(401, "unauthorized")
        if username == "admin":
            return _login("tok-2", UserPublic(id=9, username="admin", display_name="Admin", role=Role.ADMIN,
                                              branch_code=None))
        return _login("tok-1", UserPublic(id=1, username="cso1", display_name="Rina", role=Role.CSO,
                                          branch_code="KDR", console_cap=4))

    async def get_session(self, session_id: str) -> Mapping[str, Any]:
        return {"id": session_id, "intake": dict(self.intake)}

    async def lookup_participant(self, *, kpj: str | None = None, nik: str | None = None) -> ParticipantRecord:
        return RECORD

    async def list_documents(self, session_id: str) -> list[Mapping[str, Any]]:
        return list(self.documents.get(session_id, []))

    async def get_document(self, session_id: str, document_id: str) -> bytes:
        return _jpeg(200)

    async def set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> None:
        self.states.append((session_id, state))
        self.reasons.append(reason)

    async def upload_recording(self, session_id: str, path: Path) -> None:
        assert path.name.endswith(".mkv")
        if session_id in self.unreadable:
            raise FileNotFoundError(path.name)  # as the real port does when the recorder never wrote the file
        self.recordings.append(session_id)

    async def record_verification(self, session_id: str, kind: str, matched: bool) -> None:
        self.questions.append((session_id, kind, matched))

    async def record_assist(self, session_id: str, event: AssistEventCreate) -> None:
        self.assists.append((session_id, event))


class FakeView:
    """The window as the service sees it (`ConsoleView`): what it was told to show."""

    def __init__(self) -> None:
        self.logins: list[tuple[LoginProblem | None, str]] = []
        self.officer: str | None = None

    def show_login(self, problem: LoginProblem | None = None, detail: str = "") -> None:
        self.logins.append((problem, detail))

    def show_console(self, officer_name: str) -> None:
        self.officer = officer_name


@dataclass
class FakeAudio:
    muted: bool = True


@dataclass
class FakePeer:
    """A booth's peer connection without media: control requests are answered by `replies`, recorded in `sent`."""

    replies: dict[ControlType, BaseModel] = field(default_factory=dict)
    sent: list[tuple[ControlType, BaseModel | None]] = field(default_factory=list)
    recording: Path | None = None
    closed: bool = False
    remote_audio: FakeAudio = field(default_factory=FakeAudio)
    microphone_muted: bool = True
    video: Any = None
    on_state: Any = None
    on_stats: Any = None

    async def request(self, kind: ControlType, payload: BaseModel | None = None,
                      timeout_s: float | None = None) -> ControlMessage | None:
        self.sent.append((kind, payload))
        reply = self.replies.get(kind)
        if reply is None:
            return None
        answer = {ControlType.CAPTURE_REQUEST: ControlType.CAPTURE_DONE,
                  ControlType.SIGNATURE_REQUEST: ControlType.SIGNATURE_DONE}[kind]
        return control(answer, "reply-1", reply)

    async def set_quality(self, level: Any) -> None:
        self.sent.append((ControlType.SET_QUALITY, None))

    def latest_frame(self, fmt: str = "rgb24") -> None:
        return None

    async def stop_recording(self) -> Path | None:
        return self.recording

    async def close(self) -> None:
        self.closed = True
