"""The collective channel's work behind the routes: rosters, documents, officers' decisions and claim submission.

An upload is parsed and checked as a whole, then merged into the batch's rows by worker (NIK): new workers are
added, changed rows replace the old ones (the worker confirms again), identical rows are kept as they are, and a
row already decided or submitted is never overwritten. Rows missing from a later file are kept (nothing is lost).
"""

from __future__ import annotations

import dataclasses
import uuid
from datetime import datetime

from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, Role, can_change_batch, can_decide_collective, can_view_batch
from kiosk.domain.collective import CheckedRow, MergeAction, RosterContext, check_roster, fingerprint, merge_action
from kiosk.domain.identifiers import InvalidIdentifier, parse_nik
from kiosk.protocol.rest import (
    BankInfo,
    BulkDecisionResult,
    ClaimCreate,
    RosterUploadResult,
    RowDecision,
    RowPublic,
)
from kiosk.server.collective.roster_files import RosterFileError, RosterLimits, parse_roster
from kiosk.server.context import HubContext
from kiosk.server.errors import ApiError, conflict, forbidden, not_found, unprocessable
from kiosk.server.models import CollectiveBatch, CollectiveRow
from kiosk.server.repositories import audit
from kiosk.server.repositories import collective as repo
from kiosk.server.services.booths import local_date
from kiosk.server.services.claims import submit_claim


def represented(session: Session, who: Principal) -> int | None:
    """The employer a representative acts for (None for anyone else)."""
    if who.role is not Role.EMPLOYER:
        return None
    employer = repo.represented_employer(session, who.subject_id)
    return employer.id if employer is not None else None


def visible_batch(session: Session, who: Principal, batch_id: str, *, change: bool = False,
                  for_update: bool = False) -> CollectiveBatch:
    """The batch if `who` may see it (and change it, with `change`); 404 when it may not see it, 403 when it
    may see but not change it."""
    batch = repo.get_batch(session, batch_id, for_update=for_update) if len(batch_id) <= 40 else None
    employer_id = represented(session, who)
    if batch is None or not can_view_batch(who, repo.batch_facts(batch), employer_id):
        raise not_found("batch")
    if change and not can_change_batch(who, repo.batch_facts(batch), employer_id):
        raise forbidden("only the employer's representatives change a batch")
    return batch


def roster_limits(hub: HubContext) -> RosterLimits:
    """The roster limits of the settings."""
    c = hub.settings.collective
    return RosterLimits(c.max_roster_bytes, c.max_roster_rows, c.max_unpacked_bytes)


def file_error(exc: RosterFileError) -> ApiError:
    """The API's answer to a roster that cannot be read (422, or 413 when it is too large)."""
    status = 413 if exc.code == "too_large" else 422
    return ApiError(status, exc.code, exc.message_en, message_id=exc.message_id, columns=exc.columns)


def _issues_json(checked: CheckedRow) -> list[dict[str, object]]:
    return [dataclasses.asdict(issue) for issue in checked.issues]


def _fill(row: CollectiveRow, checked: CheckedRow, now: datetime) -> None:
    """Set a row's values from a check (clean values only when they could be read)."""
    clean = checked.clean
    row.line = checked.row.line
    row.cells = checked.row.cells()
    row.fingerprint = fingerprint(checked.row)
    row.accepted = checked.accepted
    row.issues = _issues_json(checked)
    row.nik = clean.nik if clean else None
    row.kpj = clean.kpj if clean else None
    row.name = clean.name if clean else None
    row.claim_type = clean.claim_type.value if clean else None
    row.reason = clean.reason if clean else None
    row.last_working_day = clean.last_working_day if clean else None
    row.bank_code = clean.bank_code if clean else None
    row.account_number = clean.account_number if clean else None
    row.phone = clean.phone if clean else None
    row.npwp = clean.npwp if clean else None
    row.updated_at = now


def _nik_digits(text: str) -> str | None:
    try:
        return parse_nik(text).digits
    except InvalidIdentifier:
        return None


