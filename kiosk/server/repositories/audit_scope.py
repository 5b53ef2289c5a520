"""The audit events of one branch (`kiosk.domain.access.audit_scope`): the branch wall of the audit trail.

Events carry no branch of their own (the chain's hashed fields stay as they are); an event belongs to a branch
when its subject does (a session, document, recording, claim, booking, booth or user of the branch, an
employer, collective batch or row of the branch, or the branch itself) or when its actor does (one of the
branch's users or booths, e.g. a participant lookup).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, and_, cast, literal, or_, select
from sqlalchemy.orm import Session

from kiosk.server.models import (
    AuditEvent,
    Booking,
    Booth,
    Claim,
    CollectiveBatch,
    CollectiveRow,
    Document,
    Employer,
    Recording,
    User,
    VisitSession,
)
from kiosk.server.repositories.branches import find_branch


def _of_branch(branch_id: int, branch_code: str) -> Any:
    """The condition "this event belongs to the branch"."""
    sessions = select(VisitSession.id).where(VisitSession.branch_id == branch_id)
    documents = select(Document.id).where(Document.session_id.in_(sessions))
    recordings = select(Recording.id).where(Recording.session_id.in_(sessions))
    claims = select(Claim.reference).where(Claim.branch_id == branch_id)
    bookings = select(Booking.code).where(Booking.branch_id == branch_id)
    users = select(cast(User.id, String)).where(User.branch_id == branch_id)
    booths = select(cast(Booth.id, String)).where(Booth.branch_id == branch_id)
    user_actors = select(literal("user:") + cast(User.id, String)).where(User.branch_id == branch_id)
    booth_actors = select(literal("booth:") + cast(Booth.id, String)).where(Booth.branch_id == branch_id)
    employers = select(cast(Employer.id, String)).where(Employer.branch_id == branch_id)
    batches = select(CollectiveBatch.id).where(CollectiveBatch.branch_id == branch_id)
    rows = select(cast(CollectiveRow.id, String)).where(
        CollectiveRow.batch_id.in_(select(CollectiveBatch.id).where(CollectiveBatch.branch_id == branch_id))
    )
    subject = AuditEvent.subject_id
    return or_(
        and_(AuditEvent.subject_type == "session", subject.in_(sessions)),
        and_(AuditEvent.subject_type == "document", subject.in_(documents)),
        and_(AuditEvent.subject_type == "recording", subject.in_(recordings)),
        and_(AuditEvent.subject_type == "claim", subject.in_(claims)),
        and_(AuditEvent.subject_type == "booking", subject.in_(bookings)),
        and_(AuditEvent.subject_type == "user", subject.in_(users)),
        and_(AuditEvent.subject_type == "booth", subject.in_(booths)),
        and_(AuditEvent.subject_type == "branch", subject == branch_code),
        and_(AuditEvent.subject_type == "employer", subject.in_(employers)),
        and_(AuditEvent.subject_type == "collective_batch", subject.in_(batches)),
        and_(AuditEvent.subject_type == "collective_row", subject.in_(rows)),
        AuditEvent.actor.in_(user_actors),
        AuditEvent.actor.in_(booth_actors),
    )


def events_after(
    session: Session, branch_code: str | None, after_seq: int, limit: int, subject_id: str | None = None
) -> list[AuditEvent]:
    """Up to `limit` events after `after_seq`, in order, of one branch (all branches when `branch_code` is None)
    and of one subject when `subject_id` is given."""
    query = select(AuditEvent).where(AuditEvent.seq > after_seq).order_by(AuditEvent.seq).limit(limit)
    if subject_id is not None:
        query = query.where(AuditEvent.subject_id == subject_id)
    if branch_code is not None:
        branch = find_branch(session, branch_code)
        if branch is None:
            return []
        query = query.where(_of_branch(branch.id, branch.code))
    return list(session.execute(query).scalars().all())
