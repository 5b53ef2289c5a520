"""The claim catalog: its loading, validation and the figures it holds."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kiosk.domain.claim_catalog import DEFAULT_CATALOG_PATH, Catalog, CatalogError, ClaimType, default_catalog

# Every module the claim rules are written in; none may hold a figure of a regulation.
CLAIM_MODULES = [
    "claims.py",
    "claim_catalog.py",
    "claim_request.py",
    "claim_documents.py",
    "claim_rules.py",
    "dates.py",
]


def test_catalog_has_every_claim_type_of_the_domain() -> None:
    catalog = default_catalog()
    assert {entry.code for entry in catalog.claim_types} == set(ClaimType)
    assert not catalog.claim_type("JKP").served_at_booth
    assert catalog.claim_type(ClaimType.JHT).reason("layoff").waiting_period


def test_no_figure_of_a_regulation_is_in_the_code() -> None:
    """Thresholds and amounts live in the data file: the rules modules hold no large literal numbers."""
    domain = Path(__file__).parents[2] / "kiosk" / "domain"
    for module in CLAIM_MODULES:
        source = (domain / module).read_text()
        for figure in ["50_000_000", "50000000", "20_000_000", "42", "56", "57", "65"]:
            assert not re.search(rf"(?<![\w.]){figure}(?![\w])", source), (module, figure)
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
