"""Request and response bodies of the REST API (``XCreate`` in, ``XPublic`` out).

Responses declare these models, so nothing internal (hashes, foreign keys) leaks. Field limits are tight on
purpose: they keep generated and hostile input out of the handlers and out of the database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationInfo, field_validator, model_validator

from kiosk.domain.access import Role
from kiosk.domain.claims import ClaimType, HeirRelation, ParticipantRecord, ParticipantStatus
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.protocol.base import has_control_chars

Language = Literal["id", "en"]
_CODE = r"^[A-Za-z0-9_.:-]+$"
_DIGITS = r"^[0-9 .\-]+$"


#: No C0/C1 control character (NUL included), no line or paragraph separator and no bidirectional mark, embedding,
#: override or isolate: text others read (an officer's name on the booth's screen) shows what it says.
PLAIN_TEXT_PATTERN = r"^[^\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]*$"
#: Text shown to other people: refused with 422 when it holds a control or bidirectional-formatting character.
PlainText = Annotated[str, StringConstraints(pattern=PLAIN_TEXT_PATTERN)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_chars(cls, value: Any, info: ValidationInfo) -> Any:
        # Every text a client sends, names and identifiers alike: NUL made PostgreSQL fail with a 500.
        if info.field_name != "password":
            texts = value if isinstance(value, list | tuple) else (value,)
            if any(isinstance(t, str) and has_control_chars(t) for t in texts):
                raise ValueError("control characters are not allowed")
        return value


class _Out(BaseModel):
    model_config = ConfigDict(from_attributes=True)


# -- auth and users ------------------------------------------------------------------------------------------


class LoginRequest(_In):
    """A user's credentials."""

    username: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class UserPublic(_Out):
    """A user as others see it."""

    id: int
    username: str
    display_name: str
    role: Role
    branch_code: str | None
    console_cap: int | None = None


class TokenResponse(_Out):
    """A login token and when it expires."""

    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserPublic


class UserCreate(_In):
    """A new user (admins only)."""

    username: str = Field(pattern=r"^[a-z0-9_.-]{2,64}$")
    display_name: PlainText = Field(min_length=1, max_length=100)
    role: Literal["cso", "supervisor", "admin"]
    branch_code: str | None = Field(default=None, pattern=r"^[A-Z]{2,8}$")
    password: str = Field(min_length=8, max_length=256)
    console_cap: int | None = Field(default=None, ge=1, le=12)


class UserUpdate(_In):
    """A change to a user: today whether the account may log in (disabling ends its tokens and sockets)."""

    active: bool


class PrincipalPublic(_Out):
    """Who the presented token belongs to."""

    role: Role
    id: int
    branch_code: str | None
    name: str


# -- branches and booths -------------------------------------------------------------------------------------


class BranchPublic(_Out):
    """A branch's settings."""

    code: str
    name: str
    timezone: str
    walk_in_daily: int
    online_daily: int
    service_start: str
    service_end: str
    slot_minutes: int
    slot_capacity: int


class QuotaStatus(_Out):
    """Today's use of one kind of visit."""

    kind: VisitKind
    cap: int
    used: int
    remaining: int
    resets_at: datetime


class BranchToday(_Out):
    """A branch's quotas for its current local day."""

    branch: BranchPublic
    date: date
    walk_in: QuotaStatus
    online: QuotaStatus


class EnrollmentCodeCreate(_In):
    """Ask for a one-time code to enroll booth `booth_number` of a branch."""

    branch_code: str = Field(pattern=r"^[A-Z]{2,8}$")
    booth_number: int = Field(ge=1, le=999)


class EnrollmentCodePublic(_Out):
    """A one-time enrollment code (shown once) and when it expires."""

    code: str
    branch_code: str
    booth_number: int
    expires_at: datetime


class EnrollRequest(_In):
    """A booth's setup wizard exchanges its code for a device token."""

    code: str = Field(min_length=8, max_length=16)


class EnrollResponse(_Out):
    """The booth's device token (kept by the booth; never shown again) and its identity."""

    device_token: str
    booth_id: int
    booth_number: int
    branch_code: str
    branch_name: str


class BoothPublic(_Out):
    """A booth and its last reported health."""

    id: int
    branch_code: str
    number: int
    enrolled: bool
    connected: bool = False
    last_heartbeat: datetime | None
    camera_ok: bool | None
    microphone_ok: bool | None
    speaker_ok: bool | None
    link_ok: bool | None
    current_session_id: str | None = None


