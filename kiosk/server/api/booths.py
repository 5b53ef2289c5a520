"""Booth enrollment and health, and branch quotas: ``/api/v1/booths*``, ``/api/v1/branches/*``."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.access import can_manage_booths, can_view_booths
from kiosk.domain.quota import QuotaPolicy, VisitKind, check_quota
from kiosk.domain.references import new_enrollment_code, normalize_enrollment_code
from kiosk.protocol.rest import (
    BoothPublic,
    BranchPublic,
    BranchToday,
    EnrollmentCodeCreate,
    EnrollmentCodePublic,
    EnrollRequest,
    EnrollResponse,
    QuotaStatus,
    SessionPublic,
)
from kiosk.server import audit
from kiosk.server.api.auth import client_ip
from kiosk.server.context import HubContext
from kiosk.server.deps import BoothDep, HubDep, PrincipalDep
from kiosk.server.errors import ApiError, conflict, forbidden, not_found
from kiosk.server.models import Booking, Booth, Branch, EnrollmentCode, VisitSession
from kiosk.server.security import BOOTH_TOKEN_PREFIX, new_token, token_hash
from kiosk.server.services import local_date, session_public

router = APIRouter(tags=["booths"])


def branch_by_code(session: Session, code: str) -> Branch:
    """The branch with this code, or 404."""
    branch = session.execute(select(Branch).where(Branch.code == code)).scalar_one_or_none()
    if branch is None:
        raise not_found("branch")
    return branch


def create_enrollment_code(
    session: Session, hub: HubContext, branch_code: str, booth_number: int, actor: str
) -> EnrollmentCodePublic:
    """Create (or reuse) booth `booth_number` of a branch and a one-time code for it; shared with the CLI."""
    now = hub.now()
    branch = session.execute(select(Branch).where(Branch.code == branch_code)).scalar_one_or_none()
    if branch is None:
        raise ApiError(422, "unknown_branch", f"there is no branch {branch_code}")
    booth = session.execute(
        select(Booth).where(Booth.branch_id == branch.id, Booth.number == booth_number)
    ).scalar_one_or_none()
    if booth is None:
        booth = Booth(branch_id=branch.id, number=booth_number)
        session.add(booth)
        session.flush()
    code = new_enrollment_code()
    expires = now + timedelta(seconds=hub.settings.server.enrollment_code_ttl_s)
    session.add(
        EnrollmentCode(
            booth_id=booth.id, code_hash=token_hash(code), created_at=now, expires_at=expires, created_by=actor
        )
    )
    audit.record(
        session,
        at=now,
        actor=actor,
        action="booth.enrollment_code",
        subject_type="booth",
        subject_id=booth.id,
        details={"branch": branch.code, "number": booth_number, "expires_at": expires.isoformat()},
    )
    return EnrollmentCodePublic(code=code, branch_code=branch.code, booth_number=booth_number, expires_at=expires)


@router.post("/booths/enrollment-codes", response_model=EnrollmentCodePublic, status_code=201)
def enrollment_code(body: EnrollmentCodeCreate, hub: HubDep, who: PrincipalDep) -> EnrollmentCodePublic:
    """An admin creates a one-time code for a booth's setup wizard (valid ``server.enrollment_code_ttl_s``)."""
    if not can_manage_booths(who, body.branch_code):
        raise forbidden("only an admin of this branch enrolls booths")
    with hub.db.session() as session:
        return create_enrollment_code(session, hub, body.branch_code, body.booth_number, who.actor)


@router.post(
    "/booths/enroll",
    response_model=EnrollResponse,
    responses={404: {"description": "unknown code"}, 409: {"description": "code used or expired"}},
)
def enroll(body: EnrollRequest, request: Request, hub: HubDep) -> EnrollResponse:
    """Exchange a one-time enrollment code for the booth's device token (no bearer token needed)."""
    ip = client_ip(request)
    decision = hub.enroll_limiter.check(ip)
    if not decision.allowed:
        retry = max(1, int(decision.retry_after_s + 0.999))
        raise ApiError(
            429,
            "too_many_attempts",
            f"too many unknown codes from this address; try again in {retry} s",
            headers={"Retry-After": str(retry)},
            retry_after_s=retry,
        )
    try:
        code = normalize_enrollment_code(body.code)
    except ValueError as exc:
        hub.enroll_limiter.hit(ip)
        raise ApiError(422, "invalid_code", str(exc)) from None
    now = hub.now()
    with hub.db.session() as session:
        row = session.execute(
            select(EnrollmentCode).where(EnrollmentCode.code_hash == token_hash(code)).with_for_update()
        ).scalar_one_or_none()
        if row is None:
            hub.enroll_limiter.hit(ip)
            raise not_found("enrollment code")
        if row.used_at is not None:
            raise conflict("code_used", "this enrollment code was already used; ask the admin for a new one")
        if row.expires_at <= now:
            raise conflict("code_expired", "this enrollment code has expired; ask the admin for a new one")
        booth = session.get(Booth, row.booth_id)
        assert booth is not None  # a foreign key guarantees it
        token = new_token(BOOTH_TOKEN_PREFIX)
        row.used_at = now
        # A re-enrolled booth gets a new token; the old one stops working at once.
        booth.device_token_hash = token_hash(token)
        booth.enrolled_at = now
        audit.record(
            session,
            at=now,
            actor=f"booth:{booth.id}",
            action="booth.enrolled",
            subject_type="booth",
            subject_id=booth.id,
            details={"ip": ip},
        )
        result = EnrollResponse(
            device_token=token,
            booth_id=booth.id,
            booth_number=booth.number,
            branch_code=booth.branch.code,
            branch_name=booth.branch.name,
        )
    hub.tokens.clear()  # after the commit, so no request can re-cache the old token
    return result


