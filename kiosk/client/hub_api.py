"""A typed, blocking client for the hub's REST API (docs/protocol.md), for the booth, the console and setup.

    hub = HubClient("http://hub:8600")
    enrollment = hub.enroll("K7QM-2XPA")           # setup wizard: keeps enrollment.device_token
    booth = HubClient("http://hub:8600", token=enrollment.device_token)
    session = booth.check_in(walk_in=True)         # or check_in(booking_code="KDR-7F3K9Q")
    booth.set_state(session.id, SessionState.SELF_SERVICE)
    booth.upload_document(session.id, "ektp", jpeg_bytes, sharpness=180.0)

    officer = HubClient("http://hub:8600")
    officer.login("cso1", "cso1-demo")             # the token is kept on the client
    person = officer.lookup_participant(kpj="12345678901")
    claim = officer.submit_claim(claim_body, idempotency_key=key)   # same key again: the same claim

Every method returns a frozen dataclass (never a dict), or raises:

- `HubError` (status, code, message, details) when the hub refuses: show ``message``, branch on ``code``;
- `HubUnreachable` on connection errors and timeouts: retry later.

Calls block (requests): from an asyncio or Qt loop, run them in an executor. One client may be shared by
threads for reads; keep one per thread if you change its token. This API is stable: new methods and new
optional fields may be added, existing ones keep their meaning.
"""

from __future__ import annotations

import io
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import IO, Any
from urllib.parse import quote, urlsplit, urlunsplit

import requests

from kiosk.client.errors import HubClientError, HubError, HubUnreachable
from kiosk.domain.claims import ClaimType
from kiosk.domain.session import SessionState

__all__ = [
    "AuditEvent",
    "AuditVerification",
    "Booking",
    "Booth",
    "BranchToday",
    "Claim",
    "Document",
    "Enrollment",
    "EnrollmentCode",
    "Finding",
    "Health",
    "Heir",
    "HubClient",
    "HubClientError",
    "HubError",
    "HubUnreachable",
    "Login",
    "Me",
    "Officer",
    "Participant",
    "Quota",
    "Recording",
    "Session",
    "User",
    "VerificationEvent",
]

API = "/api/v1"


def _dt(value: str | None) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value.replace("Z", "+00:00"))


