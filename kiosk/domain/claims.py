"""The claim catalog (claim types, reasons, documents, figures) and the rules a claim is checked against.

The catalog is data (assets/catalog/claims.toml): no figure of a regulation lives in this code. `evaluate`
is used three times with the same rules: by the booth to tell a participant early, by the console to show the
officer, and by the hub to refuse a claim that breaks one.
"""

from __future__ import annotations

import enum
import functools
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kiosk.paths import asset


class ClaimType(enum.Enum):
    """The benefit programmes a participant may claim."""

    JHT = "JHT"
    JKM = "JKM"
    JKK = "JKK"
    JP = "JP"
    JKP = "JKP"


class Claimant(enum.Enum):
    """Who files a claim of a given reason."""

    PARTICIPANT = "participant"
    HEIR = "heir"


class HeirRelation(enum.Enum):
    """How the heir is related to the participant who died."""

    SPOUSE = "spouse"
    CHILD = "child"
    PARENT = "parent"
    OTHER = "other"


class ParticipantStatus(enum.Enum):
    """A participant's membership as the registry knows it."""

    ACTIVE = "active"  # still contributing through an employer
    INACTIVE = "inactive"  # stopped contributing (resigned, laid off); the balance is still there
    CLOSED = "closed"  # the balance has been paid out; nothing left to claim


class Condition(enum.Enum):
    """When a conditional document is required."""

    BALANCE_ABOVE_NPWP_THRESHOLD = "balance_above_npwp_threshold"
    HEIR_IS_SPOUSE = "heir_is_spouse"
    ROAD_ACCIDENT = "road_accident"


class DocumentShape(enum.Enum):
    """Which frame guide the booth draws for a document."""

    CARD = "card"
    PAGE = "page"
    SELFIE = "selfie"
    SIGNATURE = "signature"


class CatalogError(ValueError):
    """The catalog file is malformed or refers to something it does not define."""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class DocumentType(_Frozen):
    """A document the booth asks for, with its names and capture instruction in both languages."""

    code: str
    shape: DocumentShape
    name_id: str
    name_en: str
    instruction_id: str
    instruction_en: str

    def name(self, language: str) -> str:
        """The document's name in ``"id"`` or ``"en"``."""
        return self.name_en if language == "en" else self.name_id

    def instruction(self, language: str) -> str:
        """How to hold the document up, in ``"id"`` or ``"en"``."""
        return self.instruction_en if language == "en" else self.instruction_id


class ConditionalDocument(_Frozen):
    """A document required only when a condition holds."""

    document: str
    when: Condition


class Reason(_Frozen):
    """Why a claim of a type is made; decides documents and rules."""

    code: str
    claimant: Claimant
    name_id: str
    name_en: str
    documents: tuple[str, ...]
    conditional: tuple[ConditionalDocument, ...] = ()
    waiting_period: bool = False
    min_age: Literal["jht_retirement_age", "pension_age"] | None = None
    min_membership: Literal["partial_min_membership_years"] | None = None
    requires_active: bool = False

    def name(self, language: str) -> str:
        """The reason's name in ``"id"`` or ``"en"``."""
        return self.name_en if language == "en" else self.name_id


class ClaimTypeEntry(_Frozen):
    """One benefit programme of the catalog."""

    code: ClaimType
    icon: str
    served_at_booth: bool
    name_id: str
    name_en: str
    summary_id: str
    summary_en: str
    reasons: tuple[Reason, ...] = ()
    other_channel_id: str | None = None
    other_channel_en: str | None = None

    def name(self, language: str) -> str:
        """The claim type's name in ``"id"`` or ``"en"``."""
        return self.name_en if language == "en" else self.name_id

    def summary(self, language: str) -> str:
        """A one-line explanation in ``"id"`` or ``"en"``."""
        return self.summary_en if language == "en" else self.summary_id

    def reason(self, code: str) -> Reason:
        """The reason with this code, or `CatalogError`."""
        for reason in self.reasons:
            if reason.code == code:
                return reason
        raise CatalogError(f"{self.code.value} has no reason {code!r}")


class Rules(_Frozen):
    """Thresholds and periods of the rules."""

    npwp_balance_threshold: int = Field(ge=0)
    jht_waiting_period_months: int = Field(ge=0)
    jht_retirement_age: int = Field(gt=0)
    partial_min_membership_years: int = Field(ge=0)
    jp_min_contribution_years_monthly: int = Field(ge=0)


