"""`kiosk.server.repositories.queue_times` on sessions moved through their states at known times: the queue now
and today, each booth's time in its state, the moments of each visit's steps."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.domain.visit_steps import Step, step_medians
from kiosk.server.context import utc_now
from kiosk.server.models import Branch, Claim, Participant, User, VisitSession
from kiosk.server.repositories import queue_times, sessions
from kiosk.server.repositories.booths import booth_by_number
from kiosk.server.security import new_id

S = SessionState


def visit_at(session: Session, branch: Branch, booth: int, start: datetime, *steps: tuple[float, S]) -> VisitSession:
    """A walk-in checked in at `start` at `booth`, moved to each state `minutes` after `start`."""
    found = booth_by_number(session, branch, booth)
    assert found is not None
    visit = sessions.create_session(
        session, session_id=new_id("s"), branch_id=branch.id, booth_id=found.id, kind=VisitKind.WALK_IN,
        booking=None, visit_date=start.astimezone(ZoneInfo(branch.timezone)).date(), now=start, actor="booth:test",
    )
    for minutes, state in steps:
        sessions.change_state(session, visit, state, actor="t", now=start + timedelta(minutes=minutes))
    return visit


def claim_for(session: Session, visit: VisitSession, at: datetime, n: int) -> None:
    participant = session.query(Participant).order_by(Participant.id).first()
    officer = session.query(User).filter(User.username == "cso1").one()
    assert participant is not None
    session.add(Claim(
        reference=f"KDR-QT-{n}", branch_id=visit.branch_id, day=visit.visit_date, sequence=8000 + n,
        session_id=visit.id, participant_id=participant.id, claim_type="JHT", reason="resign",
        idempotency_scope="test", idempotency_key=f"qt{n}", request_hash="0" * 64, request={}, findings=[],
        submitted_by=officer.id, created_at=at,
    ))
    session.flush()


def test_queue_figures_and_time_in_state(session: Session, branch: Branch) -> None:
    now = utc_now()
    start = now - timedelta(minutes=60)
    day = now.astimezone(ZoneInfo(branch.timezone)).date()
    if start.astimezone(ZoneInfo(branch.timezone)).date() != day:  # just after midnight: keep the visits today
        start, now = now, now + timedelta(minutes=60)
    # Waited 4 minutes, then served.
    served = visit_at(session, branch, 1, start, (1, S.SELF_SERVICE), (6, S.WAITING_CSO), (10, S.IN_CALL))
    # Waiting since 20 minutes before now.
    visit_at(session, branch, 2, start, (1, S.SELF_SERVICE), (40, S.WAITING_CSO))
    # Waited 2 minutes, called, the call dropped and it is back in the queue for 5 minutes.
    visit_at(session, branch, 3, start, (1, S.SELF_SERVICE), (30, S.WAITING_CSO), (32, S.IN_CALL),
             (55, S.WAITING_CSO))
    # Never queued.
    visit_at(session, branch, 4, start, (1, S.SELF_SERVICE))

    figures = queue_times.queue_figures(session, branch.id, day, now)
    assert figures.waiting_now == 2
    assert figures.longest_now_s == 20 * 60
    assert figures.longest_today_s == 20 * 60
    assert figures.waits_today == 3
    assert figures.average_today_s == (4 + 20 + 2) * 60 / 3

    open_visits = queue_times.open_visits_by_booth(session, branch.id)
    assert open_visits[served.booth_id] == queue_times.OpenVisit(S.IN_CALL, start + timedelta(minutes=10))
    four = booth_by_number(session, branch, 4)
    assert four is not None and open_visits[four.id].since == start + timedelta(minutes=1)


def test_step_medians_from_the_hubs_timestamps(session: Session, branch: Branch) -> None:
    now = utc_now()
    start = now.replace(hour=2, minute=0, second=0, microsecond=0)  # 09:00 in Jakarta: today either way
    day = start.astimezone(ZoneInfo(branch.timezone)).date()
    done = visit_at(session, branch, 1, start, (1, S.SELF_SERVICE), (5, S.WAITING_CSO), (8, S.IN_CALL),
                    (12, S.VERIFYING), (15, S.APPROVED), (16, S.SUBMITTED))
    claim_for(session, done, start + timedelta(minutes=16), 1)
    visit_at(session, branch, 2, start, (1, S.SELF_SERVICE), (9, S.WAITING_CSO), (10, S.IN_CALL),
             (12, S.VERIFYING), (20, S.REJECTED))
    visit_at(session, branch, 3, start, (1, S.SELF_SERVICE), (3, S.ABANDONED))

    medians = {m.step: m for m in step_medians(queue_times.visit_times(session, branch.id, day))}
    assert (medians[Step.SELF_SERVICE].median_s, medians[Step.SELF_SERVICE].count) == (7 * 60, 2)
    assert (medians[Step.WAITING].median_s, medians[Step.WAITING].count) == (2 * 60, 2)
    assert (medians[Step.CALL].median_s, medians[Step.CALL].count) == (9 * 60, 2)
    assert (medians[Step.CHECK_IN_TO_REFERENCE].median_s, medians[Step.CHECK_IN_TO_REFERENCE].count) == (16 * 60, 1)
