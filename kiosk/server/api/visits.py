"""Check-ins and sessions (the participant's visit through the hub): ``/api/v1/checkins``, ``/api/v1/sessions*``.

Bookings are in `bookings`, a session's documents in `documents`, its recording and verification in `evidence`.
"""

from __future__ import annotations

from contextlib import nullcontext

from fastapi import APIRouter

from kiosk.domain.access import Role, can_set_state, can_upload_document, can_view_session
from kiosk.domain.claims import CatalogError
from kiosk.domain.identifiers import (
    InvalidIdentifier,
    normalize_phone,
    parse_nik,
    parse_npwp,
    validate_bank_account,
    validate_kpj,
)
from kiosk.domain.quota import QuotaPolicy, VisitKind, check_quota
from kiosk.domain.references import normalize_booking_code
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import CheckinCreate, Intake, SessionPublic, StateChange
from kiosk.server.deps import BoothDep, CurrentUser, HubDep
from kiosk.server.errors import conflict, forbidden, identifier_error, not_found, unprocessable
from kiosk.server.events import SessionChanged
from kiosk.server.models import Booking
from kiosk.server.repositories import audit, bookings, booths, online, sessions
from kiosk.server.responses import error_responses
from kiosk.server.security import new_id
from kiosk.server.services.limits import guess_limits

router = APIRouter()


@router.post(
    "/checkins",
    response_model=SessionPublic,
    status_code=201,
    tags=["sessions"],
    responses=error_responses(
        {
            409: "booking not valid now, already used, booth busy, or walk-in quota full",
            429: "too many unknown booking codes, with Retry-After",
        }
    ),
)
def check_in(body: CheckinCreate, hub: HubDep, who: BoothDep) -> SessionPublic:
    """A booth starts a visit: with a booking code (its date and branch, once) or as a walk-in (daily quota)."""
    now = hub.now()
    # A booking code is a secret worth guessing: unknown ones are counted per booth (see `guess_limits`).
    guarded = (
        hub.limiter.guess(
            guess_limits(hub.settings.server, "booking", who.actor),
            "too many unknown booking codes",
            misses=frozenset({404}),
        )
        if body.booking_code is not None
        else nullcontext()
    )
    with guarded, hub.db.session() as session:
        audit.lock_head(session)  # the walk-in count and the booking's status must not race
        booth = booths.booth_by_id(session, who.subject_id)
        if booth is None:
            raise not_found("booth")
        branch = booth.branch
        local_now = hub.local_now(branch.timezone)
        today = local_now.date()
        busy = sessions.open_session_id(session, booth.id)
        if busy is not None:
            raise conflict("booth_busy", "this booth already has an open session; end it first", session_id=busy)
        booking: Booking | None = None
        if body.booking_code is not None:
            try:
                code = normalize_booking_code(body.booking_code)
            except ValueError:
                raise not_found("booking") from None
            booking = bookings.booking_by_code(session, code, for_update=True)
            if booking is None:
                raise not_found("booking")
            if booking.branch_id != branch.id:
                raise conflict("booking_other_branch", f"this booking is for branch {booking.branch.code}")
            if booking.status != "booked":
                raise conflict("booking_used", "this booking was already used for a visit")
            if sessions.booking_holder(session, booking.id) is not None:
                raise conflict("booking_used", "this booking is being used at another booth right now")
            if booking.visit_date != today:
                raise conflict("booking_not_today", f"this booking is for {booking.visit_date.isoformat()}, not today")
            kind = VisitKind.ONLINE
        else:
            kind = VisitKind.WALK_IN
            used = sessions.count_walk_ins(session, branch.id, today)
            decision = check_quota(QuotaPolicy(branch.walk_in_daily, branch.online_daily), kind, used, local_now)
            if not decision.allowed:
                raise conflict(
                    "quota_exhausted",
                    decision.message(body.language),
                    kind="walk_in",
                    quota=decision.cap,
                    resets_at=decision.resets_at.isoformat(),
                )
        visit = sessions.create_session(
            session,
            session_id=new_id("s"),
            branch_id=branch.id,
            booth_id=booth.id,
            kind=kind,
            booking=booking,
            visit_date=today,
            now=now,
            actor=who.actor,
        )
        result = sessions.session_public(session, visit)
    hub.events.publish(SessionChanged(result.id))
    return result


