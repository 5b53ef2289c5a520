"""A batch's files: the two letters, workers' documents (a zip named by convention, or one by one), and the
result the employer downloads (CSV, XLSX, PDF)."""

from __future__ import annotations

import re
import zipfile
from typing import BinaryIO, cast

from kiosk.domain.access import Principal
from kiosk.protocol.rest import DocumentsZipResult, LetterKind, LetterPublic, RowPublic, ZipRefusal
from kiosk.server.collective.result_files import ResultLine, Summary
from kiosk.server.collective.texts import STATUS_LABELS, text
from kiosk.server.context import HubContext
from kiosk.server.errors import ApiError, conflict, not_found, unprocessable
from kiosk.server.models import CollectiveDocument, CollectiveRow
from kiosk.server.repositories import audit
from kiosk.server.repositories import collective as repo
from kiosk.server.services.collective import visible_batch
from kiosk.server.storage import StorageFull, StorageUnavailable, TooLarge, UnsupportedMediaType
from kiosk.server.uploads import store_refusals

#: ``<NIK>_<document code>.jpg|jpeg|png|pdf`` (case does not matter).
ZIP_NAME = re.compile(r"^(\d{16})_([a-z0-9_]{1,64})\.(jpe?g|png|pdf)$", re.IGNORECASE)


def store_letter(hub: HubContext, batch_id: str, who: Principal, kind: LetterKind, source: BinaryIO) -> LetterPublic:
    """Keep a batch's power of attorney or layoff letter (JPEG, PNG or PDF; a newer one replaces the older)."""
    with hub.db.session() as session:
        visible_batch(session, who, batch_id, change=True)
    limit = hub.settings.server.max_document_bytes
    with store_refusals("documents", limit, "a JPEG, PNG or PDF file"):
        stored = hub.store.save(source, limit)
    now = hub.now()
    with hub.db.session() as session:
        batch = visible_batch(session, who, batch_id, change=True)
        repo.add_document(
            session,
            CollectiveDocument(batch_id=batch.id, kind=kind, media_type=stored.media_type, size=stored.size,
                               sha256=stored.sha256, uploaded_by=who.actor, created_at=now),
        )
        audit.record(session, at=now, actor=who.actor, action="collective.letter_uploaded",
                     subject_type="collective_batch", subject_id=batch.id, details={"kind": kind})
    return LetterPublic(kind=kind, media_type=stored.media_type, size=stored.size, uploaded_at=now)


def _open_row(row: CollectiveRow | None) -> CollectiveRow:
    if row is None:
        raise not_found("row")
    if row.claim_reference is not None:
        raise conflict("already_submitted", "the row's claim is already submitted")
    return row


def store_row_document(
    hub: HubContext, row_id: int, who: Principal, document_type: str, source: BinaryIO
) -> RowPublic:
    """Keep one worker's document (row by row)."""
    if document_type not in hub.catalog.documents:
        raise unprocessable("unknown_document_type", f"{document_type!r} is not a document of the catalog")
    with hub.db.session() as session:
        row = _open_row(repo.row_by_id(session, row_id))
        visible_batch(session, who, row.batch_id, change=True)
    limit = hub.settings.server.max_document_bytes
    with store_refusals("documents", limit, "a JPEG, PNG or PDF file"):
        stored = hub.store.save(source, limit)
    now = hub.now()
    with hub.db.session() as session:
        row = _open_row(repo.row_by_id(session, row_id))
        visible_batch(session, who, row.batch_id, change=True)
        repo.add_document(
            session,
            CollectiveDocument(batch_id=row.batch_id, row_id=row.id, kind=document_type,
                               media_type=stored.media_type, size=stored.size, sha256=stored.sha256,
                               uploaded_by=who.actor, created_at=now),
        )
        audit.record(session, at=now, actor=who.actor, action="collective.document_uploaded",
                     subject_type="collective_row", subject_id=row.id, details={"type": document_type})
        return repo.rows_public(session, [row])[0]


def open_document(hub: HubContext, who: Principal, *, row_id: int | None = None, batch_id: str | None = None,
                  kind: str) -> tuple[bytes, str]:
    """A worker's document (`row_id`) or a batch's letter (`batch_id`) with its media type, for whoever may see
    the batch (the branch's staff, the employer's representatives); audited as seen, by whom and which."""
    now = hub.now()
    with hub.db.session() as session:
        if row_id is not None:
            row = repo.row_by_id(session, row_id)
            if row is None:
                raise not_found("document")
            batch_id = row.batch_id
        assert batch_id is not None
        batch = visible_batch(session, who, batch_id)
        found = repo.document_of(session, batch.id, row_id, kind)
        if found is None:
            raise not_found("document")
        audit.record(session, at=now, actor=who.actor, action="collective.document_viewed",
                     subject_type="collective_row" if row_id is not None else "collective_batch",
                     subject_id=row_id if row_id is not None else batch.id, details={"type": kind})
        sha, media_type = found.sha256, found.media_type
    try:
        with hub.store.open(sha) as handle:
            return handle.read(), media_type
    except FileNotFoundError:
        raise ApiError(410, "purged", "the document's file was removed after its retention period") from None
    except (OSError, StorageFull, StorageUnavailable):
        raise ApiError(503, "storage_unavailable", "the hub could not read the file; retry shortly",
                       headers={"Retry-After": "5"}) from None


