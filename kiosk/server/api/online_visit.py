"""The online participant's preparation and joining: consent (creates the visit), resumable document uploads
(checked by the hub as the booth checks its stills) and joining the branch's queue. ``/api/v1/online/*``, all with
the ``kiosk_online`` web-session cookie. Intake goes through the ordinary ``PUT /sessions/{id}/intake``."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request, Response
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, can_set_state, can_upload_document
from kiosk.domain.channels import Channel
from kiosk.domain.claims import CatalogError
from kiosk.domain.online_window import opens_message
from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import (
    OnlineBookingView,
    OnlineConsent,
    OnlineDocumentResult,
    OnlineJoinResult,
    OnlineUploadCreate,
    OnlineUploadStatus,
)
from kiosk.server.context import HubContext
from kiosk.server.deps import HubDep, ParticipantDep
from kiosk.server.errors import ApiError, conflict, forbidden, not_found, unprocessable
from kiosk.server.events import SessionChanged
from kiosk.server.models import Booking, Document, VisitSession
from kiosk.server.repositories import audit, documents, online, sessions
from kiosk.server.responses import error_responses
from kiosk.server.resumable import OffsetMismatch, PendingUpload, ResumableUploads
from kiosk.server.security import new_id
from kiosk.server.services import online as online_service
from kiosk.server.services.document_quality import judge
from kiosk.server.storage import sniff_media_type
from kiosk.server.uploads import store_refusals

router = APIRouter(prefix="/online", tags=["online"])

#: The chunk body of ``PATCH /online/uploads/{id}``: raw bytes (tus's ``application/offset+octet-stream`` is
#: accepted too: the hub does not look at the content type of a chunk).
CHUNK_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
    }
}


def _booking(session: Session, who: Principal) -> Booking:
    booking = session.get(Booking, who.subject_id)
    if booking is None:
        raise not_found("booking")
    if booking.status == "cancelled":
        raise ApiError(410, "booking_expired", "this booking was cancelled; book a new visit")
    return booking


def _early(what: str, opens_at: datetime, now: datetime, language: str) -> ApiError:
    """409 for a participant who is early, with the opening time in words in their language."""
    return conflict(f"{what}_not_open", opens_message(what, opens_at, now, language), opens_at=opens_at.isoformat())


def _expired() -> ApiError:
    return ApiError(410, "booking_expired", "this booking's time is over; book a new visit")


def _uploads(hub: HubContext) -> ResumableUploads:
    return ResumableUploads(hub.settings.server_data_dir() / "online-uploads", hub.settings.online.upload_ttl_s)


@router.post(
    "/consent",
    response_model=OnlineBookingView,
    responses=error_responses({409: "prepare_not_open (with opens_at)", 410: "booking_expired"}),
)
def give_consent(body: OnlineConsent, hub: HubDep, who: ParticipantDep) -> OnlineBookingView:
    """The participant agrees: the visit is created at once (online, no booth, checked in, consented), so intake
    and documents can follow. Asking again changes nothing."""
    now = hub.now()
    created: str | None = None
    with hub.db.session() as session:
        audit.lock_head(session)
        booking = _booking(session, who)
        if booking.session_id is None:
            window = online_service.window_of(hub, booking)
            if now < window.prepare_opens:
                raise _early("prepare", window.prepare_opens, now, body.language)
            if window.is_over(now):
                raise _expired()
            visit = sessions.create_session(
                session,
                session_id=new_id("s"),
                branch_id=booking.branch_id,
                booth_id=None,
                kind=VisitKind.ONLINE,
                booking=booking,
                visit_date=booking.visit_date,
                now=now,
                actor=who.actor,
                channel=Channel.ONLINE,
            )
            sessions.spend_place(session, visit, now=now)
            booking.language = body.language
            online.record(session, booking, "online.consented", now=now, visit=visit.id)
            created = visit.id
            session.flush()
        view = online_service.booking_view(hub, session, booking)
    if created is not None:
        hub.events.publish(SessionChanged(created))
    return view


def _open_visit(session: Session, booking: Booking, who: Principal) -> VisitSession:
    if booking.session_id is None:
        raise conflict("consent_first", "give your consent first: it opens your visit")
    visit = sessions.get_for_update(session, booking.session_id)
    if not can_upload_document(who, sessions.facts(visit)):
        raise _expired()
    return visit


def _status(uploads: ResumableUploads, upload: PendingUpload) -> OnlineUploadStatus:
    offset = uploads.offset(upload)
    return OnlineUploadStatus(
        id=upload.id, document_type=upload.document_type, offset=offset, size=upload.size, done=False
    )


@router.post(
    "/uploads",
    response_model=OnlineUploadStatus,
    status_code=201,
    responses=error_responses(
        {
            409: "consent_first",
            410: "booking_expired",
            413: "larger than server.max_document_bytes",
            422: "unknown_document_type",
        }
    ),
)
def create_upload(body: OnlineUploadCreate, response: Response, hub: HubDep, who: ParticipantDep) -> OnlineUploadStatus:
    """Start a resumable upload of one document (its type and size); chunks follow with PATCH."""
    if body.size > hub.settings.server.max_document_bytes:
        raise ApiError(413, "too_large", f"documents are limited to {hub.settings.server.max_document_bytes} bytes")
    try:
        hub.catalog.document(body.document_type)
    except CatalogError:
        raise unprocessable("unknown_document_type", f"{body.document_type!r} is not in the catalog") from None
    with hub.db.session() as session:
        booking = _booking(session, who)
        visit = _open_visit(session, booking, who)
        visit_id = visit.id
    uploads = _uploads(hub)
    upload = uploads.create(
        booking_id=who.subject_id, session_id=visit_id, document_type=body.document_type, size=body.size
    )
    response.headers["Location"] = f"/api/v1/online/uploads/{upload.id}"
    response.headers["Upload-Offset"] = "0"
    return _status(uploads, upload)


def _pending(hub: HubContext, upload_id: str, who: Principal) -> tuple[ResumableUploads, PendingUpload]:
    uploads = _uploads(hub)
    upload = uploads.get(upload_id, who.subject_id)
    if upload is None:
        raise not_found("upload")
    return uploads, upload


@router.get("/uploads/{upload_id}", response_model=OnlineUploadStatus, responses=error_responses({}))
def upload_status(upload_id: str, response: Response, hub: HubDep, who: ParticipantDep) -> OnlineUploadStatus:
    """How much of an upload arrived (to resume after a dropped connection)."""
    uploads, upload = _pending(hub, upload_id, who)
    status = _status(uploads, upload)
    response.headers["Upload-Offset"] = str(status.offset)
    response.headers["Cache-Control"] = "no-store"
    return status


@router.head("/uploads/{upload_id}", response_class=Response, responses=error_responses({}))
def upload_offset(upload_id: str, hub: HubDep, who: ParticipantDep) -> Response:
    """The offset as tus asks for it: the ``Upload-Offset`` and ``Upload-Length`` headers."""
    uploads, upload = _pending(hub, upload_id, who)
    headers = {
        "Upload-Offset": str(uploads.offset(upload)),
        "Upload-Length": str(upload.size),
        "Cache-Control": "no-store",
    }
    return Response(status_code=200, headers=headers)


def _finish(hub: HubContext, who: Principal, uploads: ResumableUploads, upload: PendingUpload) -> OnlineUploadStatus:
    """Store a complete upload as a document, after the hub's checks; the pending upload is gone either way."""
    limit = hub.settings.server.max_document_bytes
    try:
        with hub.db.session() as session:
            booking = _booking(session, who)
            _open_visit(session, booking, who)
            language = booking.language
        with store_refusals("documents", limit, "a JPEG, PNG or PDF file"), uploads.open(upload) as source:
            stored = hub.store.save(source, limit)
        shape = hub.catalog.document(upload.document_type).shape
        # The pending upload holds the very bytes just stored, on this host whatever the store's backend.
        verdict = judge(uploads.path(upload), stored.media_type, shape, hub.settings.video)
        if verdict.problems:
            hub.store.discard(stored)
            raise unprocessable("poor_quality", verdict.message(language), problems=[p.value for p in verdict.problems])
    except BaseException:
        uploads.remove(upload.id)
        raise
    uploads.remove(upload.id)
    quality = verdict.quality
    now = hub.now()
    try:
        with hub.db.session() as session:
            doc = documents.add_document(
                session,
                Document(
                    id=new_id("d"),
                    session_id=upload.session_id,
                    document_type=upload.document_type,
                    media_type=stored.media_type,
                    size=stored.size,
                    sha256=stored.sha256,
                    sharpness=quality.sharpness if quality else None,
                    glare_ratio=quality.glare_ratio if quality else None,
                    brightness=quality.brightness if quality else None,
                    uploaded_by=who.actor,
                    created_at=now,
                ),
                actor=who.actor,
                now=now,
            )
            result = OnlineDocumentResult(
                document_id=doc.id,
                document_type=doc.document_type,
                media_type=doc.media_type,
                sharpness=doc.sharpness,
                glare_ratio=doc.glare_ratio,
                brightness=doc.brightness,
                card_found=quality.card_found if quality else None,
            )
    except BaseException:
        hub.store.discard(stored)
        raise
    hub.events.publish(SessionChanged(upload.session_id, state_changed=False))
    return OnlineUploadStatus(
        id=upload.id,
        document_type=upload.document_type,
        offset=upload.size,
        size=upload.size,
        done=True,
        document=result,
    )


