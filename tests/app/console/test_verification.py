"""Record vs entries, verification questions, checklist and approval blockers (pure data, no Qt)."""

from __future__ import annotations

from datetime import date

from kiosk.app.console.session import DocumentStill, SessionDetail
from kiosk.app.console.verification import (
    Field,
    checklist,
    compare,
    mismatches,
    questions,
    ready_to_approve,
    rule_results,
)
from kiosk.domain.claims import ClaimType, ParticipantRecord, ParticipantStatus

RECORD = ParticipantRecord(
    nik="3374011501850001",
    kpj="12345678901",
    name="Budi Santoso",
    birth_date=date(1985, 1, 15),
    membership_start=date(2012, 3, 1),
    status=ParticipantStatus.INACTIVE,
    balance=38_500_000,
    contribution_months=150,
    employer="PT Sinar Jaya",
)
TODAY = date(2026, 11, 21)


def test_compare_tolerates_formatting_and_flags_real_differences() -> None:
    rows = compare(
        RECORD,
        {"name": "  budi   SANTOSO ", "nik": "3374 0115 0185 0001", "kpj": "12345678900", "birth_date": "1985-01-15"},
    )
    assert mismatches(rows) == [Field.KPJ]
    by_field = {row.field: row for row in rows}
    assert by_field[Field.NAME].matches is True
    assert by_field[Field.EMPLOYER].matches is None  # not stated: no verdict
    assert by_field[Field.BALANCE].registry == "Rp38.500.000"


def test_questions_differ_between_sessions_but_not_within_one() -> None:
    drawn = {tuple(q.kind for q in questions(RECORD, f"s-{i}", b"secret")) for i in range(20)}
    assert len(drawn) > 3
    assert questions(RECORD, "s-1", b"secret") == questions(RECORD, "s-1", b"secret")
    answers = {q.kind: q.expected for q in questions(RECORD, "s-1", b"x", count=10)}
    assert answers["year_joined"] == "2012"
    assert answers["kpj_last_digits"] == "8901"


def _detail(documents: set[str], verified: set[str]) -> SessionDetail:
    return SessionDetail(
        session_id="s-1",
        claim_type=ClaimType.JHT,
        reason="resignation",
        record=RECORD,
        entries={"termination_date": "2026-08-31"},
        documents={d: DocumentStill(d, f"id-{d}") for d in documents},
        verified=verified,
    )


def test_checklist_and_rules_follow_the_catalog() -> None:
    detail = _detail({"ektp"}, set())
    items = checklist(detail)
    codes = [item.document for item in items]
    assert "ektp" in codes
    assert next(i for i in items if i.document == "ektp").captured
    evaluation = rule_results(detail, TODAY)
    assert evaluation is not None
    assert "missing_document" in evaluation.codes
    assert set(ready_to_approve(detail, TODAY)) == {"rules_block", "unverified_documents"}


def test_everything_captured_and_ticked_can_be_approved() -> None:
    needed = {item.document for item in checklist(_detail(set(), set()))}
    detail = _detail(needed, needed)
    assert ready_to_approve(detail, TODAY) == []
    assert SessionDetail("s-2").record is None
    assert ready_to_approve(SessionDetail("s-2"), TODAY) == ["no_record", "no_claim"]
