"""REST bodies of the collective channel (``/api/v1/collective/...``): employers and their representatives,
batches and their rows, the workers' confirmation and the officers' decisions. `kiosk.protocol.rest` re-exports
them with every other REST body."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from kiosk.protocol.rest_common import DIGITS_PATTERN, In, Out, PlainText

#: Where a worker's row stands, as the employer and the officer see it.
RowStatus = Literal[
    "refused", "to_invite", "waiting_confirmation", "video_requested", "confirmed", "approved", "rejected", "submitted"
]
#: The two letters an employer files with a batch.
LetterKind = Literal["power_of_attorney", "layoff_letter"]
#: The online visit an officer invited a worker to: booked, or taken place (an officer saw the worker by video).
VideoVisit = Literal["booked", "seen"]


class EmployerCreate(In):
    """A company that will file collectively (branch admins only, in their own branch)."""

    npp: str = Field(pattern=r"^[A-Z0-9]{8,20}$", description="The company's registration number (NPP)")
    name: PlainText = Field(min_length=1, max_length=100)
    branch_code: str = Field(pattern=r"^[A-Z]{2,8}$")


class EmployerPublic(Out):
    """An employer as the branch and its representatives see it."""

    id: int
    npp: str
    name: str
    branch_code: str


class RepresentativeCreate(In):
    """A representative's account (role ``employer``), tied to one employer."""

    username: str = Field(pattern=r"^[a-z0-9_.-]{2,64}$")
    display_name: PlainText = Field(min_length=1, max_length=100)
    password: Annotated[str, StringConstraints(strip_whitespace=False, min_length=8, max_length=256)]


class RepresentativePublic(Out):
    """A representative's account."""

    user_id: int
    username: str
    display_name: str
    employer_id: int


class EmployerSessionPublic(Out):
    """The logged-in representative and the employer they act for (the token is in an HttpOnly cookie)."""

    name: str
    employer: EmployerPublic
    expires_at: datetime | None


class BatchCounts(Out):
    """A batch's rows by where they stand."""

    rows: int
    refused: int
    to_invite: int
    waiting_confirmation: int
    video_requested: int
    confirmed: int
    approved: int
    rejected: int
    submitted: int


class BatchPublic(Out):
    """A collective filing: its employer, its letters and its progress."""

    id: str
    employer: EmployerPublic
    created_at: datetime
    uploads: int
    last_upload_at: datetime | None
    letters: list[LetterKind]
    counts: BatchCounts


class RowIssuePublic(Out):
    """One result of a row's checks, in plain words (blocking: the row cannot be filed as it is)."""

    code: str
    column: str | None
    message_id: str
    message_en: str
    blocking: bool


class RowPublic(Out):
    """A worker's row: the cells as typed, the result, the confirmation, the decision and the claim."""

    id: int
    line: int
    status: RowStatus
    cells: dict[str, str]
    issues: list[RowIssuePublic]
    name: str | None
    claim_type: str | None
    reason: str | None
    last_working_day: date | None
    account_masked: str | None
    documents: list[str]
    confirmation: Literal["none", "sent", "confirmed", "video_requested", "locked"]
    decision: Literal["approved", "rejected"] | None
    decision_reason: str | None
    claim_reference: str | None
    video_booking_code: str | None = Field(description="The online visit an officer invited the worker to")
    video_visit: VideoVisit | None = Field(description="That visit: booked, or seen (the call took place)")


class RowPage(Out):
    """Some rows of a batch, in the order of their lines."""

    total: int
    offset: int
    rows: list[RowPublic]


class RosterUploadResult(Out):
    """What an upload changed: rows of the file, and how each met the batch's rows of the same worker."""

    batch: BatchPublic
    file_rows: int
    accepted: int
    refused: int
    added: int
    replaced: int
    unchanged: int
    locked: int


class LetterPublic(Out):
    """A letter filed with a batch."""

    kind: LetterKind
    media_type: str
    size: int
    uploaded_at: datetime


class ZipRefusal(Out):
    """A file of a documents zip that was not taken, and why."""

    name: str
    reason: str


class DocumentsZipResult(Out):
    """The documents a zip added (named ``<NIK>_<document code>.jpg|png|pdf``) and the files it refused."""

    stored: int
    refused: list[ZipRefusal]


class InvitationResult(Out):
    """How many workers were sent their confirmation code by SMS."""

    sent: int


class ConfirmationLookup(In):
    """A worker's code (from the SMS) and NIK, to see the claim filed for them."""

    code: str = Field(min_length=4, max_length=16, pattern=r"^[A-Za-z0-9 -]+$")
    nik: str = Field(min_length=1, max_length=24, pattern=DIGITS_PATTERN)


class ConfirmationAnswer(ConfirmationLookup):
    """The worker confirms the claim and the bank account, or asks to be seen by video first."""

    answer: Literal["confirm", "video"]


class ConfirmationView(Out):
    """What the worker is asked to confirm (the account number masked), and their answer so far."""

    employer_name: str
    claim_type: str
    reason: str
    last_working_day: date
    bank_name: str
    account_masked: str
    confirmation: Literal["sent", "confirmed", "video_requested"]


class RowDecision(In):
    """An officer's decision on one row (a reason is required to reject)."""

    decision: Literal["approve", "reject"]
    reason: PlainText | None = Field(default=None, max_length=200)
    seen_by_video: bool = Field(
        default=False,
        description="Approve a row the worker did not confirm by SMS (sent or video_requested): an officer saw the "
        "worker in the online visit they were invited to (`POST /rows/{row_id}/video-invitation`)",
    )


class BulkDecisionResult(Out):
    """How many clean rows (accepted, confirmed, no video asked, undecided) were approved at once."""

    approved: int


class VideoInvitationResult(Out):
    """The online visit a worker is invited to, to be seen by an officer; `sms_sent` is false when the call
    answered an invitation made before (the worker got its SMS then)."""

    row: RowPublic
    booking_code: str
    date: date
    slot: str
    sms_sent: bool
