"""The claim catalog and the rules a claim is checked against, under one name.

The definitions live one concept per module: the catalog and its loading (`claim_catalog`), who claims what
(`claim_request`), the documents a claim needs (`claim_documents`), the rules and their findings
(`claim_rules`) and the calendar arithmetic they count in (`dates`). This module re-exports them so that
`from kiosk.domain.claims import ...` stays the one import for callers on every side (booth, console, hub).
"""

from __future__ import annotations

from kiosk.domain.claim_catalog import (
    DEFAULT_CATALOG_PATH,
    Bank,
    Catalog,
    CatalogError,
    Claimant,
    ClaimType,
    ClaimTypeEntry,
    Condition,
    ConditionalDocument,
    DocumentShape,
    DocumentType,
    JkmBenefit,
    PensionAgeSchedule,
    Reason,
    Rules,
    default_catalog,
)
from kiosk.domain.claim_documents import ClaimContext, DocumentRequirement, required_documents
from kiosk.domain.claim_request import ClaimRequest, HeirRelation, ParticipantRecord, ParticipantStatus
from kiosk.domain.claim_rules import Evaluation, Finding, Severity, evaluate
from kiosk.domain.dates import add_months, age_on

__all__ = [
    "DEFAULT_CATALOG_PATH",
    "Bank",
    "Catalog",
    "CatalogError",
    "ClaimContext",
    "ClaimRequest",
    "ClaimType",
    "ClaimTypeEntry",
    "Claimant",
    "Condition",
    "ConditionalDocument",
    "DocumentRequirement",
    "DocumentShape",
    "DocumentType",
    "Evaluation",
    "Finding",
    "HeirRelation",
    "JkmBenefit",
    "ParticipantRecord",
    "ParticipantStatus",
    "PensionAgeSchedule",
    "Reason",
    "Rules",
    "Severity",
    "add_months",
    "age_on",
    "default_catalog",
    "evaluate",
    "required_documents",
]
