"""`kiosk.domain.claimants`: an heir is offered the death claims only, a participant everything else."""

from __future__ import annotations

from kiosk.domain.claimants import claim_types_for, reasons_for
from kiosk.domain.claims import Claimant, ClaimType, default_catalog


def test_an_heir_is_offered_jkm_and_jht_death_only() -> None:
    catalog = default_catalog()
    offered = claim_types_for(catalog, Claimant.HEIR)
    assert [e.code for e in offered] == [ClaimType.JHT, ClaimType.JKM]
    assert [r.code for r in reasons_for(catalog.claim_type(ClaimType.JHT), Claimant.HEIR)] == ["death"]
    assert [r.code for r in reasons_for(catalog.claim_type(ClaimType.JKM), Claimant.HEIR)] == ["death"]


def test_a_participant_is_not_offered_death_claims_but_sees_jkp_explained() -> None:
    catalog = default_catalog()
    offered = [e.code for e in claim_types_for(catalog, Claimant.PARTICIPANT)]
    assert ClaimType.JKM not in offered and ClaimType.JKP in offered and ClaimType.JHT in offered
    jht = [r.code for r in reasons_for(catalog.claim_type(ClaimType.JHT), Claimant.PARTICIPANT)]
    assert "death" not in jht and "layoff" in jht
