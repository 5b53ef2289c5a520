"""The officer's "when in doubt": a worker is invited to a video visit on the online channel (a booking at the
branch's first free slot, an SMS saying when and how to join), signs in with the SMS's booking code and their NIK,
is seen by an officer, and the row is then approved by video and submitted (SQLite and PostgreSQL)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select, update

from kiosk.domain.session import SessionState
from kiosk.server.context import utc_now
from kiosk.server.models import AuditEvent, Booking, Branch, CollectiveRow, User
from kiosk.server.repositories import sessions
from kiosk.server.sms import outbox
from tests.server.collective.helpers import (
    add_workers,
    codes_sent,
    documents_zip,
    employer_with_representative,
    jpeg,
    sign_in,
    today,
)
from tests.server.conftest import Kit
from tests.support.rosters import demo_roster, roster_csv

API = "/api/v1/collective"


def _invited_batch(kit: Kit, n: int = 2) -> tuple[str, list[list[str]], dict[str, int], dict[str, str]]:
    """A batch of `n` workers with its letters and documents, invited to confirm; its id, rows, the row id of each
    NIK and the confirmation code each phone got (the employer signed out again)."""
    rows, registry = demo_roster(800 + n, today())
    rows = rows[800:]
    add_workers(kit, {r[0]: registry[r[0]] for r in rows})
    employer_with_representative(kit)
    sign_in(kit)
    batch_id = kit.client.post(f"{API}/batches").json()["id"]
    for kind in ("power_of_attorney", "layoff_letter"):
        assert kit.client.put(f"{API}/batches/{batch_id}/letters/{kind}", content=jpeg()).status_code == 200
    assert kit.client.put(f"{API}/batches/{batch_id}/roster", content=roster_csv(rows)).json()["accepted"] == n
    zipped = documents_zip([r[0] for r in rows])
    assert kit.client.put(f"{API}/batches/{batch_id}/documents", content=zipped).json()["stored"] == 5 * n
    assert kit.client.post(f"{API}/batches/{batch_id}/invitations").json()["sent"] == n
    kit.client.cookies.clear()
    page = kit.get(f"/collective/batches/{batch_id}/rows", "cso1").json()["rows"]
    return batch_id, rows, {r["cells"]["nik"]: r["id"] for r in page}, codes_sent(kit.settings.server_data_dir())


def _phone(row: list[str]) -> str:
    return "+62" + row[8][1:]


def _texts_to(kit: Kit, phone: str) -> list[str]:
    return [m.text for m in outbox(kit.settings.server_data_dir()).messages() if m.to == phone]


def _approve_by_video(kit: Kit, row_id: int) -> Any:
    return kit.post(f"/collective/rows/{row_id}/decision", "cso1", json={"decision": "approve", "seen_by_video": True})


def _officer_takes_the_call(kit: Kit, session_id: str) -> None:
    """What the worker's Join page and the officer's console do over signaling: queue, then the call."""
    now = utc_now()
    with kit.db.session() as session:
        visit = sessions.get_for_update(session, session_id)
        visit.assigned_user_id = session.scalars(select(User.id).where(User.username == "cso1")).one()
        for state in (SessionState.SELF_SERVICE, SessionState.WAITING_CSO, SessionState.IN_CALL):
            sessions.change_state(session, visit, state, actor="user:test", now=now)


def test_a_doubtful_worker_is_seen_by_video_then_approved_and_their_claim_submitted(kit: Kit) -> None:
    batch_id, rows, ids, codes = _invited_batch(kit)
    nik, row_id = rows[0][0], ids[rows[0][0]]
    asked = kit.client.post(f"{API}/confirmation", json={"code": codes[_phone(rows[0])], "nik": nik,
                                                          "answer": "video"})
    assert asked.json()["confirmation"] == "video_requested"

    invited = kit.post(f"/collective/rows/{row_id}/video-invitation", "cso1")
    assert invited.status_code == 200, invited.text
    body = invited.json()
    code = body["booking_code"]
    assert body["sms_sent"] is True
    assert (body["row"]["video_booking_code"], body["row"]["video_visit"]) == (code, "booked")
    booking = kit.get(f"/bookings/{code}", "cso1").json()
    assert (booking["date"], booking["slot"]) == (body["date"], body["slot"])
    with kit.db.session() as session:
        stored = session.scalars(select(Booking).where(Booking.code == code)).one()
        assert (stored.channel, stored.nik, stored.kpj, stored.phone) == ("online", nik, rows[0][1], _phone(rows[0]))
    sms = _texts_to(kit, _phone(rows[0]))[-1]
    # The day and time as the worker reads them, the online channel's start page and the booking code (no token).
    assert f"pukul {body['slot'].replace(':', '.')}" in sms and f"at {body['slot']}" in sms
    assert f"http://testserver/online/ dengan kode booking {code} dan NIK Anda" in sms
    assert "#" not in sms and "?" not in sms
    page = kit.get(f"/collective/batches/{batch_id}/rows", "cso1").json()["rows"]
    assert next(r for r in page if r["id"] == row_id)["video_booking_code"] == code

    again = kit.post(f"/collective/rows/{row_id}/video-invitation", "supervisor")
    assert again.status_code == 200 and again.json()["booking_code"] == code and again.json()["sms_sent"] is False
    assert len(_texts_to(kit, _phone(rows[0]))) == 2  # the confirmation code, and one invitation
    not_yet = _approve_by_video(kit, row_id)
    assert not_yet.status_code == 409 and not_yet.json()["error"] == "not_seen"
    # The employer uploads the roster again: the worker's video visit is not taken for another open claim.
    sign_in(kit)
    again_uploaded = kit.client.put(f"{API}/batches/{batch_id}/roster", content=roster_csv(rows)).json()
    assert (again_uploaded["accepted"], again_uploaded["unchanged"]) == (2, 2)
    kit.client.cookies.clear()

    # The worker signs in with what the SMS says and agrees; an officer takes the call.
    signed_in = kit.client.post("/api/v1/online/sign-in", json={"code": code, "nik": nik})
    assert signed_in.status_code == 200, signed_in.text
    consent = kit.client.post("/api/v1/online/consent", json={"accepted": True, "language": "id"})
    assert consent.status_code == 200, consent.text
    session_id = consent.json()["session_id"]
    kit.client.cookies.clear()
    _officer_takes_the_call(kit, session_id)
    in_call = _approve_by_video(kit, row_id)
    assert in_call.status_code == 409 and in_call.json()["error"] == "not_seen"  # the visit is not over yet
    assert kit.post(f"/collective/rows/{row_id}/video-invitation", "cso1").json()["booking_code"] == code
    ended = kit.post(f"/sessions/{session_id}/state", "cso1", json={"state": "abandoned", "reason": "video_check"})
    assert ended.status_code == 200, ended.text

    approved = _approve_by_video(kit, row_id)
    assert approved.status_code == 200, approved.text
    row = approved.json()
    assert (row["decision"], row["confirmation"], row["video_visit"]) == ("approved", "confirmed", "seen")
    with kit.db.session() as session:
        event = session.scalars(
            select(AuditEvent).where(AuditEvent.action == "collective.row_approved").order_by(AuditEvent.seq.desc())
        ).first()
        invitations = session.scalars(
            select(AuditEvent.details).where(AuditEvent.action == "collective.row_video_invited")
        ).all()
    assert event is not None and json.loads(event.details)["by_video"] is True
    assert len(invitations) == 1 and nik not in invitations[0] and rows[0][8][1:] not in invitations[0]
    submitted = kit.post(f"/collective/rows/{row_id}/claim", "cso1")
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["claim_reference"].startswith("JHT-KDR-")
    assert submitted.json()["status"] == "submitted"


def test_no_video_invitation_for_a_refused_or_submitted_row_nor_without_a_free_slot(kit: Kit) -> None:
    _, rows, ids, _ = _invited_batch(kit)
    first, second = ids[rows[0][0]], ids[rows[1][0]]
    with kit.db.session() as session:
        session.get(CollectiveRow, first).accepted = False
        session.get(CollectiveRow, second).claim_reference = "JHT-KDR-20261121-0099"
    refused = kit.post(f"/collective/rows/{first}/video-invitation", "cso1")
    assert refused.status_code == 409 and refused.json()["error"] == "row_refused"
    submitted = kit.post(f"/collective/rows/{second}/video-invitation", "cso1")
    assert submitted.status_code == 409 and submitted.json()["error"] == "already_submitted"
    with kit.db.session() as session:
        session.get(CollectiveRow, first).accepted = True
        session.execute(update(Branch).where(Branch.code == "KDR").values(online_daily=0))
    sent_before = len(outbox(kit.settings.server_data_dir()).messages())
    full = kit.post(f"/collective/rows/{first}/video-invitation", "cso1")
    assert full.status_code == 409 and full.json()["error"] == "no_free_slot"
    assert "next 14 days" in full.json()["message"]
    assert len(outbox(kit.settings.server_data_dir()).messages()) == sent_before
    assert kit.post(f"/collective/rows/{first}/video-invitation", "hrd.tekstil").status_code == 403  # the employer
    with kit.db.session() as session:
        assert session.get(CollectiveRow, first).video_booking_code is None