def _zip_refusal(name: str, reason: str) -> ZipRefusal:
    return ZipRefusal(name=name[:120], reason=reason)


def store_zip(hub: HubContext, batch_id: str, who: Principal, source: BinaryIO) -> DocumentsZipResult:
    """Keep the workers' documents of a zip: files named ``<NIK>_<document code>.<jpg|png|pdf>`` of rows of the
    batch. Nothing is extracted to disk: each file is streamed into the store within the document limit (a
    file that unpacks larger than it claims stops there), paths are never followed (``../`` names are refused),
    and the zip's file count and unpacked size are bounded before anything is read."""
    settings = hub.settings.collective
    limit = hub.settings.server.max_document_bytes
    with hub.db.session() as session:
        batch = visible_batch(session, who, batch_id, change=True)
        rows = {r.row_key: r.id for r in repo.rows_by_key(session, batch.id).values() if r.claim_reference is None}
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, ValueError, EOFError):
        raise ApiError(415, "unsupported_media_type", "the documents must come as a zip file") from None
    refused: list[ZipRefusal] = []
    stored_docs: list[CollectiveDocument] = []
    now = hub.now()
    with archive:
        entries = [i for i in archive.infolist() if not i.is_dir()]
        if len(entries) > settings.max_zip_files:
            raise ApiError(413, "too_large", f"a zip may hold at most {settings.max_zip_files} files")
        if sum(i.file_size for i in entries) > settings.max_unpacked_bytes:
            raise ApiError(413, "too_large", f"a zip may unpack to at most {settings.max_unpacked_bytes} bytes")
        for info in entries:
            name = info.filename
            parts = name.replace("\\", "/").split("/")
            if name.startswith(("/", "\\")) or ".." in parts or ":" in name or len(parts) > 2:
                refused.append(_zip_refusal(name, "unsafe_name"))
                continue
            match = ZIP_NAME.match(parts[-1])
            if match is None:
                refused.append(_zip_refusal(name, "name_not_nik_document"))
                continue
            nik, code = match.group(1), match.group(2).lower()
            if code not in hub.catalog.documents:
                refused.append(_zip_refusal(name, "unknown_document_type"))
                continue
            if nik not in rows:
                refused.append(_zip_refusal(name, "no_such_worker"))
                continue
            try:
                with archive.open(info) as member:
                    stored = hub.store.save(cast(BinaryIO, member), limit)
            except TooLarge:
                refused.append(_zip_refusal(name, "too_large"))
                continue
            except (StorageFull, StorageUnavailable):
                raise
            except (UnsupportedMediaType, zipfile.BadZipFile, ValueError, OSError, Exception):
                refused.append(_zip_refusal(name, "unsupported_media_type"))
                continue
            stored_docs.append(
                CollectiveDocument(batch_id=batch_id, row_id=rows[nik], kind=code, media_type=stored.media_type,
                                   size=stored.size, sha256=stored.sha256, uploaded_by=who.actor, created_at=now)
            )
    with hub.db.session() as session:
        visible_batch(session, who, batch_id, change=True)
        repo.add_documents(session, stored_docs)
        audit.record(session, at=now, actor=who.actor, action="collective.documents_uploaded",
                     subject_type="collective_batch", subject_id=batch_id,
                     details={"stored": len(stored_docs), "refused": len(refused)})
    return DocumentsZipResult(stored=len(stored_docs), refused=refused)


def _message(row: CollectiveRow, language: str) -> str:
    blocking = [i for i in row.issues if i.get("blocking")] or list(row.issues)
    if not row.accepted or (blocking and repo.row_status(row) == "refused"):
        return " ".join(str(i["message_en" if language == "en" else "message_id"]) for i in blocking)
    if row.decision == "rejected" and row.decision_reason:
        return row.decision_reason
    return text(f"status_help.{repo.row_status(row)}", language)


def result_lines(hub: HubContext, batch_id: str, who: Principal, language: str) -> tuple[Summary, list[ResultLine]]:
    """A batch's result, one line per row, in `language` (audited as a download)."""
    now = hub.now()
    with hub.db.session() as session:
        batch = visible_batch(session, who, batch_id)
        _, rows = repo.rows_page(session, batch.id, 0, 10**9)
        lines = [
            ResultLine(
                line=row.line,
                # An erased row's NIK is a pseudonym, which means nothing to the employer.
                nik="-" if row.erased_at else row.nik or str(row.cells.get("nik", "")),
                name="-" if row.erased_at else row.name or str(row.cells.get("name", "")),
                status=STATUS_LABELS[repo.row_status(row)][1 if language == "en" else 0],
                message=_message(row, language),
                claim_reference=row.claim_reference or "",
            )
            for row in rows
        ]
        counts = repo.counts_of(session, batch.id).model_dump()
        summary = Summary(
            title=text("pdf.title", language),
            employer=f"{batch.employer.name} (NPP {batch.employer.npp})",
            batch=f"{text('pdf.batch', language)} {batch.id}",
            generated=f"{text('pdf.generated', language)} {now.strftime('%Y-%m-%d %H:%M')} UTC",
            counts=[(text("pdf.rows", language), counts["rows"])]
            + [(STATUS_LABELS[s][1 if language == "en" else 0], counts[s]) for s in STATUS_LABELS],
        )
        audit.record(session, at=now, actor=who.actor, action="collective.result_downloaded",
                     subject_type="collective_batch", subject_id=batch.id)
    return summary, lines
