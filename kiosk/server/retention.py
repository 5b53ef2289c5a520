"""The retention period: files of documents and recordings older than it are removed from the stores.

Metadata rows stay (the audit log and the claim still say what was captured, by whom and when); only the
bytes go, and a later download answers 410 ``purged``. Files are stored once per sha256, so a file is kept
while any row still inside its retention period refers to the same bytes. Each purge is one audit event.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from kiosk.server.db import Database
from kiosk.server.repositories import audit
from kiosk.server.repositories.documents import expired_files
from kiosk.server.storage import DocumentStore


@dataclass(frozen=True)
class PurgeReport:
    """How many stored files a purge removed."""

    documents: int
    recordings: int


def _remove(store: DocumentStore, expired: set[str]) -> int:
    removed = 0
    for sha in sorted(expired):
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
        expired_documents, expired_recordings = expired_files(session, cutoff, now)
        report = PurgeReport(_remove(documents, expired_documents), _remove(recordings, expired_recordings))
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
