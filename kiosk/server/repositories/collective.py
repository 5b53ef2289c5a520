"""The collective channel's SQL: employers and representatives, batches, their rows and documents.

Registry lookups for a roster are batched (`registry_records`, `open_niks`: one query per 500 NIKs, not one per
row), so a 5,000-row roster costs a handful of queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import ColumnElement, and_, delete, false, not_, or_, select, tuple_
from sqlalchemy.orm import Session

from kiosk.domain.access import BatchFacts
from kiosk.domain.claim_request import ParticipantRecord
from kiosk.domain.session import SessionState
from kiosk.protocol.rest import (
    BatchCounts,
    BatchPublic,
    EmployerPublic,
    LetterKind,
    RowIssuePublic,
    RowPublic,
    RowStatus,
    VideoVisit,
)
from kiosk.server.models import (
    Booking,
    Claim,
    CollectiveBatch,
    CollectiveDocument,
    CollectiveRow,
    Employer,
    EmployerRepresentative,
    Participant,
    VisitSession,
)
from kiosk.server.repositories.participants import participant_record

CHUNK = 500
LETTERS: tuple[LetterKind, ...] = ("power_of_attorney", "layoff_letter")


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


# -- employers ---------------------------------------------------------------------------------------------------


def employer_public(employer: Employer) -> EmployerPublic:
    """The API view of an employer."""
    return EmployerPublic(id=employer.id, npp=employer.npp, name=employer.name, branch_code=employer.branch.code)


def employer_by_id(session: Session, employer_id: int) -> Employer | None:
    """The employer with this id."""
    return session.get(Employer, employer_id)


def employer_by_npp(session: Session, npp: str) -> Employer | None:
    """The employer with this registration number."""
    return session.execute(select(Employer).where(Employer.npp == npp)).scalar_one_or_none()


def employers_of_branch(session: Session, branch_id: int | None) -> list[Employer]:
    """A branch's employers (all branches' when `branch_id` is None), by name."""
    query = select(Employer).order_by(Employer.name, Employer.id)
    if branch_id is not None:
        query = query.where(Employer.branch_id == branch_id)
    return list(session.execute(query).scalars().all())


def add_representative(session: Session, user_id: int, employer_id: int) -> None:
    """Tie a user of role ``employer`` to the employer they act for."""
    session.add(EmployerRepresentative(user_id=user_id, employer_id=employer_id))
    session.flush()


def represented_employer(session: Session, user_id: int) -> Employer | None:
    """The employer a representative acts for."""
    link = session.get(EmployerRepresentative, user_id)
    return session.get(Employer, link.employer_id) if link is not None else None


# -- batches -----------------------------------------------------------------------------------------------------


def batch_facts(batch: CollectiveBatch) -> BatchFacts:
    """What the access rules need of a batch."""
    return BatchFacts(branch_code=batch.employer.branch.code, employer_id=batch.employer_id)


def get_batch(session: Session, batch_id: str, *, for_update: bool = False) -> CollectiveBatch | None:
    """The batch with this id (locked for an upload that changes its rows)."""
    query = select(CollectiveBatch).where(CollectiveBatch.id == batch_id)
    if for_update:
        query = query.with_for_update(of=CollectiveBatch)  # not the joined employer and branch
    return session.execute(query).unique().scalar_one_or_none()


def batches_of(session: Session, *, employer_id: int | None = None, branch_id: int | None = None) -> list[
    CollectiveBatch
]:
    """An employer's batches, or a branch's, newest first."""
    query = select(CollectiveBatch).order_by(CollectiveBatch.created_at.desc(), CollectiveBatch.id)
    if employer_id is not None:
        query = query.where(CollectiveBatch.employer_id == employer_id)
    if branch_id is not None:
        query = query.where(CollectiveBatch.branch_id == branch_id)
    return list(session.execute(query).unique().scalars().all())


def letters_of(session: Session, batch_id: str) -> list[LetterKind]:
    """Which of the two letters a batch has."""
    kinds = set(
        session.execute(
            select(CollectiveDocument.kind).where(
                CollectiveDocument.batch_id == batch_id, CollectiveDocument.row_id.is_(None)
            )
        ).scalars()
    )
    return [kind for kind in LETTERS if kind in kinds]


def row_status(row: CollectiveRow) -> RowStatus:
    """Where a row stands (see `kiosk.protocol.rest_collective.RowStatus`)."""
    if not row.accepted:
        return "refused"
    if row.claim_reference:
        return "submitted"
    if row.decision == "rejected":
        return "rejected"
    if row.decision == "approved":
        return "approved"
    if row.confirmation == "video_requested":
        return "video_requested"
    if row.confirmation == "confirmed":
        return "confirmed"
    if row.confirmation in ("sent", "locked"):
        return "waiting_confirmation"
    return "to_invite"


def final_row() -> ColumnElement[bool]:
    """SQL for a row whose `row_status` never changes again: refused, rejected or submitted."""
    return or_(
        CollectiveRow.accepted.is_(False),
        CollectiveRow.claim_reference.is_not(None),
        CollectiveRow.decision == "rejected",
    )


def counts_of(session: Session, batch_id: str) -> BatchCounts:
    """A batch's rows counted by status."""
    rows = session.execute(
        select(
            CollectiveRow.accepted,
            CollectiveRow.claim_reference,
            CollectiveRow.decision,
            CollectiveRow.confirmation,
        ).where(CollectiveRow.batch_id == batch_id)
    ).all()
    counted: Counter[str] = Counter()
    for accepted, reference, decision, confirmation in rows:
        counted[row_status(CollectiveRow(accepted=accepted, claim_reference=reference, decision=decision,
                                         confirmation=confirmation))] += 1
    statuses = ("refused", "to_invite", "waiting_confirmation", "video_requested", "confirmed", "approved",
                "rejected", "submitted")
    return BatchCounts(rows=len(rows), **{s: counted[s] for s in statuses})


