"""Bookings of online visits: creation, lookup by code, and the counts the slot capacity and quota read."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.references import booking_qr_payload
from kiosk.protocol.rest import BookingPublic
from kiosk.server.models import Booking
from kiosk.server.repositories import audit


def booking_public(booking: Booking) -> BookingPublic:
    """The API view of a booking (the NIK masked)."""
    nik = booking.nik
    return BookingPublic(
        code=booking.code,
        branch_code=booking.branch.code,
        date=booking.visit_date,
        slot=booking.slot,
        claim_type=booking.claim_type,
        status=booking.status,
        nik_masked=f"{nik[:4]}{'*' * 10}{nik[-2:]}",
        qr_payload=booking_qr_payload(booking.code),
        created_at=booking.created_at,
    )


def count_bookings(session: Session, branch_id: int, day: date, slot: str | None = None) -> int:
    """Bookings (not cancelled) of a branch on a day, or in one slot of it."""
    query = (
        select(func.count())
        .select_from(Booking)
        .where(Booking.branch_id == branch_id, Booking.visit_date == day, Booking.status != "cancelled")
    )
    if slot is not None:
        query = query.where(Booking.slot == slot)
    return int(session.execute(query).scalar_one())


def code_taken(session: Session, code: str) -> bool:
    """Whether a booking already has this code."""
    return session.execute(select(Booking.id).where(Booking.code == code)).first() is not None


def booking_by_code(session: Session, code: str, *, for_update: bool = False) -> Booking | None:
    """The booking with this (normalised) code; with `for_update`, locked for the rest of the transaction."""
    query = select(Booking).where(Booking.code == code)
    if for_update:
        query = query.with_for_update(of=Booking)
    return session.execute(query).scalar_one_or_none()


def create_booking(session: Session, booking: Booking, *, actor: str, now: datetime, audited: bool = True) -> Booking:
    """Store a new booking (audited unless `audited` is False: the demo seed audits once for everything)."""
    session.add(booking)
    session.flush()
    if audited:
        audit.record(
            session,
            at=now,
            actor=actor,
            action="booking.created",
            subject_type="booking",
            subject_id=booking.code,
            details={"branch": booking.branch.code, "date": booking.visit_date.isoformat(), "slot": booking.slot},
        )
    session.refresh(booking)
    return booking
