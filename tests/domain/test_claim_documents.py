"""The documents a claim needs, conditional ones included."""

from __future__ import annotations

import pytest

from kiosk.domain.claim_catalog import CatalogError, Condition, DocumentShape, default_catalog
from kiosk.domain.claim_documents import ClaimContext, required_documents
from kiosk.domain.claim_request import HeirRelation


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
