"""The online channel's public routes before the visit: branches, free slots, book, sign in and out, and the
signed-in participant's booking (view, cancel, move, calendar file, QR). ``/api/v1/online/*``.

No answer tells whether a NIK is registered or a booking exists without the matching code: one answer for "no such
NIK" and "NIK and KPJ are not one member" (422 ``identity_not_matched``), one for a wrong code and a wrong NIK
(404). Public calls are counted per address; failed ones per address and per NIK (429 with Retry-After).
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta

import segno
from fastapi import APIRouter, Query, Request, Response
from sqlalchemy.orm import Session

from kiosk.domain.access import Principal
from kiosk.domain.identifiers import InvalidIdentifier, normalize_phone, parse_nik, validate_kpj
from kiosk.domain.references import normalize_booking_code
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import (
    OnlineBookingCreate,
    OnlineBookingMove,
    OnlineBookingView,
    OnlineBranch,
    OnlineSignIn,
    OnlineSlot,
)
from kiosk.server.deps import HubDep, ParticipantDep, client_ip
from kiosk.server.errors import ApiError, conflict, identifier_error, not_found, unprocessable
from kiosk.server.models import Booking
from kiosk.server.repositories import audit, bookings, online, participants, sessions, web_sessions
from kiosk.server.repositories.branches import find_branch
from kiosk.server.responses import error_responses
from kiosk.server.services import bookings as place_rules
from kiosk.server.services import online as online_service
from kiosk.server.services.limits import MISSES

router = APIRouter(prefix="/online", tags=["online"])


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


_LIMITED = {429: "too many requests from this address or for this NIK, with Retry-After"}


@router.get("/branches", response_model=list[OnlineBranch], responses=error_responses(_LIMITED))
def list_branches(request: Request, hub: HubDep) -> list[OnlineBranch]:
    """Branches that take online visits."""
    hub.limiter.take(online_service.request_limits(hub, client_ip(request)), "too many requests")
    with hub.db.session() as session:
        return [OnlineBranch(code=b.code, name=b.name, timezone=b.timezone) for b in online.online_branches(session)]


@router.get("/slots", response_model=list[OnlineSlot], responses=error_responses(_LIMITED))
def list_slots(
    request: Request,
    hub: HubDep,
    branch_code: str = Query(pattern=r"^[A-Z]{2,8}$"),
    date: date = Query(),
) -> list[OnlineSlot]:
    """A day's slots with their free places (slots already begun have none). Counts only."""
    hub.limiter.take(online_service.request_limits(hub, client_ip(request)), "too many requests")
    with hub.db.session() as session:
        branch = find_branch(session, branch_code)
        if branch is None or branch.online_daily <= 0:
            raise not_found("branch")
        local_now = hub.local_now(branch.timezone)
        places = place_rules.day_places(session, branch, date)
        return [OnlineSlot(slot=p.slot, free=p.free if place_rules.bookable_now(p, local_now) else 0) for p in places]


@router.post(
    "/bookings",
    response_model=OnlineBookingView,
    status_code=201,
    responses=error_responses(
        {
            404: "no such branch",
            409: "slot_full (with next_free), already_booked or quota_exhausted",
            422: "invalid_nik, invalid_kpj, invalid_phone, identity_not_matched, date_in_past, unknown_slot, ...",
            **_LIMITED,
        }
    ),
)
def create_booking(body: OnlineBookingCreate, request: Request, response: Response, hub: HubDep) -> OnlineBookingView:
    """Book an online visit and open the participant's web session (the ``kiosk_online`` cookie)."""
    address = client_ip(request)
    hub.limiter.take(online_service.request_limits(hub, address), "too many requests")
    nik_key = online_service.nik_key(body.nik)
    with hub.limiter.guess(online_service.miss_limits(hub, address, nik_key), "too many attempts", misses=MISSES):
        try:
            nik = parse_nik(body.nik).digits
            kpj = validate_kpj(body.kpj, hub.settings.server.kpj_length)
            phone = normalize_phone(body.phone)
        except InvalidIdentifier as exc:
            raise identifier_error(exc) from None
        now = hub.now()
        with hub.db.session() as session:
            audit.lock_head(session)  # the counts below must not race another booking
            branch = find_branch(session, body.branch_code)
            if branch is None or branch.online_daily <= 0:
                raise not_found("branch")
            if participants.find_participant(session, nik=nik, kpj=kpj) is None:
                raise unprocessable(
                    "identity_not_matched",
                    "the NIK and KPJ do not match one registered member; check both numbers on your cards",
                )
            if online.online_booking_of(session, nik, body.date) is not None:
                raise conflict("already_booked", "you already have an online booking on this day; sign in to see it")
            local_now = hub.local_now(branch.timezone)
            place_rules.check_place(
                session, branch, body.date, body.slot, local_now, next_count=hub.settings.online.next_free_slots
            )
            booking = place_rules.new_booking(
                session, branch, day=body.date, slot=body.slot, nik=nik, kpj=kpj, claim_type=body.claim_type.value,
                phone=phone, now=now, created_by="online", channel="online", language=body.language,
            )
            session.add(booking)
            session.flush()
            actor = f"online:{booking.id}"
            booking = bookings.create_booking(session, booking, actor=actor, now=now, audited=True)
            token, _ = web_sessions.open_web_session(
                session,
                booking,
                now=now,
                idle_s=hub.settings.online.web_session_idle_s,
                max_s=hub.settings.online.web_session_max_s,
            )
            view = online_service.booking_view(hub, session, booking)
    online_service.set_cookie(response, request, token)
    return view