def _append(hub: HubContext, who: Principal, upload_id: str, offset: int, chunk: bytes) -> OnlineUploadStatus:
    uploads, upload = _pending(hub, upload_id, who)
    if offset == 0 and chunk and sniff_media_type(chunk[:8]) is None:
        uploads.remove(upload.id)
        raise ApiError(415, "unsupported_media_type", "a document must be a photo (JPEG or PNG) or a PDF")
    try:
        new_offset = uploads.append(upload, offset, chunk)
    except OffsetMismatch as exc:
        raise conflict("offset_mismatch", f"the upload stands at {exc.offset} bytes", offset=exc.offset) from None
    if new_offset < upload.size:
        return OnlineUploadStatus(
            id=upload.id, document_type=upload.document_type, offset=new_offset, size=upload.size, done=False
        )
    return _finish(hub, who, uploads, upload)


@router.patch(
    "/uploads/{upload_id}",
    response_model=OnlineUploadStatus,
    openapi_extra=CHUNK_BODY,
    responses=error_responses(
        {
            409: "offset_mismatch (with the current offset), consent_first",
            413: "a chunk above online.upload_chunk_bytes",
            415: "not a JPEG, PNG or PDF file",
            422: "poor_quality (with problems: too_dark, blurry, glare, no_card, too_bright) or active_content",
            503: "storage_unavailable",
            507: "storage_full",
        }
    ),
)
async def append_chunk(
    upload_id: str,
    request: Request,
    response: Response,
    hub: HubDep,
    who: ParticipantDep,
    upload_offset: Annotated[int, Header(ge=0, le=2**40)],
) -> OnlineUploadStatus:
    """Append the next chunk (raw bytes) at ``Upload-Offset``; the last chunk stores the document, after the hub's
    quality checks. A chunk at another offset than the upload's gets 409 with the current offset."""
    chunk = await request.body()
    status = await run_in_threadpool(_append, hub, who, upload_id, upload_offset, chunk)
    response.headers["Upload-Offset"] = str(status.offset)
    return status


