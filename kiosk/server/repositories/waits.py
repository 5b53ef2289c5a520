"""What the signaling hub needs to tell a waiting booth its place and minutes: the branch's visits in the
officers' hands (waiting, in a call, verifying) and its recent service times (`kiosk.domain.wait_estimate`).

A service time runs from the moment an officer first joined the visit's call (``call_started_at``) to the end of
the visit (``ended_at``); the newest come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.session import SessionState
from kiosk.domain.wait_estimate import HISTORY, QueuedVisit
from kiosk.server.models import Branch, VisitSession
from kiosk.server.repositories.assignments import end_key

_IN_HAND = (SessionState.WAITING_CSO, SessionState.IN_CALL, SessionState.VERIFYING)


@dataclass(frozen=True)
class WaitSnapshot:
    """The branch's queue now and how long its latest services took."""

    visits: tuple[QueuedVisit, ...]
    #: The participant end of each visit (`assignments.end_key`: its booth or its online booking), by session id
    #: (where the hub sends the place).
    ends: dict[str, str]
    recent_service_s: tuple[float, ...]


def wait_snapshot(session: Session, branch: str) -> WaitSnapshot:
    """The open visits of `branch` waiting for or with an officer, and its newest service times."""
    branch_id = select(Branch.id).where(Branch.code == branch).scalar_subquery()
    rows = session.execute(
        select(
            VisitSession.id,
            VisitSession.booth_id,
            VisitSession.booking_id,
            VisitSession.state,
            VisitSession.assigned_user_id,
            VisitSession.queued_at,
            VisitSession.created_at,
        ).where(
            VisitSession.branch_id == branch_id,
            VisitSession.ended_at.is_(None),
            VisitSession.state.in_([s.value for s in _IN_HAND]),
        )
    ).all()
    visits = tuple(
        # A visit from before the queued_at column waits since it checked in.
        QueuedVisit(sid, SessionState(state), user_id, (queued_at or created_at, sid))
        for sid, _booth, _booking, state, user_id, queued_at, created_at in rows
    )
    served = session.execute(
        select(VisitSession.call_started_at, VisitSession.ended_at)
        .where(
            VisitSession.branch_id == branch_id,
            VisitSession.call_started_at.is_not(None),
            VisitSession.ended_at.is_not(None),
        )
        .order_by(VisitSession.ended_at.desc())
        .limit(HISTORY)
    ).all()
    recent = tuple((ended - started).total_seconds() for started, ended in served if started and ended)
    ends = {sid: end_key(booth, booking) for sid, booth, booking, *_ in rows if (booth or booking) is not None}
    return WaitSnapshot(visits, ends, recent)
