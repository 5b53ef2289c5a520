"""Bookings, check-ins, sessions and their documents: the participant's visit through the hub."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kiosk.domain.access import (
    Role,
    can_create_booking,
    can_download_document,
    can_list_documents,
    can_set_state,
    can_upload_document,
    can_view_session,
)
from kiosk.domain.claims import CatalogError
from kiosk.domain.identifiers import (
    InvalidIdentifier,
    normalize_phone,
    parse_nik,
    parse_npwp,
    validate_bank_account,
    validate_kpj,
)
from kiosk.domain.quota import QuotaPolicy, VisitKind, check_quota, slot_has_room
from kiosk.domain.references import booking_qr_payload, new_booking_code, normalize_booking_code
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import (
    BookingCreate,
    BookingPublic,
    CheckinCreate,
    DocumentPublic,
    Intake,
    SessionPublic,
    StateChange,
)
from kiosk.server import audit
from kiosk.server.api.booths import branch_by_code
from kiosk.server.deps import BoothDep, HubDep, PrincipalDep
from kiosk.server.errors import ApiError, conflict, forbidden, not_found, unprocessable
from kiosk.server.models import Booking, Booth, Branch, Document, VisitSession
from kiosk.server.services import change_state, facts, get_session_for_update, new_id, session_public
from kiosk.server.storage import TooLarge, UnsupportedMediaType

router = APIRouter()


def identifier_error(exc: InvalidIdentifier) -> ApiError:
    """422 for a malformed NIK/KPJ/NPWP/phone/account, with the domain's code and English message."""
    return unprocessable(f"invalid_{exc.kind.value}", exc.message_en, message_id=exc.message_id)


# -- bookings -------------------------------------------------------------------------------------------------


def _slot_times(branch: Branch) -> list[str]:
    start = datetime.combine(datetime.min, time.fromisoformat(branch.service_start))
    end = datetime.combine(datetime.min, time.fromisoformat(branch.service_end))
    slots = []
    while start < end:
        slots.append(start.strftime("%H:%M"))
        start += timedelta(minutes=branch.slot_minutes)
    return slots


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


@router.post(
    "/bookings",
    response_model=BookingPublic,
    status_code=201,
    tags=["bookings"],
    responses={409: {"description": "slot full or daily online quota reached"}},
)
def create_booking(body: BookingCreate, hub: HubDep, who: PrincipalDep) -> BookingPublic:
    """Book a visit: branch, date, time slot, NIK, KPJ and claim type. Returns the code and its QR payload."""
    if not can_create_booking(who):
        raise forbidden("bookings are made by staff or the booking portal")
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
        if body.date < local_now.date():
            raise unprocessable("date_in_past", "bookings are for today or a later day")
        if body.date > local_now.date() + timedelta(days=90):
            raise unprocessable("date_too_far", "bookings open at most 90 days ahead")
        if body.slot not in _slot_times(branch):
            raise unprocessable(
                "unknown_slot",
                f"slots start every {branch.slot_minutes} minutes from {branch.service_start} "
                f"until before {branch.service_end}",
            )
        active = (Booking.branch_id == branch.id, Booking.visit_date == body.date, Booking.status != "cancelled")
        in_slot = session.execute(
            select(func.count()).select_from(Booking).where(*active, Booking.slot == body.slot)
        ).scalar_one()
        if not slot_has_room(branch.slot_capacity, in_slot):
            raise conflict("slot_full", f"the {body.slot} slot on {body.date} is fully booked; choose another")
        day_count = session.execute(select(func.count()).select_from(Booking).where(*active)).scalar_one()
        reference_time = datetime.combine(body.date, time(12), tzinfo=local_now.tzinfo)
        decision = check_quota(
            QuotaPolicy(branch.walk_in_daily, branch.online_daily), VisitKind.ONLINE, day_count, reference_time
        )
        if not decision.allowed:
            raise conflict("quota_exhausted", decision.message("en"), quota=decision.cap, kind="online")
        code = new_booking_code(branch.code)
        while session.execute(select(Booking.id).where(Booking.code == code)).first() is not None:
            code = new_booking_code(branch.code)
        booking = Booking(
            code=code,
            branch_id=branch.id,
            visit_date=body.date,
            slot=body.slot,
            nik=nik,
            kpj=kpj,
            claim_type=body.claim_type.value,
            phone=phone,
            status="booked",
            created_at=now,
            created_by=who.actor,
        )
        session.add(booking)
        session.flush()
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="booking.created",
            subject_type="booking",
            subject_id=code,
            details={"branch": branch.code, "date": body.date.isoformat(), "slot": body.slot},
        )
        session.refresh(booking)
        return booking_public(booking)


