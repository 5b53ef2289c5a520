"""What the online channel's routes share: the participant's booking view, the web-session cookie, the visit's
time window, the rate limits of the public routes and the hub's verdict on an uploaded photo."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from fastapi import Request, Response
from sqlalchemy.orm import Session

from kiosk.domain.claim_documents import required_documents
from kiosk.domain.claims import CatalogError
from kiosk.domain.online_window import VisitWindow, visit_window
from kiosk.domain.references import booking_qr_payload
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import OnlineBookingView, OnlineBranchRef, OnlineDocumentNeed, OnlineSteps
from kiosk.server.context import HubContext
from kiosk.server.models import Booking, VisitSession
from kiosk.server.repositories import documents, web_sessions
from kiosk.server.services.limits import Limit


def window_of(hub: HubContext, booking: Booking) -> VisitWindow:
    """The booking's prepare and join window in its branch's time zone."""
    online = hub.settings.online
    return visit_window(
        booking.visit_date,
        booking.slot,
        ZoneInfo(booking.branch.timezone),
        prepare_days_before=online.prepare_opens_days_before,
        join_opens_before_min=online.join_opens_before_min,
        join_closes_after_min=online.join_closes_after_min,
    )


def _needs(hub: HubContext, visit: VisitSession | None, session: Session) -> list[OnlineDocumentNeed]:
    intake = (visit.intake or {}) if visit else {}
    claim_type, reason = intake.get("claim_type"), intake.get("reason")
    if not claim_type or not reason:
        return []
    try:
        needed = required_documents(claim_type, reason, catalog=hub.catalog)
    except (CatalogError, KeyError, ValueError):
        return []
    uploaded = {d.document_type for d in documents.documents_of(session, visit.id)} if visit else set()
    return [
        OnlineDocumentNeed(
            document_type=n.document.code,
            shape=n.document.shape.value,
            name_id=n.document.name_id,
            name_en=n.document.name_en,
            instruction_id=n.document.instruction_id,
            instruction_en=n.document.instruction_en,
            done=n.document.code in uploaded,
        )
        for n in needed
    ]


def booking_view(hub: HubContext, session: Session, booking: Booking) -> OnlineBookingView:
    """The participant's view of their booking (the NIK masked; nothing of the registry)."""
    visit = session.get(VisitSession, booking.session_id) if booking.session_id else None
    needs = _needs(hub, visit, session)
    window = window_of(hub, booking)
    now = hub.now()
    state = SessionState(visit.state) if visit else None
    open_visit = state is None or not state.is_final
    return OnlineBookingView(
        code=booking.code,
        branch=OnlineBranchRef(code=booking.branch.code, name=booking.branch.name),
        date=booking.visit_date,
        slot=booking.slot,
        claim_type=booking.claim_type,
        status=booking.status,
        language=booking.language if booking.language in ("id", "en") else "id",
        nik_masked=f"{booking.nik[:4]}{'*' * 10}{booking.nik[-2:]}",
        qr_payload=booking_qr_payload(booking.code),
        session_id=visit.id if visit else None,
        session_state=state,
        steps=OnlineSteps(
            consent=visit is not None and visit.consented_at is not None,
            intake=bool(visit and visit.intake),
            documents_done=sum(1 for n in needs if n.done),
            documents_total=len(needs),
        ),
        documents=needs,
        prepare_opens_at=window.prepare_opens,
        join_opens_at=window.join_opens,
        join_closes_at=window.join_closes,
        can_prepare=booking.status != "cancelled" and open_visit and window.can_prepare(now),
        can_join=booking.status != "cancelled" and visit is not None and open_visit and window.can_join(now),
    )


def set_cookie(response: Response, request: Request, token: str) -> None:
    """Give the browser its web session: HttpOnly (no script reads it), SameSite=Strict, the whole hub's path,
    Secure over TLS, and no Max-Age (it ends with the browser; the hub ends it sooner: idle and hard expiry)."""
    response.set_cookie(
        web_sessions.COOKIE_NAME,
        token,
        httponly=True,
        samesite="strict",
        secure=request.url.scheme == "https",
        path="/",
    )


def clear_cookie(response: Response, request: Request) -> None:
    """Tell the browser to drop its web session."""
    response.delete_cookie(
        web_sessions.COOKIE_NAME, path="/", httponly=True, samesite="strict", secure=request.url.scheme == "https"
    )


def request_limits(hub: HubContext, address: str) -> list[tuple[Limit, str]]:
    """Every call of a public online route counts against its address (not given back)."""
    return [(Limit("online.requests", hub.settings.online.requests_per_address_per_minute), address)]


def miss_limits(hub: HubContext, address: str, nik: str) -> list[tuple[Limit, str]]:
    """The budgets of a failed sign-in or booking: per address, per NIK (from any address), and the whole hub."""
    online, server = hub.settings.online, hub.settings.server
    return [
        (Limit("online.miss_address", online.attempts_per_address_per_minute), address),
        (Limit("online.miss_nik", online.attempts_per_nik_per_minute), nik),
        (Limit("online.miss_all", server.guesses_global_per_minute), ""),
    ]


def nik_key(text: str) -> str:
    """The NIK as a rate-limit key: its digits, so "3571 0117..." and "357101 17..." count as one."""
    return "".join(ch for ch in text if ch.isdigit())[:24]


def local_now(hub: HubContext, booking: Booking) -> datetime:
    """Now, in the booking's branch."""
    return hub.local_now(booking.branch.timezone)
