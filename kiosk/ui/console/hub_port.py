"""What the console asks of the hub's REST API, behind one small interface (`HubPort`).

`RestHubPort` is the implementation over HTTP (requests in an executor, timeouts on every call). It exists
because `kiosk.client.hub_api.HubClient` had not landed when the console was built; it is deliberately thin
(one method per route the console uses, errors mapped to `HubError` kinds) so that swapping it for an adapter
around `HubClient` touches this file only.
"""

from __future__ import annotations

import asyncio
import enum
import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol, TypeVar

import requests

from kiosk.domain.claims import ParticipantRecord, ParticipantStatus
from kiosk.domain.session import SessionState

API = "/api/v1"
T = TypeVar("T")


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


class HubPort(Protocol):
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


class RestHubPort:
    """`HubPort` over the hub's REST API (see the module docstring)."""

    def __init__(self, base_url: str, *, timeout: tuple[float, float] = (3.05, 15.0)) -> None:
        self.base_url = base_url.rstrip("/")
        self.token: str | None = None
        self._timeout = timeout
        self._http = requests.Session()

    async def _call(self, fn: Callable[[], T]) -> T:
        return await asyncio.get_running_loop().run_in_executor(None, fn)

    def _request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._http.request(
                method, self.base_url + API + path, headers=headers, timeout=self._timeout, **kwargs
            )
        except requests.RequestException as exc:
            raise HubError(HubErrorKind.UNREACHABLE, type(exc).__name__) from None
        if response.status_code >= 400:
            raise _error(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        return self._request(method, path, **kwargs).json()

    async def login(self, username: str, password: str) -> Officer:
        """Sign in and keep the token for later calls."""
        data = await self._call(
            functools.partial(self._json, "POST", "/auth/login", json={"username": username, "password": password})
        )
        user = data.get("user") or {}
        self.token = str(data["token"])
        return Officer(
            token=self.token,
            user_id=int(user.get("id", 0)),
            name=str(user.get("display_name") or user.get("username") or username),
            branch_code=user.get("branch_code"),
            cap=user.get("console_cap"),
        )

    async def get_session(self, session_id: str) -> Mapping[str, Any]:
        """GET /sessions/{id}."""
        result: Mapping[str, Any] = await self._call(functools.partial(self._json, "GET", f"/sessions/{session_id}"))
        return result

    async def lookup_participant(self, *, kpj: str | None = None, nik: str | None = None) -> ParticipantRecord:
        """GET /participants?kpj=&nik=."""
        params = {k: v for k, v in (("kpj", kpj), ("nik", nik)) if v}
        data = await self._call(functools.partial(self._json, "GET", "/participants", params=params))
        return participant_record(data)

    async def list_documents(self, session_id: str) -> list[Mapping[str, Any]]:
        """GET /sessions/{id}/documents."""
        result: list[Mapping[str, Any]] = await self._call(
            functools.partial(self._json, "GET", f"/sessions/{session_id}/documents")
        )
        return result

    async def get_document(self, session_id: str, document_id: str) -> bytes:
        """GET /documents/{document_id}/content (the bytes)."""
        response = await self._call(functools.partial(self._request, "GET", f"/documents/{document_id}/content"))
        return response.content

    async def set_state(self, session_id: str, state: SessionState, reason: str | None = None) -> None:
        """POST /sessions/{id}/state."""
        body: dict[str, Any] = {"state": state.value}
        if reason:
            body["reason"] = reason[:200]
        await self._call(functools.partial(self._json, "POST", f"/sessions/{session_id}/state", json=body))

    async def upload_recording(self, session_id: str, path: Path) -> None:
        """POST /sessions/{id}/recording (multipart); `UNSUPPORTED` when the hub has no such route yet."""

        def send() -> None:
            with path.open("rb") as handle:
                files = {"file": (path.name, handle, "video/x-matroska")}
                self._request("POST", f"/sessions/{session_id}/recording", files=files)

        try:
            await self._call(send)
        except HubError as exc:
            if exc.kind in (HubErrorKind.NOT_FOUND,) and exc.code in ("not_found", "http_error", ""):
                raise HubError(HubErrorKind.UNSUPPORTED, exc.code, exc.message) from None
            raise


def _error(response: requests.Response) -> HubError:
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code, message = str(body.get("error", "")), str(body.get("message", ""))
    status = response.status_code
    retry = body.get("retry_after_s") or response.headers.get("Retry-After")
    kinds = {401: HubErrorKind.UNAUTHORIZED, 403: HubErrorKind.FORBIDDEN, 404: HubErrorKind.NOT_FOUND,
             409: HubErrorKind.CONFLICT, 422: HubErrorKind.INVALID, 400: HubErrorKind.INVALID,
             429: HubErrorKind.RATE_LIMITED}
    kind = kinds.get(status, HubErrorKind.UNREACHABLE if status >= 500 else HubErrorKind.INVALID)
    if code in ("account_locked", "account_disabled", "locked"):
        kind = HubErrorKind.LOCKED
    try:
        retry_s = float(retry) if retry is not None else None
    except ValueError:
        retry_s = None
    return HubError(kind, code, message, retry_s)
