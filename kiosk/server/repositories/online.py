"""The online channel's queries: branches taking online visits, booked places per slot, a NIK's online booking
of a day, and the audit events of a participant's booking (no personal data in their details)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.server.models import Booking, Branch, VisitSession
from kiosk.server.repositories import audit


def online_branches(session: Session) -> list[Branch]:
    """Branches that take online bookings (a daily online quota above zero), by code."""
    return list(session.execute(select(Branch).where(Branch.online_daily > 0).order_by(Branch.code)).scalars())


def booked_per_slot(session: Session, branch_id: int, day: date) -> dict[str, int]:
    """Bookings (not cancelled) of a branch's day, per slot."""
    rows = session.execute(
        select(Booking.slot, func.count())
        .where(Booking.branch_id == branch_id, Booking.visit_date == day, Booking.status != "cancelled")
        .group_by(Booking.slot)
    )
    return {slot: int(count) for slot, count in rows}


def online_booking_of(session: Session, nik: str, day: date) -> Booking | None:
    """This NIK's online booking (not cancelled) on `day`, in any branch."""
    return (
        session.execute(
            select(Booking).where(
                Booking.nik == nik,
                Booking.visit_date == day,
                Booking.channel == "online",
                Booking.status != "cancelled",
                Booking.erased_at.is_(None),
            )
        )
        .scalars()
        .first()
    )


def record(session: Session, booking: Booking, action: str, *, now: datetime, **details: object) -> None:
    """An audit event of the participant's own act on their booking (actor ``online:<booking id>``)."""
    audit.record(
        session,
        at=now,
        actor=f"online:{booking.id}",
        action=action,
        subject_type="booking",
        subject_id=booking.code,
        details=dict(details),
    )


def booking_identity(session: Session, visit: VisitSession) -> dict[str, str]:
    """Who an online visit is for, as its booking proved it (NIK and KPJ matched the registry when booking), and
    the claim type booked: the intake of an online participant always carries these, whatever the page sent."""
    booking = session.get(Booking, visit.booking_id) if visit.booking_id is not None else None
    if booking is None:
        return {}
    identity = {"nik": booking.nik, "kpj": booking.kpj, "claim_type": booking.claim_type}
    if booking.phone:
        identity["phone"] = booking.phone
    return identity