@router.get("/bookings/{code}", response_model=BookingPublic, tags=["bookings"])
def get_booking(code: str, hub: HubDep, who: PrincipalDep) -> BookingPublic:
    """A booking by its code (or QR payload); staff and booths of its branch."""
    try:
        normalized = normalize_booking_code(code)
    except ValueError:
        raise not_found("booking") from None
    with hub.db.session() as session:
        booking = session.execute(select(Booking).where(Booking.code == normalized)).scalar_one_or_none()
        if booking is None or not who.in_branch(booking.branch.code):
            raise not_found("booking")
        return booking_public(booking)


# -- check-in -------------------------------------------------------------------------------------------------


@router.post(
    "/checkins",
    response_model=SessionPublic,
    status_code=201,
    tags=["sessions"],
    responses={409: {"description": "booking not valid now, already used, booth busy, or walk-in quota full"}},
)
def check_in(body: CheckinCreate, hub: HubDep, who: BoothDep) -> SessionPublic:
    """A booth starts a visit: with a booking code (its date and branch, once) or as a walk-in (daily quota)."""
    now = hub.now()
    with hub.db.session() as session:
        audit.lock_head(session)  # the walk-in count and the booking's status must not race
        booth = session.get(Booth, who.subject_id)
        if booth is None:
            raise not_found("booth")
        branch = booth.branch
        local_now = hub.local_now(branch.timezone)
        today = local_now.date()
        busy = (
            session.execute(
                select(VisitSession.id).where(VisitSession.booth_id == booth.id, VisitSession.ended_at.is_(None))
            )
            .scalars()
            .first()
        )
        if busy is not None:
            raise conflict("booth_busy", "this booth already has an open session; end it first", session_id=busy)
        booking: Booking | None = None
        if body.booking_code is not None:
            try:
                code = normalize_booking_code(body.booking_code)
            except ValueError:
                raise not_found("booking") from None
            booking = session.execute(
                select(Booking).where(Booking.code == code).with_for_update(of=Booking)
            ).scalar_one_or_none()
            if booking is None:
                raise not_found("booking")
            if booking.branch_id != branch.id:
                raise conflict("booking_other_branch", f"this booking is for branch {booking.branch.code}")
            if booking.status != "booked":
                raise conflict("booking_used", "this booking was already used for a check-in")
            if booking.visit_date != today:
                raise conflict("booking_not_today", f"this booking is for {booking.visit_date.isoformat()}, not today")
            kind = VisitKind.ONLINE
        else:
            kind = VisitKind.WALK_IN
            used = session.execute(
                select(func.count())
                .select_from(VisitSession)
                .where(
                    VisitSession.branch_id == branch.id,
                    VisitSession.visit_date == today,
                    VisitSession.kind == VisitKind.WALK_IN.value,
                )
            ).scalar_one()
            decision = check_quota(QuotaPolicy(branch.walk_in_daily, branch.online_daily), kind, used, local_now)
            if not decision.allowed:
                raise conflict(
                    "quota_exhausted",
                    decision.message(body.language),
                    kind="walk_in",
                    quota=decision.cap,
                    resets_at=decision.resets_at.isoformat(),
                )
        visit = VisitSession(
            id=new_id("s"),
            branch_id=branch.id,
            booth_id=booth.id,
            kind=kind.value,
            booking_id=booking.id if booking else None,
            visit_date=today,
            state=SessionState.CHECKED_IN.value,
            created_at=now,
            updated_at=now,
        )
        session.add(visit)
        if booking is not None:
            booking.status = "checked_in"
            booking.session_id = visit.id
        session.flush()
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="session.checked_in",
            subject_type="session",
            subject_id=visit.id,
            details={"kind": kind.value, "booking": booking.code if booking else None},
        )
        session.refresh(visit)
        result = session_public(session, visit)
    hub.signaling.session_changed(result.id)
    return result


