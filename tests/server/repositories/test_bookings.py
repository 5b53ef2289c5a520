"""`kiosk.server.repositories.bookings`."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.server.context import utc_now
from kiosk.server.models import AuditEvent, Booking, Branch
from kiosk.server.repositories import bookings


def test_seeded_bookings_are_found_and_counted(session: Session, branch: Branch) -> None:
    booking = bookings.booking_by_code(session, "KDR-DEMAA2")
    assert booking is not None and bookings.code_taken(session, "KDR-DEMAA2")
    public = bookings.booking_public(booking)
    assert public.nik_masked.startswith(booking.nik[:4]) and booking.nik not in public.nik_masked
    assert bookings.booking_by_code(session, "KDR-NONE22", for_update=True) is None


def test_create_booking_is_audited_and_counted(session: Session, branch: Branch) -> None:
    now = utc_now()
    day = now.date()
    before_day = bookings.count_bookings(session, branch.id, day)
    before_slot = bookings.count_bookings(session, branch.id, day, "14:30")
    booking = Booking(
        code="KDR-TEST22",
        branch_id=branch.id,
        visit_date=day,
        slot="14:30",
        nik="3571011705880001",
        kpj="12345678901",
        claim_type="JHT",
        status="booked",
        created_at=now,
        created_by="t",
    )
    bookings.create_booking(session, booking, actor="t", now=now)
    assert bookings.count_bookings(session, branch.id, day) == before_day + 1
    assert bookings.count_bookings(session, branch.id, day, "14:30") == before_slot + 1
    event = session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert event is not None and (event.action, event.subject_id) == ("booking.created", "KDR-TEST22")
