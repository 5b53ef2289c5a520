"""The claim catalog and the rules a claim is checked against."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from kiosk.domain.claims import (
    DEFAULT_CATALOG_PATH,
    Catalog,
    CatalogError,
    ClaimContext,
    ClaimRequest,
    ClaimType,
    Condition,
    DocumentShape,
    HeirRelation,
    ParticipantRecord,
    ParticipantStatus,
    Severity,
    add_months,
    age_on,
    default_catalog,
    evaluate,
    required_documents,
)

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


# ---- catalog ---------------------------------------------------------------------------------------------------


def test_catalog_has_every_claim_type_of_the_domain() -> None:
    catalog = default_catalog()
    assert {entry.code for entry in catalog.claim_types} == set(ClaimType)
    assert not catalog.claim_type("JKP").served_at_booth
    assert catalog.claim_type(ClaimType.JHT).reason("layoff").waiting_period


def test_no_figure_of_a_regulation_is_in_the_code() -> None:
    """Thresholds and amounts live in the data file: the rules module holds no large literal numbers."""
    source = (Path(__file__).parents[2] / "kiosk" / "domain" / "claims.py").read_text()
    for figure in ["50_000_000", "50000000", "20_000_000", "42", "56", "57", "65"]:
        assert not re.search(rf"(?<![\w.]){figure}(?![\w])", source), figure
    data = DEFAULT_CATALOG_PATH.read_text()
    assert "npwp_balance_threshold = 50_000_000" in data


def test_figures_from_the_domain_notes() -> None:
    catalog = default_catalog()
    assert catalog.jkm_benefit.total == 42_000_000
    assert catalog.jkm_benefit.monthly == 500_000
    assert [catalog.pension_age.age_in(y) for y in (2019, 2021, 2022, 2025, 2028, 2043, 2060)] == [
        57,
        57,
        58,
        59,
        60,
        65,
        65,
    ]


def test_a_catalog_naming_an_unknown_document_is_refused() -> None:
    text = DEFAULT_CATALOG_PATH.read_text().replace(
        '"kpj_card", "ektp", "family_card"', '"kpj_card", "no_such"', 1
    )
    with pytest.raises(CatalogError, match="no_such"):
        Catalog.from_toml(text)


def test_a_malformed_catalog_says_where() -> None:
    with pytest.raises(CatalogError, match="invalid claim catalog"):
        Catalog.from_toml("version = 1\n[rules]\nnpwp_balance_threshold = -5\n")
    with pytest.raises(CatalogError):
        Catalog.from_toml("this is not toml = = =")


def test_every_document_has_names_and_instructions_in_both_languages() -> None:
    for doc in default_catalog().documents.values():
        assert doc.name("id") and doc.name("en") and doc.name("id") != doc.name("en")
        assert doc.instruction("id") and doc.instruction("en")


# ---- required documents --------------------------------------------------------------------------------------------


def test_jht_layoff_documents_and_npwp_above_the_threshold() -> None:
    below = [r.document.code for r in required_documents("JHT", "layoff", ClaimContext(balance=50_000_000))]
    assert below == ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"]
    above = required_documents("JHT", "layoff", ClaimContext(balance=50_000_001))
    assert [r.document.code for r in above][-2:] == ["npwp_card", "selfie_ektp"]
    assert above[-2].condition is Condition.BALANCE_ABOVE_NPWP_THRESHOLD


def test_marriage_book_only_when_the_heir_is_the_spouse() -> None:
    child = {
        r.document.code
        for r in required_documents("JKM", "death", ClaimContext(heir_relation=HeirRelation.CHILD))
    }
    spouse = {
        r.document.code
        for r in required_documents("JKM", "death", ClaimContext(heir_relation=HeirRelation.SPOUSE))
    }
    assert spouse - child == {"marriage_book"}
    assert {"death_certificate", "heir_certificate", "heir_ektp"} <= child


def test_police_report_only_for_road_accidents() -> None:
    plain = {r.document.code for r in required_documents("JKK", "commute_accident")}
    road = {
        r.document.code
        for r in required_documents("JKK", "commute_accident", ClaimContext(road_accident=True))
    }
    assert road - plain == {"police_report"}
    assert {"accident_report_kk1", "accident_report_kk2", "accident_report_kk3"} <= plain


def test_the_selfie_is_always_last_and_jkp_needs_nothing_here() -> None:
    for entry in default_catalog().claim_types:
        for reason in entry.reasons:
            docs = required_documents(entry.code, reason.code, ClaimContext(balance=10**9))
            assert docs[-1].document.shape is DocumentShape.SELFIE
    assert required_documents("JKP", "anything") == []


def test_unknown_reason_is_a_catalog_error() -> None:
    with pytest.raises(CatalogError):
        required_documents("JHT", "lottery")


# ---- evaluate -------------------------------------------------------------------------------------------------------


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


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), 13, date(2027, 4, 30)),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_age_counts_full_years() -> None:
    assert age_on(date(1970, 11, 22), TODAY) == 55
    assert age_on(date(1970, 11, 21), TODAY) == 56
