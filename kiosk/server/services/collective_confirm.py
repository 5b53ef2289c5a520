"""Each worker confirms their own claim: an SMS with a one-time code, then the confirmation page.

The code is 8 characters from an alphabet without look-alikes (about 40 bits); only its hash is stored, it
expires after ``collective.code_ttl_s`` and stops after ``collective.code_attempts`` wrong NIKs. The SMS's link
carries the code in its fragment (``/collective/confirm#K7Q2M9XD``), which a browser never sends to a server, so
no log of the hub or of a proxy ever holds it. A wrong code and a wrong NIK get the same answer.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from kiosk.domain.access import Principal
from kiosk.domain.identifiers import InvalidIdentifier, parse_nik
from kiosk.protocol.rest import ConfirmationAnswer, ConfirmationLookup, ConfirmationView, InvitationResult
from kiosk.server.context import HubContext
from kiosk.server.errors import ApiError, conflict
from kiosk.server.models import CollectiveRow
from kiosk.server.repositories import audit
from kiosk.server.repositories import collective as repo
from kiosk.server.security import token_hash
from kiosk.server.services.collective import visible_batch
from kiosk.server.services.limits import Limit
from kiosk.server.sms import SmsMessage, outbox

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def new_code() -> str:
    """A fresh confirmation code."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def code_hash(code: str) -> str:
    """What the database keeps of a code (typed with or without spaces and dashes, in any case)."""
    return token_hash("collective:" + "".join(ch for ch in code.upper() if ch.isalnum()))


def sms_text(employer: str, link: str, code: str) -> str:
    """The invitation, Indonesian first (an SMS's 160 characters are exceeded on purpose: it is sent as two)."""
    return (
        f"BPJS Ketenagakerjaan: {employer} mengajukan klaim JHT atas nama Anda. Konfirmasi di {link} "
        f"dengan NIK Anda dan kode {code}. Jangan berikan kode ini kepada siapa pun. / Confirm your JHT claim "
        f"at the link with your NIK and code {code}."
    )


def invite(hub: HubContext, batch_id: str, who: Principal, base_url: str) -> InvitationResult:
    """Send a code to every accepted, undecided worker not yet invited (or whose code expired or was locked)."""
    now = hub.now()
    ttl = timedelta(seconds=hub.settings.collective.code_ttl_s)
    messages: list[SmsMessage] = []
    with hub.db.session() as session:
        batch = visible_batch(session, who, batch_id, change=True, for_update=True)
        for row in repo.rows_by_key(session, batch.id).values():
            expired = row.code_expires_at is not None and row.code_expires_at <= now
            if not row.accepted or row.decision is not None or not row.phone:
                continue
            if not (row.confirmation in ("none", "locked") or (row.confirmation == "sent" and expired)):
                continue
            code = new_code()
            row.code_hash, row.code_expires_at, row.code_failures = code_hash(code), now + ttl, 0
            row.confirmation, row.updated_at = "sent", now
            link = f"{base_url.rstrip('/')}/collective/confirm#{code}"
            messages.append(SmsMessage(to=row.phone, text=sms_text(batch.employer.name, link, code)))
        audit.record(session, at=now, actor=who.actor, action="collective.workers_invited",
                     subject_type="collective_batch", subject_id=batch.id, details={"sent": len(messages)})
    # Handed to the gateway once the codes are stored: a worker never gets a code the hub does not know.
    sink = outbox(hub.settings.server_data_dir())
    for message in messages:
        sink.send(message, now)
    return InvitationResult(sent=len(messages))


def _not_found() -> ApiError:
    return ApiError(404, "not_found", "the code or the NIK does not match, or the code has expired")


def _view(row: CollectiveRow, employer: str, bank_names: dict[str, str]) -> ConfirmationView:
    account = row.account_number or ""
    return ConfirmationView(
        employer_name=employer,
        claim_type=row.claim_type or "",
        reason=row.reason or "",
        last_working_day=row.last_working_day,
        bank_name=bank_names.get(row.bank_code or "", row.bank_code or ""),
        account_masked="*" * max(0, len(account) - 4) + account[-4:],
        confirmation=row.confirmation,
    )


def confirm(hub: HubContext, body: ConfirmationLookup, ip: str) -> ConfirmationView:
    """Show a worker the claim filed for them, and (a `ConfirmationAnswer`) take their answer; audited.

    404 for any wrong code or NIK (the same answer), 409 once an officer decided, 429 past the address's limit.
    """
    hub.limiter.take(
        [(Limit("collective.confirm", hub.settings.collective.confirm_attempts_per_address_per_minute), ip)],
        "too many confirmation attempts",
    )
    now = hub.now()
    try:
        nik = parse_nik(body.nik).digits
    except InvalidIdentifier:
        nik = None
    failed = False
    with hub.db.session() as session:
        row = repo.row_by_code_hash(session, code_hash(body.code))
        if row is None or row.code_expires_at is None or row.code_expires_at <= now:
            raise _not_found()
        if nik != row.nik:
            row.code_failures += 1
            if row.code_failures >= hub.settings.collective.code_attempts:
                row.confirmation, row.code_hash = "locked", None
            audit.record(session, at=now, actor="anonymous", action="collective.confirmation_failed",
                         subject_type="collective_row", subject_id=row.id, details={"ip": ip})
            failed = True
        else:
            batch = repo.get_batch(session, row.batch_id)
            assert batch is not None
            if isinstance(body, ConfirmationAnswer):
                if row.decision is not None or row.claim_reference is not None:
                    raise conflict("already_decided", "the branch has already decided on this claim")
                row.confirmation = "confirmed" if body.answer == "confirm" else "video_requested"
                row.confirmed_at = now if body.answer == "confirm" else None
                row.updated_at = now
                audit.record(session, at=now, actor=f"worker:{row.id}",
                             action="collective.confirmed" if body.answer == "confirm" else "collective.video_asked",
                             subject_type="collective_row", subject_id=row.id, details={"batch": batch.id})
            banks = {b.code: b.name for b in hub.catalog.banks}
            view = _view(row, batch.employer.name, banks)
    if failed:
        raise _not_found()  # after the unit of work: the failure is counted, not rolled back
    return view
