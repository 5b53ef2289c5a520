"""Documents captured in a session and the session's recordings: metadata rows (the bytes are in the stores)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.protocol.rest import DocumentPublic
from kiosk.server.models import Document, Recording
from kiosk.server.repositories import audit


def document_public(doc: Document) -> DocumentPublic:
    """The API view of a document's metadata."""
    return DocumentPublic.model_validate(doc)


def add_document(session: Session, doc: Document, *, actor: str, now: datetime) -> Document:
    """Store a document's metadata, audited."""
    session.add(doc)
    session.flush()
    audit.record(
        session,
        at=now,
        actor=actor,
        action="document.uploaded",
        subject_type="document",
        subject_id=doc.id,
        details={"session": doc.session_id, "type": doc.document_type, "sha256": doc.sha256, "size": doc.size},
    )
    return doc


def get_document(session: Session, document_id: str) -> Document | None:
    """The document with this id."""
    return session.get(Document, document_id)


def documents_of(session: Session, session_id: str) -> list[Document]:
    """A session's documents, oldest first."""
    return list(
        session.execute(
            select(Document).where(Document.session_id == session_id).order_by(Document.created_at, Document.id)
        ).scalars()
    )


def document_types_of(session: Session, session_id: str) -> set[str]:
    """The kinds of document captured in a session."""
    return set(session.execute(select(Document.document_type).where(Document.session_id == session_id)).scalars())


def record_viewed(session: Session, doc: Document, *, actor: str, now: datetime) -> None:
    """Audit that `actor` opened a document."""
    audit.record(
        session,
        at=now,
        actor=actor,
        action="document.viewed",
        subject_type="document",
        subject_id=doc.id,
        details={"session": doc.session_id, "type": doc.document_type},
    )


def recording_by_sha(session: Session, session_id: str, sha256: str) -> Recording | None:
    """The session's recording with these bytes, if uploaded before."""
    return session.execute(
        select(Recording).where(Recording.session_id == session_id, Recording.sha256 == sha256)
    ).scalar_one_or_none()


def add_recording(session: Session, recording: Recording, *, actor: str, now: datetime) -> Recording:
    """Store a recording's metadata, audited."""
    session.add(recording)
    session.flush()
    audit.record(
        session,
        at=now,
        actor=actor,
        action="recording.uploaded",
        subject_type="recording",
        subject_id=recording.id,
        details={"session": recording.session_id, "sha256": recording.sha256, "size": recording.size},
    )
    return recording


def expired_files(session: Session, cutoff: datetime, now: datetime) -> tuple[set[str], set[str]]:
    """The sha256 of document and recording files no row inside its retention period still needs."""
    old_docs = set(session.scalars(select(Document.sha256).where(Document.created_at < cutoff)))
    young_docs = set(
        session.scalars(select(Document.sha256).where(Document.created_at >= cutoff, Document.sha256.in_(old_docs)))
    )
    old_recs = set(session.scalars(select(Recording.sha256).where(Recording.expires_at <= now)))
    young_recs = set(
        session.scalars(select(Recording.sha256).where(Recording.expires_at > now, Recording.sha256.in_(old_recs)))
    )
    return old_docs - young_docs, old_recs - young_recs


def documents_in_use(session: Session, shas: set[str], cutoff: datetime) -> set[str]:
    """Those of `shas` that a document uploaded at or after `cutoff` (still inside its retention) refers to."""
    found: set[str] = set()
    ordered = sorted(shas)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        found.update(
            session.scalars(select(Document.sha256).where(Document.sha256.in_(chunk), Document.created_at >= cutoff))
        )
    return found
