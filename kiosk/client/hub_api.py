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
    claim = officer.submit_claim(claim_body, idempotency_key=key).value   # same key again: the same claim

Every method returns the `kiosk.protocol.rest` model the hub declares for that route (never a dict), or raises:

- `HubError` (status, code, message, details, kind) when the hub refuses: show ``message``, branch on ``code``;
- `HubUnreachable` on connection errors and timeouts: retry later.

Calls block (requests): from an asyncio or Qt loop, run them off the loop (`kiosk.app.blocking.run_blocking`).
One client may be shared by threads for reads; keep one per thread if you change its token. This API is stable:
new methods and new optional fields may be added, existing ones keep their meaning.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import IO, Any, Generic, TypeVar
from urllib.parse import quote

from kiosk.client.errors import HubClientError, HubError, HubErrorKind, HubUnreachable
from kiosk.client.transport import API, HubTransport, MultipartFile, parse
from kiosk.domain.claims import ClaimType
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import (
    AssistEventCreate,
    AssistEventPublic,
    AuditEventPublic,
    AuditVerification,
    BatchPublic,
    BookingPublic,
    BoothPublic,
    BranchToday,
    BulkDecisionResult,
    ClaimPublic,
    DocumentPublic,
    EnrollmentCodePublic,
    EnrollResponse,
    Health,
    Intake,
    ParticipantPublic,
    PrincipalPublic,
    RecordingPublic,
    RowDecision,
    RowPage,
    RowPublic,
    RowStatus,
    SessionPublic,
    TokenResponse,
    UserPublic,
    VerificationEventPublic,
    VideoInvitationResult,
)

__all__ = [
    "HubClient",
    "HubClientError",
    "HubError",
    "HubErrorKind",
    "HubUnreachable",
    "Stored",
]

T = TypeVar("T")


def _seg(value: str) -> str:
    """One path segment, escaped."""
    return quote(value, safe="")


@dataclass(frozen=True)
class Stored(Generic[T]):
    """What an idempotent upload stored, and whether the hub had it already (HTTP 200 instead of 201).

    `replayed` comes from the status, not the body: the body of a replay is the first answer, unchanged.
    """

    value: T
    replayed: bool


