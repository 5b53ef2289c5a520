"""`HubAdapter`: the console's `ConsoleHubPort` over `kiosk.client.hub_api.HubClient`.

Every call of the (blocking) client runs through `kiosk.app.blocking.run_blocking`, off the GUI's loop; every
failure is the client's `HubError`, whose `kind` the console reacts to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kiosk.app.blocking import run_blocking
from kiosk.app.console.hub_port import RegistryRecord
from kiosk.client import hub_api
from kiosk.client.errors import HubError, HubErrorKind, HubUnreachable
from kiosk.domain.claims import ParticipantRecord
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import AssistEventCreate, RecordingPublic, TokenResponse

T = TypeVar("T")


async def call_hub(fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run a blocking `HubClient` call off the loop; an unreachable hub becomes `HubError` of kind UNREACHABLE."""

    def run() -> T:
        try:
            return fn(*args, **kwargs)
        except HubUnreachable as exc:
            raise HubError.unreachable(exc.message) from None

    return await run_blocking(run)


class HubAdapter:
    """`ConsoleHubPort` over `HubClient` (see the module docstring)."""

    def __init__(self, base_url: str, *, timeout: float | tuple[float, float] = (3.05, 15.0)) -> None:
        self.client = hub_api.HubClient(base_url, timeout=timeout)

    @property
    def base_url(self) -> str:
        """The hub's address."""
        return self.client.base_url

    @property
    def token(self) -> str | None:
        """The officer's login token (None before login)."""
        return self.client.token

    async def _call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        return await call_hub(fn, *args, **kwargs)

    async def login(self, username: str, password: str) -> TokenResponse:
        """Sign in and keep the token for later calls."""
        return await self._call(self.client.login, username, password)

    async def get_session(self, session_id: str) -> Mapping[str, Any]:
        """The session with its intake, in the shape of the hub's JSON."""
        session = await self._call(self.client.get_session, session_id)
        intake = session.intake.model_dump(mode="json", exclude_none=True) if session.intake is not None else {}
        return {"id": session.id, "state": session.state.value, "intake": intake}

    async def lookup_participant(self, *, kpj: str | None = None, nik: str | None = None) -> ParticipantRecord:
        """The registry record (audited by the hub)."""
        participant = await self._call(self.client.lookup_participant, kpj=kpj, nik=nik)
        record = participant.to_record()
        fields = {f.name: getattr(record, f.name) for f in dataclasses.fields(record)}
        return RegistryRecord(**fields, heirs=tuple(participant.heirs))

    async def list_documents(self, session_id: str) -> list[Mapping[str, Any]]:
        """Metadata of the session's documents."""
        documents = await self._call(self.client.list_documents, session_id)
        return [d.model_dump() for d in documents]

    async def get_document(self, session_id: str, document_id: str) -> bytes:
        """A document's bytes (audited by the hub)."""
        return await self._call(self.client.download_document, document_id)

    async def set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> None:
        """Move a session to another state."""
        await self._call(self.client.set_state, session_id, state, reason[:200] if reason else None)

    async def upload_recording(self, session_id: str, path: Path) -> None:
        """Upload the recording file; `UNSUPPORTED` when the hub has no such route (an older hub)."""

        def send() -> hub_api.Stored[RecordingPublic]:
            with path.open("rb") as handle:
                return self.client.upload_recording(session_id, handle, filename=path.name)

        try:
            await self._call(send)
        except HubError as exc:
            if exc.kind is HubErrorKind.NOT_FOUND and exc.code in ("http_error", ""):
                unsupported = HubErrorKind.UNSUPPORTED
                raise HubError(exc.status, exc.code, exc.message, exc.details, kind=unsupported) from None
            raise

    async def record_verification(self, session_id: str, kind: str, matched: bool) -> None:
        """Audit a verification question (kind and outcome only)."""
        await self._call(self.client.record_verification, session_id, kind, matched)

    async def record_assist(self, session_id: str, event: AssistEventCreate) -> None:
        """Audit a machine check (verdict, score, differing field names, the officer's call)."""
        await self._call(self.client.record_assist, session_id, event)

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()
