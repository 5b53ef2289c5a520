"""What the officer checks in the workspace, as plain data: record vs entries, questions, checklist, rules.

No Qt here (the widgets only show these values and translate their codes), so every rule is testable without
a display. The rules themselves come from `kiosk.domain.claims`; this module arranges them for one session.
"""

from __future__ import annotations

import enum
import hashlib
import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kiosk.app.console.session import Question, SessionDetail
from kiosk.domain.claims import (
    Catalog,
    ClaimContext,
    ClaimRequest,
    Evaluation,
    HeirRelation,
    ParticipantRecord,
    ParticipantStatus,
    default_catalog,
    evaluate,
    required_documents,
)


class Field(enum.Enum):
    """A fact the registry holds and the participant also states; the widget names it."""

    NAME = "name"
    NIK = "nik"
    KPJ = "kpj"
    BIRTH_DATE = "birth_date"
    EMPLOYER = "employer"
    MEMBERSHIP_START = "membership_start"
    BALANCE = "balance"
    STATUS = "status"
    NPWP = "npwp"
    LAST_WORK_DAY = "last_work_day"


@dataclass(frozen=True)
class Comparison:
    """One row of "registry vs entered": `matches` is None when the participant did not state it."""

    field: Field
    registry: str
    entered: str | None
    matches: bool | None


@dataclass(frozen=True)
class ChecklistItem:
    """A document the claim needs, whether a still of it exists and whether the officer ticked it."""

    document: str
    name_id: str
    name_en: str
    captured: bool
    verified: bool
    conditional: bool


def _digits(text: object) -> str:
    return re.sub(r"\D", "", str(text or ""))


def _norm_text(text: object) -> str:
    return " ".join(str(text or "").upper().split())


def _as_date(value: object) -> date | None:
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _fmt_date(value: date | None) -> str:
    return "" if value is None else value.strftime("%d-%m-%Y")


def _rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def compare(record: ParticipantRecord, entries: Mapping[str, Any]) -> list[Comparison]:
    """Registry record beside the participant's entries, with a verdict per field they stated."""
    rows: list[Comparison] = []

    def add(fld: Field, registry: str, entered: object, same: bool | None) -> None:
        shown = None if entered in (None, "") else str(entered)
        rows.append(Comparison(fld, registry, shown, None if shown is None else same))

    add(Field.NAME, record.name, entries.get("name"), _norm_text(entries.get("name")) == _norm_text(record.name))
    add(Field.NIK, record.nik, entries.get("nik"), _digits(entries.get("nik")) == record.nik)
    add(Field.KPJ, record.kpj, entries.get("kpj"), _digits(entries.get("kpj")) == record.kpj)
    born = _as_date(entries.get("birth_date"))
    add(
        Field.BIRTH_DATE,
        _fmt_date(record.birth_date),
        _fmt_date(born) if born else entries.get("birth_date"),
        born == record.birth_date,
    )
    add(
        Field.EMPLOYER,
        record.employer,
        entries.get("employer"),
        _norm_text(entries.get("employer")) == _norm_text(record.employer),
    )
    add(Field.MEMBERSHIP_START, _fmt_date(record.membership_start), None, None)
    add(Field.BALANCE, _rupiah(record.balance), None, None)
    add(Field.STATUS, record.status.value, None, None)
    entered_npwp = entries.get("npwp")
    add(
        Field.NPWP,
        record.npwp or "",
        entered_npwp,
        not record.npwp or _digits(entered_npwp) == _digits(record.npwp),
    )
    last_day = _as_date(entries.get("termination_date"))
    if last_day is not None:
        add(Field.LAST_WORK_DAY, "", _fmt_date(last_day), None)
    return rows


def mismatches(rows: Sequence[Comparison]) -> list[Field]:
    """The fields where the participant's entry differs from the registry."""
    return [row.field for row in rows if row.matches is False]