class HubClient(HubTransport):
    """The hub's REST API. `token` is a login token or a booth's device token (``login``/``enroll`` set it)."""

    # -- system and auth ----------------------------------------------------------------------------------

    def health(self) -> Health:
        """Whether the hub and its database answer (raises `HubError` 503 when the database does not)."""
        return self._call(Health, "GET", "/healthz", auth=False)

    def login(self, username: str, password: str) -> TokenResponse:
        """Log a user in; the client keeps the token for the next calls."""
        body = {"username": username, "password": password}
        login = self._call(TokenResponse, "POST", f"{API}/auth/login", json=body, auth=False)
        self.token = login.token
        return login

    def logout(self) -> None:
        """Revoke the client's login token."""
        self._request("POST", f"{API}/auth/logout")
        self.token = None

    def me(self) -> PrincipalPublic:
        """Who the token belongs to."""
        return self._call(PrincipalPublic, "GET", f"{API}/auth/me")

    def create_user(
        self,
        username: str,
        password: str,
        role: str,
        branch_code: str | None,
        display_name: str | None = None,
        console_cap: int | None = None,
    ) -> UserPublic:
        """Create a user (admins)."""
        body = {
            "username": username,
            "password": password,
            "role": role,
            "branch_code": branch_code,
            "display_name": display_name or username,
            "console_cap": console_cap,
        }
        return self._call(UserPublic, "POST", f"{API}/users", json=body)

    # -- booths and branches ------------------------------------------------------------------------------

    def create_enrollment_code(self, branch_code: str, booth_number: int) -> EnrollmentCodePublic:
        """A one-time code for a booth's setup wizard (admins)."""
        body = {"branch_code": branch_code, "booth_number": booth_number}
        return self._call(EnrollmentCodePublic, "POST", f"{API}/booths/enrollment-codes", json=body)

    def enroll(self, code: str) -> EnrollResponse:
        """Exchange an enrollment code for the booth's device token; the client keeps it for the next calls."""
        enrollment = self._call(EnrollResponse, "POST", f"{API}/booths/enroll", json={"code": code}, auth=False)
        self.token = enrollment.device_token
        return enrollment

    def booth_me(self) -> BoothPublic:
        """The calling booth (device token)."""
        return self._call(BoothPublic, "GET", f"{API}/booths/me")

    def current_session(self) -> SessionPublic | None:
        """The calling booth's open session, if any (e.g. after a restart)."""
        return self._call_optional(SessionPublic, "GET", f"{API}/booths/me/session")

    def list_booths(self, branch_code: str | None = None) -> list[BoothPublic]:
        """Booths and their health (admins, supervisors)."""
        params = {"branch_code": branch_code} if branch_code else None
        return self._call_list(BoothPublic, "GET", f"{API}/booths", params=params)

    def branch_today(self, code: str) -> BranchToday:
        """A branch's settings and today's quota use."""
        return self._call(BranchToday, "GET", f"{API}/branches/{_seg(code)}")

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
    ) -> BookingPublic:
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
        return self._call(BookingPublic, "POST", f"{API}/bookings", json=body)

    def get_booking(self, code: str) -> BookingPublic:
        """A booking by its code or QR payload."""
        return self._call(BookingPublic, "GET", f"{API}/bookings/{_seg(code)}")

    def check_in(
        self, booking_code: str | None = None, *, walk_in: bool = False, language: str = "id"
    ) -> SessionPublic:
        """Start a visit at this booth: a booking code (or scanned QR payload), or ``walk_in=True``.

        A full walk-in quota raises `HubError` 409 ``quota_exhausted`` whose message (in `language`) names the
        quota and when it resets; ``details["resets_at"]`` has the time.
        """
        body: dict[str, Any] = {"language": language}
        if booking_code is not None:
            body["booking_code"] = booking_code
        if walk_in:
            body["walk_in"] = True
        return self._call(SessionPublic, "POST", f"{API}/checkins", json=body)

    def get_session(self, session_id: str) -> SessionPublic:
        """One session."""
        return self._call(SessionPublic, "GET", f"{API}/sessions/{_seg(session_id)}")

    def list_sessions(self, open_only: bool = True) -> list[SessionPublic]:
        """Sessions the caller may see."""
        params = {"open_only": str(open_only).lower()}
        return self._call_list(SessionPublic, "GET", f"{API}/sessions", params=params)

    def set_state(self, session_id: str, state: SessionState | str, reason: str | None = None) -> SessionPublic:
        """Move a session to another state (`HubError` 409 ``invalid_transition`` when not allowed)."""
        body = {"state": SessionState(state).value, "reason": reason}
        return self._call(SessionPublic, "POST", f"{API}/sessions/{_seg(session_id)}/state", json=body)

    def put_intake(self, session_id: str, intake: Intake) -> SessionPublic:
        """Store what the participant entered in self-service (replaces the previous intake; None is not sent)."""
        body = intake.model_dump(mode="json", exclude_none=True)
        return self._call(SessionPublic, "PUT", f"{API}/sessions/{_seg(session_id)}/intake", json=body)

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
    ) -> DocumentPublic:
        """Upload a captured still (JPEG/PNG) or a PDF with its quality metrics."""
        form: dict[str, str] = {"document_type": document_type}
        for name, value in (("sharpness", sharpness), ("glare_ratio", glare_ratio), ("brightness", brightness)):
            if value is not None:
                form[name] = repr(float(value))
        files = {"file": (filename, content, "application/octet-stream")}
        return self._call(
            DocumentPublic, "POST", f"{API}/sessions/{_seg(session_id)}/documents", files=files, data=form
        )

    def list_documents(self, session_id: str) -> list[DocumentPublic]:
        """A session's documents (metadata)."""
        return self._call_list(DocumentPublic, "GET", f"{API}/sessions/{_seg(session_id)}/documents")

    def download_document(self, document_id: str) -> bytes:
        """A document's bytes (the assigned officer and supervisors; audited by the hub)."""
        return self._request("GET", f"{API}/documents/{_seg(document_id)}/content").content

    def upload_recording(
        self,
        session_id: str,
        content: bytes | IO[bytes],
        *,
        filename: str = "recording.mkv",
        media_type: str = "video/x-matroska",
    ) -> Stored[RecordingPublic]:
        """Upload the session's recording (its assigned officer; Matroska/WebM or MP4, decided by content).

        The file is streamed from `content` (a recording can be far larger than memory should hold). Uploading
        the same file again returns the first record (``replayed``), so a retry is safe.
        """
        source: IO[bytes] = io.BytesIO(content) if isinstance(content, bytes) else content
        body = MultipartFile(source, filename, media_type)
        path = f"{API}/sessions/{_seg(session_id)}/recording"
        response = self._request("POST", path, data=body, headers={"Content-Type": body.content_type})
        return Stored(parse(RecordingPublic, response), replayed=response.status_code == 200)

    def record_verification(self, session_id: str, kind: str, matched: bool) -> VerificationEventPublic:
        """Put a verification question the officer asked into the audit log (its kind and whether it matched)."""
        path = f"{API}/sessions/{_seg(session_id)}/verification-events"
        return self._call(VerificationEventPublic, "POST", path, json={"kind": kind, "matched": matched})

    def record_assist(self, session_id: str, event: AssistEventCreate) -> AssistEventPublic:
        """Put a machine check's result and the officer's call on it into the audit log."""
        path = f"{API}/sessions/{_seg(session_id)}/assist-events"
        return self._call(AssistEventPublic, "POST", path, json=event.model_dump(mode="json"))

    # -- participants and claims --------------------------------------------------------------------------

    def lookup_participant(self, *, kpj: str | None = None, nik: str | None = None) -> ParticipantPublic:
        """A registry record by KPJ and/or NIK (officers; `HubError` 404 when none)."""
        params = {k: v for k, v in (("kpj", kpj), ("nik", nik)) if v}
        return self._call(ParticipantPublic, "GET", f"{API}/participants", params=params)

    def submit_claim(self, claim: Mapping[str, Any], idempotency_key: str) -> Stored[ClaimPublic]:
        """Submit a claim once per key: resending the same body with the same key returns the same claim.

        Refusals: 409 ``idempotency_key_reused`` (other body, same key), 409 ``session_not_approved``, 422
        ``claim_ineligible`` with ``details["findings"]`` (the rules' finding codes and messages).
        """
        response = self._request(
            "POST", f"{API}/claims", json=dict(claim), headers={"Idempotency-Key": idempotency_key}
        )
        return Stored(parse(ClaimPublic, response), replayed=response.status_code == 200)

    def get_claim(self, reference: str) -> ClaimPublic:
        """A claim by its reference."""
        return self._call(ClaimPublic, "GET", f"{API}/claims/{_seg(reference)}")

    def audit_events(
        self, *, after_seq: int = 0, limit: int = 100, subject_id: str | None = None
    ) -> list[AuditEventPublic]:
        """Audit events in order after `after_seq` (supervisors, admins), optionally of one subject."""
        params: dict[str, Any] = {"after_seq": after_seq, "limit": limit}
        if subject_id is not None:
            params["subject_id"] = subject_id
        return self._call_list(AuditEventPublic, "GET", f"{API}/audit/events", params=params)

    def verify_audit(self) -> AuditVerification:
        """Recompute the audit chain (supervisors, admins)."""
        return self._call(AuditVerification, "GET", f"{API}/audit/verify")

    # -- the collective channel, the branch's side ---------------------------------------------------------

    def collective_batches(self) -> list[BatchPublic]:
        """The branch's collective batches, newest first, with their counts (officers, supervisors)."""
        return self._call_list(BatchPublic, "GET", f"{API}/collective/batches")

    def collective_rows(
        self, batch_id: str, *, offset: int = 0, limit: int = 500, status: RowStatus | None = None
    ) -> RowPage:
        """One page of a batch's rows by line, optionally of one status."""
        params: dict[str, Any] = {"offset": offset, "limit": limit}
        if status is not None:
            params["status"] = status
        return self._call(RowPage, "GET", f"{API}/collective/batches/{_seg(batch_id)}/rows", params=params)

    def decide_collective_row(self, row_id: int, decision: RowDecision) -> RowPublic:
        """Approve a confirmed row or reject a row with a reason.

        Refusals: 409 ``not_confirmed``, ``row_refused``, ``already_submitted``; 422 ``reason_required``.
        """
        body = decision.model_dump(mode="json", exclude_none=True)
        return self._call(RowPublic, "POST", f"{API}/collective/rows/{row_id}/decision", json=body)

    def approve_clean_rows(self, batch_id: str) -> BulkDecisionResult:
        """Approve every clean row of a batch (accepted, confirmed, no video asked, undecided)."""
        return self._call(BulkDecisionResult, "POST", f"{API}/collective/batches/{_seg(batch_id)}/approve-clean")

    def invite_to_video(self, row_id: int) -> VideoInvitationResult:
        """Book a video visit on the online channel for a row's worker; the hub texts them the time and the link.

        Asking again while the visit can take place answers the same booking (``sms_sent`` false). Refusals: 409
        ``no_free_slot``, ``already_submitted``, ``row_refused``, ``erased``.
        """
        return self._call(VideoInvitationResult, "POST", f"{API}/collective/rows/{row_id}/video-invitation")

    def collective_document(self, row_id: int, document_type: str) -> bytes:
        """A worker's document as the employer filed it (the branch's staff; audited as seen)."""
        return self._request("GET", f"{API}/collective/rows/{row_id}/documents/{_seg(document_type)}").content

    def collective_letter(self, batch_id: str, kind: str) -> bytes:
        """A batch's power of attorney or layoff letter (the branch's staff; audited as seen)."""
        return self._request("GET", f"{API}/collective/batches/{_seg(batch_id)}/letters/{_seg(kind)}").content