# -- sessions -------------------------------------------------------------------------------------------------


def visible_session(session: Session, who: PrincipalDep, session_id: str) -> VisitSession:
    """The session if `who` may see it; 404 otherwise (no hint that it exists)."""
    visit = session.get(VisitSession, session_id)
    if visit is None or not can_view_session(who, facts(visit)):
        raise not_found("session")
    return visit


@router.get("/sessions", response_model=list[SessionPublic], tags=["sessions"])
def list_sessions(hub: HubDep, who: PrincipalDep, open_only: bool = True, limit: int = 100) -> list[SessionPublic]:
    """Sessions the caller may see: a booth its own, a CSO its assigned ones, a supervisor its branch."""
    limit = max(1, min(limit, 500))
    with hub.db.session() as session:
        query = select(VisitSession).order_by(VisitSession.created_at.desc()).limit(limit)
        if open_only:
            query = query.where(VisitSession.ended_at.is_(None))
        if who.role is Role.BOOTH:
            query = query.where(VisitSession.booth_id == who.subject_id, VisitSession.ended_at.is_(None))
        elif who.role is Role.CSO:
            query = query.where(VisitSession.assigned_user_id == who.subject_id)
        elif who.branch_code is not None:
            query = query.join(Branch, VisitSession.branch_id == Branch.id).where(Branch.code == who.branch_code)
        visits = session.execute(query).scalars().unique().all()
        return [session_public(session, v) for v in visits if can_view_session(who, facts(v))]


@router.get("/sessions/{session_id}", response_model=SessionPublic, tags=["sessions"])
def get_session(session_id: str, hub: HubDep, who: PrincipalDep) -> SessionPublic:
    """One session, if the caller may see it."""
    with hub.db.session() as session:
        return session_public(session, visible_session(session, who, session_id))


@router.post(
    "/sessions/{session_id}/state",
    response_model=SessionPublic,
    tags=["sessions"],
    responses={409: {"description": "the state machine does not allow this change"}},
)
def set_state(session_id: str, body: StateChange, hub: HubDep, who: PrincipalDep) -> SessionPublic:
    """Move a session to another state; who may ask for which state is decided by role."""
    if body.state is SessionState.SUBMITTED:
        raise conflict("use_claims", "a session becomes submitted when its claim is submitted (POST /claims)")
    now = hub.now()
    with hub.db.session() as session:
        visit = get_session_for_update(session, session_id)
        if not can_view_session(who, facts(visit)):
            raise not_found("session")
        if not can_set_state(who, facts(visit), body.state):
            raise forbidden(f"a {who.role.value} may not move a session to {body.state.value}")
        change_state(session, visit, body.state, actor=who.actor, now=now, reason=body.reason)
        result = session_public(session, visit)
    hub.signaling.session_changed(session_id)
    return result