@router.post(
    "/join",
    response_model=OnlineJoinResult,
    responses=error_responses(
        {409: "join_not_open (with opens_at), consent_first, invalid_transition", 410: "booking_expired"}
    ),
)
def join(hub: HubDep, who: ParticipantDep) -> OnlineJoinResult:
    """Join the branch's queue: the visit moves to self_service, then waiting_cso (audited, announced to signaling
    like any state change). Inside the join window only; a visit already queued or in a call stays as it is."""
    now = hub.now()
    with hub.db.session() as session:
        booking = _booking(session, who)
        if booking.session_id is None:
            raise conflict("consent_first", "give your consent first: it opens your visit")
        window = online_service.window_of(hub, booking)
        if now < window.join_opens:
            raise _early("join", window.join_opens, now, booking.language)
        if window.is_over(now):
            raise _expired()
        visit = sessions.get_for_update(session, booking.session_id)
        state = SessionState(visit.state)
        if state.is_final:
            raise _expired()
        for current, target in (
            (SessionState.CHECKED_IN, SessionState.SELF_SERVICE),
            (SessionState.SELF_SERVICE, SessionState.WAITING_CSO),
        ):
            if state is current:
                if not can_set_state(who, sessions.facts(visit), target):
                    raise forbidden("this visit is not yours")
                state = sessions.change_state(session, visit, target, actor=who.actor, now=now)
        online.record(session, booking, "online.joined", now=now, visit=visit.id)
        result = OnlineJoinResult(session_id=visit.id, state=state)
    hub.events.publish(SessionChanged(result.session_id))
    return result
