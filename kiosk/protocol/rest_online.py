"""REST bodies of the online channel's public API (``/api/v1/online/*``): a participant books, signs in with the
booking code and NIK, prepares (consent, documents) and joins from a browser. `kiosk.protocol.rest` re-exports
them with every other REST body; docs/protocol.md documents them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from kiosk.domain.claims import ClaimType
from kiosk.domain.session import SessionState
from kiosk.protocol.rest_common import CODE_PATTERN, DIGITS_PATTERN, In, Language, Out

_SLOT = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"


class OnlineBranch(Out):
    """A branch that takes online visits."""

    code: str
    name: str
    timezone: str


class OnlineSlot(Out):
    """One slot of a day and how many places it has left (counts only: nothing personal)."""

    slot: str
    free: int


class OnlineBookingCreate(In):
    """A participant books an online visit: branch, day, slot, claim type, and who they are."""

    branch_code: str = Field(pattern=r"^[A-Z]{2,8}$")
    date: date
    slot: str = Field(pattern=_SLOT, description="slot start, HH:MM local time")
    claim_type: ClaimType
    nik: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)
    kpj: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)
    phone: str = Field(min_length=1, max_length=24)
    language: Language = "id"


class OnlineSignIn(In):
    """Sign in to a booking with its code (or QR payload) and the NIK it was made with."""

    code: str = Field(min_length=1, max_length=64)
    nik: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)


class OnlineBookingMove(In):
    """Move the signed-in booking to another day and slot."""

    date: date
    slot: str = Field(pattern=_SLOT)


class OnlineBranchRef(Out):
    """The branch of a booking."""

    code: str
    name: str


class OnlineSteps(Out):
    """How far the participant has prepared."""

    consent: bool
    intake: bool
    documents_done: int
    #: 0 until the intake names the claim's reason (the list of documents depends on it).
    documents_total: int


class OnlineDocumentNeed(Out):
    """One document the claim needs, in both languages, and whether it has been uploaded."""

    document_type: str
    shape: Literal["card", "page", "selfie", "signature"]
    name_id: str
    name_en: str
    instruction_id: str
    instruction_en: str
    done: bool


class OnlineBookingView(Out):
    """The signed-in participant's booking and how far the visit has come."""

    code: str
    branch: OnlineBranchRef
    date: date
    slot: str
    claim_type: ClaimType
    status: Literal["booked", "checked_in", "cancelled"]
    language: Language
    nik_masked: str
    qr_payload: str
    #: The visit, from consent on (null before).
    session_id: str | None
    session_state: SessionState | None
    steps: OnlineSteps
    documents: list[OnlineDocumentNeed]
    prepare_opens_at: datetime
    join_opens_at: datetime
    join_closes_at: datetime
    can_prepare: bool
    can_join: bool


class OnlineConsent(In):
    """The participant agrees to the recorded video call and the processing of their documents."""

    accepted: Literal[True]
    language: Language = "id"


class OnlineUploadCreate(In):
    """Start a resumable upload of one document: its type and its size in bytes."""

    document_type: str = Field(min_length=1, max_length=64, pattern=CODE_PATTERN)
    size: int = Field(ge=1)


class OnlineDocumentResult(Out):
    """The document a finished upload became, with the hub's quality measures (null for a PDF)."""

    document_id: str
    document_type: str
    media_type: str
    sharpness: float | None
    glare_ratio: float | None
    brightness: float | None
    card_found: bool | None


class OnlineUploadStatus(Out):
    """Where a resumable upload stands: bytes received (`offset`) of `size`; `document` once it is complete."""

    id: str
    document_type: str
    offset: int
    size: int
    done: bool
    document: OnlineDocumentResult | None = None


class OnlineJoinResult(Out):
    """The visit that joined the branch's queue."""

    session_id: str
    state: SessionState