@router.post(
    "/sign-in",
    response_model=OnlineBookingView,
    responses=error_responses(
        {404: "no booking with this code and NIK", 410: "booking_expired: past or cancelled", **_LIMITED}
    ),
)
def sign_in(body: OnlineSignIn, request: Request, response: Response, hub: HubDep) -> OnlineBookingView:
    """Open a web session for a booking with its code and NIK. A wrong code and a wrong NIK get the same answer."""
    address = client_ip(request)
    hub.limiter.take(online_service.request_limits(hub, address), "too many requests")
    nik_key = online_service.nik_key(body.nik)
    with hub.limiter.guess(online_service.miss_limits(hub, address, nik_key), "too many attempts", misses=MISSES):
        try:
            code = normalize_booking_code(body.code)
        except ValueError:
            raise not_found("booking") from None
        now = hub.now()
        with hub.db.session() as session:
            booking = bookings.booking_by_code(session, code)
            # Compared whole, so a booking of another NIK and no booking at all are one answer.
            usable = booking is not None and booking.channel == "online" and booking.erased_at is None
            if booking is None or not usable or booking.nik != nik_key:
                raise not_found("booking")
            if booking.status == "cancelled" or online_service.window_of(hub, booking).is_over(now):
                raise ApiError(410, "booking_expired", "this booking is over or was cancelled; book a new visit")
            token, _ = web_sessions.open_web_session(
                session,
                booking,
                now=now,
                idle_s=hub.settings.online.web_session_idle_s,
                max_s=hub.settings.online.web_session_max_s,
            )
            online.record(session, booking, "online.signed_in", now=now)
            view = online_service.booking_view(hub, session, booking)
    online_service.set_cookie(response, request, token)
    return view


@router.post("/sign-out", status_code=204, response_class=Response)
def sign_out(request: Request, hub: HubDep) -> Response:
    """End the browser's web session (whether or not it was live) and drop the cookie."""
    token = request.cookies.get(web_sessions.COOKIE_NAME)
    if token:
        with hub.db.session() as session:
            web_sessions.revoke_token(session, token, hub.now())
    response = Response(status_code=204)
    online_service.clear_cookie(response, request)
    return response


def _own_booking(session: Session, who: Principal) -> Booking:
    booking = session.get(Booking, who.subject_id)
    if booking is None:
        raise not_found("booking")
    return booking


@router.get("/booking", response_model=OnlineBookingView, responses=error_responses({}))
def get_booking(hub: HubDep, who: ParticipantDep) -> OnlineBookingView:
    """The signed-in participant's booking and how far the visit has come."""
    with hub.db.session() as session:
        return online_service.booking_view(hub, session, _own_booking(session, who))