#: Question kinds the widget knows how to word.
QUESTION_KINDS: tuple[str, ...] = (
    "last_employer",
    "year_joined",
    "birth_day_month",
    "kpj_last_digits",
    "birth_year",
    "months_of_contributions",
    "npwp_last_digits",
)


def questions(record: ParticipantRecord, session_id: str, secret: bytes = b"", count: int = 3) -> list[Question]:
    """A few questions only the participant should answer, drawn anew for every session.

    The draw is seeded by the session id and a secret the console picks at start-up, so it is different for
    every session (a recorded answer sheet is useless) yet stable while the officer works on one session.
    """
    available: list[Question] = []
    if record.employer:
        available.append(Question("last_employer", record.employer))
    available.append(Question("year_joined", str(record.membership_start.year)))
    available.append(Question("birth_day_month", record.birth_date.strftime("%d-%m")))
    available.append(Question("kpj_last_digits", record.kpj[-4:]))
    available.append(Question("birth_year", str(record.birth_date.year)))
    if record.contribution_months:
        available.append(Question("months_of_contributions", str(record.contribution_months // 12)))
    if record.npwp:
        available.append(Question("npwp_last_digits", _digits(record.npwp)[-4:]))
    seed = hashlib.sha256(secret + session_id.encode()).digest()
    rng = random.Random(seed)
    return rng.sample(available, min(count, len(available)))


def claim_request(detail: SessionDetail) -> ClaimRequest | None:
    """The claim as the participant made it, with the documents captured so far."""
    if detail.claim_type is None or not detail.reason:
        return None
    relation = detail.entries.get("heir_relation")
    return ClaimRequest(
        claim_type=detail.claim_type,
        reason=detail.reason,
        termination_date=_as_date(detail.entries.get("termination_date")),
        heir_relation=HeirRelation(relation) if relation else None,
        road_accident=bool(detail.entries.get("road_accident")),
        npwp=_digits(detail.entries.get("npwp")) or None,
        documents=frozenset(detail.documents),
    )


def rule_results(detail: SessionDetail, today: date, catalog: Catalog | None = None) -> Evaluation | None:
    """The catalog's rules applied to this session's claim (None until claim and record are known)."""
    request = claim_request(detail)
    if request is None or detail.record is None:
        return None
    return evaluate(request, detail.record, today, catalog)


def checklist(detail: SessionDetail, catalog: Catalog | None = None) -> list[ChecklistItem]:
    """The documents this claim needs, each with "captured" and "verified by the officer"."""
    if detail.claim_type is None or not detail.reason:
        return []
    cat = catalog or default_catalog()
    relation = detail.entries.get("heir_relation")
    context = ClaimContext(
        balance=detail.record.balance if detail.record else None,
        heir_relation=HeirRelation(relation) if relation else None,
        road_accident=bool(detail.entries.get("road_accident")),
    )
    items = []
    for requirement in required_documents(detail.claim_type, detail.reason, context, cat):
        doc = requirement.document
        items.append(
            ChecklistItem(
                document=doc.code,
                name_id=doc.name_id,
                name_en=doc.name_en,
                captured=doc.code in detail.documents,
                verified=doc.code in detail.verified,
                conditional=requirement.condition is not None,
            )
        )
    return items


def ready_to_approve(detail: SessionDetail, today: date, catalog: Catalog | None = None) -> list[str]:
    """Why the claim cannot be approved yet (codes the widget words); empty when it can."""
    reasons: list[str] = []
    if detail.record is None:
        reasons.append("no_record")
    evaluation = rule_results(detail, today, catalog)
    if evaluation is None:
        reasons.append("no_claim")
    elif not evaluation.eligible:
        reasons.append("rules_block")
    items = checklist(detail, catalog)
    if any(not item.verified for item in items):
        reasons.append("unverified_documents")
    if detail.record is not None and detail.record.status is ParticipantStatus.CLOSED:
        reasons.append("membership_closed")
    return reasons