@router.put("/sessions/{session_id}/intake", response_model=SessionPublic, tags=["sessions"])
def put_intake(session_id: str, body: Intake, hub: HubDep, who: PrincipalDep) -> SessionPublic:
    """Store what the participant entered in self-service (replaces the previous intake); booth or officer."""
    try:
        cleaned = body.model_copy(
            update={
                "nik": parse_nik(body.nik).digits if body.nik else None,
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
        visit = get_session_for_update(session, session_id)
        if not can_view_session(who, facts(visit)):
            raise not_found("session")
        if not can_upload_document(who, facts(visit)):
            raise forbidden("only the session's booth or its officer may change the intake, while it is open")
        visit.intake = cleaned.model_dump(mode="json", exclude_none=True)
        visit.updated_at = now
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="session.intake",
            subject_type="session",
            subject_id=visit.id,
            details={"fields": sorted(visit.intake)},
        )
        result = session_public(session, visit)
    hub.signaling.session_changed(session_id, state_changed=False)
    return result


# -- documents ------------------------------------------------------------------------------------------------


def document_public(doc: Document) -> DocumentPublic:
    """The API view of a document's metadata."""
    return DocumentPublic.model_validate(doc)


@router.post(
    "/sessions/{session_id}/documents",
    response_model=DocumentPublic,
    status_code=201,
    tags=["documents"],
    responses={413: {"description": "larger than server.max_document_bytes"}, 415: {"description": "not JPEG/PNG/PDF"}},
)
def upload_document(
    session_id: str,
    hub: HubDep,
    who: PrincipalDep,
    file: Annotated[UploadFile, File(description="the still (JPEG or PNG) or a PDF")],
    document_type: Annotated[str, Form(min_length=1, max_length=64, description="catalog document code")],
    sharpness: Annotated[float | None, Form(ge=0, le=1e9)] = None,
    glare_ratio: Annotated[float | None, Form(ge=0, le=1)] = None,
    brightness: Annotated[float | None, Form(ge=0, le=255)] = None,
) -> DocumentPublic:
    """Store a captured document for a session (multipart). Its kind is decided by content, not by name."""
    if document_type not in hub.catalog.documents:
        raise unprocessable("unknown_document_type", f"{document_type!r} is not a document of the catalog")
    with hub.db.session() as session:
        visit = visible_session(session, who, session_id)
        if not can_upload_document(who, facts(visit)):
            raise forbidden("only the session's booth or its assigned officer uploads documents, while it is open")
    try:
        stored = hub.store.save(file.file, hub.settings.server.max_document_bytes)
    except TooLarge:
        raise ApiError(
            413, "too_large", f"documents are limited to {hub.settings.server.max_document_bytes} bytes"
        ) from None
    except UnsupportedMediaType:
        raise ApiError(415, "unsupported_media_type", "a document must be a JPEG, PNG or PDF file") from None
    now = hub.now()
    with hub.db.session() as session:
        doc = Document(
            id=new_id("d"),
            session_id=session_id,
            document_type=document_type,
            media_type=stored.media_type,
            size=stored.size,
            sha256=stored.sha256,
            sharpness=sharpness,
            glare_ratio=glare_ratio,
            brightness=brightness,
            uploaded_by=who.actor,
            created_at=now,
        )
        session.add(doc)
        session.flush()
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="document.uploaded",
            subject_type="document",
            subject_id=doc.id,
            details={"session": session_id, "type": document_type, "sha256": stored.sha256, "size": stored.size},
        )
        return document_public(doc)


@router.get("/sessions/{session_id}/documents", response_model=list[DocumentPublic], tags=["documents"])
def list_documents(session_id: str, hub: HubDep, who: PrincipalDep) -> list[DocumentPublic]:
    """A session's documents (metadata only), oldest first."""
    with hub.db.session() as session:
        visit = visible_session(session, who, session_id)
        if not can_list_documents(who, facts(visit)):
            raise not_found("session")
        docs = (
            session.execute(
                select(Document).where(Document.session_id == session_id).order_by(Document.created_at, Document.id)
            )
            .scalars()
            .all()
        )
        return [document_public(d) for d in docs]


@router.get(
    "/documents/{document_id}/content",
    tags=["documents"],
    response_class=Response,
    responses={200: {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}}},
)
def download_document(document_id: str, hub: HubDep, who: PrincipalDep) -> Response:
    """The document's bytes, for the session's assigned CSO and the branch's supervisors (audited)."""
    now = hub.now()
    with hub.db.session() as session:
        doc = session.get(Document, document_id)
        visit = session.get(VisitSession, doc.session_id) if doc else None
        if doc is None or visit is None or not can_view_session(who, facts(visit)):
            raise not_found("document")
        if not can_download_document(who, facts(visit)):
            raise forbidden("documents are opened only by the assigned officer and supervisors")
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="document.viewed",
            subject_type="document",
            subject_id=doc.id,
            details={"session": visit.id, "type": doc.document_type},
        )
        sha, media_type = doc.sha256, doc.media_type
    try:
        with hub.store.open(sha) as handle:
            content = handle.read()
    except FileNotFoundError:
        raise ApiError(410, "purged", "the document's file was removed after its retention period") from None
    return Response(content, media_type=media_type, headers={"Cache-Control": "no-store"})