@router.get("/sessions", response_model=list[SessionPublic], tags=["sessions"])
def list_sessions(hub: HubDep, who: CurrentUser, open_only: bool = True, limit: int = 100) -> list[SessionPublic]:
    """Sessions the caller may see: a booth its own, a CSO its assigned ones, a supervisor its branch."""
    limit = max(1, min(limit, 500))
    with hub.db.session() as session:
        visits = sessions.list_sessions(session, who, open_only=open_only, limit=limit)
        return [sessions.session_public(session, v) for v in visits if can_view_session(who, sessions.facts(v))]


@router.get("/sessions/{session_id}", response_model=SessionPublic, tags=["sessions"])
def get_session(session_id: str, hub: HubDep, who: CurrentUser) -> SessionPublic:
    """One session, if the caller may see it."""
    with hub.db.session() as session:
        return sessions.session_public(session, sessions.visible_session(session, who, session_id))


@router.post(
    "/sessions/{session_id}/state",
    response_model=SessionPublic,
    tags=["sessions"],
    responses=error_responses({409: "the state machine does not allow this change"}),
)
def set_state(session_id: str, body: StateChange, hub: HubDep, who: CurrentUser) -> SessionPublic:
    """Move a session to another state; who may ask for which state is decided by role."""
    if body.state is SessionState.SUBMITTED:
        raise conflict("use_claims", "a session becomes submitted when its claim is submitted (POST /claims)")
    now = hub.now()
    with hub.db.session() as session:
        visit = sessions.get_for_update(session, session_id)
        if not can_view_session(who, sessions.facts(visit)):
            raise not_found("session")
        if not can_set_state(who, sessions.facts(visit), body.state):
            raise forbidden(f"a {who.role.value} may not move a session to {body.state.value}")
        sessions.change_state(session, visit, body.state, actor=who.actor, now=now, reason=body.reason)
        result = sessions.session_public(session, visit)
    hub.events.publish(SessionChanged(session_id))
    return result


@router.put("/sessions/{session_id}/intake", response_model=SessionPublic, tags=["sessions"])
def put_intake(session_id: str, body: Intake, hub: HubDep, who: CurrentUser) -> SessionPublic:
    """Store what the participant entered in self-service (replaces the previous intake); booth or officer."""
    try:
        cleaned = body.model_copy(
            update={
                "nik": parse_nik(body.nik).digits if body.nik else None,
                "heir_nik": parse_nik(body.heir_nik).digits if body.heir_nik else None,
                "kpj": validate_kpj(body.kpj, hub.settings.server.kpj_length) if body.kpj else None,
                "phone": normalize_phone(body.phone) if body.phone else None,
                "npwp": parse_npwp(body.npwp).digits if body.npwp else None,
                "account_number": (
                    validate_bank_account(body.account_number, body.bank_code or "").number
                    if body.account_number
                    else None
                ),
            }
        )
    except InvalidIdentifier as exc:
        raise identifier_error(exc) from None
    if cleaned.claim_type is not None and cleaned.reason is not None:
        try:
            hub.catalog.claim_type(cleaned.claim_type).reason(cleaned.reason)
        except CatalogError as exc:
            raise unprocessable("unknown_reason", str(exc)) from None
    now = hub.now()
    with hub.db.session() as session:
        visit = sessions.get_for_update(session, session_id)
        if not can_view_session(who, sessions.facts(visit)):
            raise not_found("session")
        if not can_upload_document(who, sessions.facts(visit)):
            raise forbidden("only the session's booth or its officer may change the intake, while it is open")
        entries = cleaned.model_dump(mode="json", exclude_none=True)
        if who.role is Role.PARTICIPANT:
            # Online, the booking proved who this is: its NIK, KPJ and claim type, never another person's.
            identity = online.booking_identity(session, visit)
            for name in ("nik", "kpj", "claim_type"):
                if entries.get(name) not in (None, identity.get(name)):
                    raise unprocessable("not_the_bookings", f"the {name} is the booking's; book again to change it")
            entries.update(identity)
        sessions.set_intake(session, visit, entries, actor=who.actor, now=now)
        result = sessions.session_public(session, visit)
    hub.events.publish(SessionChanged(session_id, state_changed=False))
    return result
