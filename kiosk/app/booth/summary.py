"""What the participant is about to sign for, in their language: the claim, the account, the documents.

Built from the `VisitState` only (no Qt), so the summary screen renders it and a test can read it. Only masked
numbers: the account's last four digits, the participants' masked names or NIKs.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.app.booth.state import VisitState


@dataclass(frozen=True)
class ClaimSummary:
    """The claim as the participant chose it, ready to show before the signature."""

    claim: str
    reason: str
    bank: str
    account_masked: str
    documents: tuple[str, ...]
    #: An heir's claim: who died (masked) and who claims (masked); empty for one's own claim.
    deceased: str = ""
    heir: str = ""


def _masked_person(masked_name: str, nik_masked: str) -> str:
    return " · ".join(p for p in (masked_name, f"NIK {nik_masked}" if nik_masked else "") if p)


def claim_summary(state: VisitState, language: str) -> ClaimSummary:
    """The summary of the current visit in ``"id"`` or ``"en"`` (empty fields for what is not chosen)."""
    entry, reason = state.claim_entry(), state.reason_entry()
    bank = next((b.name for b in state.catalog.banks if b.code == state.bank_code), "")
    account = state.bank_account()
    names = []
    for requirement in state.documents:
        code = requirement.document.code
        if code in state.captured:
            names.append(requirement.document.name_en if language == "en" else requirement.document.name_id)
    deceased = heir = ""
    if state.is_heir:
        nik, heir_nik = state.parsed_nik(), state.parsed_heir_nik()
        deceased = _masked_person(state.identity.masked_name if state.identity else "", nik.masked() if nik else "")
        heir = _masked_person(state.heir_identity.masked_name if state.heir_identity else "",
                              heir_nik.masked() if heir_nik else "")
    return ClaimSummary(
        claim=entry.name(language) if entry else "",
        reason=reason.name(language) if reason else "",
        bank=bank,
        account_masked=account.masked() if account else "",
        documents=tuple(names),
        deceased=deceased,
        heir=heir,
    )
