"""Request and response bodies of the REST API (``XCreate`` in, ``XPublic`` out).

Responses declare these models, so nothing internal (hashes, foreign keys) leaks. Field limits are tight on
purpose: they keep generated and hostile input out of the handlers and out of the database.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from kiosk.domain.access import Role
from kiosk.domain.channels import Channel
from kiosk.domain.claims import Claimant, ClaimType, HeirRelation, ParticipantRecord, ParticipantStatus
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.protocol.rest_assist import AssistCheck, AssistEventCreate, AssistEventPublic
from kiosk.protocol.rest_collective import (
    BatchCounts,
    BatchPublic,
    BulkDecisionResult,
    ConfirmationAnswer,
    ConfirmationLookup,
    ConfirmationView,
    DocumentsZipResult,
    EmployerCreate,
    EmployerPublic,
    EmployerSessionPublic,
    InvitationResult,
    LetterKind,
    LetterPublic,
    RepresentativeCreate,
    RepresentativePublic,
    RosterUploadResult,
    RowDecision,
    RowIssuePublic,
    RowPage,
    RowPublic,
    RowStatus,
    VideoInvitationResult,
    VideoVisit,
    ZipRefusal,
)
from kiosk.protocol.rest_common import (
    CODE_PATTERN,
    DIGITS_PATTERN,
    NOT_BLANK_PATTERN,
    PLAIN_TEXT_PATTERN,
    AuditEventPublic,
    AuditVerification,
    ErrorBody,
    Health,
    In,
    Language,
    Out,
    PlainText,
)
from kiosk.protocol.rest_online import (
    OnlineBookingCreate,
    OnlineBookingMove,
    OnlineBookingView,
    OnlineBranch,
    OnlineBranchRef,
    OnlineConsent,
    OnlineDocumentNeed,
    OnlineDocumentResult,
    OnlineJoinResult,
    OnlineSignIn,
    OnlineSlot,
    OnlineSteps,
    OnlineUploadCreate,
    OnlineUploadStatus,
)

__all__ = [
    "PLAIN_TEXT_PATTERN",
    "AssistCheck",
    "AssistEventCreate",
    "AssistEventPublic",
    "AuditEventPublic",
    "AuditVerification",
    "BatchCounts",
    "BatchPublic",
    "BulkDecisionResult",
    "ConfirmationAnswer",
    "ConfirmationLookup",
    "ConfirmationView",
    "DocumentsZipResult",
    "EmployerCreate",
    "EmployerPublic",
    "EmployerSessionPublic",
    "ErrorBody",
    "Health",
    "In",
    "InvitationResult",
    "Language",
    "LetterKind",
    "LetterPublic",
    "OnlineBookingCreate",
    "OnlineBookingMove",
    "OnlineBookingView",
    "OnlineBranch",
    "OnlineBranchRef",
    "OnlineConsent",
    "OnlineDocumentNeed",
    "OnlineDocumentResult",
    "OnlineJoinResult",
    "OnlineSignIn",
    "OnlineSlot",
    "OnlineSteps",
    "OnlineUploadCreate",
    "OnlineUploadStatus",
    "Out",
    "PlainText",
    "RepresentativeCreate",
    "RepresentativePublic",
    "RosterUploadResult",
    "RowDecision",
    "RowIssuePublic",
    "RowPage",
    "RowPublic",
    "RowStatus",
    "VideoInvitationResult",
    "VideoVisit",
    "ZipRefusal",
]

# -- auth and users ------------------------------------------------------------------------------------------


class LoginRequest(In):
    """A user's credentials."""

    # Stripped like every text. The schema says a name has something besides spaces and no control character:
    # schemathesis found names of spaces alone, and then names with a control character, schema-valid yet refused.
    username: str = Field(min_length=1, max_length=64, pattern=NOT_BLANK_PATTERN)
    # Not stripped (the base strips every other text): spaces are part of a password, and a password of spaces
    # alone was schema-valid yet refused as empty after stripping (schemathesis found it).
    password: Annotated[str, StringConstraints(strip_whitespace=False, min_length=1, max_length=256)]


