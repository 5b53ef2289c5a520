"""`kiosk.server.repositories.claims`: idempotency lookups, the day's sequence, counts per type."""

from __future__ import annotations

from sqlalchemy.orm import Session

from kiosk.domain.claims import ClaimType
from kiosk.server.context import utc_now
from kiosk.server.models import Branch, Claim
from kiosk.server.repositories import claims, participants
from kiosk.server.seed import demo_participants


def test_store_and_find_a_claim(session: Session, branch: Branch) -> None:
    now = utc_now()
    day = now.date()
    demo = demo_participants(day)[0]
    participant = participants.find_participant(session, nik=demo.nik)
    assert participant is not None
    sequence = claims.take_sequence(session, branch.id, day)
    before = claims.count_by_type(session, branch.id, day).get("JHT", 0)
    claim = Claim(
        reference=f"JHT-KDR-TEST-{sequence:04d}",
        branch_id=branch.id,
        day=day,
        sequence=sequence,
        participant_id=participant.id,
        claim_type="JHT",
        reason="layoff",
        idempotency_scope=claims.idempotency_scope("KDR"),
        idempotency_key="key-1",
        request_hash="0" * 64,
        request={},
        findings=[],
        submitted_by=1,
        created_at=now,
        status="submitted",
    )
    claims.add_claim(session, claim)
    assert claims.take_sequence(session, branch.id, day) == sequence + 1
    assert claims.claim_by_key(session, "KDR", "key-1") is claim
    assert claims.claim_by_key(session, "JKT", "key-1") is None
    assert claims.claim_by_reference(session, claim.reference) is claim
    assert claims.count_by_type(session, branch.id, day)["JHT"] == before + 1
    public = claims.claim_public(claim)
    assert (public.claim_type, public.branch_code, public.findings) == (ClaimType.JHT, "KDR", [])


def test_the_day_counter_resumes_after_claims_stored_without_it(session: Session, branch: Branch) -> None:
    day = utc_now().date()
    first = claims.take_sequence(session, branch.id, day)
    demo = demo_participants(day)[0]
    participant = participants.find_participant(session, nik=demo.nik)
    assert participant is not None
    claims.add_claim(
        session,
        Claim(
            reference=f"JHT-KDR-TEST-{first + 5:04d}",
            branch_id=branch.id,
            day=day,
            sequence=first + 5,  # written by a tool, around the counter
            participant_id=participant.id,
            claim_type="JHT",
            reason="layoff",
            idempotency_scope=claims.idempotency_scope("KDR"),
            idempotency_key="key-around",
            request_hash="0" * 64,
            request={},
            findings=[],
            submitted_by=1,
            created_at=utc_now(),
            status="submitted",
        ),
    )
    assert claims.take_sequence(session, branch.id, day) == first + 6
    assert claims.take_sequence(session, branch.id, day) == first + 7
