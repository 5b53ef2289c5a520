"""`kiosk.server.repositories.booths`: booths, enrollment codes, device tokens, health."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from kiosk.server.context import utc_now
from kiosk.server.models import Branch
from kiosk.server.repositories import booths


def test_booths_of_a_branch_in_order(session: Session, branch: Branch) -> None:
    numbers = [b.number for b in booths.booths_of_branch(session, branch.id)]
    assert numbers == sorted(numbers) and set(range(1, 11)) <= set(numbers)
    assert booths.booth_numbers(session, branch.id) >= set(range(1, 11))


def test_booth_by_number_creates_on_request(session: Session, branch: Branch) -> None:
    assert booths.booth_by_number(session, branch, 77) is None
    made = booths.booth_by_number(session, branch, 77, create=True)
    assert made is not None and made.number == 77 and made.device_token_hash is None
    assert booths.booth_by_number(session, branch, 77) is made


def test_enrollment_code_and_device_token(session: Session, branch: Branch) -> None:
    booth = booths.booth_by_number(session, branch, 3)
    assert booth is not None
    now = utc_now()
    booths.add_enrollment_code(
        session, booth_id=booth.id, code="ABCD-2345", now=now, expires_at=now + timedelta(minutes=5), actor="t"
    )
    session.flush()
    row = booths.enrollment_code_for_update(session, "ABCD-2345")
    assert row is not None and row.booth_id == booth.id and row.code_hash != "ABCD-2345"
    assert booths.enrollment_code_for_update(session, "WXYZ-2345") is None
    booths.set_device_token(booth, "b_token", now)
    session.flush()
    assert booths.booth_by_token(session, "b_token") is booth
    assert booths.booth_by_token(session, "b_other") is None


def test_health_and_public_view(session: Session, branch: Branch) -> None:
    booth = booths.booth_by_number(session, branch, 4)
    assert booth is not None
    now = utc_now()
    booths.save_health(session, booth.id, at=now, camera_ok=False, microphone_ok=True, speaker_ok=None, link_ok=True)
    session.refresh(booth)
    public = booths.booth_public(session, booth, connected=True)
    assert (public.number, public.connected, public.camera_ok, public.microphone_ok) == (4, True, False, True)
    assert public.last_heartbeat is not None and public.current_session_id is None