class UserPublic(Out):
    """A user as others see it."""

    id: int
    username: str
    display_name: str
    role: Role
    branch_code: str | None
    console_cap: int | None = None


class TokenResponse(Out):
    """A login token and when it expires."""

    token: str
    token_type: Literal["bearer"] = "bearer"
    expires_at: datetime
    user: UserPublic


class UserCreate(In):
    """A new user (admins only)."""

    username: str = Field(pattern=r"^[a-z0-9_.-]{2,64}$")
    display_name: PlainText = Field(min_length=1, max_length=100)
    role: Literal["cso", "supervisor", "admin"]
    branch_code: str | None = Field(default=None, pattern=r"^[A-Z]{2,8}$")
    password: Annotated[str, StringConstraints(strip_whitespace=False, min_length=8, max_length=256)]  # not stripped
    console_cap: int | None = Field(default=None, ge=1, le=12)


class UserUpdate(In):
    """A change to a user: today whether the account may log in (disabling ends its tokens and sockets)."""

    active: bool


class PrincipalPublic(Out):
    """Who the presented token belongs to."""

    role: Role
    id: int
    branch_code: str | None
    name: str


# -- branches and booths -------------------------------------------------------------------------------------


class BranchPublic(Out):
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


class QuotaStatus(Out):
    """Today's use of one kind of visit."""

    kind: VisitKind
    cap: int
    used: int
    remaining: int
    resets_at: datetime


class BranchToday(Out):
    """A branch's quotas for its current local day."""

    branch: BranchPublic
    date: date
    walk_in: QuotaStatus
    online: QuotaStatus


class EnrollmentCodeCreate(In):
    """Ask for a one-time code to enroll booth `booth_number` of a branch."""

    branch_code: str = Field(pattern=r"^[A-Z]{2,8}$")
    booth_number: int = Field(ge=1, le=999)


class EnrollmentCodePublic(Out):
    """A one-time enrollment code (shown once) and when it expires."""

    code: str
    branch_code: str
    booth_number: int
    expires_at: datetime


class EnrollRequest(In):
    """A booth's setup wizard exchanges its code for a device token."""

    code: str = Field(min_length=8, max_length=16)


class EnrollResponse(Out):
    """The booth's device token (kept by the booth; never shown again) and its identity."""

    device_token: str
    booth_id: int
    booth_number: int
    branch_code: str
    branch_name: str


class BoothPublic(Out):
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


class BookingCreate(In):
    """An online booking."""

    branch_code: str = Field(pattern=r"^[A-Z]{2,8}$")
    date: date
    slot: str = Field(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$", description="slot start, HH:MM local time")
    nik: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)
    kpj: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)
    claim_type: ClaimType
    phone: str | None = Field(default=None, max_length=24)


class BookingPublic(Out):
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


class CheckinCreate(In):
    """A booth checks a participant in: with a booking code (or its QR payload), or as a walk-in."""

    booking_code: str | None = Field(default=None, min_length=1, max_length=64)
    walk_in: bool = False
    language: Language = "id"

    @model_validator(mode="after")
    def _one_kind(self) -> CheckinCreate:
        if (self.booking_code is None) == (not self.walk_in):
            raise ValueError("give either booking_code or walk_in=true")
        return self


class OfficerPublic(Out):
    """The officer a session is assigned to."""

    user_id: int
    display_name: str


class Intake(In):
    """What the participant entered during self-service (every field optional; validated when given)."""

    nik: str | None = Field(default=None, max_length=24, pattern=DIGITS_PATTERN)
    kpj: str | None = Field(default=None, max_length=24, pattern=DIGITS_PATTERN)
    claim_type: ClaimType | None = None
    reason: str | None = Field(default=None, max_length=32, pattern=CODE_PATTERN)
    termination_date: date | None = None
    phone: str | None = Field(default=None, max_length=24)
    bank_code: str | None = Field(default=None, max_length=8, pattern=r"^[0-9]+$")
    account_number: str | None = Field(default=None, max_length=32, pattern=DIGITS_PATTERN)
    heir_relation: HeirRelation | None = None
    npwp: str | None = Field(default=None, max_length=24, pattern=DIGITS_PATTERN)
    #: Who files: ``heir`` for the heir of a participant who died (then `nik`/`kpj` are the deceased's).
    claimant: Claimant | None = None
    #: The heir's own NIK (an heir's claim only).
    heir_nik: str | None = Field(default=None, max_length=24, pattern=DIGITS_PATTERN)


