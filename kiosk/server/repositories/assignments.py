"""Which session is with which officer: the queue the signaling hub assigns from, assignment and requeueing.

The signaling hub calls these from worker threads; each takes a session of its own unit of work.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from kiosk.domain.assignment import QUEUED_STATES, REQUEUE_STATE
from kiosk.domain.channels import Channel
from kiosk.domain.identifiers import mask_name
from kiosk.domain.session import SessionState
from kiosk.server.models import Branch, VisitSession
from kiosk.server.repositories import audit, claims
from kiosk.server.repositories.participants import heir_name_of, name_of
from kiosk.server.repositories.sessions import change_state


@dataclass(frozen=True)
class SessionView:
    """What the signaling hub needs of a session row."""

    id: str
    branch_code: str
    #: The booth of a booth visit. An online visit has none (and `booth_number` None): its participant end is
    #: the browser signed in to its booking (`end`).
    booth_id: int | None
    booth_number: int | None
    state: SessionState
    assigned_user_id: int | None
    claim_type: str | None = None
    masked_name: str | None = None
    #: An heir's claim: the heir's masked name (`masked_name` is the deceased participant's).
    heir_masked_name: str | None = None
    channel: Channel = Channel.BOOTH
    booking_id: int | None = None
    #: A submitted visit's claim reference (set by `load_view`, which the end-of-visit update is built from).
    claim_reference: str | None = None

    @property
    def end(self) -> str:
        """The key of the session's participant end (`end_key`)."""
        return end_key(self.booth_id, self.booking_id)


def end_key(booth_id: int | None, booking_id: int | None) -> str:
    """The key signaling knows a session's participant end by: ``booth:<booth id>`` for a booth visit,
    ``online:<booking id>`` for an online visit (the same text as the end's `Principal.actor`)."""
    return f"booth:{booth_id}" if booth_id is not None else f"online:{booking_id}"


def parse_end(end: str) -> tuple[str, int]:
    """The kind (``booth`` or ``online``) and id of a participant end's key."""
    kind, _, number = end.partition(":")
    return kind, int(number)


def session_view(session: Session, visit: VisitSession) -> SessionView:
    """A session as the signaling hub sees it (the participant's name masked)."""
    intake = visit.intake or {}
    masked = None
    nik = intake.get("nik")
    if nik:
        name = name_of(session, nik)
        masked = mask_name(name) if name else None
    heir_masked = None
    heir_nik = intake.get("heir_nik")
    if heir_nik:
        heir_name = heir_name_of(session, nik, heir_nik)
        heir_masked = mask_name(heir_name) if heir_name else None
    return SessionView(
        id=visit.id,
        branch_code=visit.branch.code,
        booth_id=visit.booth_id,
        booth_number=visit.booth.number if visit.booth else None,
        state=SessionState(visit.state),
        assigned_user_id=visit.assigned_user_id,
        claim_type=intake.get("claim_type"),
        masked_name=masked,
        heir_masked_name=heir_masked,
        channel=Channel(visit.channel),
        booking_id=visit.booking_id,
    )


def load_view(session: Session, session_id: str) -> SessionView | None:
    """The view of one session."""
    visit = session.get(VisitSession, session_id)
    if visit is None:
        return None
    view = session_view(session, visit)
    if view.state is SessionState.SUBMITTED:
        view = replace(view, claim_reference=claims.reference_of_session(session, visit.id))
    return view


def open_online_view(session: Session, booking_id: int) -> SessionView | None:
    """The open online visit of a booking, as signaling sees it."""
    visit = session.execute(
        select(VisitSession)
        .where(
            VisitSession.booking_id == booking_id,
            VisitSession.channel == Channel.ONLINE.value,
            VisitSession.ended_at.is_(None),
        )
        .order_by(VisitSession.created_at.desc())
        .limit(1)
    ).scalar_one_or_none()
    return session_view(session, visit) if visit else None


def open_assigned(session: Session, user_id: int) -> list[SessionView]:
    """An officer's open sessions, oldest first."""
    visits = session.execute(
        select(VisitSession)
        .where(VisitSession.assigned_user_id == user_id, VisitSession.ended_at.is_(None))
        .order_by(VisitSession.created_at)
    ).scalars()
    return [session_view(session, v) for v in visits]


def _queued_filter(branch: str) -> list[Any]:
    return [
        VisitSession.branch_id == select(Branch.id).where(Branch.code == branch).scalar_subquery(),
        VisitSession.ended_at.is_(None),
        VisitSession.assigned_user_id.is_(None),
        VisitSession.state.in_([s.value for s in QUEUED_STATES]),
    ]


def queued(session: Session, branch: str, ends: list[str]) -> list[SessionView]:
    """Unassigned sessions waiting for an officer whose participant end (`end_key`) is among `ends`, oldest
    first: booths and online participants' browsers queue together."""
    keys = [parse_end(e) for e in ends]
    booth_ids = [n for kind, n in keys if kind == "booth"]
    booking_ids = [n for kind, n in keys if kind == "online"]
    visits = (
        session.execute(
            select(VisitSession)
            .where(
                *_queued_filter(branch),
                or_(
                    VisitSession.booth_id.in_(booth_ids),
                    (VisitSession.channel == Channel.ONLINE.value) & VisitSession.booking_id.in_(booking_ids),
                ),
            )
            .order_by(VisitSession.created_at)
        )
        .scalars()
        .all()
    )
    return [session_view(session, v) for v in visits]


def count_waiting(session: Session, branch: str) -> int:
    """How many of the branch's sessions wait for an officer."""
    return int(
        session.execute(select(func.count()).select_from(VisitSession).where(*_queued_filter(branch))).scalar_one()
    )


def assign(session: Session, *, session_id: str, user_id: int, now: datetime) -> SessionView | None:
    """Give an unassigned open session to an officer, audited; None when someone else got it first."""
    done = session.execute(
        update(VisitSession)
        .where(
            VisitSession.id == session_id,
            VisitSession.assigned_user_id.is_(None),
            VisitSession.ended_at.is_(None),
        )
        .values(assigned_user_id=user_id, assigned_at=now, updated_at=now)
    )
    if done.rowcount != 1:  # type: ignore[attr-defined]
        return None
    audit.record(
        session,
        at=now,
        actor="hub",
        action="session.assigned",
        subject_type="session",
        subject_id=session_id,
        details={"user": user_id},
    )
    visit = session.get(VisitSession, session_id)
    assert visit is not None
    session.refresh(visit)
    return session_view(session, visit)


def requeue(session: Session, session_ids: list[str], user_id: int, now: datetime) -> list[SessionView]:
    """Take an officer's open sessions back into the queue (in-call ones to waiting_cso), audited."""
    views = []
    for session_id in session_ids:
        visit = session.get(VisitSession, session_id)
        if visit is None or visit.ended_at is not None or visit.assigned_user_id != user_id:
            continue
        target = REQUEUE_STATE.get(SessionState(visit.state))
        if target is not None:
            change_state(session, visit, target, actor="hub", now=now, reason="console_disconnected")
        visit.assigned_user_id = None
        visit.assigned_at = None
        visit.updated_at = now
        audit.record(
            session,
            at=now,
            actor="hub",
            action="session.unassigned",
            subject_type="session",
            subject_id=session_id,
            details={"user": user_id, "reason": "console_disconnected"},
        )
        session.flush()
        views.append(session_view(session, visit))
    return views
