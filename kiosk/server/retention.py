"""The retention periods: personal data older than its period is removed or pseudonymised, files and rows alike.

Files of documents and recordings go from the stores (``server.retention_days``); their metadata rows stay (the
audit log and the claim still say what was captured, by whom and when), and a later download answers 410
``purged``. Files are stored once per sha256, so a file is kept while any row still inside its retention period
refers to the same bytes. In the database (`PersonalDataPolicy`, one period per data kind), session intakes and
end notes, bookings' NIK, KPJ and phone, and claim requests' identifiers are erased or replaced by keyed
pseudonyms (`kiosk.server.repositories.personal_data`). The audit log holds no personal data to erase: its
details are ids and codes. Each purge is one audit event, with counts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from kiosk.config import Settings
from kiosk.server.db import Database
from kiosk.server.keys import pepper, pseudonym
from kiosk.server.repositories import audit, personal_data
from kiosk.server.repositories.documents import expired_files
from kiosk.server.storage import DocumentStore


@dataclass(frozen=True)
class PersonalDataPolicy:
    """How long each kind of personal data in the database is kept, and the pepper of its pseudonyms."""

    intake_days: int
    booking_days: int
    claim_request_days: int
    pepper: bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> PersonalDataPolicy:
        """The configured periods, with the hub's pepper (created beside the audit keys on first use)."""
        server = settings.server
        return cls(
            intake_days=server.intake_retention_days,
            booking_days=server.booking_retention_days,
            claim_request_days=server.claim_request_retention_days,
            pepper=pepper(settings.audit_key_file().parent),
        )


@dataclass(frozen=True)
class PurgeReport:
    """How many stored files a purge removed, and how many rows it erased or pseudonymised."""

    documents: int
    recordings: int
    sessions: int = 0
    bookings: int = 0
    claims: int = 0


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
    *,
    personal: PersonalDataPolicy | None = None,
) -> PurgeReport:
    """Remove the files whose retention period ended before `now` and, given a `personal` data policy, erase the
    rows' personal data past its period; audit how many went (one event, counts only)."""
    cutoff = now - timedelta(days=retention_days)
    with db.session() as session:
        expired_documents, expired_recordings = expired_files(session, cutoff, now)
        report = PurgeReport(_remove(documents, expired_documents), _remove(recordings, expired_recordings))
        details: dict[str, object] = {
            "documents": report.documents,
            "recordings": report.recordings,
            "cutoff": cutoff.isoformat(),
        }
        if personal is not None:
            report = PurgeReport(
                report.documents,
                report.recordings,
                sessions=personal_data.erase_sessions(session, now - timedelta(days=personal.intake_days), now),
                bookings=personal_data.pseudonymise_bookings(
                    session,
                    (now - timedelta(days=personal.booking_days)).date(),
                    now,
                    partial(pseudonym, personal.pepper),
                ),
                claims=personal_data.erase_claim_requests(
                    session, now - timedelta(days=personal.claim_request_days), now, personal.pepper
                ),
            )
            details.update(sessions=report.sessions, bookings=report.bookings, claims=report.claims)
        audit.record(
            session,
            at=now,
            actor=actor,
            action="retention.purged",
            subject_type="store",
            subject_id="documents+recordings",
            details=details,
        )
    return report
