"""Participants lookup, idempotent claim submission, server-side rules and references."""

from __future__ import annotations

import re
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.domain.claims import add_months
from kiosk.server.models import AuditEvent, Document, VisitSession
from kiosk.server.seed import demo_participants
from tests.server.conftest import Kit


def _today() -> date:
    from datetime import datetime

    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def _case(name: str) -> Any:
    return next(p for p in demo_participants(_today()) if p.case == name)


JHT_DOCS = ["kpj_card", "ektp", "family_card", "savings_book", "termination_letter", "selfie_ektp"]


def _claim(case: str = "jht_layoff_eligible", **extra: Any) -> dict[str, Any]:
    p = _case(case)
    body = {
        "branch_code": "KDR",
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": p.nik,
        "kpj": p.kpj,
        "termination_date": (p.last_work_day or add_months(_today(), -2)).isoformat(),
        "bank": {"bank_code": "002", "account_number": "0123456789", "account_holder": p.name},
        "documents": JHT_DOCS,
    }
    body.update(extra)
    return body


def _submit(kit: Kit, body: dict[str, Any], key: str | None = "key-1", who: str = "cso1") -> Any:
    headers = {"Idempotency-Key": key} if key is not None else {}
    return kit.post("/claims", who, json=body, headers=headers)


def test_participant_lookup_by_kpj_or_nik_is_audited(kit: Kit) -> None:
    p = _case("jkm_heir_spouse")
    by_kpj = kit.get(f"/participants?kpj={p.kpj}", "cso1")
    assert by_kpj.status_code == 200
    body = by_kpj.json()
    assert body["nik"] == p.nik and body["died_on"] is not None
    assert body["heirs"] == [{"nik": p.heirs[0][0], "name": "Ratna Sari", "relation": "spouse"}]
    assert kit.get(f"/participants?nik={p.nik}", "supervisor").json()["kpj"] == p.kpj
    assert kit.get(f"/participants?nik={p.nik}&kpj=12345678901", "cso1").status_code == 404
    assert kit.get("/participants", "cso1").status_code == 400
    assert kit.get("/participants?nik=123", "cso1").json()["error"] == "invalid_nik"
    assert kit.get(f"/participants?kpj={p.kpj}", 1).status_code == 403
    assert kit.get(f"/participants?kpj={p.kpj}", "admin").status_code == 403
    with kit.db.session() as session:
        lookups = session.query(AuditEvent).filter_by(action="participant.lookup").all()
        assert len(lookups) == 3
        assert all(p.nik not in e.details and p.kpj not in e.details for e in lookups)


def test_claim_is_created_once_per_idempotency_key(kit: Kit) -> None:
    first = _submit(kit, _claim())
    assert first.status_code == 201, first.text
    reference = first.json()["reference"]
    assert re.fullmatch(rf"JHT-KDR-{_today():%Y%m%d}-\d{{4}}", reference)
    replay = _submit(kit, _claim())
    assert replay.status_code == 200 and replay.json() == first.json()
    other_body = _submit(kit, _claim(bank={"bank_code": "009", "account_number": "99", "account_holder": "X"}))
    assert other_body.status_code == 409 and other_body.json()["error"] == "idempotency_key_reused"
    second = _submit(kit, _claim(), key="key-2")
    assert second.status_code == 201
    assert int(second.json()["reference"][-4:]) == int(reference[-4:]) + 1
    assert kit.get(f"/claims/{reference}", "cso1").json()["reference"] == reference
    assert kit.get(f"/claims/{reference}", "supervisor").status_code == 200
    assert kit.get(f"/claims/{reference}", "cso2").status_code == 404


def test_claim_without_key_is_400(kit: Kit) -> None:
    response = _submit(kit, _claim(), key=None)
    assert response.status_code == 400 and response.json()["error"] == "idempotency_key_missing"
    assert _submit(kit, _claim(), key="has space").status_code == 400


def test_server_refuses_a_claim_that_breaks_rules_with_finding_codes(kit: Kit) -> None:
    waiting = _submit(kit, _claim("jht_resignation_waiting", reason="resignation"), key="a")
    assert waiting.status_code == 422
    assert waiting.json()["error"] == "claim_ineligible"
    assert [f["code"] for f in waiting.json()["findings"]] == ["waiting_period"]
    npwp = _submit(kit, _claim("jht_above_npwp_threshold_without_npwp", documents=JHT_DOCS), key="b")
    assert {f["code"] for f in npwp.json()["findings"] if f["severity"] == "blocking"} == {
        "npwp_required",
        "missing_document",
    }
    closed = _submit(kit, _claim("closed_already_paid_out"), key="c")
    assert "participant_inactive" in [f["code"] for f in closed.json()["findings"]]
    missing = _submit(kit, _claim(documents=["ektp"]), key="d")
    assert {f["document"] for f in missing.json()["findings"]} >= {"kpj_card", "selfie_ektp"}
    jkp = _submit(kit, _claim(claim_type="JKP"), key="e")
    assert [f["code"] for f in jkp.json()["findings"]] == ["use_other_channel"]
    # A refused claim does not burn its key: fixed and resent, the same key goes through.
    assert _submit(kit, _claim(), key="a").status_code == 201


