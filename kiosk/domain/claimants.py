"""Who files: the participant for themselves, or the heir of a participant who died. Which claims each may file
follows from the catalog (each reason names its claimant), so the booth offers only those.

An heir files the death claims (JKM, and JHT for the reason "death"); a participant everything else, and is also
shown the types filed through another channel (JKP), which are explained rather than filed.
"""

from __future__ import annotations

from kiosk.domain.claim_catalog import Catalog, Claimant, ClaimTypeEntry, Reason


def reasons_for(entry: ClaimTypeEntry, claimant: Claimant) -> tuple[Reason, ...]:
    """The reasons of `entry` that `claimant` may claim."""
    return tuple(r for r in entry.reasons if r.claimant is claimant)


def claim_types_for(catalog: Catalog, claimant: Claimant) -> tuple[ClaimTypeEntry, ...]:
    """The claim types offered to `claimant`, in catalog order: those with a reason they may claim, and (for a
    participant) the types served elsewhere, which the booth explains."""
    return tuple(
        entry
        for entry in catalog.claim_types
        if reasons_for(entry, claimant) or (claimant is Claimant.PARTICIPANT and not entry.served_at_booth)
    )