def booth_public(session: Session, hub: HubContext, booth: Booth) -> BoothPublic:
    """The API view of a booth, with its current open session and whether it is connected now."""
    current = (
        session.execute(
            select(VisitSession.id).where(VisitSession.booth_id == booth.id, VisitSession.ended_at.is_(None))
        )
        .scalars()
        .first()
    )
    return BoothPublic(
        id=booth.id,
        branch_code=booth.branch.code,
        number=booth.number,
        enrolled=booth.device_token_hash is not None,
        connected=hub.signaling.booth_connected(booth.id),
        last_heartbeat=booth.last_heartbeat,
        camera_ok=booth.camera_ok,
        microphone_ok=booth.microphone_ok,
        speaker_ok=booth.speaker_ok,
        link_ok=booth.link_ok,
        current_session_id=current,
    )


@router.get("/booths", response_model=list[BoothPublic])
def list_booths(hub: HubDep, who: PrincipalDep, branch_code: str | None = None) -> list[BoothPublic]:
    """Booths with their health (admins and supervisors; a branch's own only)."""
    code = branch_code or who.branch_code
    if code is None:
        raise ApiError(422, "branch_required", "give branch_code")
    if not can_view_booths(who, code):
        raise forbidden("only admins and supervisors of this branch see its booths")
    with hub.db.session() as session:
        branch = branch_by_code(session, code)
        booths = (
            session.execute(select(Booth).where(Booth.branch_id == branch.id).order_by(Booth.number)).scalars().all()
        )
        return [booth_public(session, hub, b) for b in booths]


@router.get("/booths/me", response_model=BoothPublic)
def booth_me(hub: HubDep, who: BoothDep) -> BoothPublic:
    """The calling booth, with its current session's id (if one is open)."""
    with hub.db.session() as session:
        booth = session.get(Booth, who.subject_id)
        if booth is None:
            raise not_found("booth")
        return booth_public(session, hub, booth)


@router.get("/booths/me/session", response_model=SessionPublic | None)
def booth_current_session(hub: HubDep, who: BoothDep) -> SessionPublic | None:
    """The calling booth's open session (null when none is open)."""
    with hub.db.session() as session:
        visit = (
            session.execute(
                select(VisitSession).where(VisitSession.booth_id == who.subject_id, VisitSession.ended_at.is_(None))
            )
            .scalars()
            .first()
        )
        return session_public(session, visit) if visit else None


def quota_status(session: Session, hub: HubContext, branch: Branch) -> BranchToday:
    """Today's walk-in and online use of a branch."""
    now = hub.local_now(branch.timezone)
    today = now.date()
    policy = QuotaPolicy(branch.walk_in_daily, branch.online_daily)
    walk_ins = session.execute(
        select(func.count())
        .select_from(VisitSession)
        .where(
            VisitSession.branch_id == branch.id,
            VisitSession.visit_date == today,
            VisitSession.kind == VisitKind.WALK_IN.value,
        )
    ).scalar_one()
    online = session.execute(
        select(func.count())
        .select_from(Booking)
        .where(Booking.branch_id == branch.id, Booking.visit_date == today, Booking.status != "cancelled")
    ).scalar_one()

    def status(kind: VisitKind, used: int) -> QuotaStatus:
        decision = check_quota(policy, kind, used, now)
        return QuotaStatus(
            kind=kind, cap=decision.cap, used=used, remaining=decision.remaining, resets_at=decision.resets_at
        )

    return BranchToday(
        branch=BranchPublic.model_validate(branch),
        date=local_date(hub.now(), branch.timezone),
        walk_in=status(VisitKind.WALK_IN, walk_ins),
        online=status(VisitKind.ONLINE, online),
    )


@router.get("/branches/{code}", response_model=BranchToday, tags=["branches"])
def branch_today(code: str, hub: HubDep, who: PrincipalDep) -> BranchToday:
    """A branch's settings and today's quota use (any token of the branch)."""
    if not who.in_branch(code):
        raise forbidden("this token belongs to another branch")
    with hub.db.session() as session:
        return quota_status(session, hub, branch_by_code(session, code))
