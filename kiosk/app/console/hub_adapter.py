"""`HubAdapter`: the console's `ConsoleHubPort` over `kiosk.client.hub_api.HubClient`.

Every call of the (blocking) client runs through `kiosk.app.blocking.run_blocking`, off the GUI's loop; the
client's errors become the `HubError` kinds the console reacts to.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from kiosk.app.blocking import run_blocking
from kiosk.app.console.hub_port import HubError, HubErrorKind, Officer, RegisteredHeir, RegistryRecord
from kiosk.client import hub_api
from kiosk.client.errors import HubUnreachable
from kiosk.domain.claims import ParticipantRecord, ParticipantStatus
from kiosk.domain.session import SessionState

T = TypeVar("T")


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
        def run() -> T:
            try:
                return fn(*args, **kwargs)
            except hub_api.HubError as exc:
                raise hub_error(exc) from None
            except HubUnreachable as exc:
                raise HubError(HubErrorKind.UNREACHABLE, "unreachable", exc.message) from None

        return await run_blocking(run)

    async def login(self, username: str, password: str) -> Officer:
        """Sign in and keep the token for later calls."""
        login = await self._call(self.client.login, username, password)
        return Officer(
            token=login.token,
            user_id=login.user.id,
            name=login.user.display_name or login.user.username or username,
            branch_code=login.user.branch_code,
            cap=login.user.console_cap,
            role=login.user.role,
        )

    async def get_session(self, session_id: str) -> Mapping[str, Any]:
        """The session with its intake, in the shape of the hub's JSON."""
        session = await self._call(self.client.get_session, session_id)
        return {
            "id": session.id,
            "state": session.state.value,
            "intake": session.intake.to_json() if session.intake is not None else {},
        }

    async def lookup_participant(self, *, kpj: str | None = None, nik: str | None = None) -> ParticipantRecord:
        """The registry record (audited by the hub)."""
        p = await self._call(self.client.lookup_participant, kpj=kpj, nik=nik)
        return RegistryRecord(
            nik=p.nik,
            kpj=p.kpj,
            name=p.name,
            birth_date=p.birth_date,
            membership_start=p.membership_start,
            status=ParticipantStatus(p.status),
            balance=p.balance,
            contribution_months=p.contribution_months,
            employer=p.employer or "",
            npwp=p.npwp,
            heirs=tuple(RegisteredHeir(h.nik, h.name, h.relation) for h in p.heirs),
        )

    async def list_documents(self, session_id: str) -> list[Mapping[str, Any]]:
        """Metadata of the session's documents."""
        documents = await self._call(self.client.list_documents, session_id)
        return [dataclasses.asdict(d) for d in documents]

    async def get_document(self, session_id: str, document_id: str) -> bytes:
        """A document's bytes (audited by the hub)."""
        return await self._call(self.client.download_document, document_id)

    async def set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> None:
        """Move a session to another state."""
        await self._call(self.client.set_state, session_id, state, reason[:200] if reason else None)

    async def upload_recording(self, session_id: str, path: Path) -> None:
        """Upload the recording file; `UNSUPPORTED` when the hub has no such route (an older hub)."""

        def send() -> hub_api.Recording:
            with path.open("rb") as handle:
                return self.client.upload_recording(session_id, handle, filename=path.name)

        try:
            await self._call(send)
        except HubError as exc:
            if exc.kind is HubErrorKind.NOT_FOUND and exc.code in ("http_error", ""):
                raise HubError(HubErrorKind.UNSUPPORTED, exc.code, exc.message) from None
            raise

    async def record_verification(self, session_id: str, kind: str, matched: bool) -> None:
        """Audit a verification question (kind and outcome only)."""
        await self._call(self.client.record_verification, session_id, kind, matched)

    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()


_KINDS = {
    400: HubErrorKind.INVALID,
    401: HubErrorKind.UNAUTHORIZED,
    403: HubErrorKind.FORBIDDEN,
    404: HubErrorKind.NOT_FOUND,
    409: HubErrorKind.CONFLICT,
    422: HubErrorKind.INVALID,
    429: HubErrorKind.RATE_LIMITED,
}


def hub_error(exc: hub_api.HubError) -> HubError:
    """The console's view of a refusal from `HubClient`."""
    kind = _KINDS.get(exc.status, HubErrorKind.UNREACHABLE if exc.status >= 500 else HubErrorKind.INVALID)
    if exc.code in ("account_locked", "account_disabled", "locked"):
        kind = HubErrorKind.LOCKED
    retry = exc.details.get("retry_after_s")
    try:
        retry_s = float(retry) if retry is not None else None
    except (TypeError, ValueError):
        retry_s = None
    return HubError(kind, exc.code, exc.message, retry_s)
