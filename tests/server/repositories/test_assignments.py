"""`kiosk.server.repositories.assignments`: the queue the signaling hub assigns from."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.domain.session import SessionState
from kiosk.server.context import utc_now
from kiosk.server.models import VisitSession
from kiosk.server.repositories import assignments, sessions, users


def test_queue_assign_and_requeue(session: Session, visit: VisitSession) -> None:
    now = utc_now()
    officer = users.user_by_username(session, "cso1")
    assert officer is not None
    sessions.change_state(session, visit, SessionState.SELF_SERVICE, actor="t", now=now)
    waiting = assignments.count_waiting(session, "KDR")
    assert visit.id in [v.id for v in assignments.queued(session, "KDR", [f"booth:{visit.booth_id}"])]
    assert assignments.queued(session, "KDR", [f"booth:{visit.booth_id + 1000}"]) == []

    view = assignments.assign(session, session_id=visit.id, user_id=officer.id, now=now)
    assert view is not None and view.assigned_user_id == officer.id and view.booth_number == 5
    assert assignments.assign(session, session_id=visit.id, user_id=officer.id, now=now) is None  # taken
    assert assignments.count_waiting(session, "KDR") == waiting - 1
    assert visit.id in [v.id for v in assignments.open_assigned(session, officer.id)]

    sessions.change_state(session, visit, SessionState.WAITING_CSO, actor="t", now=now)
    sessions.change_state(session, visit, SessionState.IN_CALL, actor="t", now=now)
    requeued = assignments.requeue(session, [visit.id], officer.id, now)
    assert [(v.id, v.state, v.assigned_user_id) for v in requeued] == [(visit.id, SessionState.WAITING_CSO, None)]
    loaded = assignments.load_view(session, visit.id)
    assert loaded is not None and loaded.assigned_user_id is None
    assert assignments.load_view(session, "s-unknown") is None


def test_the_view_masks_the_participants_name(session: Session, visit: VisitSession) -> None:
    from kiosk.server.seed import demo_participants

    demo = demo_participants(utc_now().date())[0]
    sessions.set_intake(session, visit, {"nik": demo.nik, "claim_type": "JHT"}, actor="t", now=utc_now())
    view = assignments.session_view(session, visit)
    assert view.claim_type == "JHT" and view.masked_name is not None and view.masked_name != demo.name
