"""The retention periods: personal data older than its period is removed or pseudonymised, files and rows alike.

Files of documents and recordings go from the stores (``server.retention_days``); their metadata rows stay (the
audit log and the claim still say what was captured, by whom and when), and a later download answers 410
``purged``. Files are stored once per sha256, so a file is kept while any row still inside its retention period
refers to the same bytes. In the database (`PersonalDataPolicy`, one period per data kind), session intakes and
end notes, bookings' NIK, KPJ and phone, claim requests' identifiers and final collective rows' workers are erased
or replaced by keyed pseudonyms (`kiosk.server.repositories.personal_data`). A collective row's documents go with
its erasure, a batch's letters once none of its rows holds personal data and the letter is past the collective
period; they share the document store with the sessions' documents, so a file stays while a row of either channel
still needs it. The audit log holds no personal data to erase: its details are ids and codes. Each purge is one
audit event, with counts only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

from sqlalchemy.orm import Session

from kiosk.config import Settings
from kiosk.server.db import Database
from kiosk.server.keys import pepper, pseudonym
from kiosk.server.repositories import audit, personal_data
from kiosk.server.repositories import collective as collective_repo
from kiosk.server.repositories.documents import documents_in_use, expired_files
from kiosk.server.storage import BlobStore


@dataclass(frozen=True)
class PersonalDataPolicy:
    """How long each kind of personal data in the database is kept, and the pepper of its pseudonyms."""

    intake_days: int
    booking_days: int
    claim_request_days: int
    collective_days: int
    pepper: bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> PersonalDataPolicy:
        """The configured periods, with the hub's pepper (created beside the audit keys on first use)."""
        server = settings.server
        return cls(
            intake_days=server.intake_retention_days,
            booking_days=server.booking_retention_days,
            claim_request_days=server.claim_request_retention_days,
            collective_days=server.collective_retention_days,
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
    collective_rows: int = 0
    collective_files: int = 0


def _remove(store: BlobStore, expired: set[str]) -> int:
    return sum(store.delete(sha) for sha in sorted(expired))


def _erase_personal(session: Session, personal: PersonalDataPolicy, now: datetime) -> dict[str, int]:
    """Erase each kind of personal data past its period; how many rows of each kind."""
    pseudonymise = partial(pseudonym, personal.pepper)
    return {
        "sessions": personal_data.erase_sessions(session, now - timedelta(days=personal.intake_days), now),
        "bookings": personal_data.pseudonymise_bookings(
            session, (now - timedelta(days=personal.booking_days)).date(), now, pseudonymise
        ),
        "claims": personal_data.erase_claim_requests(
            session, now - timedelta(days=personal.claim_request_days), now, personal.pepper
        ),
        "collective_rows": personal_data.erase_collective_rows(
            session, now - timedelta(days=personal.collective_days), now, pseudonymise, personal.pepper
        ),
    }


def purge_expired(
    db: Database,
    documents: BlobStore,
    recordings: BlobStore,
    retention_days: int,
    now: datetime,
    actor: str = "system:retention",
    *,
    personal: PersonalDataPolicy | None = None,
) -> PurgeReport:
    """Remove the files whose retention period ended before `now` and, given a `personal` data policy, erase the
    rows' personal data past its period and remove the collective files it leaves unneeded; audit how many went
    (one event, counts only)."""
    cutoff = now - timedelta(days=retention_days)
    letters_before = None if personal is None else now - timedelta(days=personal.collective_days)
    with db.session() as session:
        # Rows first: the collective files their erasure leaves unneeded go in the same purge.
        erased = _erase_personal(session, personal, now) if personal is not None else {}
        expired_documents, expired_recordings = expired_files(session, cutoff, now)
        expired_documents -= collective_repo.files_in_use(session, expired_documents, letters_before)
        collective: set[str] = set()
        if personal is not None:
            collective = collective_repo.files_done_with(session, letters_before)
            collective -= collective_repo.files_in_use(session, collective, letters_before)
            collective -= documents_in_use(session, collective, cutoff)
        report = PurgeReport(
            _remove(documents, expired_documents),
            _remove(recordings, expired_recordings),
            collective_files=_remove(documents, collective),
            **erased,
        )
        details: dict[str, object] = {
            "documents": report.documents,
            "recordings": report.recordings,
            "cutoff": cutoff.isoformat(),
        }
        if personal is not None:
            details.update(erased, collective_files=report.collective_files)
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