@router.delete(
    "/booking", status_code=204, response_class=Response, responses=error_responses({409: "the call has begun"})
)
def cancel_booking(request: Request, hub: HubDep, who: ParticipantDep) -> Response:
    """Cancel the booking (its place is free again), end a prepared visit, and sign every browser out."""
    now = hub.now()
    with hub.db.session() as session:
        booking = _own_booking(session, who)
        if booking.session_id:
            visit = sessions.get_for_update(session, booking.session_id)
            state = SessionState(visit.state)
            if state not in (SessionState.CHECKED_IN, SessionState.SELF_SERVICE):
                if not state.is_final:
                    raise conflict("visit_started", "the visit has begun; it cannot be cancelled now")
            else:
                sessions.change_state(
                    session, visit, SessionState.ABANDONED, actor=who.actor, now=now, reason_code="booking_cancelled"
                )
        booking.status = "cancelled"
        online.record(session, booking, "booking.cancelled", now=now)
        web_sessions.revoke_booking(session, booking.id, now)
    response = Response(status_code=204)
    online_service.clear_cookie(response, request)
    return response


@router.patch(
    "/booking",
    response_model=OnlineBookingView,
    responses=error_responses({409: "slot_full (with next_free), quota_exhausted or visit_started", 422: "bad date"}),
)
def move_booking(body: OnlineBookingMove, hub: HubDep, who: ParticipantDep) -> OnlineBookingView:
    """Move the booking to another day and slot (before the call has begun)."""
    now = hub.now()
    with hub.db.session() as session:
        audit.lock_head(session)
        booking = _own_booking(session, who)
        if booking.status == "cancelled":
            raise ApiError(410, "booking_expired", "this booking was cancelled; book a new visit")
        visit = sessions.get_for_update(session, booking.session_id) if booking.session_id else None
        if visit is not None and SessionState(visit.state) is not SessionState.CHECKED_IN:
            raise conflict("visit_started", "the visit has begun; it cannot be moved now")
        if (body.date, body.slot) == (booking.visit_date, booking.slot):
            return online_service.booking_view(hub, session, booking)
        other = online.online_booking_of(session, booking.nik, body.date)
        if other is not None and other.id != booking.id:
            raise conflict("already_booked", "you already have an online booking on this day")
        local_now = online_service.local_now(hub, booking)
        place_rules.check_place(
            session, booking.branch, body.date, body.slot, local_now, next_count=hub.settings.online.next_free_slots
        )
        before = (booking.visit_date.isoformat(), booking.slot)
        booking.visit_date, booking.slot = body.date, body.slot
        if visit is not None:
            visit.visit_date = body.date
        moved = {"from": list(before), "to": [body.date.isoformat(), body.slot]}
        online.record(session, booking, "booking.moved", now=now, **moved)
        session.flush()
        return online_service.booking_view(hub, session, booking)


@router.get(
    "/booking.ics",
    response_class=Response,
    responses={200: {"content": {"text/calendar": {}}}, **error_responses({})},
)
def booking_calendar(hub: HubDep, who: ParticipantDep) -> Response:
    """The visit as a calendar file (the branch and the code; nothing personal)."""
    with hub.db.session() as session:
        booking = _own_booking(session, who)
        window = online_service.window_of(hub, booking)
        code, branch = booking.code, booking.branch.name
        start = window.slot_start
        end = start + timedelta(minutes=booking.branch.slot_minutes)
    stamp = _utc(hub.now())

    text = "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//kiosk//online visit//EN",
            "BEGIN:VEVENT",
            f"UID:{code}@kiosk",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{_utc(start)}",
            f"DTEND:{_utc(end)}",
            f"SUMMARY:BPJS Ketenagakerjaan - {branch} (online) {code}",
            f"DESCRIPTION:Kode booking / booking code: {code}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    )
    return Response(
        text,
        media_type="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="{code}.ics"', "Cache-Control": "no-store"},
    )


@router.get(
    "/booking/qr.svg",
    response_class=Response,
    responses={200: {"content": {"image/svg+xml": {}}}, **error_responses({})},
)
def booking_qr(hub: HubDep, who: ParticipantDep) -> Response:
    """The booking code's QR (the payload a booth scans), as SVG."""
    with hub.db.session() as session:
        payload = online_service.booking_view(hub, session, _own_booking(session, who)).qr_payload
    out = io.BytesIO()
    segno.make_qr(payload, error="m").save(out, kind="svg", scale=8, border=2, xmldecl=False)
    svg = out.getvalue()
    return Response(svg, media_type="image/svg+xml", headers={"Cache-Control": "no-store"})
