"""Sessions (one participant's visit): creation at check-in, state changes, intake, listings and counts.

The queue queries of the signaling hub (which sessions wait, who got which) are in `assignments`.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, Role, SessionFacts, can_view_session
from kiosk.domain.channels import Channel
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import InvalidTransition, SessionState, transition
from kiosk.protocol.rest import Intake, OfficerPublic, SessionPublic
from kiosk.server.errors import conflict, not_found
from kiosk.server.models import Booking, Branch, VisitSession
from kiosk.server.repositories import audit


def facts(visit: VisitSession) -> SessionFacts:
    """What the access rules need of a session."""
    return SessionFacts(
        visit.branch.code,
        visit.booth_id,
        SessionState(visit.state),
        visit.assigned_user_id,
        booking_id=visit.booking_id,
        channel=Channel(visit.channel),
    )


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
        booth_number=visit.booth.number if visit.booth else None,
        channel=Channel(visit.channel),
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


def get_session(session: Session, session_id: str) -> VisitSession | None:
    """The session with this id."""
    return session.get(VisitSession, session_id)


def get_for_update(session: Session, session_id: str) -> VisitSession:
    """A session row locked for the rest of the transaction, or 404."""
    visit = session.execute(
        select(VisitSession).where(VisitSession.id == session_id).with_for_update(of=VisitSession)
    ).scalar_one_or_none()
    if visit is None:
        raise not_found("session")
    return visit


def visible_session(session: Session, who: Principal, session_id: str) -> VisitSession:
    """The session if `who` may see it; 404 otherwise (no hint that it exists)."""
    visit = session.get(VisitSession, session_id)
    if visit is None or not can_view_session(who, facts(visit)):
        raise not_found("session")
    return visit


def open_session(session: Session, booth_id: int) -> VisitSession | None:
    """The booth's open (not ended) session."""
    return (
        session.execute(select(VisitSession).where(VisitSession.booth_id == booth_id, VisitSession.ended_at.is_(None)))
        .scalars()
        .first()
    )


def open_session_id(session: Session, booth_id: int) -> str | None:
    """The id of the booth's open session."""
    return (
        session.execute(
            select(VisitSession.id).where(VisitSession.booth_id == booth_id, VisitSession.ended_at.is_(None))
        )
        .scalars()
        .first()
    )


def branch_code_of(session: Session, session_id: str) -> str | None:
    """The code of the session's branch (None for an unknown session)."""
    return session.execute(
        select(Branch.code).join(VisitSession, VisitSession.branch_id == Branch.id).where(VisitSession.id == session_id)
    ).scalar_one_or_none()


def list_sessions(session: Session, who: Principal, *, open_only: bool, limit: int) -> list[VisitSession]:
    """Newest first, narrowed by role: a booth its own open one, a CSO its assigned ones, others their branch."""
    query = select(VisitSession).order_by(VisitSession.created_at.desc()).limit(limit)
    if open_only:
        query = query.where(VisitSession.ended_at.is_(None))
    if who.role is Role.BOOTH:
        query = query.where(VisitSession.booth_id == who.subject_id, VisitSession.ended_at.is_(None))
    elif who.role is Role.CSO:
        query = query.where(VisitSession.assigned_user_id == who.subject_id)
    elif who.branch_code is not None:
        query = query.join(Branch, VisitSession.branch_id == Branch.id).where(Branch.code == who.branch_code)
    return list(session.execute(query).scalars().unique().all())


def count_walk_ins(session: Session, branch_id: int, day: date) -> int:
    """Walk-in places of a branch taken on a day (what the walk-in quota counts): the walk-ins who consented,
    and those still reading the notice (an open session holds its place until consent spends it or the visit
    ends without consent and gives it back)."""
    return int(
        session.execute(
            select(func.count())
            .select_from(VisitSession)
            .where(
                VisitSession.branch_id == branch_id,
                VisitSession.visit_date == day,
                VisitSession.kind == VisitKind.WALK_IN.value,
                or_(VisitSession.consented_at.is_not(None), VisitSession.ended_at.is_(None)),
            )
        ).scalar_one()
    )


def booking_holder(session: Session, booking_id: int) -> str | None:
    """The open session checked in with this booking and not yet past consent (another booth is using it)."""
    return (
        session.execute(
            select(VisitSession.id).where(VisitSession.booking_id == booking_id, VisitSession.ended_at.is_(None))
        )
        .scalars()
        .first()
    )