# -- bookings and sessions -----------------------------------------------------------------------------------


class BookingCreate(_In):
    """An online booking."""

    branch_code: str = Field(pattern=r"^[A-Z]{2,8}$")
    date: date
    slot: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="slot start, HH:MM local time")
    nik: str = Field(min_length=1, max_length=24, pattern=_DIGITS)
    kpj: str = Field(min_length=1, max_length=24, pattern=_DIGITS)
    claim_type: ClaimType
    phone: str | None = Field(default=None, max_length=24)


class BookingPublic(_Out):
    """A booking as the participant and the booth see it."""

    code: str
    branch_code: str
    date: date
    slot: str
    claim_type: ClaimType
    status: Literal["booked", "checked_in", "cancelled"]
    nik_masked: str
    qr_payload: str
    created_at: datetime


class CheckinCreate(_In):
    """A booth checks a participant in: with a booking code (or its QR payload), or as a walk-in."""

    booking_code: str | None = Field(default=None, min_length=1, max_length=64)
    walk_in: bool = False
    language: Language = "id"

    @model_validator(mode="after")
    def _one_kind(self) -> CheckinCreate:
        if (self.booking_code is None) == (not self.walk_in):
            raise ValueError("give either booking_code or walk_in=true")
        return self


class OfficerPublic(_Out):
    """The officer a session is assigned to."""

    user_id: int
    display_name: str


class Intake(_In):
    """What the participant entered during self-service (every field optional; validated when given)."""

    nik: str | None = Field(default=None, max_length=24, pattern=_DIGITS)
    kpj: str | None = Field(default=None, max_length=24, pattern=_DIGITS)
    claim_type: ClaimType | None = None
    reason: str | None = Field(default=None, max_length=32, pattern=_CODE)
    termination_date: date | None = None
    phone: str | None = Field(default=None, max_length=24)
    bank_code: str | None = Field(default=None, max_length=8, pattern=r"^[0-9]+$")
    account_number: str | None = Field(default=None, max_length=32, pattern=_DIGITS)
    heir_relation: HeirRelation | None = None
    npwp: str | None = Field(default=None, max_length=24, pattern=_DIGITS)


class SessionPublic(_Out):
    """A participant's visit."""

    id: str
    branch_code: str
    booth_number: int
    kind: VisitKind
    booking_code: str | None
    state: SessionState
    visit_date: date
    assigned_to: OfficerPublic | None
    created_at: datetime
    updated_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    intake: Intake | None = None


class StateChange(_In):
    """Move a session to another state (the state machine decides whether it may)."""

    state: SessionState
    reason: str | None = Field(default=None, max_length=200)


class DocumentPublic(_Out):
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


class DocumentUploadFields(_In):
    """The form fields of a document upload, beside its ``file`` part (multipart/form-data)."""

    document_type: str = Field(min_length=1, max_length=64, description="catalog document code")
    sharpness: float | None = Field(default=None, ge=0, le=1e9)
    glare_ratio: float | None = Field(default=None, ge=0, le=1)
    brightness: float | None = Field(default=None, ge=0, le=255)


class DocumentUpload(DocumentUploadFields):
    """The whole multipart form of a document upload, as the OpenAPI schema describes it."""

    file: bytes = Field(description="the still (JPEG or PNG) or a PDF")


class RecordingUpload(_In):
    """The multipart form of a recording upload, as the OpenAPI schema describes it."""

    file: bytes = Field(description="the session's recording (Matroska/WebM or MP4)")


#: Upload forms: routes read them from the request stream themselves, so FastAPI does not list them by itself.
UPLOAD_FORMS: tuple[type[BaseModel], ...] = (DocumentUpload, RecordingUpload)


class RecordingPublic(_Out):
    """A stored session recording's metadata."""

    id: str
    session_id: str
    media_type: str
    size: int
    sha256: str
    uploaded_by: str
    created_at: datetime
    expires_at: datetime


