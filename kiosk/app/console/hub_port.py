"""What the console asks of the hub's REST API, behind one small port (`ConsoleHubPort`).

`kiosk.app.console.hub_adapter.HubAdapter` implements it over `kiosk.client.hub_api.HubClient` (the one client
of the hub's REST API); a failed call raises the client's `HubError`, whose `kind` the console reacts to. The port
exists so the console's tests can use an in-memory hub.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from kiosk.client.errors import HubError, HubErrorKind
from kiosk.domain.claims import ParticipantRecord
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import AssistEventCreate, HeirPublic, TokenResponse

__all__ = ["ConsoleHubPort", "HubError", "HubErrorKind", "RegistryRecord"]


class ConsoleHubPort(Protocol):
    """The hub calls the console makes (all awaitable, none blocking the loop)."""

    async def login(self, username: str, password: str) -> TokenResponse:
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

    async def record_assist(self, session_id: str, event: AssistEventCreate) -> None:
        """Put a machine check's result and the officer's call on it into the hub's audit log."""
        ...


@dataclass(frozen=True)
class RegistryRecord(ParticipantRecord):
    """What the claim rules read of a participant (`ParticipantPublic.to_record`), plus the heirs the registry
    lists (the wire's `HeirPublic`): an heir's claim names the heir of the relation the participant chose."""

    heirs: tuple[HeirPublic, ...] = ()
