"""Bookings of online visits: ``/api/v1/bookings*``."""

from __future__ import annotations

from fastapi import APIRouter, Request

from kiosk.domain.access import can_create_booking, can_view_booking
from kiosk.domain.identifiers import InvalidIdentifier, normalize_phone, parse_nik, validate_kpj
from kiosk.domain.references import normalize_booking_code
from kiosk.protocol.rest import BookingCreate, BookingPublic
from kiosk.server.deps import CurrentUser, HubDep, client_ip
from kiosk.server.errors import forbidden, identifier_error, not_found
from kiosk.server.repositories import audit, bookings
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.responses import error_responses
from kiosk.server.services import bookings as place_rules
from kiosk.server.services.limits import MISSES, guess_limits

router = APIRouter()


@router.post(
    "/bookings",
    response_model=BookingPublic,
    status_code=201,
    tags=["bookings"],
    responses=error_responses({409: "slot full or daily online quota reached"}),
)
def create_booking(body: BookingCreate, hub: HubDep, who: CurrentUser) -> BookingPublic:
    """Book a visit: branch, date, time slot, NIK, KPJ and claim type. Returns the code and its QR payload."""
    if not can_create_booking(who, body.branch_code):
        raise forbidden("bookings are made by staff of the branch or the booking portal")
    try:
        nik = parse_nik(body.nik).digits
        kpj = validate_kpj(body.kpj, hub.settings.server.kpj_length)
        phone = normalize_phone(body.phone) if body.phone else None
    except InvalidIdentifier as exc:
        raise identifier_error(exc) from None
    now = hub.now()
    with hub.db.session() as session:
        audit.lock_head(session)  # counts below must not race another booking
        branch = branch_by_code(session, body.branch_code)
        local_now = hub.local_now(branch.timezone)
        place_rules.check_place(session, branch, body.date, body.slot, local_now)
        booking = place_rules.new_booking(
            session, branch, day=body.date, slot=body.slot, nik=nik, kpj=kpj, claim_type=body.claim_type.value,
            phone=phone, now=now, created_by=who.actor,
        )
        return bookings.booking_public(bookings.create_booking(session, booking, actor=who.actor, now=now))


@router.get(
    "/bookings/{code}",
    response_model=BookingPublic,
    tags=["bookings"],
    responses=error_responses({429: "too many unknown codes, with Retry-After"}),
)
def get_booking(code: str, request: Request, hub: HubDep, who: CurrentUser) -> BookingPublic:
    """A booking by its code (or QR payload); staff and booths of its branch. Unknown codes are rate-limited per
    token and per address (a booking code and its NIK are worth guessing)."""
    limits = guess_limits(hub.settings.server, "booking", who.actor, client_ip(request))
    with hub.limiter.guess(limits, "too many unknown booking codes", misses=MISSES):
        try:
            normalized = normalize_booking_code(code)
        except ValueError:
            raise not_found("booking") from None
        with hub.db.session() as session:
            booking = bookings.booking_by_code(session, normalized)
            if booking is None or not can_view_booking(who, booking.branch.code):
                raise not_found("booking")
            return bookings.booking_public(booking)
