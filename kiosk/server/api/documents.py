"""A session's captured documents: upload, list, download (``/api/v1/sessions/{id}/documents``, ``/documents``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import Response

from kiosk.domain.access import can_download_document, can_list_documents, can_upload_document, can_view_session
from kiosk.protocol.rest import DocumentPublic
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.errors import ApiError, forbidden, not_found, unprocessable
from kiosk.server.models import Document
from kiosk.server.repositories import documents, sessions
from kiosk.server.responses import error_responses
from kiosk.server.security import new_id
from kiosk.server.storage import TooLarge, UnsupportedMediaType

router = APIRouter()


@router.post(
    "/sessions/{session_id}/documents",
    response_model=DocumentPublic,
    status_code=201,
    tags=["documents"],
    responses=error_responses({413: "larger than server.max_document_bytes", 415: "not JPEG/PNG/PDF"}),
)
def upload_document(
    session_id: str,
    hub: HubDep,
    who: CurrentUser,
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
        visit = sessions.visible_session(session, who, session_id)
        if not can_upload_document(who, sessions.facts(visit)):
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
        return documents.document_public(documents.add_document(session, doc, actor=who.actor, now=now))


@router.get("/sessions/{session_id}/documents", response_model=list[DocumentPublic], tags=["documents"])
def list_documents(session_id: str, hub: HubDep, who: CurrentUser) -> list[DocumentPublic]:
    """A session's documents (metadata only), oldest first."""
    with hub.db.session() as session:
        visit = sessions.visible_session(session, who, session_id)
        if not can_list_documents(who, sessions.facts(visit)):
            raise not_found("session")
        return [documents.document_public(d) for d in documents.documents_of(session, session_id)]


@router.get(
    "/documents/{document_id}/content",
    tags=["documents"],
    response_class=Response,
    responses={
        200: {"content": {"image/jpeg": {}, "image/png": {}, "application/pdf": {}}},
        **error_responses({410: "the file was removed after its retention period"}),
    },
)
def download_document(document_id: str, hub: HubDep, who: CurrentUser) -> Response:
    """The document's bytes, for the session's assigned CSO and the branch's supervisors (audited)."""
    now = hub.now()
    with hub.db.session() as session:
        doc = documents.get_document(session, document_id)
        visit = sessions.get_session(session, doc.session_id) if doc else None
        if doc is None or visit is None or not can_view_session(who, sessions.facts(visit)):
            raise not_found("document")
        if not can_download_document(who, sessions.facts(visit)):
            raise forbidden("documents are opened only by the assigned officer and supervisors")
        documents.record_viewed(session, doc, actor=who.actor, now=now)
        sha, media_type = doc.sha256, doc.media_type
    try:
        with hub.store.open(sha) as handle:
            content = handle.read()
    except FileNotFoundError:
        raise ApiError(410, "purged", "the document's file was removed after its retention period") from None
    return Response(content, media_type=media_type, headers={"Cache-Control": "no-store"})
