"""The documents a claim needs: the reason's list, plus the conditional ones whose condition holds."""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.domain.claim_catalog import (
    Catalog,
    ClaimType,
    Condition,
    DocumentShape,
    DocumentType,
    Rules,
    default_catalog,
)
from kiosk.domain.claim_request import HeirRelation


@dataclass(frozen=True)
class ClaimContext:
    """Facts that decide conditional documents."""

    balance: int | None = None
    heir_relation: HeirRelation | None = None
    road_accident: bool = False


@dataclass(frozen=True)
class DocumentRequirement:
    """One document a claim needs, and why when it is conditional."""

    document: DocumentType
    condition: Condition | None = None


def _condition_holds(condition: Condition, context: ClaimContext, rules: Rules) -> bool:
    if condition is Condition.BALANCE_ABOVE_NPWP_THRESHOLD:
        return context.balance is not None and context.balance > rules.npwp_balance_threshold
    if condition is Condition.HEIR_IS_SPOUSE:
        return context.heir_relation is HeirRelation.SPOUSE
    return context.road_accident


def required_documents(
    claim_type: ClaimType | str,
    reason: str,
    context: ClaimContext | None = None,
    catalog: Catalog | None = None,
) -> list[DocumentRequirement]:
    """The documents a claim needs, in the order the booth asks for them, conditional ones included."""
    cat = catalog or default_catalog()
    entry = cat.claim_type(claim_type)
    if not entry.served_at_booth:
        return []
    chosen = entry.reason(reason)
    ctx = context or ClaimContext()
    needed = [DocumentRequirement(cat.document(code)) for code in chosen.documents]
    for conditional in chosen.conditional:
        if _condition_holds(conditional.when, ctx, cat.rules):
            # Before the face photo, so the selfie stays the last thing captured.
            position = next(
                (i for i, r in enumerate(needed) if r.document.shape is DocumentShape.SELFIE), len(needed)
            )
            needed.insert(position, DocumentRequirement(cat.document(conditional.document), conditional.when))
    return needed
