"""A session's captured documents: upload, list, download (``/api/v1/sessions/{id}/documents``, ``/documents``)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from pydantic import ValidationError

from kiosk.domain.access import can_download_document, can_list_documents, can_upload_document, can_view_session
from kiosk.protocol.rest import DocumentPublic, DocumentUpload, DocumentUploadFields
from kiosk.server.deps import CurrentUser, HubDep
from kiosk.server.errors import ApiError, forbidden, not_found, unprocessable
from kiosk.server.models import Document
from kiosk.server.repositories import documents, sessions
from kiosk.server.responses import download_headers, error_responses
from kiosk.server.security import new_id
from kiosk.server.storage import StorageFull, StorageUnavailable
from kiosk.server.uploads import multipart_body, receive_upload, store_refusals

router = APIRouter()

_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "application/pdf": "pdf"}


@router.post(
    "/sessions/{session_id}/documents",
    response_model=DocumentPublic,
    status_code=201,
    tags=["documents"],
    openapi_extra=multipart_body(DocumentUpload),
    responses=error_responses(
        {
            413: "larger than server.max_document_bytes",
            415: "not a JPEG/PNG/PDF file, or not one that decodes as what its first bytes claim",
            422: "invalid form, unknown document type, or a PDF with active content (active_content)",
            503: "storage_unavailable: the file could not be stored (I/O error); retry",
            507: "storage_full: no space left for documents",
        }
    ),
)
def upload_document(session_id: str, request: Request, hub: HubDep, who: CurrentUser) -> DocumentPublic:
    """Store a captured document for a session (multipart: ``file`` and ``document_type``, optional quality
    measures). Its kind is decided by content (decoded, not only sniffed), never by name. The caller is
    authorised before the body is read, and the file is streamed into the store within the size limit."""
    with hub.db.session() as session:
        visit = sessions.visible_session(session, who, session_id)
        if not can_upload_document(who, sessions.facts(visit)):
            raise forbidden("only the session's booth or its assigned officer uploads documents, while it is open")
    limit = hub.settings.server.max_document_bytes
    with store_refusals("documents", limit, "a JPEG, PNG or PDF file"):
        upload, raw_fields = receive_upload(request, hub.store, limit)
        try:
            fields = DocumentUploadFields.model_validate(raw_fields)
        except ValidationError as exc:
            upload.abort()
            raise RequestValidationError(exc.errors(include_url=False, include_context=False)) from None
        if fields.document_type not in hub.catalog.documents:
            upload.abort()
            raise unprocessable("unknown_document_type", f"{fields.document_type!r} is not a document of the catalog")
        stored = upload.commit()
    now = hub.now()
    try:
        with hub.db.session() as session:
            doc = Document(
                id=new_id("d"),
                session_id=session_id,
                document_type=fields.document_type,
                media_type=stored.media_type,
                size=stored.size,
                sha256=stored.sha256,
                sharpness=fields.sharpness,
                glare_ratio=fields.glare_ratio,
                brightness=fields.brightness,
                uploaded_by=who.actor,
                created_at=now,
            )
            return documents.document_public(documents.add_document(session, doc, actor=who.actor, now=now))
    except BaseException:
        hub.store.discard(stored)  # no row, no file: a retry starts from nothing
        raise


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
        **error_responses(
            {
                410: "the file was removed after its retention period",
                503: "storage_unavailable: the file could not be read; retry",
            }
        ),
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
        sha, media_type, doc_id = doc.sha256, doc.media_type, doc.id
    try:
        with hub.store.open(sha) as handle:
            content = handle.read()
    except FileNotFoundError:
        raise ApiError(410, "purged", "the document's file was removed after its retention period") from None
    except (OSError, StorageFull, StorageUnavailable):
        raise ApiError(
            503, "storage_unavailable", "the hub could not read the file; retry shortly", headers={"Retry-After": "5"}
        ) from None
    # Saved, never rendered in the hub's origin: a browser neither sniffs nor runs anything in it.
    extension = _EXTENSIONS.get(media_type, "bin")
    return Response(content, media_type=media_type, headers=download_headers(f"{doc_id}.{extension}"))
