"""Erasing personal data past its retention period, in the database (the files are `retention`'s other half).

What stays is what statistics and the audit trail need, never who: a session keeps its kind, dates, state and the
codes of its intake and end; a booking keeps its branch, date, slot, claim type and status, with keyed pseudonyms
instead of NIK and KPJ (repeat visitors can still be counted; nobody without the hub's pepper can tell who they
are); a claim keeps its reference, type, reason, findings, documents and registry participant id; a collective
row keeps its batch, line, codes, checks' results, confirmation, decision and claim reference, with pseudonyms
instead of NIK and KPJ. Each row is erased once (``erased_at``), so a daily purge only touches the rows whose period
ended since the last one.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.server.models import Booking, Claim, CollectiveRow, VisitSession
from kiosk.server.repositories.collective import final_row
from kiosk.server.repositories.sessions import code_of_reason

#: Intake fields that are codes, not identifiers: kept for statistics.
INTAKE_CODES = ("claim_type", "reason", "heir_relation", "bank_code")
#: Fields of a claim request that are codes or flags: kept, so the claim still says what was asked for.
CLAIM_CODES = ("branch_code", "claim_type", "reason", "road_accident", "documents", "session_id")
#: Roster cells that are codes, not identifiers: kept, so an erased collective row still says what was claimed.
COLLECTIVE_CODES = ("claim_type", "reason", "bank_code")
#: What such a cell holds when it is a code (``JHT``, ``layoff``, ``002``): anything else typed there goes too.
_CODE_CELL = re.compile(r"[A-Za-z_]{1,32}|[0-9]{1,4}")

#: A keyed pseudonym: (kind, value, length) -> text; see `kiosk.server.keys.pseudonym`.
Pseudonymise = Callable[[str, str, int], str]


def erase_sessions(session: Session, created_before: datetime, now: datetime) -> int:
    """Reduce the intake of sessions created before `created_before` to its codes, and their end reason to its
    code (the officer's note goes); the number of sessions erased."""
    rows = session.scalars(
        select(VisitSession).where(VisitSession.created_at < created_before, VisitSession.erased_at.is_(None))
    ).all()
    for visit in rows:
        if visit.intake:
            kept = {k: visit.intake[k] for k in INTAKE_CODES if visit.intake.get(k) is not None}
            visit.intake = kept or None
        if visit.end_reason:
            visit.end_reason = code_of_reason(visit.end_reason)
        visit.erased_at = now
    session.flush()
    return len(rows)


def pseudonymise_bookings(session: Session, visited_before: date, now: datetime, pseudonym: Pseudonymise) -> int:
    """Replace NIK and KPJ of bookings whose visit date is before `visited_before` with keyed pseudonyms and drop
    their phone number; the number of bookings changed."""
    rows = session.scalars(
        select(Booking).where(Booking.visit_date < visited_before, Booking.erased_at.is_(None))
    ).all()
    for booking in rows:
        booking.nik = pseudonym("nik", booking.nik, 16)
        booking.kpj = pseudonym("kpj", booking.kpj, 20)
        booking.phone = None
        booking.erased_at = now
    session.flush()
    return len(rows)


def _claim_codes(request: dict[str, Any]) -> dict[str, Any]:
    kept = {k: request[k] for k in CLAIM_CODES if k in request}
    heir = request.get("heir")
    if isinstance(heir, dict) and "relation" in heir:
        kept["heir_relation"] = heir["relation"]
    bank = request.get("bank")
    if isinstance(bank, dict) and "bank_code" in bank:
        kept["bank_code"] = bank["bank_code"]
    return kept


def _rekeyed(pepper: bytes, digest: str) -> str:
    # A plain SHA-256 of a known person's values would let someone with the database confirm a guess.
    return hmac.new(pepper, digest.encode(), hashlib.sha256).hexdigest()


def erase_claim_requests(session: Session, created_before: datetime, now: datetime, pepper: bytes) -> int:
    """Reduce the stored request of claims submitted before `created_before` to its codes (NIK, KPJ, heir, bank
    account and holder, NPWP go); the number of claims erased.

    The request's hash (idempotency) is replaced by a keyed one: a plain SHA-256 of a known person's request
    would let someone with the database confirm a guess."""
    rows = session.scalars(select(Claim).where(Claim.created_at < created_before, Claim.erased_at.is_(None))).all()
    for claim in rows:
        claim.request = _claim_codes(claim.request)
        claim.request_hash = _rekeyed(pepper, claim.request_hash)
        claim.erased_at = now
    session.flush()
    return len(rows)


def erase_collective_rows(
    session: Session, updated_before: datetime, now: datetime, pseudonym: Pseudonymise, pepper: bytes
) -> int:
    """Erase the worker's personal data of final collective rows (submitted, rejected, refused) last changed before
    `updated_before`: NIK and KPJ (and the row's key, a NIK) become keyed pseudonyms; name, last working day, bank
    account, phone, NPWP, the officer's free-text reason and the confirmation code go; the typed cells are reduced
    to their codes and the cells' hash is re-keyed. An undecided row is kept. The number of rows erased."""
    rows = session.scalars(
        select(CollectiveRow).where(
            CollectiveRow.updated_at < updated_before, CollectiveRow.erased_at.is_(None), final_row()
        )
    ).all()
    for row in rows:
        if not row.row_key.startswith("line:"):  # else it is the NIK (`kiosk.domain.collective.row_key`)
            row.row_key = pseudonym("nik", row.row_key, 16)
        row.nik = pseudonym("nik", row.nik, 16) if row.nik else None
        row.kpj = pseudonym("kpj", row.kpj, 20) if row.kpj else None
        row.name = row.last_working_day = row.account_number = row.phone = row.npwp = None
        row.decision_reason = None  # an officer's sentence may name the worker
        row.code_hash = row.code_expires_at = None
        row.cells = {k: row.cells[k] for k in COLLECTIVE_CODES if _CODE_CELL.fullmatch(str(row.cells.get(k, "")))}
        row.fingerprint = _rekeyed(pepper, row.fingerprint)
        row.erased_at = now
    session.flush()
    return len(rows)