def batch_public(session: Session, batch: CollectiveBatch) -> BatchPublic:
    """The API view of a batch with its letters and counts."""
    return BatchPublic(
        id=batch.id,
        employer=employer_public(batch.employer),
        created_at=batch.created_at,
        uploads=batch.uploads,
        last_upload_at=batch.last_upload_at,
        letters=letters_of(session, batch.id),
        counts=counts_of(session, batch.id),
    )


# -- rows --------------------------------------------------------------------------------------------------------


def rows_by_key(session: Session, batch_id: str) -> dict[str, CollectiveRow]:
    """A batch's rows by their identity (NIK, or ``line:N`` for rows without one)."""
    rows = session.execute(select(CollectiveRow).where(CollectiveRow.batch_id == batch_id)).scalars()
    return {row.row_key: row for row in rows}


def drop_rows(session: Session, row_ids: Sequence[int]) -> None:
    """Remove rows (refused rows without an identity, superseded by a new upload) and their documents."""
    for chunk in _chunks([str(i) for i in row_ids]):
        ids = [int(i) for i in chunk]
        session.execute(delete(CollectiveDocument).where(CollectiveDocument.row_id.in_(ids)))
        session.execute(delete(CollectiveRow).where(CollectiveRow.id.in_(ids)))


def row_by_id(session: Session, row_id: int, *, for_update: bool = False) -> CollectiveRow | None:
    """The row with this id."""
    query = select(CollectiveRow).where(CollectiveRow.id == row_id)
    if for_update:
        query = query.with_for_update()
    return session.execute(query).scalar_one_or_none()


def row_by_code_hash(session: Session, code_hash: str) -> CollectiveRow | None:
    """The row whose confirmation code hashes to this."""
    return session.execute(
        select(CollectiveRow).where(CollectiveRow.code_hash == code_hash).with_for_update()
    ).scalar_one_or_none()


def rows_page(
    session: Session, batch_id: str, offset: int, limit: int, status: str | None = None
) -> tuple[int, list[CollectiveRow]]:
    """The number of a batch's rows (of one `status` when given), and `limit` of them from `offset`, by line."""
    rows = list(
        session.execute(
            select(CollectiveRow).where(CollectiveRow.batch_id == batch_id).order_by(CollectiveRow.line,
                                                                                    CollectiveRow.id)
        ).scalars()
    )
    if status is not None:
        rows = [r for r in rows if row_status(r) == status]
    return len(rows), rows[offset : offset + limit]


def documents_by_row(session: Session, row_ids: Sequence[int]) -> dict[int, set[str]]:
    """The document codes each row has."""
    found: dict[int, set[str]] = {}
    for chunk in _chunks([str(i) for i in row_ids]):
        for row_id, kind in session.execute(
            select(CollectiveDocument.row_id, CollectiveDocument.kind).where(
                CollectiveDocument.row_id.in_([int(i) for i in chunk])
            )
        ).all():
            if row_id is not None:
                found.setdefault(int(row_id), set()).add(str(kind))
    return found


