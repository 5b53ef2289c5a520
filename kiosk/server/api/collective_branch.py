"""The branch's side of the collective channel and the worker's confirmation: ``/api/v1/collective/...``.

- branch admins create employers and their representatives;
- officers and supervisors decide on rows (one by one, or every clean row at once) and submit a row's claim,
  exactly once under the row's own Idempotency-Key; when in doubt they invite the worker to a video visit first;
- a worker (no account) sees and confirms the claim filed for them with the SMS's code and their NIK.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request

from kiosk.domain.access import Role, can_manage_employers
from kiosk.protocol.rest import (
    BulkDecisionResult,
    ConfirmationAnswer,
    ConfirmationLookup,
    ConfirmationView,
    EmployerCreate,
    EmployerPublic,
    RepresentativeCreate,
    RepresentativePublic,
    RowDecision,
    RowPublic,
    VideoInvitationResult,
)
from kiosk.server.deps import CurrentUser, HubDep, client_ip
from kiosk.server.errors import conflict, forbidden, not_found, unprocessable
from kiosk.server.models import Employer, User
from kiosk.server.repositories import audit, users
from kiosk.server.repositories import collective as repo
from kiosk.server.repositories.branches import find_branch
from kiosk.server.responses import error_responses
from kiosk.server.security import hash_password
from kiosk.server.services import collective as service
from kiosk.server.services import collective_confirm, collective_video

router = APIRouter(prefix="/collective", tags=["collective"])
RowId = Annotated[int, Path(ge=1, le=2**31 - 1)]


@router.post("/employers", response_model=EmployerPublic, status_code=201,
             responses=error_responses({409: "npp_taken", 422: "unknown_branch"}))
def create_employer(body: EmployerCreate, hub: HubDep, who: CurrentUser) -> EmployerPublic:
    """Register an employer of the branch by its NPP (branch admins, audited)."""
    if not can_manage_employers(who, body.branch_code):
        raise forbidden("the branch admin registers employers of the branch")
    now = hub.now()
    with hub.db.session() as session:
        branch = find_branch(session, body.branch_code)
        if branch is None:
            raise unprocessable("unknown_branch", f"there is no branch {body.branch_code}")
        if repo.employer_by_npp(session, body.npp) is not None:
            raise conflict("npp_taken", "an employer with this NPP is registered already")
        employer = Employer(npp=body.npp, name=body.name, branch_id=branch.id, created_at=now)
        session.add(employer)
        session.flush()
        audit.record(session, at=now, actor=who.actor, action="collective.employer_created",
                     subject_type="employer", subject_id=employer.id)
        return repo.employer_public(employer)


@router.get("/employers", response_model=list[EmployerPublic])
def list_employers(hub: HubDep, who: CurrentUser) -> list[EmployerPublic]:
    """The branch's employers (admins and supervisors; an admin of all branches sees all)."""
    if who.role not in (Role.ADMIN, Role.SUPERVISOR):
        raise forbidden("the branch's admins and supervisors see its employers")
    with hub.db.session() as session:
        branch = find_branch(session, who.branch_code) if who.branch_code else None
        found = repo.employers_of_branch(session, branch.id if branch else None)
        return [repo.employer_public(e) for e in found]


@router.post("/employers/{employer_id}/representatives", response_model=RepresentativePublic, status_code=201,
             responses=error_responses({409: "username_taken"}))
def create_representative(employer_id: RowId, body: RepresentativeCreate, hub: HubDep,
                          who: CurrentUser) -> RepresentativePublic:
    """Create a representative's account (role ``employer``) for an employer of the branch (audited)."""
    with hub.db.session() as session:
        employer = repo.employer_by_id(session, employer_id)
        if employer is None or not who.in_branch(employer.branch.code) or who.role.is_participant_end:
            raise not_found("employer")
        if not can_manage_employers(who, employer.branch.code):
            raise forbidden("the branch admin creates representatives")
    password_hash = hash_password(body.password)  # slow on purpose: outside the transaction
    now = hub.now()
    with hub.db.session() as session:
        employer = repo.employer_by_id(session, employer_id)
        assert employer is not None
        if users.user_by_username(session, body.username) is not None:
            raise conflict("username_taken", f"the username {body.username!r} is taken")
        user = User(username=body.username, display_name=body.display_name, role=Role.EMPLOYER.value,
                    branch_id=employer.branch_id, password_hash=password_hash, active=True, created_at=now)
        session.add(user)
        session.flush()
        repo.add_representative(session, user.id, employer.id)
        audit.record(session, at=now, actor=who.actor, action="collective.representative_created",
                     subject_type="user", subject_id=user.id, details={"employer": employer.id})
        return RepresentativePublic(user_id=user.id, username=user.username, display_name=user.display_name,
                                    employer_id=employer.id)


@router.post("/rows/{row_id}/decision", response_model=RowPublic,
             responses=error_responses({409: "not_confirmed, row_refused, already_submitted, erased, not_seen",
                                        422: "reason_required"}))
def decide(row_id: RowId, body: RowDecision, hub: HubDep, who: CurrentUser) -> RowPublic:
    """Approve a confirmed row (or, with `seen_by_video`, a row whose worker an officer saw in the video visit), or
    reject a row with a reason (the branch's officers and supervisors)."""
    return service.decide_row(hub, row_id, body=body, who=who)


@router.post("/rows/{row_id}/video-invitation", response_model=VideoInvitationResult,
             responses=error_responses({409: "no_free_slot, already_submitted, row_refused, erased"}))
def invite_to_video(row_id: RowId, request: Request, hub: HubDep, who: CurrentUser) -> VideoInvitationResult:
    """Invite the row's worker to a video visit on the online channel (its first free slot, by SMS); asking again
    while that visit can still take place answers the same visit (the branch's officers and supervisors)."""
    base = hub.settings.collective.public_url or str(request.base_url)
    return collective_video.invite_to_video(hub, row_id, who, base)


@router.post("/batches/{batch_id}/approve-clean", response_model=BulkDecisionResult)
def approve_clean(batch_id: str, hub: HubDep, who: CurrentUser) -> BulkDecisionResult:
    """Approve every clean row at once: accepted, confirmed by the worker, no video asked, undecided."""
    return service.approve_clean(hub, batch_id, who)


@router.post("/rows/{row_id}/claim", response_model=RowPublic,
             responses=error_responses({409: "not_confirmed, not_approved, erased", 422: "claim_ineligible"}))
def submit(row_id: RowId, hub: HubDep, who: CurrentUser) -> RowPublic:
    """Submit an approved row's claim; repeating it (a retry, another officer) answers the same claim."""
    return service.submit_row(hub, row_id, who)


@router.post("/confirmation/lookup", response_model=ConfirmationView,
             responses=error_responses({404: "wrong code or NIK, or expired", 429: "too_many_attempts"}))
def lookup(body: ConfirmationLookup, request: Request, hub: HubDep) -> ConfirmationView:
    """The claim filed for a worker, shown with the SMS's code and their NIK (no account; rate-limited)."""
    return collective_confirm.confirm(hub, body, client_ip(request))


@router.post("/confirmation", response_model=ConfirmationView,
             responses=error_responses({404: "wrong code or NIK, or expired", 409: "already_decided",
                                        429: "too_many_attempts"}))
def answer(body: ConfirmationAnswer, request: Request, hub: HubDep) -> ConfirmationView:
    """The worker confirms the claim and the bank account, or asks to be seen by video first."""
    return collective_confirm.confirm(hub, body, client_ip(request))
