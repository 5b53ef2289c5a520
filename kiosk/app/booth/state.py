"""One participant's visit at the booth as plain Python: what was typed and chosen, where the visit stands.

Screens read from and write to a `VisitState`; the flows (`visit_flow`, `checkin_flow`, ...) move it between
steps and talk to the hub. No Qt here (napari's habit: the model never imports the toolkit), so the rules of the
visit are tested without a window. The rules themselves come from `kiosk.domain`; this module only decides which
question comes next.

Privacy: the state holds personal data only in memory, and `wipe()` forgets all of it at the end of a visit.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from kiosk.app.booth.hub_port import CheckIn, ClaimDetails, IdentityMatch, UploadedDocument
from kiosk.domain.claimants import claim_types_for, reasons_for
from kiosk.domain.claims import (
    Catalog,
    Claimant,
    ClaimContext,
    ClaimRequest,
    ClaimType,
    ClaimTypeEntry,
    DocumentRequirement,
    DocumentShape,
    Finding,
    HeirRelation,
    ParticipantRecord,
    ParticipantStatus,
    Reason,
    default_catalog,
    evaluate,
    required_documents,
)
from kiosk.domain.identifiers import (
    BankAccount,
    InvalidIdentifier,
    Nik,
    parse_nik,
    validate_bank_account,
    validate_kpj,
)
from kiosk.domain.wording import count_en
from kiosk.protocol import Outcome


class Step(enum.Enum):
    """The screens of a visit, in order."""

    WELCOME = "welcome"
    CHECK_IN = "check_in"
    CONSENT = "consent"
    PURPOSE = "purpose"  # for myself, or as the heir of a participant who died
    IDENTITY = "identity"
    HEIR = "heir"  # the heir's own identity, after the deceased's
    SERVICE = "service"
    DOCUMENTS = "documents"
    WAITING = "waiting"
    CALL = "call"
    SUMMARY = "summary"  # what is claimed, read before signing
    SIGNATURE = "signature"
    RESULT = "result"

    @property
    def self_service(self) -> bool:
        """Steps the participant does alone: inactivity there means they may have left."""
        return self in _SELF_SERVICE


_SELF_SERVICE = frozenset(
    {Step.CHECK_IN, Step.CONSENT, Step.PURPOSE, Step.IDENTITY, Step.HEIR, Step.SERVICE, Step.DOCUMENTS}
)

#: Steps counted in "step N of M" at the top of the screen.
NUMBERED_STEPS: tuple[Step, ...] = (Step.IDENTITY, Step.SERVICE, Step.DOCUMENTS, Step.CALL, Step.RESULT)


class Problem(enum.Enum):
    """Something outside the participant's control; each has a calm screen that retries by itself."""

    CAMERA_LOST = "camera_lost"
    HUB_UNREACHABLE = "hub_unreachable"
    CALL_DROPPED = "call_dropped"


@dataclass(frozen=True)
class FieldCheck:
    """Live validation of a typed identifier: complete, and a message in both languages (may be empty)."""

    complete: bool
    valid: bool
    message_id: str = ""
    message_en: str = ""
    error: InvalidIdentifier | None = None

    def message(self, language: str) -> str:
        """The message in ``"id"`` or ``"en"``."""
        return self.message_en if language == "en" else self.message_id


@dataclass(frozen=True)
class CapturedDocument:
    """A document taken and stored on the hub. Image bytes are not kept: only what identifies the upload."""

    code: str
    document_id: str
    sha256: str


class HelpStatus(enum.Enum):
    """Where the participant's call for staff stands (shown under the top bar on every screen)."""

    NONE = "none"
    SENT = "sent"  # the officer's console was told
    SEEN = "seen"  # the officer acknowledged it
    UNREACHABLE = "unreachable"  # no link to an officer: ask the staff of the branch in person


class SlipStatus(enum.Enum):
    """The printed claim slip (`kiosk.app.booth.receipt`), when the booth has a printer."""

    NONE = "none"  # no printer, or nothing to print
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"  # the claim number is still on the screen: only the paper copy is missing


@dataclass(frozen=True)
class SessionResult:
    """How the visit ended, for the result screen."""

    outcome: Outcome
    reference: str | None = None
    reason_code: str | None = None
    reason_text: str = ""
    missing_documents: tuple[str, ...] = ()


Listener = Callable[["VisitState"], None]


