"""Booth enrollment (REST route and ``kiosk server enroll-booth``) and a branch's quota use today."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kiosk.domain.quota import QuotaPolicy, VisitKind, check_quota
from kiosk.domain.references import new_enrollment_code
from kiosk.protocol.rest import BranchPublic, BranchToday, EnrollmentCodePublic, EnrollResponse, QuotaStatus
from kiosk.server.errors import ApiError, conflict, not_found
from kiosk.server.models import Branch
from kiosk.server.repositories import audit, bookings, booths, sessions
from kiosk.server.repositories.branches import find_branch
from kiosk.server.security import BOOTH_TOKEN_PREFIX, new_token


def local_date(at: datetime, timezone: str) -> date:
    """The calendar date at a branch at instant `at`."""
    return at.astimezone(ZoneInfo(timezone)).date()


def create_enrollment_code(
    session: Session, *, branch_code: str, booth_number: int, actor: str, now: datetime, ttl_s: float
) -> EnrollmentCodePublic:
    """Create (or reuse) booth `booth_number` of a branch and a one-time code for it (422 for an unknown branch)."""
    branch = find_branch(session, branch_code)
    if branch is None:
        raise ApiError(422, "unknown_branch", f"there is no branch {branch_code}")
    booth = booths.booth_by_number(session, branch, booth_number, create=True)
    assert booth is not None
    code = new_enrollment_code()
    expires = now + timedelta(seconds=ttl_s)
    booths.add_enrollment_code(session, booth_id=booth.id, code=code, now=now, expires_at=expires, actor=actor)
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


def enroll_booth(session: Session, code: str, *, now: datetime, ip: str) -> EnrollResponse | None:
    """Exchange a one-time code for a new device token (None: unknown code; 409 used or expired), audited."""
    row = booths.enrollment_code_for_update(session, code)
    if row is None:
        return None
    if row.used_at is not None:
        raise conflict("code_used", "this enrollment code was already used; ask the admin for a new one")
    if row.expires_at <= now:
        raise conflict("code_expired", "this enrollment code has expired; ask the admin for a new one")
    booth = booths.booth_by_id(session, row.booth_id)
    if booth is None:  # a foreign key guarantees it
        raise not_found("booth")
    token = new_token(BOOTH_TOKEN_PREFIX)
    row.used_at = now
    # A re-enrolled booth gets a new token; the old one stops working at once.
    booths.set_device_token(booth, token, now)
    audit.record(
        session,
        at=now,
        actor=f"booth:{booth.id}",
        action="booth.enrolled",
        subject_type="booth",
        subject_id=booth.id,
        details={"ip": ip},
    )
    return EnrollResponse(
        device_token=token,
        booth_id=booth.id,
        booth_number=booth.number,
        branch_code=booth.branch.code,
        branch_name=booth.branch.name,
    )


def quota_status(session: Session, branch: Branch, now: datetime) -> BranchToday:
    """Today's walk-in and online use of a branch (`now` in UTC)."""
    local_now = now.astimezone(ZoneInfo(branch.timezone))
    today = local_now.date()
    policy = QuotaPolicy(branch.walk_in_daily, branch.online_daily)
    walk_ins = sessions.count_walk_ins(session, branch.id, today)
    online = bookings.count_bookings(session, branch.id, today)

    def status(kind: VisitKind, used: int) -> QuotaStatus:
        decision = check_quota(policy, kind, used, local_now)
        return QuotaStatus(
            kind=kind, cap=decision.cap, used=used, remaining=decision.remaining, resets_at=decision.resets_at
        )

    return BranchToday(
        branch=BranchPublic.model_validate(branch),
        date=local_date(now, branch.timezone),
        walk_in=status(VisitKind.WALK_IN, walk_ins),
        online=status(VisitKind.ONLINE, online),
    )
