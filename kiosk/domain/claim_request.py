"""Who claims what: the participant as the registry knows them, the heir's relation, and the claim request."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date

from kiosk.domain.claim_catalog import ClaimType


class HeirRelation(enum.Enum):
    """How the heir is related to the participant who died."""

    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    OTHER = "other"


class ParticipantStatus(enum.Enum):
    """A participant's membership as the registry knows it."""

    ACTIVE = "active"  # still contributing through an employer
    INACTIVE = "inactive"  # stopped contributing (resigned, laid off); the balance is still there
    CLOSED = "closed"  # the balance has been paid out; nothing left to claim


@dataclass(frozen=True)
class ParticipantRecord:
    """What the registry knows of a participant (for an heir's claim: of the participant who died)."""

    nik: str
    kpj: str
    name: str
    birth_date: date
    membership_start: date
    status: ParticipantStatus
    balance: int
    contribution_months: int
    employer: str = ""
    npwp: str | None = None


@dataclass(frozen=True)
class ClaimRequest:
    """What is claimed. `documents` is None until documents are checked (the booth asks before capture)."""

    claim_type: ClaimType
    reason: str
    termination_date: date | None = None
    heir_relation: HeirRelation | None = None
    road_accident: bool = False
    npwp: str | None = None
    documents: frozenset[str] | None = None