def video_visits(session: Session, codes: Sequence[str]) -> dict[str, VideoVisit]:
    """Where the online visit of each of these booking codes stands: ``seen`` once a session of the booking has
    ended after an officer joined its call, else ``booked``."""
    found: dict[str, VideoVisit] = {}
    for chunk in _chunks(sorted(set(codes))):
        visits = session.execute(
            select(Booking.code, VisitSession.state, VisitSession.call_started_at)
            .outerjoin(VisitSession, VisitSession.booking_id == Booking.id)
            .where(Booking.code.in_(chunk))
        ).all()
        for code, state, call_started_at in visits:
            # A visit that ended before an officer was in the call (the worker never came) saw nobody.
            seen = state is not None and SessionState(state).is_final and call_started_at is not None
            if seen or code not in found:
                found[code] = "seen" if seen else "booked"
    return found


def rows_public(session: Session, rows: Sequence[CollectiveRow]) -> list[RowPublic]:
    """The API view of these rows, with their documents and video visits (looked up at once)."""
    documents = documents_by_row(session, [r.id for r in rows])
    visits = video_visits(session, [r.video_booking_code for r in rows if r.video_booking_code])
    return [
        row_public(row, documents.get(row.id), visits.get(row.video_booking_code or ""))
        for row in rows
    ]


def row_public(
    row: CollectiveRow, documents: set[str] | None = None, video_visit: VideoVisit | None = None
) -> RowPublic:
    """The API view of a row (the account number masked); `rows_public` looks its documents and visit up."""
    account = row.account_number
    return RowPublic(
        id=row.id,
        line=row.line,
        status=row_status(row),
        cells={str(k): str(v) for k, v in row.cells.items()},
        issues=[RowIssuePublic.model_validate(i) for i in row.issues],
        name=row.name,
        claim_type=row.claim_type,
        reason=row.reason,
        last_working_day=row.last_working_day,
        account_masked=("*" * (len(account) - 4) + account[-4:]) if account else None,
        documents=sorted(documents or ()),
        confirmation=row.confirmation,
        decision=row.decision,
        decision_reason=row.decision_reason,
        claim_reference=row.claim_reference,
        video_booking_code=row.video_booking_code,
        video_visit=video_visit if row.video_booking_code else None,
    )


def row_by_nik(session: Session, batch_id: str, nik: str) -> CollectiveRow | None:
    """The row of a worker in a batch."""
    return session.execute(
        select(CollectiveRow).where(CollectiveRow.batch_id == batch_id, CollectiveRow.row_key == nik)
    ).scalar_one_or_none()


# -- registry and open claims --------------------------------------------------------------------------------------


def registry_records(session: Session, niks: Sequence[str]) -> dict[str, ParticipantRecord]:
    """The registry's record of each of these NIKs it knows (one query per 500)."""
    found: dict[str, ParticipantRecord] = {}
    for chunk in _chunks(sorted(set(niks))):
        for participant in session.execute(select(Participant).where(Participant.nik.in_(chunk))).scalars():
            found[participant.nik] = participant_record(participant)
    return found


def open_niks(session: Session, niks: Sequence[str], batch_id: str) -> frozenset[str]:
    """Those of these NIKs with a claim already submitted, a booked visit, or a live row in another batch."""
    found: set[str | None] = set()
    for chunk in _chunks(sorted(set(niks))):
        found.update(
            session.execute(
                select(Participant.nik)
                .join(Claim, Claim.participant_id == Participant.id)
                .where(Participant.nik.in_(chunk), Claim.status == "submitted", Claim.claim_type == "JHT")
            ).scalars()
        )
        # A video visit an officer booked for a row of this batch is that row's own check, not another claim.
        own_visits = select(CollectiveRow.video_booking_code).where(
            CollectiveRow.batch_id == batch_id, CollectiveRow.video_booking_code.is_not(None)
        )
        found.update(
            session.execute(
                select(Booking.nik).where(
                    Booking.nik.in_(chunk), Booking.status == "booked", Booking.code.not_in(own_visits)
                )
            ).scalars()
        )
        found.update(
            session.execute(
                select(CollectiveRow.nik).where(
                    CollectiveRow.nik.in_(chunk),
                    CollectiveRow.batch_id != batch_id,
                    CollectiveRow.accepted.is_(True),
                    or_(CollectiveRow.decision.is_(None), CollectiveRow.decision != "rejected"),
                )
            ).scalars()
        )
    return frozenset(str(n) for n in found if n)