def upload_roster(hub: HubContext, batch_id: str, who: Principal, data: bytes) -> RosterUploadResult:
    """Parse, check and merge a roster into a batch (audited with counts only)."""
    with hub.db.session() as session:
        visible_batch(session, who, batch_id, change=True)
    try:
        rows = parse_roster(data, roster_limits(hub))
    except RosterFileError as exc:
        raise file_error(exc) from None
    now = hub.now()
    tally = dict.fromkeys(MergeAction, 0)
    with hub.db.session() as session:
        batch = visible_batch(session, who, batch_id, change=True, for_update=True)
        niks = [n for n in (_nik_digits(r.nik) for r in rows) if n]
        ctx = RosterContext(
            today=local_date(now, batch.employer.branch.timezone),
            registry=repo.registry_records(session, niks),
            open_niks=repo.open_niks(session, niks, batch.id),
            kpj_length=hub.settings.server.kpj_length,
            catalog=hub.catalog,
        )
        checked = check_roster(rows, ctx)
        existing = repo.rows_by_key(session, batch.id)
        # Rows without an identity belong to the upload they came with: the new file supersedes them.
        repo.drop_rows(session, [r.id for key, r in existing.items() if key.startswith("line:")])
        for item in checked:
            key = item.key
            old = None if key.startswith("line:") else existing.get(key)
            locked = old is not None and (old.decision is not None or old.claim_reference is not None)
            action = merge_action(old.fingerprint if old else None, locked, fingerprint(item.row))
            tally[action] += 1
            if action is MergeAction.ADD:
                row = CollectiveRow(batch_id=batch.id, row_key=key, idempotency_key=f"collective-{uuid.uuid4()}",
                                    confirmation="none", code_failures=0)
                _fill(row, item, now)
                session.add(row)
            elif old is not None and action is MergeAction.REPLACE:
                _fill(old, item, now)
                old.confirmation, old.code_hash, old.code_expires_at, old.confirmed_at = "none", None, None, None
            elif old is not None and action is MergeAction.UNCHANGED and not locked:
                # The same values, checked again (a waiting period may have ended): the confirmation stays.
                _fill(old, item, now)
        batch.uploads += 1
        batch.last_upload_at = now
        session.flush()
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="collective.roster_uploaded",
            subject_type="collective_batch",
            subject_id=batch.id,
            details={"rows": len(checked), **{a.value: n for a, n in tally.items()}},
        )
        accepted = sum(1 for c in checked if c.accepted)
        return RosterUploadResult(
            batch=repo.batch_public(session, batch),
            file_rows=len(checked),
            accepted=accepted,
            refused=len(checked) - accepted,
            added=tally[MergeAction.ADD],
            replaced=tally[MergeAction.REPLACE],
            unchanged=tally[MergeAction.UNCHANGED],
            locked=tally[MergeAction.LOCKED],
        )


def decidable_row(session: Session, who: Principal, row_id: int) -> tuple[CollectiveRow, CollectiveBatch]:
    """The row (locked) and its batch when `who` is an officer or supervisor of the batch's branch: 404 when the
    row is not visible to `who`, 403 when `who` may see but not decide."""
    row = repo.row_by_id(session, row_id, for_update=True)
    batch = repo.get_batch(session, row.batch_id) if row is not None else None
    if row is None or batch is None or not can_view_batch(who, repo.batch_facts(batch), represented(session, who)):
        raise not_found("row")
    if not can_decide_collective(who, repo.batch_facts(batch)):
        raise forbidden("only the branch's officers decide on a batch's rows")
    return row, batch


def _require_not_erased(row: CollectiveRow) -> None:
    if row.erased_at is not None:
        raise conflict("erased", "the row's personal data was erased after its retention period; file it again")


def _require_confirmed(row: CollectiveRow) -> None:
    if not row.accepted:
        raise conflict("row_refused", "the row does not pass the checks; the employer corrects it first")
    if row.confirmation != "confirmed":
        raise conflict(
            "not_confirmed",
            "the worker has not confirmed this claim (or asked to be seen by video first)",
            confirmation=row.confirmation,
        )


#: What a worker's confirmation may be when an officer approves the row because they saw the worker by video: the
#: worker was sent the SMS (and did not answer, or asked for the video), or confirmed anyway.
_SEEN_BY_VIDEO_FROM = ("sent", "video_requested", "confirmed")


def _require_seen(session: Session, row: CollectiveRow) -> None:
    """409 unless an officer saw the worker in the video visit the row's invitation booked."""
    if not row.accepted:
        raise conflict("row_refused", "the row does not pass the checks; the employer corrects it first")
    if row.confirmation not in _SEEN_BY_VIDEO_FROM:
        raise conflict("not_confirmed", "the worker has not been sent the confirmation SMS (or it is locked)",
                       confirmation=row.confirmation)
    code = row.video_booking_code
    if code is None or repo.video_visits(session, [code]).get(code) != "seen":
        raise conflict("not_seen", "the worker's video visit has not taken place yet (invite them first: "
                                   "POST /collective/rows/{row_id}/video-invitation)", booking=code)