class PensionAgeSchedule(_Frozen):
    """Pension age by year: `base_age` in `base_year`, +1 every `step_years`, at most `max_age`."""

    base_year: int
    base_age: int
    step_years: int = Field(gt=0)
    max_age: int

    def age_in(self, year: int) -> int:
        """The pension age in force in `year`."""
        steps = max(0, (year - self.base_year) // self.step_years)
        return min(self.max_age, self.base_age + steps)


class JkmBenefit(_Frozen):
    """The JKM death benefit breakdown (Rupiah)."""

    lump_sum: int
    periodic_total: int
    periodic_months: int = Field(gt=0)
    funeral: int

    @property
    def total(self) -> int:
        """All three parts together."""
        return self.lump_sum + self.periodic_total + self.funeral

    @property
    def monthly(self) -> int:
        """The periodic part paid each month."""
        return self.periodic_total // self.periodic_months


class Bank(_Frozen):
    """A bank the benefit can be paid into."""

    code: str
    name: str


class Catalog(_Frozen):
    """The whole claim catalog, validated: every reason names only documents the catalog defines."""

    version: int
    rules: Rules
    pension_age: PensionAgeSchedule
    jkm_benefit: JkmBenefit
    banks: tuple[Bank, ...]
    documents: dict[str, DocumentType]
    claim_types: tuple[ClaimTypeEntry, ...]

    @model_validator(mode="before")
    @classmethod
    def _documents_know_their_code(cls, data: object) -> object:
        if isinstance(data, dict) and isinstance(data.get("documents"), dict):
            data = dict(data)
            data["documents"] = {
                code: {"code": code, **doc} if isinstance(doc, dict) else doc
                for code, doc in data["documents"].items()
            }
        return data

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        for entry in self.claim_types:
            for reason in entry.reasons:
                named = list(reason.documents) + [c.document for c in reason.conditional]
                unknown = [d for d in named if d not in self.documents]
                if unknown:
                    raise ValueError(f"{entry.code.value}/{reason.code} names unknown documents {unknown}")
        return self

    def claim_type(self, code: ClaimType | str) -> ClaimTypeEntry:
        """The catalog entry of a claim type, or `CatalogError`."""
        wanted = ClaimType(code) if isinstance(code, str) else code
        for entry in self.claim_types:
            if entry.code is wanted:
                return entry
        raise CatalogError(f"the catalog has no claim type {wanted.value}")

    def document(self, code: str) -> DocumentType:
        """The document type with this code, or `CatalogError`."""
        try:
            return self.documents[code]
        except KeyError:
            raise CatalogError(f"the catalog has no document {code!r}") from None

    @classmethod
    def from_toml(cls, text: str) -> Catalog:
        """Parse and validate catalog TOML; any mistake is a `CatalogError` that says where."""
        try:
            return cls.model_validate(tomllib.loads(text))
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise CatalogError(f"invalid claim catalog: {exc}") from exc


DEFAULT_CATALOG_PATH: Path = asset("catalog", "claims.toml")


@functools.cache
def default_catalog() -> Catalog:
    """The catalog shipped in assets/ (read once)."""
    return Catalog.from_toml(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------------------------------------------
# Rules


@dataclass(frozen=True)
class ClaimContext:
    """Facts that decide conditional documents."""

    balance: int | None = None
    heir_relation: HeirRelation | None = None
    road_accident: bool = False


@dataclass(frozen=True)
class DocumentRequirement:
    """One document a claim needs, and why when it is conditional."""

    document: DocumentType
    condition: Condition | None = None


@dataclass(frozen=True)
class ParticipantRecord:
    """What the registry knows of a participant (for an heir's claim: of the participant who died)."""

    nik: str
    kpj: str
    name: str
    birth_date: date
    membership_start: date
    status: ParticipantStatus
    balance: int
    contribution_months: int
    employer: str = ""
    npwp: str | None = None


@dataclass(frozen=True)
class ClaimRequest:
    """What is claimed. `documents` is None until documents are checked (the booth asks before capture)."""

    claim_type: ClaimType
    reason: str
    termination_date: date | None = None
    heir_relation: HeirRelation | None = None
    road_accident: bool = False
    npwp: str | None = None
    documents: frozenset[str] | None = None


class Severity(enum.Enum):
    """A blocking finding makes the claim ineligible; an info finding only informs."""

    BLOCKING = "blocking"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One result of the rules, with a stable code and a message in both languages."""

    code: str
    severity: Severity
    message_id: str
    message_en: str
    eligible_from: date | None = None
    document: str | None = None

    def message(self, language: str) -> str:
        """The message in ``"id"`` or ``"en"``."""
        return self.message_en if language == "en" else self.message_id


@dataclass(frozen=True)
class Evaluation:
    """All findings of a claim; eligible when none blocks."""

    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def eligible(self) -> bool:
        """True when no finding blocks the claim."""
        return not any(f.severity is Severity.BLOCKING for f in self.findings)

    @property
    def codes(self) -> list[str]:
        """The codes of all findings, in order."""
        return [f.code for f in self.findings]

    def blocking(self) -> list[Finding]:
        """Only the findings that make the claim ineligible."""
        return [f for f in self.findings if f.severity is Severity.BLOCKING]


def add_months(day: date, months: int) -> date:
    """`day` moved forward by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in range(day.day, 27, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def age_on(birth_date: date, today: date) -> int:
    """Full years of age on `today`."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)


def _condition_holds(condition: Condition, context: ClaimContext, rules: Rules) -> bool:
    if condition is Condition.BALANCE_ABOVE_NPWP_THRESHOLD:
        return context.balance is not None and context.balance > rules.npwp_balance_threshold
    if condition is Condition.HEIR_IS_SPOUSE:
        return context.heir_relation is HeirRelation.SPOUSE
    return context.road_accident


def required_documents(
    claim_type: ClaimType | str,
    reason: str,
    context: ClaimContext | None = None,
    catalog: Catalog | None = None,
) -> list[DocumentRequirement]:
    """The documents a claim needs, in the order the booth asks for them, conditional ones included."""
    cat = catalog or default_catalog()
    entry = cat.claim_type(claim_type)
    if not entry.served_at_booth:
        return []
    chosen = entry.reason(reason)
    ctx = context or ClaimContext()
    needed = [DocumentRequirement(cat.document(code)) for code in chosen.documents]
    for conditional in chosen.conditional:
        if _condition_holds(conditional.when, ctx, cat.rules):
            # Before the face photo, so the selfie stays the last thing captured.
            position = next(
                (i for i, r in enumerate(needed) if r.document.shape is DocumentShape.SELFIE), len(needed)
            )
            needed.insert(position, DocumentRequirement(cat.document(conditional.document), conditional.when))
    return needed


def _rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def _fmt(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def evaluate(
    request: ClaimRequest,
    participant: ParticipantRecord,
    today: date,
    catalog: Catalog | None = None,
) -> Evaluation:
    """Check a claim against the catalog's rules and say, finding by finding, what stands in its way."""
    cat = catalog or default_catalog()
    rules = cat.rules
    entry = cat.claim_type(request.claim_type)
    findings: list[Finding] = []
    blocking, info = Severity.BLOCKING, Severity.INFO

    if not entry.served_at_booth:
        findings.append(
            Finding(
                "use_other_channel",
                blocking,
                entry.other_channel_id or entry.summary_id,
                entry.other_channel_en or entry.summary_en,
            )
        )
        return Evaluation(tuple(findings))

    try:
        reason = entry.reason(request.reason)
    except CatalogError:
        findings.append(
            Finding(
                "unknown_reason",
                blocking,
                "Alasan klaim ini tidak tersedia untuk jenis klaim yang dipilih.",
                "This reason is not available for the chosen claim type.",
            )
        )
        return Evaluation(tuple(findings))

    if participant.status is ParticipantStatus.CLOSED:
        findings.append(
            Finding(
                "participant_inactive",
                blocking,
                "Kepesertaan ini sudah ditutup dan saldonya sudah dicairkan.",
                "This membership is closed and its balance has already been paid out.",
            )
        )
    elif reason.requires_active and participant.status is not ParticipantStatus.ACTIVE:
        findings.append(
            Finding(
                "participant_inactive",
                blocking,
                "Klaim ini hanya untuk peserta yang masih aktif membayar iuran.",
                "This claim is only for participants who are still contributing.",
            )
        )

    if reason.claimant is Claimant.HEIR and request.heir_relation is None:
        findings.append(
            Finding(
                "heir_relation_missing",
                blocking,
                "Sebutkan hubungan Anda dengan peserta yang meninggal.",
                "Please say how you are related to the participant who died.",
            )
        )

    if reason.waiting_period:
        if request.termination_date is None:
            findings.append(
                Finding(
                    "termination_date_missing",
                    blocking,
                    "Masukkan tanggal terakhir Anda bekerja.",
                    "Please enter your last day of work.",
                )
            )
        else:
            eligible_from = add_months(request.termination_date, rules.jht_waiting_period_months)
            if today < eligible_from:
                findings.append(
                    Finding(
                        "waiting_period",
                        blocking,
                        f"JHT dapat diklaim {rules.jht_waiting_period_months} bulan setelah berhenti bekerja, "
                        f"yaitu mulai {_fmt(eligible_from)}.",
                        f"JHT can be claimed {rules.jht_waiting_period_months} month(s) after your last day "
                        f"of work, that is from {_fmt(eligible_from)}.",
                        eligible_from=eligible_from,
                    )
                )

    age = age_on(participant.birth_date, today)
    if reason.min_age is not None:
        needed_age = (
            rules.jht_retirement_age
            if reason.min_age == "jht_retirement_age"
            else cat.pension_age.age_in(today.year)
        )
        if age < needed_age:
            findings.append(
                Finding(
                    "below_retirement_age",
                    blocking,
                    f"Klaim ini dapat diajukan mulai usia {needed_age} tahun; usia Anda sekarang {age} tahun.",
                    f"This claim is possible from age {needed_age}; you are {age} now.",
                )
            )

    if reason.min_membership is not None:
        years = age_on(participant.membership_start, today)
        if years < rules.partial_min_membership_years:
            findings.append(
                Finding(
                    "membership_too_short",
                    blocking,
                    f"Klaim sebagian memerlukan kepesertaan minimal {rules.partial_min_membership_years} tahun; "
                    f"kepesertaan Anda {years} tahun.",
                    f"A partial withdrawal needs at least {rules.partial_min_membership_years} years of "
                    f"membership; you have {years}.",
                )
            )

    npwp_conditional = any(c.when is Condition.BALANCE_ABOVE_NPWP_THRESHOLD for c in reason.conditional)
    if (
        npwp_conditional
        and participant.balance > rules.npwp_balance_threshold
        and not (request.npwp or participant.npwp)
    ):
        findings.append(
            Finding(
                "npwp_required",
                blocking,
                f"Saldo di atas {_rupiah(rules.npwp_balance_threshold)} memerlukan NPWP. Masukkan NPWP Anda.",
                f"A balance above {_rupiah(rules.npwp_balance_threshold)} needs an NPWP (tax number). "
                f"Please enter yours.",
            )
        )

    if request.documents is not None:
        context = ClaimContext(participant.balance, request.heir_relation, request.road_accident)
        for requirement in required_documents(entry.code, reason.code, context, cat):
            doc = requirement.document
            if doc.code not in request.documents:
                findings.append(
                    Finding(
                        "missing_document",
                        blocking,
                        f"Dokumen belum ada: {doc.name_id}.",
                        f"Document missing: {doc.name_en}.",
                        document=doc.code,
                    )
                )

    if entry.code is ClaimType.JP and reason.code == "pension_age":
        years = participant.contribution_months // 12
        if years >= rules.jp_min_contribution_years_monthly:
            findings.append(
                Finding(
                    "pension_monthly",
                    info,
                    f"Iuran {years} tahun: Anda menerima pensiun bulanan.",
                    f"{years} years of contributions: you receive a monthly pension.",
                )
            )
        else:
            findings.append(
                Finding(
                    "pension_lump_sum",
                    info,
                    f"Iuran {years} tahun (kurang dari {rules.jp_min_contribution_years_monthly}): "
                    f"manfaat dibayar sekaligus.",
                    f"{years} years of contributions (fewer than {rules.jp_min_contribution_years_monthly}): "
                    f"the benefit is paid as a lump sum.",
                )
            )

    if entry.code is ClaimType.JKM:
        b = cat.jkm_benefit
        findings.append(
            Finding(
                "jkm_benefit",
                info,
                f"Santunan kematian {_rupiah(b.total)}: {_rupiah(b.lump_sum)} sekaligus, "
                f"{_rupiah(b.periodic_total)} berkala ({b.periodic_months} bulan), "
                f"{_rupiah(b.funeral)} biaya pemakaman.",
                f"Death benefit {_rupiah(b.total)}: {_rupiah(b.lump_sum)} at once, "
                f"{_rupiah(b.periodic_total)} over {b.periodic_months} months, "
                f"{_rupiah(b.funeral)} for the funeral.",
            )
        )

    return Evaluation(tuple(findings))
