"""`kiosk.server.repositories.documents`: documents, recordings, and which files the retention period frees."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from kiosk.server.context import utc_now
from kiosk.server.models import AuditEvent, Document, Recording, VisitSession
from kiosk.server.repositories import documents


def _doc(visit: VisitSession, doc_id: str, kind: str, sha: str, age_days: int = 0) -> Document:
    return Document(
        id=doc_id,
        session_id=visit.id,
        document_type=kind,
        media_type="image/jpeg",
        size=10,
        sha256=sha,
        uploaded_by="t",
        created_at=utc_now() - timedelta(days=age_days),
    )


def _last_action(session: Session) -> str:
    event = session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert event is not None
    return event.action


def test_documents_of_a_session(session: Session, visit: VisitSession) -> None:
    now = utc_now()
    first = documents.add_document(session, _doc(visit, "d-1", "KTP", "a" * 64), actor="t", now=now)
    assert _last_action(session) == "document.uploaded"
    documents.add_document(session, _doc(visit, "d-2", "KK", "b" * 64), actor="t", now=now)
    assert [d.id for d in documents.documents_of(session, visit.id)] == ["d-1", "d-2"]
    assert documents.document_types_of(session, visit.id) == {"KTP", "KK"}
    assert documents.get_document(session, "d-1") is first
    assert documents.document_public(first).document_type == "KTP"
    documents.record_viewed(session, first, actor="user:1", now=now)
    assert _last_action(session) == "document.viewed"


def test_recordings_are_found_by_their_bytes(session: Session, visit: VisitSession) -> None:
    now = utc_now()
    recording = Recording(
        id="r-1",
        session_id=visit.id,
        media_type="video/webm",
        size=99,
        sha256="c" * 64,
        uploaded_by="t",
        created_at=now,
        expires_at=now + timedelta(days=30),
    )
    documents.add_recording(session, recording, actor="t", now=now)
    assert _last_action(session) == "recording.uploaded"
    assert documents.recording_by_sha(session, visit.id, "c" * 64) is recording
    assert documents.recording_by_sha(session, visit.id, "d" * 64) is None


def test_expired_files_keep_bytes_a_young_row_still_needs(session: Session, visit: VisitSession) -> None:
    now = utc_now()
    shared, old_only = "e" * 64, "f" * 64
    documents.add_document(session, _doc(visit, "d-old", "KTP", shared, age_days=100), actor="t", now=now)
    documents.add_document(session, _doc(visit, "d-new", "KTP", shared), actor="t", now=now)
    documents.add_document(session, _doc(visit, "d-gone", "KK", old_only, age_days=100), actor="t", now=now)
    expired_documents, _ = documents.expired_files(session, now - timedelta(days=90), now)
    assert old_only in expired_documents and shared not in expired_documents