def clean_rows(session: Session, batch_id: str) -> list[CollectiveRow]:
    """Rows an officer may approve at once: accepted, confirmed by the worker, no video asked, undecided."""
    return list(
        session.execute(
            select(CollectiveRow)
            .where(
                and_(
                    CollectiveRow.batch_id == batch_id,
                    CollectiveRow.accepted.is_(True),
                    CollectiveRow.confirmation == "confirmed",
                    CollectiveRow.decision.is_(None),
                )
            )
            .with_for_update()
        ).scalars()
    )


# -- retention ---------------------------------------------------------------------------------------------------


def _done_with(letters_before: datetime | None) -> ColumnElement[bool]:
    """SQL for a document nobody needs any more: a worker's, once their row is erased; a batch's letter older than
    `letters_before`, once none of the batch's rows holds personal data (None: every letter is still needed)."""
    erased_rows = select(CollectiveRow.id).where(CollectiveRow.erased_at.is_not(None))
    live_batches = select(CollectiveRow.batch_id).where(CollectiveRow.erased_at.is_(None))
    letter_done = (
        false()
        if letters_before is None
        else and_(
            CollectiveDocument.row_id.is_(None),
            CollectiveDocument.created_at < letters_before,
            CollectiveDocument.batch_id.not_in(live_batches),
        )
    )
    return or_(and_(CollectiveDocument.row_id.is_not(None), CollectiveDocument.row_id.in_(erased_rows)), letter_done)


def files_done_with(session: Session, letters_before: datetime | None) -> set[str]:
    """The sha256 of the collective documents nobody needs any more (see `_done_with`); their rows stay."""
    return set(session.scalars(select(CollectiveDocument.sha256).where(_done_with(letters_before)).distinct()))


def files_in_use(session: Session, shas: set[str], letters_before: datetime | None) -> set[str]:
    """Those of `shas` that a collective document still needed refers to (a file is stored once per sha256)."""
    found: set[str] = set()
    for chunk in _chunks(sorted(shas)):
        found.update(
            session.scalars(
                select(CollectiveDocument.sha256)
                .where(CollectiveDocument.sha256.in_(chunk), not_(_done_with(letters_before)))
                .distinct()
            )
        )
    return found


def document_of(session: Session, batch_id: str, row_id: int | None, kind: str) -> CollectiveDocument | None:
    """A row's document of a kind (a batch's letter when `row_id` is None), the newest."""
    row_match = CollectiveDocument.row_id.is_(None) if row_id is None else CollectiveDocument.row_id == row_id
    return session.execute(
        select(CollectiveDocument)
        .where(CollectiveDocument.batch_id == batch_id, row_match, CollectiveDocument.kind == kind)
        .order_by(CollectiveDocument.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def add_document(session: Session, document: CollectiveDocument) -> CollectiveDocument:
    """Store a batch's (or a row's) document; a newer file of the same kind replaces the older one."""
    add_documents(session, [document])
    return document


def add_documents(session: Session, documents: Sequence[CollectiveDocument]) -> None:
    """Store many documents of one batch at once (a zip), each replacing the older file of its row and kind.

    One DELETE per chunk of rows and one flush in all: deleting row by row, with the ORM checking every deleted
    criterion against each document already in the session, took 45 s for a 500-worker zip (2,500 files) and
    held the database's write lock all along, so booths and consoles got "database busy" meanwhile.
    """
    if not documents:
        return
    # The same worker's document twice in one zip (a .jpg and a .png): the later file wins, as one by one.
    documents = list({(d.row_id, d.kind): d for d in documents}.values())
    batch_id = documents[0].batch_id
    pairs = sorted({(d.row_id, d.kind) for d in documents if d.row_id is not None})
    for start in range(0, len(pairs), 400):
        chunk = pairs[start:start + 400]
        session.execute(
            delete(CollectiveDocument)
            .where(CollectiveDocument.batch_id == batch_id,
                   tuple_(CollectiveDocument.row_id, CollectiveDocument.kind).in_(chunk))
            .execution_options(synchronize_session=False)
        )
    for kind in sorted({d.kind for d in documents if d.row_id is None}):
        session.execute(
            delete(CollectiveDocument)
            .where(CollectiveDocument.batch_id == batch_id, CollectiveDocument.row_id.is_(None),
                   CollectiveDocument.kind == kind)
            .execution_options(synchronize_session=False)
        )
    session.add_all(documents)
    session.flush()
