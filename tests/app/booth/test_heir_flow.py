"""The heir's path under plain asyncio: whom the claim is for, the deceased's and the heir's identities, the
claims an heir may file, and the summary before signing."""

from __future__ import annotations

import pytest

from kiosk.app.booth.state import Step
from kiosk.app.booth.summary import claim_summary
from kiosk.domain.claims import Claimant, ClaimType
from tests.app.booth.fakes import make_booth
from tests.support.wait import wait_until

DECEASED_NIK, DECEASED_KPJ = "3571031804700009", "12345678908"
HEIR_NIK = "3571034109730010"


@pytest.mark.asyncio
async def test_an_heir_confirms_the_deceased_then_themselves_and_is_offered_death_claims() -> None:
    booth = make_booth()
    booth.hub.registry.update({DECEASED_NIK: "A*** S****", HEIR_NIK: "R**** S***"})
    flows, state, view = booth.flows, booth.state, booth.view
    flows.visit.go(Step.CHECK_IN)
    flows.check_in.walk_in()
    await wait_until(lambda: state.step is Step.CONSENT)
    flows.consent.agreed()
    await wait_until(lambda: state.step is Step.PURPOSE)
    flows.purpose.chosen(Claimant.HEIR)
    assert state.step is Step.IDENTITY and state.is_heir
    state.nik, state.kpj = DECEASED_NIK, DECEASED_KPJ
    flows.identity.lookup()
    await wait_until(lambda: view.identity.matches_shown == 1)
    flows.identity.confirmed(True)
    assert state.step is Step.HEIR  # the heir's own identity comes next, not the claim
    state.heir_nik = HEIR_NIK
    flows.heir.lookup()
    await wait_until(lambda: view.heir.matches_shown == 1)
    assert state.heir_identity is not None and state.heir_identity.masked_name == "R**** S***"
    session = booth.hub.sessions[state.session_id or ""]
    assert (session.nik, session.kpj, session.heir_nik) == (DECEASED_NIK, DECEASED_KPJ, HEIR_NIK)
    flows.heir.confirmed(True)
    assert state.step is Step.SERVICE
    assert [e.code for e in state.claim_types()] == [ClaimType.JHT, ClaimType.JKM]
    state.choose_claim_type(ClaimType.JHT)
    assert state.reason == "death"  # the only JHT reason an heir has
    flows.service.back()
    assert state.step is Step.HEIR


@pytest.mark.asyncio
async def test_choosing_for_myself_skips_the_heir_and_hides_death_claims() -> None:
    booth = make_booth()
    flows, state = booth.flows, booth.state
    flows.visit.go(Step.PURPOSE)
    flows.purpose.chosen(Claimant.PARTICIPANT)
    state.identity_confirmed = False
    flows.identity.confirmed(True)
    assert state.step is Step.SERVICE
    assert ClaimType.JKM not in [e.code for e in state.claim_types()]
    flows.service.back()
    assert state.step is Step.IDENTITY
    flows.identity.back()
    assert state.step is Step.PURPOSE


def test_the_summary_names_claim_account_documents_and_both_people() -> None:
    booth = make_booth()
    state = booth.state
    state.claimant = Claimant.HEIR
    state.nik, state.kpj, state.heir_nik = DECEASED_NIK, DECEASED_KPJ, HEIR_NIK
    state.choose_claim_type(ClaimType.JKM)
    state.bank_code, state.account_number = "002", "0123456789"
    state.plan_documents()
    from kiosk.app.booth.hub_port import UploadedDocument

    state.record_upload("death_certificate", UploadedDocument("d-1", "0" * 64))
    summary = claim_summary(state, "en")
    assert summary.claim == "Death benefit (JKM)" and summary.reason == "The participant died"
    assert summary.bank == "BRI" and summary.account_masked == "******6789"
    assert summary.documents == ("Death certificate",)
    assert "NIK 3571**********09" in summary.deceased and "NIK 3571**********10" in summary.heir
