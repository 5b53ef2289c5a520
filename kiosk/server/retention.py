"""The retention period: files of documents and recordings older than it are removed from the stores.

Metadata rows stay (the audit log and the claim still say what was captured, by whom and when); only the
bytes go, and a later download answers 410 ``purged``. Files are stored once per sha256, so a file is kept
while any row still inside its retention period refers to the same bytes. Each purge is one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from kiosk.server import audit
from kiosk.server.db import Database
from kiosk.server.models import Document, Recording
from kiosk.server.storage import DocumentStore


@dataclass(frozen=True)
class PurgeReport:
    """How many stored files a purge removed."""

    documents: int
    recordings: int


def _remove(store: DocumentStore, expired: set[str], still_needed: set[str]) -> int:
    removed = 0
    for sha in sorted(expired - still_needed):
        path = store.path_for(sha)
        if path.exists():
            path.unlink()
            removed += 1
    return removed


def purge_expired(
    db: Database,
    documents: DocumentStore,
    recordings: DocumentStore,
    retention_days: int,
    now: datetime,
    actor: str = "system:retention",
) -> PurgeReport:
    """Remove the files whose retention period ended before `now`; audit how many went."""
    cutoff = now - timedelta(days=retention_days)
    with db.session() as session:
        old_docs = set(session.scalars(select(Document.sha256).where(Document.created_at < cutoff)))
        young_docs = set(
            session.scalars(select(Document.sha256).where(Document.created_at >= cutoff, Document.sha256.in_(old_docs)))
        )
        old_recs = set(session.scalars(select(Recording.sha256).where(Recording.expires_at <= now)))
        young_recs = set(
            session.scalars(select(Recording.sha256).where(Recording.expires_at > now, Recording.sha256.in_(old_recs)))
        )
        report = PurgeReport(_remove(documents, old_docs, young_docs), _remove(recordings, old_recs, young_recs))
        audit.record(
            session,
            at=now,
            actor=actor,
            action="retention.purged",
            subject_type="store",
            subject_id="documents+recordings",
            details={
                "documents": report.documents,
                "recordings": report.recordings,
                "cutoff": cutoff.isoformat(),
            },
        )
    return report