class SessionPublic(Out):
    """A participant's visit."""

    id: str
    branch_code: str
    #: The booth of a booth visit; null for an online visit.
    booth_number: int | None
    #: `booth` or `online`: where the participant is.
    channel: Channel = Channel.BOOTH
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


class StateChange(In):
    """Move a session to another state (the state machine decides whether it may)."""

    state: SessionState
    reason: str | None = Field(default=None, max_length=200)


class DocumentPublic(Out):
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


class DocumentUploadFields(In):
    """The form fields of a document upload, beside its ``file`` part (multipart/form-data)."""

    document_type: str = Field(min_length=1, max_length=64, description="catalog document code")
    sharpness: float | None = Field(default=None, ge=0, le=1e9)
    glare_ratio: float | None = Field(default=None, ge=0, le=1)
    brightness: float | None = Field(default=None, ge=0, le=255)


class DocumentUpload(DocumentUploadFields):
    """The whole multipart form of a document upload, as the OpenAPI schema describes it."""

    file: bytes = Field(description="the still (JPEG or PNG) or a PDF")


class RecordingUpload(In):
    """The multipart form of a recording upload, as the OpenAPI schema describes it."""

    file: bytes = Field(description="the session's recording (Matroska/WebM or MP4)")


#: Upload forms: routes read them from the request stream themselves, so FastAPI does not list them by itself.
UPLOAD_FORMS: tuple[type[BaseModel], ...] = (DocumentUpload, RecordingUpload)


class RecordingPublic(Out):
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


class VerificationEventPublic(Out):
    """A recorded verification question (the audit event it became)."""

    session_id: str
    kind: str
    matched: bool
    asked_by: str
    at: datetime


# -- participants ---------------------------------------------------------------------------------------------


class HeirPublic(Out):
    """A registered heir."""

    nik: str
    name: str
    relation: HeirRelation


class ParticipantPublic(Out):
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


class HeirInfo(In):
    """The heir filing a death claim."""

    nik: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)
    name: str = Field(min_length=1, max_length=100)
    relation: HeirRelation


class BankInfo(In):
    """Where the benefit is paid."""

    bank_code: str = Field(min_length=1, max_length=8, pattern=r"^[0-9]+$")
    account_number: str = Field(min_length=1, max_length=32, pattern=DIGITS_PATTERN)
    account_holder: str = Field(min_length=1, max_length=100)


class ClaimCreate(In):
    """A verified claim from the officer's console."""

    session_id: str | None = Field(default=None, max_length=40)
    branch_code: str | None = Field(default=None, pattern=r"^[A-Z]{2,8}$")
    claim_type: ClaimType
    reason: str = Field(min_length=1, max_length=32, pattern=CODE_PATTERN)
    nik: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)
    kpj: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)
    termination_date: date | None = None
    heir: HeirInfo | None = None
    road_accident: bool = False
    npwp: str | None = Field(default=None, max_length=24, pattern=DIGITS_PATTERN)
    bank: BankInfo
    documents: list[str] = Field(default_factory=list, max_length=40)

    @field_validator("documents")
    @classmethod
    def _codes(cls, documents: list[str]) -> list[str]:
        for code in documents:
            if not 0 < len(code) <= 64 or not code.replace("_", "").isalnum():
                raise ValueError("documents are catalog codes such as 'ektp'")
        return documents


class FindingPublic(Out):
    """One result of the claim rules."""

    code: str
    severity: Literal["blocking", "info"]
    message_id: str
    message_en: str
    document: str | None = None


class ClaimPublic(Out):
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


