"""Operations shared by the REST routes and the signaling hub: authentication, session views and changes.

Functions here take an open SQLAlchemy session and do not commit: the caller's unit of work does.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, Role, SessionFacts
from kiosk.domain.session import InvalidTransition, SessionState, transition
from kiosk.protocol.rest import Intake, OfficerPublic, SessionPublic
from kiosk.server import audit
from kiosk.server.errors import ApiError, conflict, not_found
from kiosk.server.models import Booking, Booth, User, UserToken, VisitSession
from kiosk.server.security import BOOTH_TOKEN_PREFIX, USER_TOKEN_PREFIX, token_hash


def new_id(prefix: str) -> str:
    """A random public id such as ``s-3f9c2a7d41b0e6c8``."""
    return f"{prefix}-{secrets.token_hex(8)}"


def local_date(at: datetime, timezone: str) -> date:
    """The calendar date at a branch at instant `at`."""
    return at.astimezone(ZoneInfo(timezone)).date()


def authenticate(session: Session, token: str, now: datetime) -> Principal | None:
    """The principal a bearer token stands for, or None for an unknown, expired or revoked token."""
    if token.startswith(USER_TOKEN_PREFIX):
        row = session.execute(select(UserToken).where(UserToken.token_hash == token_hash(token))).scalar_one_or_none()
        if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.active:
            return None
        user = row.user
        return Principal(Role(user.role), user.id, user.branch.code if user.branch else None, user.display_name)
    if token.startswith(BOOTH_TOKEN_PREFIX):
        booth = session.execute(select(Booth).where(Booth.device_token_hash == token_hash(token))).scalar_one_or_none()
        if booth is None:
            return None
        return Principal(Role.BOOTH, booth.id, booth.branch.code, f"booth {booth.number}")
    return None


def facts(visit: VisitSession) -> SessionFacts:
    """What the access rules need of a session."""
    return SessionFacts(visit.branch.code, visit.booth_id, SessionState(visit.state), visit.assigned_user_id)


def session_public(session: Session, visit: VisitSession, *, with_intake: bool = True) -> SessionPublic:
    """The API view of a session."""
    booking_code = None
    if visit.booking_id is not None:
        booking = session.get(Booking, visit.booking_id)
        booking_code = booking.code if booking else None
    officer = None
    if visit.assigned_user is not None:
        officer = OfficerPublic(user_id=visit.assigned_user.id, display_name=visit.assigned_user.display_name)
    intake = Intake.model_validate(visit.intake) if (with_intake and visit.intake) else None
    return SessionPublic(
        id=visit.id,
        branch_code=visit.branch.code,
        booth_number=visit.booth.number,
        kind=visit.kind,
        booking_code=booking_code,
        state=SessionState(visit.state),
        visit_date=visit.visit_date,
        assigned_to=officer,
        created_at=visit.created_at,
        updated_at=visit.updated_at,
        ended_at=visit.ended_at,
        end_reason=visit.end_reason,
        intake=intake,
    )


def get_session_for_update(session: Session, session_id: str) -> VisitSession:
    """A session row locked for the rest of the transaction, or 404."""
    visit = session.execute(
        select(VisitSession).where(VisitSession.id == session_id).with_for_update(of=VisitSession)
    ).scalar_one_or_none()
    if visit is None:
        raise not_found("session")
    return visit


def change_state(
    session: Session,
    visit: VisitSession,
    target: SessionState,
    *,
    actor: str,
    now: datetime,
    reason: str | None = None,
) -> SessionState:
    """Move `visit` to `target` through the domain state machine (409 when not allowed) and audit it."""
    current = SessionState(visit.state)
    try:
        transition(current, target)
    except InvalidTransition as exc:
        raise conflict(
            "invalid_transition", str(exc), current_state=current.value, requested_state=target.value
        ) from None
    visit.state = target.value
    visit.updated_at = now
    if target.is_final:
        visit.ended_at = now
        visit.end_reason = reason
    details: dict[str, object] = {"from": current.value, "to": target.value}
    if reason:
        details["reason"] = reason
    audit.record(
        session,
        at=now,
        actor=actor,
        action="session.state",
        subject_type="session",
        subject_id=visit.id,
        details=details,
    )
    return target


def user_by_username(session: Session, username: str) -> User | None:
    """The user with this name."""
    return session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def require(condition: bool, message: str) -> None:
    """403 unless `condition` holds."""
    if not condition:
        raise ApiError(403, "forbidden", message)
