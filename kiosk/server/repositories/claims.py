"""Claims: idempotent lookups, the day's sequence numbers (a counter row per branch and day), storage, and the API
view of a claim."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.domain.claims import ClaimType, Evaluation
from kiosk.protocol.rest import ClaimPublic, FindingPublic
from kiosk.server.models import Claim, ClaimCounter


def findings_json(evaluation: Evaluation) -> list[dict[str, str | None]]:
    """Findings as stored with a claim and returned by the API."""
    return [
        {
            "code": f.code,
            "severity": f.severity.value,
            "message_id": f.message_id,
            "message_en": f.message_en,
            "document": f.document,
        }
        for f in evaluation.findings
    ]


def claim_public(claim: Claim, branch_code: str | None = None) -> ClaimPublic:
    """The API view of a claim (`branch_code` spares loading the branch when the caller knows it)."""
    return ClaimPublic(
        reference=claim.reference,
        branch_code=branch_code or claim.branch.code,
        session_id=claim.session_id,
        claim_type=ClaimType(claim.claim_type),
        reason=claim.reason,
        status=claim.status,
        created_at=claim.created_at,
        findings=[FindingPublic.model_validate(f) for f in claim.findings],
        submitted_by=claim.submitted_by,
    )


def idempotency_scope(branch_code: str) -> str:
    """The scope an Idempotency-Key is unique in: the branch."""
    return f"branch:{branch_code}"


def claim_by_key(session: Session, branch_code: str, key: str) -> Claim | None:
    """The claim submitted in a branch under this Idempotency-Key."""
    return session.execute(
        select(Claim).where(Claim.idempotency_scope == idempotency_scope(branch_code), Claim.idempotency_key == key)
    ).scalar_one_or_none()


def claim_by_reference(session: Session, reference: str) -> Claim | None:
    """The claim with this reference."""
    return session.execute(select(Claim).where(Claim.reference == reference)).scalar_one_or_none()


def reference_of_session(session: Session, session_id: str) -> str | None:
    """The reference of the claim submitted in a visit (None before it is submitted)."""
    return session.execute(select(Claim.reference).where(Claim.session_id == session_id)).scalars().first()


def take_sequence(session: Session, branch_id: int, day: date) -> int:
    """Take the branch's next claim number of the day, in one statement; the counter row stays locked until the
    transaction ends, so the number is unique, and it is given back by a rollback, so the day has no gaps.

    The counter never falls behind the claims stored for the day (claims written without it, by a tool or a test,
    or a database restored without its counters): it starts, or resumes, after the highest stored number.
    """
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    after_stored = (
        select(func.coalesce(func.max(Claim.sequence), 0) + 1)
        .where(Claim.branch_id == branch_id, Claim.day == day)
        .scalar_subquery()
    )
    fresh = insert(ClaimCounter).values(branch_id=branch_id, day=day, last_sequence=after_stored)
    # `excluded` holds the number after the stored claims as this statement's snapshot saw them; the row's own
    # value is the latest committed one (PostgreSQL waits for the row lock and reads it again), so the larger wins.
    larger = func.greatest if dialect == "postgresql" else func.max
    statement = fresh.on_conflict_do_update(
        index_elements=[ClaimCounter.branch_id, ClaimCounter.day],
        set_={"last_sequence": larger(ClaimCounter.last_sequence + 1, fresh.excluded.last_sequence)},
    ).returning(ClaimCounter.last_sequence)
    return int(session.execute(statement).scalar_one())


def add_claim(session: Session, claim: Claim) -> Claim:
    """Store a claim."""
    session.add(claim)
    session.flush()
    return claim


def count_by_type(session: Session, branch_id: int, day: date) -> dict[str, int]:
    """A branch's claims of a day per claim type, by type."""
    rows = session.execute(
        select(Claim.claim_type, func.count())
        .where(Claim.branch_id == branch_id, Claim.day == day)
        .group_by(Claim.claim_type)
        .order_by(Claim.claim_type)
    ).all()
    return {str(kind): int(n) for kind, n in rows}