def _d(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _req_dt(value: str) -> datetime:
    parsed = _dt(value)
    assert parsed is not None
    return parsed


@dataclass(frozen=True)
class Health:
    """``GET /healthz``."""

    status: str
    version: str
    database: str
    backend: str


@dataclass(frozen=True)
class User:
    """A user account."""

    id: int
    username: str
    display_name: str
    role: str
    branch_code: str | None
    console_cap: int | None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> User:
        """Build from the API's JSON."""
        return cls(d["id"], d["username"], d["display_name"], d["role"], d.get("branch_code"), d.get("console_cap"))


@dataclass(frozen=True)
class Login:
    """A login: the token (also kept by the client) and when it expires."""

    token: str
    expires_at: datetime
    user: User


@dataclass(frozen=True)
class Me:
    """Who the client's token belongs to."""

    role: str
    id: int
    branch_code: str | None
    name: str


@dataclass(frozen=True)
class EnrollmentCode:
    """A one-time booth enrollment code."""

    code: str
    branch_code: str
    booth_number: int
    expires_at: datetime


@dataclass(frozen=True)
class Enrollment:
    """A booth's identity and device token after enrollment."""

    device_token: str
    booth_id: int
    booth_number: int
    branch_code: str
    branch_name: str


@dataclass(frozen=True)
class Booth:
    """A booth and its last reported health."""

    id: int
    branch_code: str
    number: int
    enrolled: bool
    connected: bool
    last_heartbeat: datetime | None
    camera_ok: bool | None
    microphone_ok: bool | None
    speaker_ok: bool | None
    link_ok: bool | None
    current_session_id: str | None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Booth:
        """Build from the API's JSON."""
        return cls(
            d["id"],
            d["branch_code"],
            d["number"],
            d["enrolled"],
            d["connected"],
            _dt(d.get("last_heartbeat")),
            d.get("camera_ok"),
            d.get("microphone_ok"),
            d.get("speaker_ok"),
            d.get("link_ok"),
            d.get("current_session_id"),
        )


@dataclass(frozen=True)
class Quota:
    """Today's use of one kind of visit at a branch."""

    kind: str
    cap: int
    used: int
    remaining: int
    resets_at: datetime


@dataclass(frozen=True)
class BranchToday:
    """A branch and today's quotas."""

    code: str
    name: str
    timezone: str
    date: date
    walk_in: Quota
    online: Quota


@dataclass(frozen=True)
class Booking:
    """An online booking."""

    code: str
    branch_code: str
    date: date
    slot: str
    claim_type: ClaimType
    status: str
    nik_masked: str
    qr_payload: str
    created_at: datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Booking:
        """Build from the API's JSON."""
        return cls(
            d["code"],
            d["branch_code"],
            date.fromisoformat(d["date"]),
            d["slot"],
            ClaimType(d["claim_type"]),
            d["status"],
            d["nik_masked"],
            d["qr_payload"],
            _req_dt(d["created_at"]),
        )


@dataclass(frozen=True)
class Officer:
    """The officer a session is assigned to."""

    user_id: int
    display_name: str


@dataclass(frozen=True)
class Intake:
    """What the participant entered during self-service (all optional)."""

    nik: str | None = None
    kpj: str | None = None
    claim_type: ClaimType | None = None
    reason: str | None = None
    termination_date: date | None = None
    phone: str | None = None
    bank_code: str | None = None
    account_number: str | None = None
    heir_relation: str | None = None
    npwp: str | None = None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Intake:
        """Build from the API's JSON."""
        return cls(
            nik=d.get("nik"),
            kpj=d.get("kpj"),
            claim_type=ClaimType(d["claim_type"]) if d.get("claim_type") else None,
            reason=d.get("reason"),
            termination_date=_d(d.get("termination_date")),
            phone=d.get("phone"),
            bank_code=d.get("bank_code"),
            account_number=d.get("account_number"),
            heir_relation=d.get("heir_relation"),
            npwp=d.get("npwp"),
        )

    def to_json(self) -> dict[str, Any]:
        """The request body (fields left None are not sent)."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if value is None:
                continue
            out[name] = (
                value.value if isinstance(value, ClaimType) else value.isoformat() if isinstance(value, date) else value
            )
        return out


@dataclass(frozen=True)
class Session:
    """A participant's visit."""

    id: str
    branch_code: str
    booth_number: int
    kind: str
    booking_code: str | None
    state: SessionState
    visit_date: date
    assigned_to: Officer | None
    created_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    intake: Intake | None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Session:
        """Build from the API's JSON."""
        officer = d.get("assigned_to")
        return cls(
            d["id"],
            d["branch_code"],
            d["booth_number"],
            d["kind"],
            d.get("booking_code"),
            SessionState(d["state"]),
            date.fromisoformat(d["visit_date"]),
            Officer(officer["user_id"], officer["display_name"]) if officer else None,
            _req_dt(d["created_at"]),
            _req_dt(d["updated_at"]),
            _dt(d.get("ended_at")),
            d.get("end_reason"),
            Intake.from_json(d["intake"]) if d.get("intake") else None,
        )


@dataclass(frozen=True)
class Document:
    """A stored document's metadata."""

    id: str
    session_id: str
    document_type: str
    media_type: str
    size: int
    sha256: str
    sharpness: float | None
    glare_ratio: float | None
    brightness: float | None
    uploaded_by: str
    created_at: datetime

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Document:
        """Build from the API's JSON."""
        return cls(
            d["id"],
            d["session_id"],
            d["document_type"],
            d["media_type"],
            d["size"],
            d["sha256"],
            d.get("sharpness"),
            d.get("glare_ratio"),
            d.get("brightness"),
            d["uploaded_by"],
            _req_dt(d["created_at"]),
        )


@dataclass(frozen=True)
class Recording:
    """A session recording stored by the hub (kept until `expires_at`)."""

    id: str
    session_id: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    created_at: datetime
    expires_at: datetime
    replayed: bool = False

    @classmethod
    def from_json(cls, d: Mapping[str, Any], replayed: bool = False) -> Recording:
        """Build from the API's JSON."""
        return cls(
            d["id"],
            d["session_id"],
            d["media_type"],
            d["size"],
            d["sha256"],
            d["uploaded_by"],
            _req_dt(d["created_at"]),
            _req_dt(d["expires_at"]),
            replayed,
        )


@dataclass(frozen=True)
class VerificationEvent:
    """A verification question the officer asked: its kind and whether the answer matched (never the answer)."""

    session_id: str
    kind: str
    matched: bool
    asked_by: str
    at: datetime


@dataclass(frozen=True)
class AuditEvent:
    """One event of the hub's audit log."""

    seq: int
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    details: Mapping[str, Any]
    hash: str


@dataclass(frozen=True)
class Heir:
    """A registered heir."""

    nik: str
    name: str
    relation: str


@dataclass(frozen=True)
class Participant:
    """A registry record."""

    nik: str
    kpj: str
    name: str
    birth_date: date
    membership_start: date
    status: str
    balance: int
    contribution_months: int
    employer: str
    npwp: str | None
    last_work_day: date | None
    died_on: date | None
    heirs: tuple[Heir, ...]

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Participant:
        """Build from the API's JSON."""
        return cls(
            d["nik"],
            d["kpj"],
            d["name"],
            date.fromisoformat(d["birth_date"]),
            date.fromisoformat(d["membership_start"]),
            d["status"],
            d["balance"],
            d["contribution_months"],
            d["employer"],
            d.get("npwp"),
            _d(d.get("last_work_day")),
            _d(d.get("died_on")),
            tuple(Heir(h["nik"], h["name"], h["relation"]) for h in d.get("heirs", [])),
        )


@dataclass(frozen=True)
class Finding:
    """One result of the claim rules."""

    code: str
    severity: str
    message_id: str
    message_en: str
    document: str | None = None

    @classmethod
    def from_json(cls, d: Mapping[str, Any]) -> Finding:
        """Build from the API's JSON."""
        return cls(d["code"], d["severity"], d["message_id"], d["message_en"], d.get("document"))


@dataclass(frozen=True)
class Claim:
    """A submitted claim; `replayed` is True when the hub returned an earlier submission under the same key."""

    reference: str
    branch_code: str
    session_id: str | None
    claim_type: ClaimType
    reason: str
    status: str
    created_at: datetime
    findings: tuple[Finding, ...]
    submitted_by: int
    replayed: bool = False

    @classmethod
    def from_json(cls, d: Mapping[str, Any], replayed: bool = False) -> Claim:
        """Build from the API's JSON."""
        return cls(
            d["reference"],
            d["branch_code"],
            d.get("session_id"),
            ClaimType(d["claim_type"]),
            d["reason"],
            d["status"],
            _req_dt(d["created_at"]),
            tuple(Finding.from_json(f) for f in d.get("findings", [])),
            d["submitted_by"],
            replayed,
        )


@dataclass(frozen=True)
class AuditVerification:
    """The result of recomputing the audit chain."""

    ok: bool
    events: int
    first_broken_seq: int | None
    problem: str | None


def _quota(d: Mapping[str, Any]) -> Quota:
    return Quota(d["kind"], d["cap"], d["used"], d["remaining"], _req_dt(d["resets_at"]))


class HubClient:
    """The hub's REST API. `token` is a login token or a booth's device token (``login``/``enroll`` set it)."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        timeout: float | tuple[float, float] = (3.05, 10.0),
        session: requests.Session | None = None,
        verify: bool | str = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._http = session or requests.Session()
        self._http.verify = verify

    @property
    def ws_url(self) -> str:
        """The signaling WebSocket URL (``ws://`` or ``wss://``)."""
        parts = urlsplit(self.base_url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        return urlunsplit((scheme, parts.netloc, parts.path.rstrip("/") + f"{API}/ws", "", ""))

    def close(self) -> None:
        """Close pooled connections."""
        self._http.close()

    # -- plumbing --------------------------------------------------------------------------------------------

    def _request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        files: Any = None,
        data: Any = None,
        auth: bool = True,
    ) -> requests.Response:
        all_headers = dict(headers or {})
        if auth and self.token:
            all_headers["Authorization"] = f"Bearer {self.token}"
        try:
            response = self._http.request(
                method,
                self.base_url + path,
                json=json,
                params=params,
                headers=all_headers,
                files=files,
                data=data,
                timeout=self.timeout,
            )
        except requests.Timeout:
            raise HubUnreachable(f"the hub at {self.base_url} did not answer in time") from None
        except requests.ConnectionError:
            raise HubUnreachable(f"cannot reach the hub at {self.base_url}") from None
        except requests.RequestException as exc:
            raise HubUnreachable(f"request to the hub failed: {type(exc).__name__}") from None
        if response.status_code >= 400:
            raise _error(response)
        return response

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        response = self._request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError:
            raise HubError(response.status_code, "invalid_response", "the hub's answer is not JSON") from None

    # -- system and auth ----------------------------------------------------------------------------------

    def health(self) -> Health:
        """Whether the hub and its database answer (raises `HubError` 503 when the database does not)."""
        d = self._json("GET", "/healthz", auth=False)
        return Health(d["status"], d["version"], d["database"], d["backend"])

    def login(self, username: str, password: str) -> Login:
        """Log a user in; the client keeps the token for the next calls."""
        d = self._json("POST", f"{API}/auth/login", json={"username": username, "password": password}, auth=False)
        self.token = d["token"]
        return Login(d["token"], _req_dt(d["expires_at"]), User.from_json(d["user"]))

    def logout(self) -> None:
        """Revoke the client's login token."""
        self._request("POST", f"{API}/auth/logout")
        self.token = None

    def me(self) -> Me:
        """Who the token belongs to."""
        d = self._json("GET", f"{API}/auth/me")
        return Me(d["role"], d["id"], d.get("branch_code"), d["name"])

    def create_user(
        self,
        username: str,
        password: str,
        role: str,
        branch_code: str | None,
        display_name: str | None = None,
        console_cap: int | None = None,
    ) -> User:
        """Create a user (admins)."""
        body = {
            "username": username,
            "password": password,
            "role": role,
            "branch_code": branch_code,
            "display_name": display_name or username,
            "console_cap": console_cap,
        }
        return User.from_json(self._json("POST", f"{API}/users", json=body))

    # -- booths and branches ------------------------------------------------------------------------------

    def create_enrollment_code(self, branch_code: str, booth_number: int) -> EnrollmentCode:
        """A one-time code for a booth's setup wizard (admins)."""
        d = self._json(
            "POST", f"{API}/booths/enrollment-codes", json={"branch_code": branch_code, "booth_number": booth_number}
        )
        return EnrollmentCode(d["code"], d["branch_code"], d["booth_number"], _req_dt(d["expires_at"]))

    def enroll(self, code: str) -> Enrollment:
        """Exchange an enrollment code for the booth's device token; the client keeps it for the next calls."""
        d = self._json("POST", f"{API}/booths/enroll", json={"code": code}, auth=False)
        self.token = d["device_token"]
        return Enrollment(d["device_token"], d["booth_id"], d["booth_number"], d["branch_code"], d["branch_name"])

    def booth_me(self) -> Booth:
        """The calling booth (device token)."""
        return Booth.from_json(self._json("GET", f"{API}/booths/me"))

    def current_session(self) -> Session | None:
        """The calling booth's open session, if any (e.g. after a restart)."""
        d = self._json("GET", f"{API}/booths/me/session")
        return Session.from_json(d) if d else None

    def list_booths(self, branch_code: str | None = None) -> list[Booth]:
        """Booths and their health (admins, supervisors)."""
        params = {"branch_code": branch_code} if branch_code else None
        return [Booth.from_json(b) for b in self._json("GET", f"{API}/booths", params=params)]

    def branch_today(self, code: str) -> BranchToday:
        """A branch's settings and today's quota use."""
        d = self._json("GET", f"{API}/branches/{quote(code, safe='')}")
        b = d["branch"]
        return BranchToday(
            b["code"],
            b["name"],
            b["timezone"],
            date.fromisoformat(d["date"]),
            _quota(d["walk_in"]),
            _quota(d["online"]),
        )

    # -- bookings and sessions ----------------------------------------------------------------------------

    def create_booking(
        self,
        branch_code: str,
        day: date,
        slot: str,
        nik: str,
        kpj: str,
        claim_type: ClaimType | str,
        phone: str | None = None,
    ) -> Booking:
        """Book a visit (staff)."""
        body = {
            "branch_code": branch_code,
            "date": day.isoformat(),
            "slot": slot,
            "nik": nik,
            "kpj": kpj,
            "claim_type": ClaimType(claim_type).value,
            "phone": phone,
        }
        return Booking.from_json(self._json("POST", f"{API}/bookings", json=body))

    def get_booking(self, code: str) -> Booking:
        """A booking by its code or QR payload."""
        return Booking.from_json(self._json("GET", f"{API}/bookings/{quote(code, safe='')}"))

    def check_in(self, booking_code: str | None = None, *, walk_in: bool = False, language: str = "id") -> Session:
        """Start a visit at this booth: a booking code (or scanned QR payload), or ``walk_in=True``.

        A full walk-in quota raises `HubError` 409 ``quota_exhausted`` whose message (in `language`) names the
        quota and when it resets; ``details["resets_at"]`` has the time.
        """
        body: dict[str, Any] = {"language": language}
        if booking_code is not None:
            body["booking_code"] = booking_code
        if walk_in:
            body["walk_in"] = True
        return Session.from_json(self._json("POST", f"{API}/checkins", json=body))

    def get_session(self, session_id: str) -> Session:
        """One session."""
        return Session.from_json(self._json("GET", f"{API}/sessions/{quote(session_id, safe='')}"))

    def list_sessions(self, open_only: bool = True) -> list[Session]:
        """Sessions the caller may see."""
        data = self._json("GET", f"{API}/sessions", params={"open_only": str(open_only).lower()})
        return [Session.from_json(s) for s in data]

    def set_state(self, session_id: str, state: SessionState | str, reason: str | None = None) -> Session:
        """Move a session to another state (`HubError` 409 ``invalid_transition`` when not allowed)."""
        body = {"state": SessionState(state).value, "reason": reason}
        return Session.from_json(self._json("POST", f"{API}/sessions/{quote(session_id, safe='')}/state", json=body))

    def put_intake(self, session_id: str, intake: Intake) -> Session:
        """Store what the participant entered in self-service (replaces the previous intake)."""
        path = f"{API}/sessions/{quote(session_id, safe='')}/intake"
        return Session.from_json(self._json("PUT", path, json=intake.to_json()))

    def upload_document(
        self,
        session_id: str,
        document_type: str,
        content: bytes | IO[bytes],
        *,
        filename: str = "document",
        sharpness: float | None = None,
        glare_ratio: float | None = None,
        brightness: float | None = None,
    ) -> Document:
        """Upload a captured still (JPEG/PNG) or a PDF with its quality metrics."""
        form: dict[str, str] = {"document_type": document_type}
        for name, value in (("sharpness", sharpness), ("glare_ratio", glare_ratio), ("brightness", brightness)):
            if value is not None:
                form[name] = repr(float(value))
        path = f"{API}/sessions/{quote(session_id, safe='')}/documents"
        d = self._json("POST", path, files={"file": (filename, content, "application/octet-stream")}, data=form)
        return Document.from_json(d)

    def list_documents(self, session_id: str) -> list[Document]:
        """A session's documents (metadata)."""
        data = self._json("GET", f"{API}/sessions/{quote(session_id, safe='')}/documents")
        return [Document.from_json(d) for d in data]

    def download_document(self, document_id: str) -> bytes:
        """A document's bytes (the assigned officer and supervisors; audited by the hub)."""
        return self._request("GET", f"{API}/documents/{quote(document_id, safe='')}/content").content

    def upload_recording(
        self,
        session_id: str,
        content: bytes | IO[bytes],
        *,
        filename: str = "recording.mkv",
        media_type: str = "video/x-matroska",
    ) -> Recording:
        """Upload the session's recording (its assigned officer; Matroska/WebM or MP4, decided by content).

        The file is streamed from `content` (a recording can be far larger than memory should hold). Uploading
        the same file again returns the first record (``replayed``), so a retry is safe.
        """
        source: IO[bytes] = io.BytesIO(content) if isinstance(content, bytes) else content
        body = _MultipartFile(source, filename, media_type)
        path = f"{API}/sessions/{quote(session_id, safe='')}/recording"
        response = self._request("POST", path, data=body, headers={"Content-Type": body.content_type})
        return Recording.from_json(response.json(), replayed=response.status_code == 200)

    def record_verification(self, session_id: str, kind: str, matched: bool) -> VerificationEvent:
        """Put a verification question the officer asked into the audit log (its kind and whether it matched)."""
        path = f"{API}/sessions/{quote(session_id, safe='')}/verification-events"
        d = self._json("POST", path, json={"kind": kind, "matched": matched})
        return VerificationEvent(d["session_id"], d["kind"], d["matched"], d["asked_by"], _req_dt(d["at"]))

    # -- participants and claims --------------------------------------------------------------------------

    def lookup_participant(self, *, kpj: str | None = None, nik: str | None = None) -> Participant:
        """A registry record by KPJ and/or NIK (officers; `HubError` 404 when none)."""
        params = {k: v for k, v in (("kpj", kpj), ("nik", nik)) if v}
        return Participant.from_json(self._json("GET", f"{API}/participants", params=params))

    def submit_claim(self, claim: Mapping[str, Any], idempotency_key: str) -> Claim:
        """Submit a claim once per key: resending the same body with the same key returns the same claim.

        Refusals: 409 ``idempotency_key_reused`` (other body, same key), 409 ``session_not_approved``, 422
        ``claim_ineligible`` with ``details["findings"]`` (the rules' finding codes and messages).
        """
        response = self._request(
            "POST", f"{API}/claims", json=dict(claim), headers={"Idempotency-Key": idempotency_key}
        )
        return Claim.from_json(response.json(), replayed=response.status_code == 200)

    def get_claim(self, reference: str) -> Claim:
        """A claim by its reference."""
        return Claim.from_json(self._json("GET", f"{API}/claims/{quote(reference, safe='')}"))

    def audit_events(self, *, after_seq: int = 0, limit: int = 100, subject_id: str | None = None) -> list[AuditEvent]:
        """Audit events in order after `after_seq` (supervisors, admins), optionally of one subject."""
        params: dict[str, Any] = {"after_seq": after_seq, "limit": limit}
        if subject_id is not None:
            params["subject_id"] = subject_id
        data = self._json("GET", f"{API}/audit/events", params=params)
        return [
            AuditEvent(
                e["seq"],
                _req_dt(e["at"]),
                e["actor"],
                e["action"],
                e["subject_type"],
                e["subject_id"],
                e["details"],
                e["hash"],
            )
            for e in data
        ]

    def verify_audit(self) -> AuditVerification:
        """Recompute the audit chain (supervisors, admins)."""
        d = self._json("GET", f"{API}/audit/verify")
        return AuditVerification(d["ok"], d["events"], d.get("first_broken_seq"), d.get("problem"))


class _MultipartFile:
    """A ``multipart/form-data`` body of one file field named ``file``, read from the file as it is sent.

    requests builds a `files=` body in memory; this one has a known length (so a Content-Length goes out) and
    holds only one read block at a time.
    """

    def __init__(self, source: IO[bytes], filename: str, media_type: str) -> None:
        boundary = uuid.uuid4().hex
        safe_name = re.sub(r"[^A-Za-z0-9._-]", "_", filename) or "file"
        self.content_type = f"multipart/form-data; boundary={boundary}"
        head = (
            f"--{boundary}\r\n"
            f'Content-Disposition: form-data; name="file"; filename="{safe_name}"\r\n'
            f"Content-Type: {media_type}\r\n\r\n"
        ).encode("ascii")
        tail = f"\r\n--{boundary}--\r\n".encode("ascii")
        start = source.tell()
        size = source.seek(0, io.SEEK_END) - start
        source.seek(start)
        self._parts: list[IO[bytes]] = [io.BytesIO(head), source, io.BytesIO(tail)]
        self._length = len(head) + size + len(tail)

    def __len__(self) -> int:
        return self._length

    def read(self, size: int = -1) -> bytes:
        """The next bytes of the body (all that is left when `size` is negative)."""
        out = bytearray()
        while self._parts and (size < 0 or len(out) < size):
            block = self._parts[0].read(-1 if size < 0 else size - len(out))
            if block:
                out += block
            else:
                self._parts.pop(0)
        return bytes(out)


def _error(response: requests.Response) -> HubError:
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        details = {k: v for k, v in body.items() if k not in ("error", "message")}
        return HubError(response.status_code, body["error"], str(body.get("message", "")), details)
    return HubError(response.status_code, "http_error", f"the hub answered {response.status_code}")
