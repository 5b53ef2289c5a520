"""The audit trail, for supervisors and admins: ``/api/v1/audit/*``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kiosk.domain.access import audit_scope as scope_of
from kiosk.domain.access import can_view_audit
from kiosk.protocol.rest import AuditEventPublic, AuditVerification
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.errors import forbidden
from kiosk.server.repositories import audit, audit_scope
from kiosk.server.services.audit import verify

router = APIRouter()


@router.get("/audit/verify", response_model=AuditVerification, tags=["audit"])
def verify_audit(hub: HubDep, who: CurrentUser) -> AuditVerification:
    """Recompute the audit chain's MACs and compare it with the checkpoints; name the first failing event and
    what failed (supervisors and admins). A chain that holds is checkpointed."""
    if not can_view_audit(who):
        raise forbidden("only supervisors and admins read the audit trail")
    report = verify(hub.db, hub.now())
    return AuditVerification(
        ok=report.ok,
        events=report.events,
        first_broken_seq=report.first_broken_seq,
        problem=report.problem,
        kind=report.kind.value if report.kind else None,
    )


@router.get("/audit/events", response_model=list[AuditEventPublic], tags=["audit"])
def audit_events(
    hub: HubDep,
    who: CurrentUser,
    after_seq: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    subject_id: Annotated[str | None, Query(max_length=48)] = None,
) -> list[AuditEventPublic]:
    """Audit events in order, from `after_seq` (supervisors and admins; of their own branch, unless the admin's
    is all branches). Answers "who saw what, when"."""
    if not can_view_audit(who):
        raise forbidden("only supervisors and admins read the audit trail")
    with hub.db.session() as session:
        return [
            AuditEventPublic(
                seq=e.seq,
                at=e.at,
                actor=e.actor,
                action=e.action,
                subject_type=e.subject_type,
                subject_id=e.subject_id,
                details=audit.details_of(e),
                hash=e.hash,
            )
            for e in audit_scope.events_after(session, scope_of(who), after_seq, limit, subject_id)
        ]
