"""Booth enrollment and health, and branch quotas: ``/api/v1/booths*``, ``/api/v1/branches/*``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kiosk.domain.access import can_manage_booths, can_view_booths
from kiosk.domain.references import normalize_enrollment_code
from kiosk.protocol.rest import (
    BoothPublic,
    BranchToday,
    EnrollmentCodeCreate,
    EnrollmentCodePublic,
    EnrollRequest,
    EnrollResponse,
    SessionPublic,
)
from kiosk.server.deps import BoothDep, CurrentUser, HubDep, client_ip
from kiosk.server.errors import ApiError, forbidden, not_found
from kiosk.server.events import TokensCleared
from kiosk.server.repositories import booths, sessions
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.responses import error_responses
from kiosk.server.services.booths import create_enrollment_code, enroll_booth, quota_status
from kiosk.server.services.limits import MISSES, guess_limits

router = APIRouter(tags=["booths"])


@router.post("/booths/enrollment-codes", response_model=EnrollmentCodePublic, status_code=201)
def enrollment_code(body: EnrollmentCodeCreate, hub: HubDep, who: CurrentUser) -> EnrollmentCodePublic:
    """An admin creates a one-time code for a booth's setup wizard (valid ``server.enrollment_code_ttl_s``)."""
    if not can_manage_booths(who, body.branch_code):
        raise forbidden("only an admin of this branch enrolls booths")
    with hub.db.session() as session:
        return create_enrollment_code(
            session,
            branch_code=body.branch_code,
            booth_number=body.booth_number,
            actor=who.actor,
            now=hub.now(),
            ttl_s=hub.settings.server.enrollment_code_ttl_s,
        )


@router.post(
    "/booths/enroll",
    response_model=EnrollResponse,
    responses=error_responses(
        {404: "unknown code", 409: "code used or expired", 429: "too many unknown codes, with Retry-After"}
    ),
)
def enroll(body: EnrollRequest, request: Request, hub: HubDep) -> EnrollResponse:
    """Exchange a one-time enrollment code for the booth's device token (no bearer token needed)."""
    ip = client_ip(request)
    with hub.limiter.guess(guess_limits(hub.settings.server, "enroll", ip), "too many unknown codes", misses=MISSES):
        try:
            code = normalize_enrollment_code(body.code)
        except ValueError as exc:
            raise ApiError(422, "invalid_code", str(exc)) from None
        with hub.db.session() as session:
            result = enroll_booth(session, code, now=hub.now(), ip=ip)
            if result is None:
                raise not_found("enrollment code")
    hub.events.publish(TokensCleared())  # after the commit, so no request can re-cache the old token
    return result


@router.get("/booths", response_model=list[BoothPublic])
def list_booths(hub: HubDep, who: CurrentUser, branch_code: str | None = None) -> list[BoothPublic]:
    """Booths with their health (admins and supervisors; a branch's own only)."""
    code = branch_code or who.branch_code
    if code is None:
        raise ApiError(422, "branch_required", "give branch_code")
    if not can_view_booths(who, code):
        raise forbidden("only admins and supervisors of this branch see its booths")
    with hub.db.session() as session:
        branch = branch_by_code(session, code)
        return [
            booths.booth_public(session, b, connected=hub.presence.booth_connected(b.id))
            for b in booths.booths_of_branch(session, branch.id)
        ]


@router.get("/booths/me", response_model=BoothPublic)
def booth_me(hub: HubDep, who: BoothDep) -> BoothPublic:
    """The calling booth, with its current session's id (if one is open)."""
    with hub.db.session() as session:
        booth = booths.booth_by_id(session, who.subject_id)
        if booth is None:
            raise not_found("booth")
        return booths.booth_public(session, booth, connected=hub.presence.booth_connected(booth.id))


@router.get("/booths/me/session", response_model=SessionPublic | None)
def booth_current_session(hub: HubDep, who: BoothDep) -> SessionPublic | None:
    """The calling booth's open session (null when none is open)."""
    with hub.db.session() as session:
        visit = sessions.open_session(session, who.subject_id)
        return sessions.session_public(session, visit) if visit else None


@router.get("/branches/{code}", response_model=BranchToday, tags=["branches"])
def branch_today(code: str, hub: HubDep, who: CurrentUser) -> BranchToday:
    """A branch's settings and today's quota use (any token of the branch)."""
    if not who.in_branch(code):
        raise forbidden("this token belongs to another branch")
    with hub.db.session() as session:
        return quota_status(session, branch_by_code(session, code), hub.now())