def test_jkm_claim_by_an_heir(kit: Kit) -> None:
    p = _case("jkm_heir_spouse")
    docs = [
        "kpj_card",
        "ektp",
        "heir_ektp",
        "death_certificate",
        "family_card",
        "heir_certificate",
        "heir_savings_book",
        "selfie_ektp",
        "marriage_book",
    ]
    body = _claim(
        "jkm_heir_spouse",
        claim_type="JKM",
        reason="death",
        termination_date=None,
        documents=docs,
        heir={"nik": p.heirs[0][0], "name": "Ratna Sari", "relation": "spouse"},
    )
    response = _submit(kit, body)
    assert response.status_code == 201, response.text
    assert response.json()["reference"].startswith("JKM-KDR-")
    assert "jkm_benefit" in [f["code"] for f in response.json()["findings"]]
    no_heir = _submit(kit, {**body, "heir": None}, key="other")
    assert "heir_relation_missing" in [f["code"] for f in no_heir.json()["findings"]]


def test_participant_must_match(kit: Kit) -> None:
    mismatch = _submit(kit, _claim(kpj="12345678902"))
    assert mismatch.status_code == 422 and mismatch.json()["error"] == "participant_mismatch"
    unknown = _submit(kit, _claim(nik="3571011705880099"), key="k2")
    assert unknown.json()["error"] == "participant_not_found"


def test_session_claim_needs_approval_and_counts_only_captured_documents(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    with kit.db.session() as session:
        visit = session.get(VisitSession, sid)
        visit.assigned_user_id = 3
        visit.state = "verifying"
    body = _claim(session_id=sid, branch_code=None)
    early = _submit(kit, body)
    assert early.status_code == 409 and early.json()["error"] == "session_not_approved"
    assert kit.set_state(sid, "approved", "cso1").status_code == 200
    assert _submit(kit, body, who="cso2").status_code == 403
    nothing_captured = _submit(kit, body, key="k-docs")
    assert nothing_captured.status_code == 422
    with kit.db.session() as session:
        now = session.get(VisitSession, sid).created_at
        for i, doc in enumerate(JHT_DOCS):
            session.add(
                Document(
                    id=f"d-t{i}",
                    session_id=sid,
                    document_type=doc,
                    media_type="image/jpeg",
                    size=1,
                    sha256="0" * 64,
                    uploaded_by="booth:1",
                    created_at=now,
                )
            )
    submitted = _submit(kit, body, key="k-final")
    assert submitted.status_code == 201, submitted.text
    assert submitted.json()["session_id"] == sid
    assert kit.get(f"/sessions/{sid}", "cso1").json()["state"] == "submitted"
    assert _submit(kit, body, key="k-final").status_code == 200  # replay after the session ended


def test_only_officers_submit(kit: Kit) -> None:
    assert _submit(kit, _claim(), who="admin").status_code == 403
    assert kit.post("/claims", 1, json=_claim(), headers={"Idempotency-Key": "x"}).status_code == 403


def test_claim_key_is_the_branchs_so_another_officer_replays_it(kit: Kit) -> None:
    """A console restarted under another officer replays its outbox: same key and body -> the original claim."""
    sid = kit.walk_in(1)["id"]
    with kit.db.session() as session:
        visit = session.get(VisitSession, sid)
        assert visit is not None
        visit.assigned_user_id = 3
        visit.state = "approved"
        now = visit.created_at
        for i, doc in enumerate(JHT_DOCS):
            session.add(
                Document(
                    id=f"d-r{i}",
                    session_id=sid,
                    document_type=doc,
                    media_type="image/jpeg",
                    size=1,
                    sha256="0" * 64,
                    uploaded_by="booth:1",
                    created_at=now,
                )
            )
    body = _claim(session_id=sid, branch_code=None)
    first = _submit(kit, body, key="k-shift", who="cso1")
    assert first.status_code == 201, first.text
    replay = _submit(kit, body, key="k-shift", who="cso2")
    assert replay.status_code == 200, replay.text
    assert replay.json() == first.json()
    assert replay.json()["submitted_by"] == first.json()["submitted_by"]
    by_supervisor = _submit(kit, body, key="k-shift", who="supervisor")
    assert by_supervisor.status_code == 200 and by_supervisor.json()["reference"] == first.json()["reference"]
    changed = _submit(kit, {**body, "reason": "resigned"}, key="k-shift", who="cso2")
    assert changed.status_code == 409 and changed.json()["error"] == "idempotency_key_reused"
    assert _submit(kit, body, key="k-shift", who="admin").status_code == 403
    with kit.db.session() as session:
        claims = session.query(AuditEvent).filter_by(action="claim.submitted").all()
        assert len(claims) == 1


def test_a_claim_without_session_is_replayed_for_any_officer_of_its_branch(kit: Kit) -> None:
    assert _submit(kit, _claim(), key="k-branch").status_code == 201
    assert _submit(kit, _claim(), key="k-branch", who="cso2").status_code == 200