@dataclass
class VisitState:
    """Everything the booth knows about the current visit. Plain data plus a few derived answers."""

    catalog: Catalog = field(default_factory=default_catalog)
    kpj_length: int = 11
    today: Callable[[], date] = date.today

    language: str = "id"
    step: Step = Step.WELCOME
    problem: Problem | None = None
    check_in: CheckIn | None = None
    consent_given: bool = False
    #: Who files: the participant, or an heir (then `nik`/`kpj`/`identity` are the deceased's, `heir_*` theirs).
    claimant: Claimant | None = None
    nik: str = ""
    kpj: str = ""
    identity: IdentityMatch | None = None
    identity_confirmed: bool = False
    heir_nik: str = ""
    heir_identity: IdentityMatch | None = None
    heir_confirmed: bool = False
    claim_type: ClaimType | None = None
    reason: str | None = None
    termination_date: date | None = None
    heir_relation: HeirRelation | None = None
    bank_code: str = ""
    account_number: str = ""
    documents: list[DocumentRequirement] = field(default_factory=list)
    captured: dict[str, CapturedDocument] = field(default_factory=dict)
    recapture: list[str] = field(default_factory=list)
    signature: CapturedDocument | None = None
    result: SessionResult | None = None
    #: The officer's console records this session (it says so over the control channel): the sign shows.
    recording: bool = False
    help_status: HelpStatus = HelpStatus.NONE
    #: Documents the participant said they do not have (the officer was told; capture goes on without them).
    missing_documents: list[str] = field(default_factory=list)
    slip: SlipStatus = SlipStatus.NONE
    _listeners: list[Listener] = field(default_factory=list, repr=False)

    # ------------------------------------------------------------------------------------------ events

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(state)` after every change announced with `changed()`."""
        self._listeners.append(listener)

    def changed(self) -> None:
        """Tell listeners the state changed."""
        for listener in list(self._listeners):
            listener(self)

    # ------------------------------------------------------------------------------------------ session

    @property
    def session_id(self) -> str | None:
        """The hub's id of this visit, once checked in."""
        return self.check_in.session_id if self.check_in else None

    def wipe(self) -> None:
        """Forget everything of the visit (language back to the default); listeners stay subscribed."""
        keep = (self.catalog, self.kpj_length, self.today, self._listeners)
        fresh = VisitState(catalog=keep[0], kpj_length=keep[1], today=keep[2])
        for name in fresh.__dataclass_fields__:
            if name in ("catalog", "kpj_length", "today", "_listeners"):
                continue
            setattr(self, name, getattr(fresh, name))
        self.changed()

    # ------------------------------------------------------------------------------------------ identity

    def check_nik(self, text: str | None = None) -> FieldCheck:
        """Live validation of the NIK as typed so far, in friendly words."""
        digits = self.nik if text is None else text
        if len(digits) < 16:
            left = 16 - len(digits)
            if not digits:
                return FieldCheck(False, False, "NIK ada 16 angka, tertulis di e-KTP Anda.",
                                  "The NIK has 16 digits; it is printed on your e-KTP.")
            return FieldCheck(False, False, f"Masih {left} angka lagi.", f"{count_en(left, 'more digit')} to go.")
        try:
            nik = parse_nik(digits, today=self.today())
        except InvalidIdentifier as error:
            return FieldCheck(True, False, error.message_id, error.message_en, error)
        born = nik.birth_date.strftime("%d-%m-%Y")
        return FieldCheck(True, True, f"NIK lengkap. Tanggal lahir menurut NIK: {born}.",
                          f"NIK complete. Date of birth in the NIK: {born}.")

    def parsed_nik(self) -> Nik | None:
        """The NIK when it is valid."""
        try:
            return parse_nik(self.nik, today=self.today())
        except InvalidIdentifier:
            return None

    def check_kpj(self, text: str | None = None) -> FieldCheck:
        """Live validation of the KPJ card number as typed so far."""
        digits = self.kpj if text is None else text
        n = self.kpj_length
        if len(digits) < n:
            if not digits:
                return FieldCheck(False, False, f"Nomor KPJ ada {n} angka, tertulis di kartu peserta Anda.",
                                  f"The KPJ number has {n} digits; it is printed on your participant card.")
            left = n - len(digits)
            return FieldCheck(False, False, f"Masih {left} angka lagi.", f"{count_en(left, 'more digit')} to go.")
        try:
            validate_kpj(digits, n)
        except InvalidIdentifier as error:
            return FieldCheck(True, False, error.message_id, error.message_en, error)
        return FieldCheck(True, True, "Nomor KPJ lengkap.", "KPJ number complete.")

    @property
    def identity_ready(self) -> bool:
        """Both numbers are valid: the registry can be asked."""
        return self.check_nik().valid and self.check_kpj().valid

    # ------------------------------------------------------------------------------------------ service

    @property
    def is_heir(self) -> bool:
        """The claim is filed by an heir for a participant who died."""
        return self.claimant is Claimant.HEIR

    def parsed_heir_nik(self) -> Nik | None:
        """The heir's own NIK when it is valid."""
        try:
            return parse_nik(self.heir_nik, today=self.today())
        except InvalidIdentifier:
            return None

    def claim_types(self) -> tuple[ClaimTypeEntry, ...]:
        """The claim types offered to this claimant (for a participant also those served elsewhere, explained);
        every type of the catalog before the claimant is known."""
        if self.claimant is None:
            return self.catalog.claim_types
        return claim_types_for(self.catalog, self.claimant)

    def reasons(self, entry: ClaimTypeEntry) -> tuple[Reason, ...]:
        """The reasons of `entry` this claimant may claim."""
        return entry.reasons if self.claimant is None else reasons_for(entry, self.claimant)

    def claim_entry(self) -> ClaimTypeEntry | None:
        """The chosen claim type's catalog entry."""
        return self.catalog.claim_type(self.claim_type) if self.claim_type else None

    def reason_entry(self) -> Reason | None:
        """The chosen reason's catalog entry."""
        entry = self.claim_entry()
        if entry is None or self.reason is None:
            return None
        return next((r for r in entry.reasons if r.code == self.reason), None)

    def choose_claim_type(self, claim_type: ClaimType) -> None:
        """Pick a claim type; the reason and what depends on it are asked again."""
        if claim_type is not self.claim_type:
            self.claim_type = claim_type
            entry = self.claim_entry()
            offered = self.reasons(entry) if entry else ()
            self.reason = offered[0].code if len(offered) == 1 else None
            self.termination_date = None
            self.heir_relation = None

    @property
    def needs_termination_date(self) -> bool:
        """The chosen reason has a waiting period after the last day of work (JHT resignation or layoff)."""
        reason = self.reason_entry()
        return bool(reason and reason.waiting_period)

    @property
    def needs_heir_relation(self) -> bool:
        """The chosen reason is claimed by an heir, who must say how they are related."""
        reason = self.reason_entry()
        return bool(reason and reason.claimant.value == "heir")

    def served_here(self) -> bool:
        """False for a claim type filed through another channel (JKP)."""
        entry = self.claim_entry()
        return bool(entry and entry.served_at_booth)

    def _participant_for_rules(self) -> ParticipantRecord:
        """What the rules need about the person, from the registry's answer and the NIK."""
        nik = self.parsed_nik()
        match = self.identity
        born = match.birth_date if match and match.birth_date else None
        if born is None:
            born = nik.birth_date if nik else date(1980, 1, 1)
        return ParticipantRecord(
            nik=self.nik,
            kpj=self.kpj,
            name="",
            birth_date=born,
            membership_start=(match.membership_start if match and match.membership_start else date(1990, 1, 1)),
            status=(match.status if match and match.status else ParticipantStatus.INACTIVE),
            balance=0,
            contribution_months=0,
        )

    def service_findings(self) -> list[Finding]:
        """The rule findings the booth can tell before documents: blocking first. Empty when nothing to say."""
        entry = self.claim_entry()
        if entry is None or (entry.served_at_booth and self.reason is None):
            return []
        request = ClaimRequest(
            claim_type=entry.code,
            reason=self.reason or "",
            termination_date=self.termination_date,
            heir_relation=self.heir_relation,
        )
        findings = evaluate(request, self._participant_for_rules(), self.today(), self.catalog).findings
        # Only the rules the booth knows enough for; the officer sees the full evaluation.
        told = {"use_other_channel", "waiting_period", "below_retirement_age", "participant_inactive",
                "membership_too_short", "jkm_benefit"}
        if self.identity is None or self.identity.status is None:
            told -= {"participant_inactive", "membership_too_short"}
        return [f for f in findings if f.code in told]

    def blocking_findings(self) -> list[Finding]:
        """Findings that stop the claim here."""
        return [f for f in self.service_findings() if f.severity.value == "blocking"]

    def check_account(self, text: str | None = None) -> FieldCheck:
        """Live validation of the bank account number."""
        digits = self.account_number if text is None else text
        if not self.bank_code:
            return FieldCheck(False, False, "Pilih bank Anda dulu.", "Please choose your bank first.")
        if len(digits) < 6:
            return FieldCheck(False, False, "Nomor rekening ada di halaman pertama buku tabungan.",
                              "The account number is on the first page of your savings book.")
        try:
            validate_bank_account(digits, self.bank_code)
        except InvalidIdentifier as error:
            return FieldCheck(True, False, error.message_id, error.message_en, error)
        return FieldCheck(True, True, "Nomor rekening lengkap.", "Account number complete.")

    def bank_account(self) -> BankAccount | None:
        """The account when valid."""
        try:
            return validate_bank_account(self.account_number, self.bank_code)
        except InvalidIdentifier:
            return None

    @property
    def service_ready(self) -> bool:
        """Claim type, reason (and date or heir relation when needed) and a valid bank account."""
        if self.claim_type is None or not self.served_here() or self.reason is None:
            return False
        if self.needs_termination_date and self.termination_date is None:
            return False
        if self.needs_heir_relation and self.heir_relation is None:
            return False
        return not self.blocking_findings() and self.bank_account() is not None

    def claim_details(self) -> ClaimDetails:
        """The choices, for the hub."""
        assert self.claim_type is not None and self.reason is not None
        return ClaimDetails(
            claim_type=self.claim_type.value,
            reason=self.reason,
            termination_date=self.termination_date,
            heir_relation=self.heir_relation.value if self.heir_relation else None,
            bank_code=self.bank_code,
            account_number=self.account_number,
        )

    # ------------------------------------------------------------------------------------------ documents

    def plan_documents(self) -> list[DocumentRequirement]:
        """Work out the documents of the chosen claim (signature excluded: it has its own step)."""
        if self.claim_type is None or self.reason is None:
            self.documents = []
            return self.documents
        above = self.identity.balance_above_npwp_threshold if self.identity else None
        threshold = self.catalog.rules.npwp_balance_threshold
        context = ClaimContext(
            balance=(threshold + 1 if above else 0) if above is not None else None,
            heir_relation=self.heir_relation,
        )
        needed = required_documents(self.claim_type, self.reason, context, self.catalog)
        self.documents = [r for r in needed if r.document.shape is not DocumentShape.SIGNATURE]
        return self.documents

    def pending_documents(self) -> list[DocumentRequirement]:
        """Documents still to capture: requested again by the officer first, then those never taken."""
        by_code = {r.document.code: r for r in self.documents}
        again = [by_code[c] for c in self.recapture if c in by_code]
        rest = [r for r in self.documents if r.document.code not in self.captured and r not in again
                and r.document.code not in self.missing_documents]
        return again + rest

    def current_document(self) -> DocumentRequirement | None:
        """The document to capture now."""
        pending = self.pending_documents()
        return pending[0] if pending else None

    def document_position(self) -> tuple[int, int]:
        """(number of the current document, how many in all) for "document 2 of 6"."""
        total = len(self.documents)
        current = self.current_document()
        if current is None:
            return total, total
        index = next((i for i, r in enumerate(self.documents) if r.document.code == current.document.code), 0)
        return index + 1, total

    def record_upload(self, code: str, uploaded: UploadedDocument) -> None:
        """A still of `code` was stored on the hub."""
        self.captured[code] = CapturedDocument(code, uploaded.document_id, uploaded.sha256)
        if code in self.recapture:
            self.recapture.remove(code)

    def request_recapture(self, codes: list[str] | tuple[str, ...]) -> None:
        """The officer asks for these documents (again, or for the first time: e.g. the NPWP card when the
        registry's balance needs it, which the booth could not know)."""
        planned = {r.document.code for r in self.documents}
        for code in codes:
            if code not in planned and code in self.catalog.documents:
                document = self.catalog.document(code)
                if document.shape is DocumentShape.SIGNATURE:
                    continue
                self.documents.append(DocumentRequirement(document))
                planned.add(code)
            if code in planned and code not in self.recapture:
                self.recapture.append(code)
            if code in self.missing_documents:
                self.missing_documents.remove(code)  # the officer asks for it after all (e.g. found it)

    @property
    def documents_done(self) -> bool:
        """Every required document is stored and none is asked for again."""
        return bool(self.documents) and not self.pending_documents()
