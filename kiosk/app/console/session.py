"""One assigned session as the console holds it: the tile's facts (`Booth`) and the workspace's (`SessionDetail`).

Plain data, no I/O: `ConsoleState` owns every `Booth` (and through it the session's only `SessionDetail`), the
service fills them through the state, and the widgets render them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

from kiosk.app.link_health import NetworkQuality as NetworkQuality  # re-exported: the tile and the state use it
from kiosk.domain.channels import Channel
from kiosk.domain.claims import ClaimType, ParticipantRecord
from kiosk.domain.rejection import REJECT_REASON_CODES
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind, AttentionReason


class RecordingState(enum.Enum):
    """Where a session's recording stands."""

    OFF = "off"
    RECORDING = "recording"
    UPLOADING = "uploading"
    UPLOADED = "uploaded"
    FAILED = "failed"


class SubmissionState(enum.Enum):
    """The claim's way to the backend, as the tile shows it."""

    NONE = "none"
    PENDING = "pending"
    DELIVERED = "delivered"
    REFUSED = "refused"


class Decision(enum.Enum):
    """The officer's verdict on a claim."""

    APPROVED = "approved"
    REJECTED = "rejected"


#: Reason codes an officer gives with a rejection (the widget words them; the hub stores the code; the booth
#: shows the participant's words for it, `kiosk.domain.rejection`).
REJECT_REASONS: tuple[str, ...] = REJECT_REASON_CODES
#: The officer's note for the file fits the hub's record beside the longest reason code.
NOTE_MAX_LENGTH = 170
#: Reason codes with an approval.
APPROVE_REASONS: tuple[str, ...] = ("verified", "verified_with_note")


@dataclass(frozen=True)
class DocumentStill:
    """A captured document as the console holds it: hub id, quality metrics, the image bytes once fetched."""

    document: str
    document_id: str
    sha256: str = ""
    sharpness: float | None = None
    glare_ratio: float | None = None
    brightness: float | None = None
    image: bytes | None = None
    media_type: str = "image/jpeg"


@dataclass(frozen=True)
class Question:
    """A verification question: `kind` picks the widget's wording, `expected` is what the registry says."""

    kind: str
    expected: str


@dataclass
class SessionDetail:
    """Everything the workspace shows for one session (filled from the hub's session detail)."""

    session_id: str
    claim_type: ClaimType | None = None
    reason: str | None = None
    record: ParticipantRecord | None = None
    entries: dict[str, Any] = field(default_factory=dict)
    documents: dict[str, DocumentStill] = field(default_factory=dict)
    verified: set[str] = field(default_factory=set)
    face_still: bytes | None = None
    questions: list[Question] = field(default_factory=list)


@dataclass
class Booth:
    """One assigned booth session as the console sees it; `detail` is the session's one `SessionDetail`."""

    session_id: str
    #: The booth's number; None for an online participant (no booth).
    booth_number: int | None
    slot: int
    assigned_at: float
    state: SessionState = SessionState.WAITING_CSO
    state_since: float = 0.0
    masked_name: str = ""
    #: An heir's claim: the heir's masked name as the hub announced it (`masked_name` is the deceased's).
    heir_masked_name: str = ""
    claim_type: str | None = None
    reason: str | None = None
    documents_done: int = 0
    documents_total: int = 0
    attention: dict[AttentionKind, float] = field(default_factory=dict)
    #: Why the participant called for help (with the document types a missing_document names), until the officer
    #: acknowledges it by turning to the booth.
    help_reasons: dict[AttentionReason, tuple[str, ...]] = field(default_factory=dict)
    network: NetworkQuality = NetworkQuality.UNKNOWN
    #: Seconds since anything last arrived from the booth while its link is interrupted, else None.
    interrupted_s: int | None = None
    recording: RecordingState = RecordingState.OFF
    frozen: bool = False
    connected: bool = False
    decision: Decision | None = None
    decision_reason: str = ""
    decision_note: str = ""
    signature_id: str | None = None
    submission: SubmissionState = SubmissionState.NONE
    submission_detail: str = ""
    first_focus_at: float | None = None
    #: Where the participant is: at a booth, or online in a browser (the tile says which).
    channel: Channel = Channel.BOOTH
    detail: SessionDetail = field(init=False)

    def __post_init__(self) -> None:
        self.detail = SessionDetail(self.session_id)

    @property
    def key(self) -> int:
        """The number key that focuses this booth (1-based slot)."""
        return self.slot + 1

    def waiting_since(self) -> float | None:
        """When this booth started waiting for the officer (oldest ready/help request), or None."""
        times = [t for kind, t in self.attention.items() if kind in (AttentionKind.READY, AttentionKind.HELP)]
        return min(times) if times else None


@dataclass
class Shift:
    """The officer's shift so far."""

    started_at: float
    sessions_handled: int = 0
    claims_submitted: int = 0
    claims_rejected: int = 0
    total_handle_s: float = 0.0
    last_break_end: float | None = None
    on_break_since: float | None = None

    def average_handle_s(self) -> float | None:
        """Mean time from assignment to end over the sessions handled, or None before the first."""
        return self.total_handle_s / self.sessions_handled if self.sessions_handled else None

    def since_break_s(self, now: float) -> float:
        """Seconds since the last break ended (or since the shift began); 0 while on a break."""
        if self.on_break_since is not None:
            return 0.0
        return now - (self.last_break_end if self.last_break_end is not None else self.started_at)