def decide_row(hub: HubContext, row_id: int, who: Principal, body: RowDecision) -> RowPublic:
    """Approve (a confirmed row, or one whose worker an officer saw by video) or reject a row (with a reason);
    audited."""
    now = hub.now()
    with hub.db.session() as session:
        row, batch = decidable_row(session, who, row_id)
        if row.claim_reference is not None:
            raise conflict("already_submitted", "the row's claim is already submitted", reference=row.claim_reference)
        _require_not_erased(row)
        by_video = body.decision == "approve" and body.seen_by_video
        if by_video:
            _require_seen(session, row)
        elif body.decision == "approve":
            _require_confirmed(row)
        elif not body.reason:
            raise unprocessable("reason_required", "say why the row is rejected (the employer reads it)")
        if by_video and row.confirmation != "confirmed":
            # The officer's sight of the worker stands for the SMS code: the claim is confirmed, by video.
            row.confirmation, row.confirmed_at = "confirmed", now
        row.decision = "approved" if body.decision == "approve" else "rejected"
        row.decided_by = who.subject_id
        row.decision_reason = body.reason if body.decision == "reject" else None
        row.updated_at = now
        details: dict[str, object] = {"batch": batch.id}
        if by_video:
            details["by_video"] = True
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action=f"collective.row_{row.decision}",
            subject_type="collective_row",
            subject_id=row.id,
            details=details,
        )
        return repo.rows_public(session, [row])[0]


def approve_clean(hub: HubContext, batch_id: str, who: Principal) -> BulkDecisionResult:
    """Approve every clean row of a batch at once (accepted, confirmed, no video asked, undecided); audited per
    row."""
    now = hub.now()
    with hub.db.session() as session:
        batch = visible_batch(session, who, batch_id)
        if not can_decide_collective(who, repo.batch_facts(batch)):
            raise forbidden("only the branch's officers decide on a batch's rows")
        rows = repo.clean_rows(session, batch.id)
        for row in rows:
            row.decision, row.decided_by, row.updated_at = "approved", who.subject_id, now
            audit.record(
                session,
                at=now,
                actor=who.actor,
                action="collective.row_approved",
                subject_type="collective_row",
                subject_id=row.id,
                details={"batch": batch.id, "bulk": True},
            )
        return BulkDecisionResult(approved=len(rows))


def submit_row(hub: HubContext, row_id: int, who: Principal) -> RowPublic:
    """Submit an approved, confirmed row's claim, exactly once: the row's own Idempotency-Key makes a retry (or a
    second officer) get the same claim back."""
    with hub.db.session() as session:
        row, batch = decidable_row(session, who, row_id)
        if row.erased_at is not None and row.claim_reference is not None:
            # Submitted long ago: the values a replay would send are erased, the claim's reference stays.
            return repo.rows_public(session, [row])[0]
        _require_not_erased(row)
        if row.claim_reference is None:
            _require_confirmed(row)
            if row.decision != "approved":
                raise conflict("not_approved", "an officer approves the row before its claim is submitted")
        documents = repo.documents_by_row(session, [row.id]).get(row.id, set())
        if "layoff_letter" in repo.letters_of(session, batch.id):
            documents.add("termination_letter")  # the company's layoff letter stands for each worker's
        body = ClaimCreate(
            branch_code=batch.employer.branch.code,
            claim_type=row.claim_type or "JHT",
            reason=row.reason or "layoff",
            nik=row.nik or "",
            kpj=row.kpj or "",
            termination_date=row.last_working_day,
            npwp=row.npwp,
            bank=BankInfo(
                bank_code=row.bank_code or "0",
                account_number=row.account_number or "0",
                account_holder=row.name or "-",
            ),
            documents=sorted(documents),
        )
        key = row.idempotency_key
    submitted = submit_claim(hub, body, who, key)
    now = hub.now()
    with hub.db.session() as session:
        row, batch = decidable_row(session, who, row_id)
        if row.claim_reference is None:
            row.claim_reference = submitted.claim.reference
            row.updated_at = now
            audit.record(
                session,
                at=now,
                actor=who.actor,
                action="collective.row_submitted",
                subject_type="collective_row",
                subject_id=row.id,
                details={"batch": batch.id, "claim": submitted.claim.reference},
            )
        return repo.rows_public(session, [row])[0]
