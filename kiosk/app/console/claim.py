"""The claim a verified session produces, in the shape the claims API takes (what the outbox delivers)."""

from __future__ import annotations

from typing import Any

from kiosk.app.console.session import SessionDetail


def claim_payload(detail: SessionDetail) -> dict[str, Any] | None:
    """The claim from a session's verified detail; None while the record, claim type or reason is missing."""
    if detail.record is None or detail.claim_type is None or not detail.reason:
        return None
    entries = detail.entries
    payload: dict[str, Any] = {
        "session_id": detail.session_id,
        "claim_type": detail.claim_type.value,
        "reason": detail.reason,
        "nik": detail.record.nik,
        "kpj": detail.record.kpj,
        "documents": sorted(detail.verified),
        "bank": {
            "bank_code": str(entries.get("bank_code") or ""),
            "account_number": str(entries.get("account_number") or ""),
            "account_holder": detail.record.name,
        },
    }
    if entries.get("termination_date"):
        payload["termination_date"] = entries["termination_date"]
    relation = entries.get("heir_relation")
    if relation:
        # An heir's claim names the heir: the registry's heir of that relation, whose e-KTP the officer saw.
        heirs = getattr(detail.record, "heirs", ())
        heir = next((h for h in heirs if h.relation.value == relation), None)
        if heir is not None:
            payload["heir"] = {"nik": heir.nik, "name": heir.name, "relation": heir.relation.value}
    if entries.get("npwp") or detail.record.npwp:
        payload["npwp"] = entries.get("npwp") or detail.record.npwp
    return payload