class VerificationEventCreate(BaseModel):
    """The officer asked the participant a verification question: which kind, and whether the answer matched.

    The answer itself is never sent (the audit log must not hold personal data beyond what it has to say)."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(min_length=1, max_length=32, pattern=r"^[a-z][a-z0-9_]*$")
    matched: bool


class VerificationEventPublic(_Out):
    """A recorded verification question (the audit event it became)."""

    session_id: str
    kind: str
    matched: bool
    asked_by: str
    at: datetime


# -- participants ---------------------------------------------------------------------------------------------


class HeirPublic(_Out):
    """A registered heir."""

    nik: str
    name: str
    relation: HeirRelation


class ParticipantPublic(_Out):
    """A participant's registry record, as the officer verifies against it."""

    nik: str
    kpj: str
    name: str
    birth_date: date
    membership_start: date
    status: ParticipantStatus
    balance: int
    contribution_months: int
    employer: str
    npwp: str | None
    last_work_day: date | None
    died_on: date | None
    heirs: list[HeirPublic]

    def to_record(self) -> ParticipantRecord:
        """The record the claim rules of `kiosk.domain.claims` evaluate (the heirs are not part of it)."""
        return ParticipantRecord(
            nik=self.nik,
            kpj=self.kpj,
            name=self.name,
            birth_date=self.birth_date,
            membership_start=self.membership_start,
            status=self.status,
            balance=self.balance,
            contribution_months=self.contribution_months,
            employer=self.employer or "",
            npwp=self.npwp,
        )


# -- claims ---------------------------------------------------------------------------------------------------


class HeirInfo(_In):
    """The heir filing a death claim."""

    nik: str = Field(min_length=1, max_length=24, pattern=_DIGITS)
    name: str = Field(min_length=1, max_length=100)
    relation: HeirRelation


class BankInfo(_In):
    """Where the benefit is paid."""

    bank_code: str = Field(min_length=1, max_length=8, pattern=r"^[0-9]+$")
    account_number: str = Field(min_length=1, max_length=32, pattern=_DIGITS)
    account_holder: str = Field(min_length=1, max_length=100)


class ClaimCreate(_In):
    """A verified claim from the officer's console."""

    session_id: str | None = Field(default=None, max_length=40)
    branch_code: str | None = Field(default=None, pattern=r"^[A-Z]{2,8}$")
    claim_type: ClaimType
    reason: str = Field(min_length=1, max_length=32, pattern=_CODE)
    nik: str = Field(min_length=1, max_length=24, pattern=_DIGITS)
    kpj: str = Field(min_length=1, max_length=24, pattern=_DIGITS)
    termination_date: date | None = None
    heir: HeirInfo | None = None
    road_accident: bool = False
    npwp: str | None = Field(default=None, max_length=24, pattern=_DIGITS)
    bank: BankInfo
    documents: list[str] = Field(default_factory=list, max_length=40)

    @field_validator("documents")
    @classmethod
    def _codes(cls, documents: list[str]) -> list[str]:
        for code in documents:
            if not 0 < len(code) <= 64 or not code.replace("_", "").isalnum():
                raise ValueError("documents are catalog codes such as 'ektp'")
        return documents


class FindingPublic(_Out):
    """One result of the claim rules."""

    code: str
    severity: Literal["blocking", "info"]
    message_id: str
    message_en: str
    document: str | None = None


class ClaimPublic(_Out):
    """A submitted claim."""

    reference: str
    branch_code: str
    session_id: str | None
    claim_type: ClaimType
    reason: str
    status: str
    created_at: datetime
    findings: list[FindingPublic]
    submitted_by: int


# -- errors, audit and health ---------------------------------------------------------------------------------


class ErrorBody(BaseModel):
    """The body of every error response: a stable `error` code, a human `message`, and fields of that code
    beside them (``findings`` of a refused claim, ``resets_at`` of a full quota, ``retry_after_s`` of a 429)."""

    model_config = ConfigDict(extra="allow")

    error: str
    message: str


class AuditVerification(_Out):
    """The result of recomputing the audit chain."""

    ok: bool
    events: int
    first_broken_seq: int | None
    problem: str | None
    kind: str | None = Field(
        default=None,
        description="what failed: gap, broken_link, hash_mismatch, mac_mismatch, unknown_key, unkeyed, "
        "checkpoint_mismatch, bad_checkpoint, truncated",
    )


class AuditEventPublic(_Out):
    """One audit event."""

    seq: int
    at: datetime
    actor: str
    action: str
    subject_type: str
    subject_id: str
    details: dict[str, Any]
    hash: str


class Health(_Out):
    """Whether the hub and its database answer."""

    status: Literal["ok", "degraded"]
    version: str
    database: Literal["ok", "unreachable"]
    backend: str
