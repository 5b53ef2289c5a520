"""`kiosk.server.repositories.sessions`: check-in, state changes, intake, listings and counts."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, Role
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.server.context import utc_now
from kiosk.server.errors import ApiError
from kiosk.server.models import AuditEvent, Branch, VisitSession
from kiosk.server.repositories import sessions


def _last_action(session: Session) -> str:
    event = session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert event is not None
    return event.action


def test_create_session_is_checked_in_and_audited(session: Session, visit: VisitSession) -> None:
    public = sessions.session_public(session, visit)
    assert (public.state, public.kind, public.booth_number, public.branch_code) == (
        SessionState.CHECKED_IN,
        VisitKind.WALK_IN,
        5,
        "KDR",
    )
    assert _last_action(session) == "session.checked_in"
    assert sessions.open_session(session, visit.booth_id) is visit
    assert sessions.open_session_id(session, visit.booth_id) == visit.id
    assert sessions.branch_code_of(session, visit.id) == "KDR"
    assert sessions.branch_code_of(session, "s-unknown") is None


def test_change_state_follows_the_state_machine(session: Session, visit: VisitSession) -> None:
    now = utc_now()
    sessions.change_state(session, visit, SessionState.SELF_SERVICE, actor="t", now=now)
    assert visit.state == "self_service" and _last_action(session) == "session.state"
    with pytest.raises(ApiError) as caught:
        sessions.change_state(session, visit, SessionState.APPROVED, actor="t", now=now)
    assert (caught.value.status, caught.value.code) == (409, "invalid_transition")
    sessions.change_state(session, visit, SessionState.ABANDONED, actor="t", now=now, reason="left")
    assert visit.ended_at == now and visit.end_reason == "left"
    assert sessions.open_session(session, visit.booth_id) is None


def test_intake_is_replaced_and_audited_by_field_name(session: Session, visit: VisitSession) -> None:
    sessions.set_intake(session, visit, {"claim_type": "JHT", "kpj": "12345678901"}, actor="t", now=utc_now())
    public = sessions.session_public(session, visit)
    assert public.intake is not None and public.intake.claim_type is not None
    assert sessions.session_public(session, visit, with_intake=False).intake is None
    event = session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert event is not None and "12345678901" not in event.details


def test_visibility_and_listing_by_role(session: Session, visit: VisitSession, branch: Branch) -> None:
    booth = Principal(Role.BOOTH, visit.booth_id, "KDR", "booth 5")
    other_booth = Principal(Role.BOOTH, visit.booth_id + 1000, "KDR", "booth x")
    supervisor = Principal(Role.SUPERVISOR, 1, "KDR", "sup")
    assert sessions.visible_session(session, booth, visit.id) is visit
    with pytest.raises(ApiError):
        sessions.visible_session(session, other_booth, visit.id)
    assert [v.id for v in sessions.list_sessions(session, booth, open_only=True, limit=10)] == [visit.id]
    assert visit.id in {v.id for v in sessions.list_sessions(session, supervisor, open_only=True, limit=500)}
    with pytest.raises(ApiError) as caught:
        sessions.get_for_update(session, "s-unknown")
    assert caught.value.status == 404


def test_counts(session: Session, visit: VisitSession, branch: Branch) -> None:
    today = visit.visit_date
    assert sessions.count_walk_ins(session, branch.id, today) >= 1
    assert sessions.count_by_state(session, branch.id, today)[SessionState.CHECKED_IN] >= 1
    assert sessions.open_states_by_booth(session, branch.id)[visit.booth_id] is SessionState.CHECKED_IN


def test_consent_spends_the_walk_in_place_and_a_decline_gives_it_back(
    session: Session, visit: VisitSession, branch: Branch
) -> None:
    now = utc_now()
    day = visit.visit_date
    before = sessions.count_walk_ins(session, branch.id, day)
    assert visit.consented_at is None  # an open session holds its place: counted
    sessions.change_state(session, visit, SessionState.ABANDONED, actor="t", now=now)
    assert sessions.count_walk_ins(session, branch.id, day) == before - 1  # declined: the place is back
    other = VisitSession(id="s-consents", branch_id=branch.id, booth_id=visit.booth_id, kind="walk_in",
                         visit_date=day, state="checked_in", created_at=now, updated_at=now)
    session.add(other)
    session.flush()
    sessions.change_state(session, other, SessionState.SELF_SERVICE, actor="t", now=now)
    assert other.consented_at == now
    sessions.change_state(session, other, SessionState.ABANDONED, actor="t", now=now)
    assert sessions.count_walk_ins(session, branch.id, day) == before  # consented: spent for good


def test_a_booking_is_spent_at_consent_not_at_check_in(session: Session, branch: Branch) -> None:
    from kiosk.server.models import Booking
    from kiosk.server.repositories.booths import booth_by_number

    booking = session.query(Booking).filter_by(code="KDR-DEMAA2").one()
    booth = booth_by_number(session, branch, 6)
    assert booth is not None
    visit = sessions.create_session(session, session_id="s-booked", branch_id=branch.id, booth_id=booth.id,
                                    kind=VisitKind.ONLINE, booking=booking, visit_date=booking.visit_date,
                                    now=utc_now(), actor="t")
    assert booking.status == "booked" and sessions.booking_holder(session, booking.id) == visit.id
    sessions.change_state(session, visit, SessionState.SELF_SERVICE, actor="t", now=utc_now())
    assert booking.status == "checked_in" and booking.session_id == visit.id
