"""`kiosk.app.console.heir`: who files an heir's claim, from the hub's word, the intake and the registry."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from kiosk.app.console.heir import heir_claim, note_heir
from kiosk.app.console.hub_port import RegistryRecord
from kiosk.app.console.session import Booth
from kiosk.domain.claim_request import HeirRelation
from kiosk.domain.claims import ParticipantRecord, ParticipantStatus
from kiosk.domain.disclosure import Disclosure
from kiosk.protocol.rest import HeirPublic

DECEASED = ParticipantRecord(
    nik="3571010109700003",
    kpj="12345678903",
    name="Budi Santoso",
    birth_date=date(1970, 9, 1),
    membership_start=date(1998, 3, 1),
    status=ParticipantStatus.INACTIVE,
    balance=120_000_000,
    contribution_months=300,
    employer="PT Sinar Jaya",
)
HEIR_NIK = "3571034109730010"
RECORD = RegistryRecord(
    **asdict(DECEASED), heirs=(HeirPublic(nik=HEIR_NIK, name="Ratna Sari", relation=HeirRelation.SPOUSE),)
)
ENTRIES = {
    "nik": DECEASED.nik,
    "kpj": DECEASED.kpj,
    "claim_type": "JKM",
    "reason": "death",
    "claimant": "heir",
    "heir_nik": HEIR_NIK,
    "heir_relation": "spouse",
}


def _booth() -> Booth:
    return Booth("s-1", 2, 0, 0.0, masked_name="B*** S******")


def test_a_participants_own_claim_has_no_heir() -> None:
    booth = _booth()
    booth.detail.entries = {"nik": RECORD.nik, "claim_type": "JHT"}
    assert heir_claim(booth) is None


def test_the_hubs_masked_name_is_enough_before_the_detail() -> None:
    booth = _booth()
    assert note_heir(booth, "R**** S***") and not note_heir(booth, None) and not note_heir(None, "X")
    heir = heir_claim(booth)
    assert heir is not None and heir.registered is None and heir.nik == ""
    assert heir.name(Disclosure.GLANCE) == heir.name(Disclosure.VERIFY) == "R**** S***"


def test_the_registry_names_the_heir_in_full_only_to_verify() -> None:
    booth = _booth()
    booth.detail.entries, booth.detail.record = dict(ENTRIES), RECORD
    heir = heir_claim(booth)
    assert heir is not None and heir.nik == HEIR_NIK and heir.relation is HeirRelation.SPOUSE and heir.registered
    assert (heir.name(Disclosure.GLANCE), heir.name(Disclosure.VERIFY)) == ("R**** S***", "Ratna Sari")
    booth.detail.entries = dict(ENTRIES, heir_nik="3571030101800001")
    unlisted = heir_claim(booth)
    assert unlisted is not None and unlisted.registered is False and unlisted.full_name is None
