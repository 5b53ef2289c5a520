"""The rules a claim is checked against, finding by finding."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from kiosk.domain.claim_catalog import ClaimType
from kiosk.domain.claim_request import ClaimRequest, HeirRelation, ParticipantRecord, ParticipantStatus
from kiosk.domain.claim_rules import Severity, evaluate

TODAY = date(2026, 11, 21)

LAID_OFF = ParticipantRecord(
    nik="3571011203850007",
    kpj="12345678901",
    name="Budi Santoso",
    birth_date=date(1985, 3, 12),
    membership_start=date(2010, 2, 1),
    status=ParticipantStatus.INACTIVE,
    balance=35_000_000,
    contribution_months=190,
    employer="PT Tekstil Kediri",
)


def jht_layoff(**changes: object) -> ClaimRequest:
    request = ClaimRequest(ClaimType.JHT, "layoff", termination_date=date(2026, 9, 30))
    return replace(request, **changes)  # type: ignore[arg-type]


def codes(request: ClaimRequest, participant: ParticipantRecord = LAID_OFF, today: date = TODAY) -> list[str]:
    return evaluate(request, participant, today).codes


def test_a_complete_jht_layoff_claim_is_eligible() -> None:
    result = evaluate(jht_layoff(), LAID_OFF, TODAY)
    assert result.eligible
    assert result.findings == ()


def test_waiting_period_says_from_which_date() -> None:
    result = evaluate(jht_layoff(termination_date=date(2026, 11, 1)), LAID_OFF, TODAY)
    assert not result.eligible
    (finding,) = result.findings
    assert finding.code == "waiting_period"
    assert finding.eligible_from == date(2026, 12, 1)
    assert "01-12-2026" in finding.message("id") and "01-12-2026" in finding.message("en")


def test_waiting_period_ends_on_the_day_one_month_later() -> None:
    assert codes(jht_layoff(termination_date=date(2026, 10, 21))) == []
    assert codes(jht_layoff(termination_date=date(2026, 10, 22))) == ["waiting_period"]


def test_termination_date_is_needed_for_resignation_and_layoff() -> None:
    assert codes(jht_layoff(termination_date=None)) == ["termination_date_missing"]
    assert codes(jht_layoff(reason="resignation", termination_date=None)) == ["termination_date_missing"]


def test_npwp_required_above_the_threshold_unless_given() -> None:
    rich = replace(LAID_OFF, balance=75_000_000)
    assert codes(jht_layoff(), rich) == ["npwp_required"]
    assert codes(jht_layoff(npwp="3571011203850007"), rich) == []
    assert codes(jht_layoff(), replace(rich, npwp="092542943407000")) == []
    assert codes(jht_layoff(), replace(LAID_OFF, balance=50_000_000)) == []


def test_partial_withdrawal_needs_ten_years_and_active_membership() -> None:
    employed = replace(LAID_OFF, status=ParticipantStatus.ACTIVE, membership_start=date(2020, 1, 1))
    assert codes(ClaimRequest(ClaimType.JHT, "partial_30"), employed) == ["membership_too_short"]
    long_member = replace(employed, membership_start=date(2016, 11, 21))
    assert codes(ClaimRequest(ClaimType.JHT, "partial_10"), long_member) == []
    assert codes(
        ClaimRequest(ClaimType.JHT, "partial_10"), replace(long_member, status=ParticipantStatus.INACTIVE)
    ) == ["participant_inactive"]


def test_closed_membership_cannot_claim_again() -> None:
    assert codes(jht_layoff(), replace(LAID_OFF, status=ParticipantStatus.CLOSED)) == ["participant_inactive"]


def test_jht_at_56_and_pension_age_by_year() -> None:
    assert codes(ClaimRequest(ClaimType.JHT, "retirement_age"), LAID_OFF) == ["below_retirement_age"]
    old = replace(LAID_OFF, birth_date=date(1970, 11, 21))
    assert codes(ClaimRequest(ClaimType.JHT, "retirement_age"), old) == []
    # In 2026 the pension age is 59: born 1968-01-01 is 58 on 2026-11-21.
    jp = ClaimRequest(ClaimType.JP, "pension_age")
    assert "below_retirement_age" in codes(jp, replace(LAID_OFF, birth_date=date(1968, 1, 1)))
    assert "below_retirement_age" not in codes(jp, replace(LAID_OFF, birth_date=date(1967, 11, 21)))


def test_pension_is_monthly_from_fifteen_years_of_contributions() -> None:
    retired = replace(LAID_OFF, birth_date=date(1960, 1, 1))
    jp = ClaimRequest(ClaimType.JP, "pension_age")
    monthly = evaluate(jp, replace(retired, contribution_months=180), TODAY)
    assert monthly.eligible and monthly.codes == ["pension_monthly"]
    lump = evaluate(jp, replace(retired, contribution_months=179), TODAY)
    assert lump.eligible and lump.codes == ["pension_lump_sum"]
    assert lump.findings[0].severity is Severity.INFO


def test_jkp_is_sent_to_the_other_channel() -> None:
    result = evaluate(ClaimRequest(ClaimType.JKP, "job_loss"), LAID_OFF, TODAY)
    assert not result.eligible
    assert result.codes == ["use_other_channel"]
    assert "SIAPkerja" in result.findings[0].message("id")
    assert "JHT" in result.findings[0].message("en")


def test_jkm_by_an_heir_with_benefit_breakdown() -> None:
    deceased = replace(LAID_OFF, status=ParticipantStatus.ACTIVE)
    no_relation = evaluate(ClaimRequest(ClaimType.JKM, "death"), deceased, TODAY)
    assert no_relation.codes == ["heir_relation_missing", "jkm_benefit"]
    ok = evaluate(ClaimRequest(ClaimType.JKM, "death", heir_relation=HeirRelation.CHILD), deceased, TODAY)
    assert ok.eligible
    assert "Rp42.000.000" in ok.findings[0].message("id")


def test_missing_documents_are_named_one_by_one() -> None:
    have = frozenset({"kpj_card", "ektp", "family_card", "savings_book", "selfie_ektp"})
    result = evaluate(jht_layoff(documents=have), LAID_OFF, TODAY)
    assert result.codes == ["missing_document"]
    assert result.findings[0].document == "termination_letter"
    full = have | {"termination_letter"}
    assert evaluate(jht_layoff(documents=full), LAID_OFF, TODAY).eligible


def test_unknown_reason_is_a_finding_not_a_crash() -> None:
    assert codes(ClaimRequest(ClaimType.JHT, "lottery")) == ["unknown_reason"]


def test_every_finding_has_both_languages() -> None:
    results = [
        evaluate(
            jht_layoff(termination_date=None, documents=frozenset()), replace(LAID_OFF, balance=10**9), TODAY
        ),
        evaluate(ClaimRequest(ClaimType.JKP, "x"), LAID_OFF, TODAY),
        evaluate(ClaimRequest(ClaimType.JHT, "partial_30"), LAID_OFF, TODAY),
    ]
    for result in results:
        for finding in result.findings:
            assert finding.message("id") != finding.message("en")
