"""Access rules: who sees and changes which sessions, documents and claims."""

from __future__ import annotations

import pytest

from kiosk.domain.access import (
    Principal,
    Role,
    SessionFacts,
    audit_scope,
    can_create_booking,
    can_download_document,
    can_set_state,
    can_submit_claim,
    can_upload_document,
    can_view_audit,
    can_view_booking,
    can_view_claim,
    can_view_session,
)
from kiosk.domain.session import SessionState as S

BOOTH = Principal(Role.BOOTH, 7, "KDR")
CSO = Principal(Role.CSO, 3, "KDR")
OTHER_CSO = Principal(Role.CSO, 4, "KDR")
SUPERVISOR = Principal(Role.SUPERVISOR, 2, "KDR")
FAR_SUPERVISOR = Principal(Role.SUPERVISOR, 9, "SMG")
ADMIN = Principal(Role.ADMIN, 1, None)


def facts(state: S = S.SELF_SERVICE, booth: int = 7, user: int | None = 3) -> SessionFacts:
    return SessionFacts("KDR", booth, state, user)


def test_visibility() -> None:
    assert can_view_session(BOOTH, facts())
    assert not can_view_session(BOOTH, facts(booth=8))
    assert not can_view_session(BOOTH, facts(S.SUBMITTED))
    assert can_view_session(CSO, facts()) and not can_view_session(OTHER_CSO, facts())
    assert can_view_session(SUPERVISOR, facts()) and not can_view_session(FAR_SUPERVISOR, facts())
    assert can_view_session(ADMIN, facts(user=None))


@pytest.mark.parametrize(
    ("who", "target", "allowed"),
    [
        (BOOTH, S.WAITING_CSO, True),
        (BOOTH, S.APPROVED, False),
        (CSO, S.APPROVED, True),
        (CSO, S.CANCELLED, False),
        (SUPERVISOR, S.CANCELLED, True),
        (ADMIN, S.APPROVED, False),
        (OTHER_CSO, S.APPROVED, False),
        (CSO, S.SUBMITTED, False),
    ],
)
def test_state_targets_by_role(who: Principal, target: S, allowed: bool) -> None:
    assert can_set_state(who, facts(), target) is allowed


def test_documents_and_claims() -> None:
    assert can_upload_document(BOOTH, facts()) and not can_upload_document(BOOTH, facts(S.ABANDONED))
    assert can_upload_document(CSO, facts()) and not can_upload_document(SUPERVISOR, facts())
    assert can_download_document(CSO, facts()) and can_download_document(SUPERVISOR, facts())
    assert not can_download_document(ADMIN, facts()) and not can_download_document(BOOTH, facts())
    assert not can_download_document(FAR_SUPERVISOR, facts())
    assert can_submit_claim(CSO, facts(), "KDR") and not can_submit_claim(OTHER_CSO, facts(), "KDR")
    assert can_submit_claim(SUPERVISOR, facts(), "KDR") and not can_submit_claim(ADMIN, None, "KDR")
    assert can_view_claim(CSO, "KDR", 3) and not can_view_claim(OTHER_CSO, "KDR", 3)
    assert can_view_claim(ADMIN, "KDR", None) and not can_view_claim(FAR_SUPERVISOR, "KDR", 3)
    assert CSO.actor == "user:3" and BOOTH.actor == "booth:7"


def test_bookings_stay_within_the_branch() -> None:
    assert can_create_booking(CSO, "KDR") and can_create_booking(SUPERVISOR, "KDR")
    assert not can_create_booking(FAR_SUPERVISOR, "KDR") and not can_create_booking(BOOTH, "KDR")
    assert can_create_booking(ADMIN, "KDR") and can_create_booking(ADMIN, "SMG")  # the booking portal's account
    assert can_view_booking(BOOTH, "KDR") and not can_view_booking(FAR_SUPERVISOR, "KDR")


def test_the_audit_trail_is_read_per_branch() -> None:
    assert can_view_audit(SUPERVISOR) and can_view_audit(ADMIN) and not can_view_audit(CSO)
    assert audit_scope(SUPERVISOR) == "KDR" and audit_scope(FAR_SUPERVISOR) == "SMG"
    assert audit_scope(Principal(Role.ADMIN, 5, "KDR")) == "KDR"
    assert audit_scope(ADMIN) is None  # all branches


def test_an_online_participant_sees_and_moves_only_its_own_bookings_visit() -> None:
    from kiosk.domain.channels import Channel

    online = SessionFacts("KDR", None, S.SELF_SERVICE, None, booking_id=41, channel=Channel.ONLINE)
    booth_visit = SessionFacts("KDR", 3, S.SELF_SERVICE, None, booking_id=41, channel=Channel.BOOTH)
    me = Principal(Role.PARTICIPANT, 41, "KDR")
    other = Principal(Role.PARTICIPANT, 42, "KDR")
    booth_3 = Principal(Role.BOOTH, 3, "KDR")
    assert can_view_session(me, online) and not can_view_session(other, online)
    # The same booking checked in at a booth is that booth's visit, not the browser's.
    assert not can_view_session(me, booth_visit) and can_view_session(booth_3, booth_visit)
    assert not can_view_session(booth_3, online)
    assert can_set_state(me, online, S.WAITING_CSO) and not can_set_state(me, online, S.APPROVED)
    assert can_upload_document(me, online) and not can_upload_document(other, online)
    finished = SessionFacts("KDR", None, S.SUBMITTED, None, booking_id=41, channel=Channel.ONLINE)
    assert not can_view_session(me, finished)
    assert not can_view_booking(me, "KDR") and not can_create_booking(me, "KDR")
    assert not Role.PARTICIPANT.is_staff and me.actor == "online:41"