def spend_place(session: Session, visit: VisitSession, *, now: datetime) -> None:
    """The participant consented: their walk-in place or booking is used up now (a booking cannot check in
    again). Done once; a session handed back to self-service later spends nothing more."""
    if visit.consented_at is not None:
        return
    visit.consented_at = now
    if visit.booking_id is not None:
        booking = session.get(Booking, visit.booking_id)
        if booking is not None:
            booking.status = "checked_in"
            booking.session_id = visit.id


def open_states_by_booth(session: Session, branch_id: int) -> dict[int, SessionState]:
    """The state of each booth's open session."""
    rows = session.execute(
        select(VisitSession.booth_id, VisitSession.state).where(
            VisitSession.branch_id == branch_id, VisitSession.ended_at.is_(None)
        )
    ).all()
    return {booth_id: SessionState(state) for booth_id, state in rows if booth_id is not None}


def count_by_state(session: Session, branch_id: int, day: date) -> dict[SessionState, int]:
    """How many of a day's sessions are in each state."""
    rows = session.execute(
        select(VisitSession.state, func.count())
        .where(VisitSession.branch_id == branch_id, VisitSession.visit_date == day)
        .group_by(VisitSession.state)
    ).all()
    return {SessionState(state): int(n) for state, n in rows}


def create_session(
    session: Session,
    *,
    session_id: str,
    branch_id: int,
    booth_id: int | None,
    kind: VisitKind,
    booking: Booking | None,
    visit_date: date,
    now: datetime,
    actor: str,
    channel: Channel = Channel.BOOTH,
) -> VisitSession:
    """A checked-in session, audited. A booking stays unused (``booked``) until the participant consents
    (`spend_place`): one who declines may check in with the same code again."""
    visit = VisitSession(
        id=session_id,
        branch_id=branch_id,
        booth_id=booth_id,
        channel=channel.value,
        kind=kind.value,
        booking_id=booking.id if booking else None,
        visit_date=visit_date,
        state=SessionState.CHECKED_IN.value,
        created_at=now,
        updated_at=now,
        state_since=now,
    )
    session.add(visit)
    session.flush()
    audit.record(
        session,
        at=now,
        actor=actor,
        action="session.checked_in",
        subject_type="session",
        subject_id=visit.id,
        details={"kind": kind.value, "booking": booking.code if booking else None},
    )
    session.refresh(visit)
    return visit


_REASON_CODE = re.compile(r"([a-z][a-z0-9_]{0,31})(?::|$)")


def code_of_reason(reason: str | None) -> str:
    """The code of a state change's reason: its leading ``code`` or ``code: note`` (as consoles send it), else
    ``other``. Free text never reaches the audit log."""
    match = _REASON_CODE.match((reason or "").strip())
    return match.group(1) if match else "other"


def change_state(
    session: Session,
    visit: VisitSession,
    target: SessionState,
    *,
    actor: str,
    now: datetime,
    reason: str | None = None,
    reason_code: str | None = None,
) -> SessionState:
    """Move `visit` to `target` through the domain state machine (409 when not allowed) and audit it.

    `reason` (the officer's words, e.g. ``documents_unreadable: the KTP photo is blurred``) is kept only in the
    session row, which the retention purge erases; the append-only audit event holds its code (`reason_code`, or
    the reason's leading code, or ``other``)."""
    current = SessionState(visit.state)
    try:
        transition(current, target)
    except InvalidTransition as exc:
        raise conflict(
            "invalid_transition", str(exc), current_state=current.value, requested_state=target.value
        ) from None
    visit.state = target.value
    visit.updated_at = now
    visit.state_since = now
    # The first time only: a call that drops and goes back to the queue keeps the visit's first wait and call.
    if target is SessionState.WAITING_CSO and visit.queued_at is None:
        visit.queued_at = now
    if target is SessionState.IN_CALL and visit.call_started_at is None:
        visit.call_started_at = now
    if current is SessionState.CHECKED_IN and target is SessionState.SELF_SERVICE:
        spend_place(session, visit, now=now)  # consent given: the place is used up now, not at check-in
    if target.is_final:
        visit.ended_at = now
        visit.end_reason = reason
    details: dict[str, object] = {"from": current.value, "to": target.value}
    if reason or reason_code:
        details["reason"] = reason_code or code_of_reason(reason)
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


def set_intake(session: Session, visit: VisitSession, intake: dict[str, Any], *, actor: str, now: datetime) -> None:
    """Replace what the participant entered in self-service, audited (field names only, never values)."""
    visit.intake = intake
    visit.updated_at = now
    audit.record(
        session,
        at=now,
        actor=actor,
        action="session.intake",
        subject_type="session",
        subject_id=visit.id,
        details={"fields": sorted(intake)},
    )
