"""What the console asks of the hub's REST API, behind one small port (`ConsoleHubPort`).

`kiosk.app.console.hub_adapter.HubAdapter` implements it over `kiosk.client.hub_api.HubClient` (the one client
of the hub's REST API) and maps its errors to the `HubError` kinds the console reacts to. The port exists so the
console's tests can use an in-memory hub.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from kiosk.domain.claims import ParticipantRecord, ParticipantStatus
from kiosk.domain.session import SessionState


class HubErrorKind(enum.Enum):
    """What went wrong talking to the hub, as the console must react to it."""

    UNAUTHORIZED = "unauthorized"  # wrong password, or the token expired
    LOCKED = "locked"  # the account is disabled or locked
    RATE_LIMITED = "rate_limited"
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    INVALID = "invalid"
    UNREACHABLE = "unreachable"  # connection refused, DNS, timeout, 5xx
    UNSUPPORTED = "unsupported"  # the hub has no such route (an older hub)


class HubError(Exception):
    """A failed hub call: `kind` for the console's reaction, `code`/`message` from the hub's JSON error."""

    def __init__(self, kind: HubErrorKind, code: str = "", message: str = "", retry_after_s: float | None = None):
        super().__init__(f"{kind.value}: {code} {message}".strip())
        self.kind = kind
        self.code = code
        self.message = message
        self.retry_after_s = retry_after_s


@dataclass(frozen=True)
class Officer:
    """The signed-in officer."""

    token: str
    user_id: int
    name: str
    branch_code: str | None
    cap: int | None
    role: str = "cso"


class ConsoleHubPort(Protocol):
    """The hub calls the console makes (all awaitable, none blocking the loop)."""

    async def login(self, username: str, password: str) -> Officer:
        """Sign in; `HubError` on failure."""
        ...

    async def get_session(self, session_id: str) -> Mapping[str, Any]:
        """A session with its intake."""
        ...

    async def lookup_participant(self, *, kpj: str | None = None, nik: str | None = None) -> ParticipantRecord:
        """The registry record (audited by the hub)."""
        ...

    async def list_documents(self, session_id: str) -> list[Mapping[str, Any]]:
        """Metadata of the session's documents."""
        ...

    async def get_document(self, session_id: str, document_id: str) -> bytes:
        """A document's bytes (audited by the hub)."""
        ...

    async def set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> None:
        """Move a session to another state."""
        ...

    async def upload_recording(self, session_id: str, path: Path) -> None:
        """Store the session's recording on the hub."""
        ...

    async def record_verification(self, session_id: str, kind: str, matched: bool) -> None:
        """Put a verification question asked (its kind, whether it matched) into the hub's audit log."""
        ...


@dataclass(frozen=True)
class RegisteredHeir:
    """An heir the registry knows for a participant (who may claim the death benefit)."""

    nik: str
    name: str
    relation: str


@dataclass(frozen=True)
class RegistryRecord(ParticipantRecord):
    """A registry record as the hub gives it: the participant, and their registered heirs."""

    heirs: tuple[RegisteredHeir, ...] = ()


def participant_record(data: Mapping[str, Any]) -> RegistryRecord:
    """A registry record from the hub's JSON."""
    return RegistryRecord(
        nik=str(data["nik"]),
        kpj=str(data["kpj"]),
        name=str(data["name"]),
        birth_date=date.fromisoformat(str(data["birth_date"])),
        membership_start=date.fromisoformat(str(data["membership_start"])),
        status=ParticipantStatus(str(data["status"])),
        balance=int(data["balance"]),
        contribution_months=int(data["contribution_months"]),
        employer=str(data.get("employer") or ""),
        npwp=data.get("npwp"),
        heirs=tuple(
            RegisteredHeir(str(h["nik"]), str(h["name"]), str(h["relation"])) for h in data.get("heirs") or ()
        ),
    )
