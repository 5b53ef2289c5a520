"""The booth's hub port: what the booth needs from the hub, as a `typing.Protocol`, and the errors it raises.

`BoothHubPort` is implemented by `hub_adapter.HubAdapter` over the hub's REST client; tests and screenshots may
use any object with the same methods. Every method is a coroutine: the implementation runs its HTTP requests
off the loop. Refusals are typed (`CheckInRefused`, `IdentityRefused`) so screens can explain each one in the
participant's language; `HubUnavailable` means "the hub cannot be reached now, try again".
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from kiosk.domain.claims import ParticipantStatus
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.protocol import AttentionKind


@dataclass(frozen=True)
class CheckIn:
    """A session the hub opened for this visit."""

    session_id: str
    visit: VisitKind
    queue_number: str = ""


class CheckInRefusal(enum.Enum):
    """Why the hub refused a check-in; each has its own plain-words explanation on screen."""

    UNKNOWN_CODE = "unknown_code"
    USED_CODE = "used_code"
    WRONG_DATE = "wrong_date"
    WRONG_BRANCH = "wrong_branch"
    QUOTA_FULL = "quota_full"
    OTHER = "other"


class CheckInRefused(Exception):
    """The hub said no to a check-in. `cap`, `resets_at` and `booking_date` fill in the explanation."""

    def __init__(
        self,
        reason: CheckInRefusal,
        *,
        cap: int | None = None,
        resets_at: str | None = None,
        booking_date: date | None = None,
        branch_name: str | None = None,
    ) -> None:
        super().__init__(reason.value)
        self.reason = reason
        self.cap = cap
        self.resets_at = resets_at
        self.booking_date = booking_date
        self.branch_name = branch_name


@dataclass(frozen=True)
class IdentityMatch:
    """The registry's answer to a NIK + KPJ: a masked name to confirm, and what the rules need.

    Only what the booth must show or decide with: never the full name.
    """

    masked_name: str
    status: ParticipantStatus | None = None
    balance_above_npwp_threshold: bool | None = None
    birth_date: date | None = None
    membership_start: date | None = None


class IdentityRefusal(enum.Enum):
    """Why the registry could not confirm a person."""

    NOT_FOUND = "not_found"
    MISMATCH = "mismatch"


class IdentityRefused(Exception):
    """The NIK and KPJ do not lead to one registered participant."""

    def __init__(self, reason: IdentityRefusal) -> None:
        super().__init__(reason.value)
        self.reason = reason


class HubUnavailable(Exception):
    """The hub cannot be reached (or timed out); the same call may be retried later."""


@dataclass(frozen=True)
class UploadedDocument:
    """A document the hub stored."""

    document_id: str
    sha256: str


@dataclass(frozen=True)
class ClaimDetails:
    """What the participant chose on the service screen, sent to the hub for the officer."""

    claim_type: str
    reason: str
    termination_date: date | None
    heir_relation: str | None
    bank_code: str
    account_number: str


@dataclass(frozen=True)
class HeirEntry:
    """An heir's claim as typed: the deceased participant's NIK and KPJ, and the heir's own NIK."""

    nik: str
    kpj: str
    heir_nik: str


ProgressCallback = Callable[[int, int], None]


class BoothHubPort(Protocol):
    """The hub as the booth uses it (the port the booth's flows call)."""

    async def check_in_booking(self, code: str) -> CheckIn:
        """Open a session for an online booking code."""
        ...

    async def check_in_walk_in(self) -> CheckIn:
        """Open a session for a walk-in visitor (within the daily walk-in quota)."""
        ...

    async def identify(self, session_id: str, nik: str, kpj: str) -> IdentityMatch:
        """Ask the registry who this is; `IdentityRefused` when nobody matches."""
        ...

    async def identify_heir(self, session_id: str, heir: HeirEntry) -> IdentityMatch:
        """Store an heir's claim (the deceased's NIK and KPJ and the heir's own NIK); the match is the heir's
        (an empty name when the registry does not know them: the officer checks the heir certificate)."""
        ...

    async def save_claim(self, session_id: str, details: ClaimDetails) -> None:
        """Store the participant's choices on the session."""
        ...

    async def upload_document(
        self,
        session_id: str,
        document: str,
        data: bytes,
        content_type: str,
        metrics: dict[str, float] | None = None,
        progress: ProgressCallback | None = None,
    ) -> UploadedDocument:
        """Upload one still or the signature."""
        ...

    async def set_state(self, session_id: str, state: SessionState) -> None:
        """Move the session (self_service, waiting_cso, abandoned...)."""
        ...

    async def attention(self, session_id: str, kind: AttentionKind) -> None:
        """Raise an attention badge on the officer's console (e.g. call for help)."""
        ...

    async def ping(self) -> bool:
        """True when the hub answers (used by the "hub unreachable" screen to retry)."""
        ...
