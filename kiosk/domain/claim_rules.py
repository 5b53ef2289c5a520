"""The rules a claim is checked against, finding by finding.

`evaluate` is used three times with the same rules: by the booth to tell a participant early, by the console to
show the officer, and by the hub to refuse a claim that breaks one. Its figures come from the catalog.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date

from kiosk.domain.claim_catalog import (
    Catalog,
    CatalogError,
    Claimant,
    ClaimType,
    Condition,
    default_catalog,
)
from kiosk.domain.claim_documents import ClaimContext, required_documents
from kiosk.domain.claim_request import ClaimRequest, ParticipantRecord, ParticipantStatus
from kiosk.domain.dates import add_months, age_on
from kiosk.domain.wording import count_en


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
                        f"JHT can be claimed {count_en(rules.jht_waiting_period_months, 'month')} after your last day "
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
