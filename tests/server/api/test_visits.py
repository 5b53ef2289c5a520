"""Bookings, check-ins with quotas, the session state machine over REST, intake and visibility."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.domain.identifiers import Nik, Sex
from kiosk.server.models import Branch, VisitSession
from tests.server.conftest import Kit


def _today() -> date:
    from datetime import datetime

    return datetime.now(ZoneInfo("Asia/Jakarta")).date()


def _nik(serial: int) -> str:
    return Nik("35", "71", "01", date(1990, 1, 2), Sex.MALE, serial).digits


def _booking(day: date, slot: str = "09:00", serial: int = 1, **extra: Any) -> dict[str, Any]:
    return {
        "branch_code": "KDR",
        "date": day.isoformat(),
        "slot": slot,
        "nik": _nik(serial),
        "kpj": "99999999901",
        "claim_type": "JHT",
        **extra,
    }


def test_booking_returns_code_and_qr_payload(kit: Kit) -> None:
    day = _today() + timedelta(days=1)
    response = kit.post("/bookings", "cso1", json=_booking(day, phone="0812 3456 7890"))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["code"].startswith("KDR-") and body["qr_payload"].endswith(body["code"])
    assert body["status"] == "booked" and "*" in body["nik_masked"]
    fetched = kit.get(f"/bookings/{body['code']}", 1)
    assert fetched.status_code == 200 and fetched.json() == body
    assert kit.get(f"/bookings/{body['qr_payload']}", "cso1").json()["code"] == body["code"]


def test_booking_validates_identifiers_slot_and_date(kit: Kit) -> None:
    day = _today() + timedelta(days=1)
    bad_nik = kit.post("/bookings", "cso1", json={**_booking(day), "nik": "9971010201900001"})
    assert bad_nik.status_code == 422 and bad_nik.json()["error"] == "invalid_nik"
    bad_kpj = kit.post("/bookings", "cso1", json={**_booking(day), "kpj": "123"})
    assert bad_kpj.status_code == 422 and bad_kpj.json()["error"] == "invalid_kpj"
    assert kit.post("/bookings", "cso1", json=_booking(day, slot="07:00")).json()["error"] == "unknown_slot"
    assert kit.post("/bookings", "cso1", json=_booking(day, slot="09:10")).json()["error"] == "unknown_slot"
    past = kit.post("/bookings", "cso1", json=_booking(day - timedelta(days=2)))
    assert past.json()["error"] == "date_in_past"
    assert kit.post("/bookings", 1, json=_booking(day)).status_code == 403


def test_slot_capacity_is_enforced(kit: Kit) -> None:
    day = _today() + timedelta(days=2)
    for serial in range(1, 8):
        assert kit.post("/bookings", "cso1", json=_booking(day, "10:30", serial)).status_code == 201
    full = kit.post("/bookings", "cso1", json=_booking(day, "10:30", 8))
    assert full.status_code == 409 and full.json()["error"] == "slot_full"
    assert kit.post("/bookings", "cso1", json=_booking(day, "11:00", 8)).status_code == 201


def test_daily_online_quota_is_enforced(kit: Kit) -> None:
    from kiosk.server.models import Branch

    with kit.db.session() as session:
        branch = session.query(Branch).filter_by(code="KDR").one()
        branch.online_daily = 3
    day = _today() + timedelta(days=3)
    for serial, slot in zip(range(1, 4), ("08:00", "08:30", "09:00"), strict=True):
        assert kit.post("/bookings", "cso1", json=_booking(day, slot, serial)).status_code == 201
    full = kit.post("/bookings", "cso1", json=_booking(day, "09:30", 4))
    assert full.status_code == 409
    assert full.json()["error"] == "quota_exhausted" and "3" in full.json()["message"]


def test_booking_checkin_only_on_its_day_branch_and_once(kit: Kit) -> None:
    session = kit.post("/checkins", 1, json={"booking_code": "KDR-DEMAA2"})
    assert session.status_code == 201, session.text
    body = session.json()
    assert body["kind"] == "online" and body["booking_code"] == "KDR-DEMAA2" and body["state"] == "checked_in"
    in_use = kit.post("/checkins", 2, json={"booking_code": "kdr-demaa2"})
    assert in_use.status_code == 409 and in_use.json()["error"] == "booking_used"
    assert kit.set_state(body["id"], "self_service", 1).status_code == 200  # consent spends the booking
    again = kit.post("/checkins", 2, json={"booking_code": "kdr-demaa2"})
    assert again.status_code == 409 and again.json()["error"] == "booking_used"
    tomorrow = kit.post("/bookings", "cso1", json=_booking(_today() + timedelta(days=1))).json()
    not_today = kit.post("/checkins", 2, json={"booking_code": tomorrow["qr_payload"]})
    assert not_today.status_code == 409 and not_today.json()["error"] == "booking_not_today"
    assert kit.post("/checkins", 2, json={"booking_code": "KDR-ZZZZZZ"}).status_code == 404
    assert kit.get("/bookings/KDR-DEMAA2", "cso1").json()["status"] == "checked_in"


def test_checkin_needs_one_kind(kit: Kit) -> None:
    assert kit.post("/checkins", 1, json={}).status_code == 422
    assert kit.post("/checkins", 1, json={"walk_in": True, "booking_code": "KDR-DEMAB3"}).status_code == 422
    assert kit.post("/checkins", "cso1", json={"walk_in": True}).status_code == 403


def test_a_booth_holds_one_open_session(kit: Kit) -> None:
    first = kit.walk_in(1)
    busy = kit.post("/checkins", 1, json={"walk_in": True})
    assert busy.status_code == 409
    assert busy.json()["error"] == "booth_busy" and busy.json()["session_id"] == first["id"]
    assert kit.set_state(first["id"], "abandoned", 1).status_code == 200
    assert kit.post("/checkins", 1, json={"walk_in": True}).status_code == 201


def test_the_61st_walk_in_of_the_day_gets_409_naming_quota_and_reset(kit: Kit) -> None:
    now = kit.client.app.state.hub.now()  # type: ignore[attr-defined]
    today = now.astimezone(ZoneInfo("Asia/Jakarta")).date()
    with kit.db.session() as session:
        for i in range(60):
            session.add(
                VisitSession(
                    id=f"s-quota{i:03d}",
                    branch_id=1,
                    booth_id=10,
                    kind="walk_in",
                    visit_date=today,
                    state="abandoned",
                    created_at=now,
                    updated_at=now,
                    ended_at=now,
                    consented_at=now,
                )
            )
    refused = kit.post("/checkins", 1, json={"walk_in": True, "language": "en"})
    assert refused.status_code == 409
    body = refused.json()
    assert body["error"] == "quota_exhausted" and body["quota"] == 60
    assert "60 walk-in" in body["message"] and "00:00" in body["message"]
    assert body["resets_at"].startswith((today + timedelta(days=1)).isoformat())
    indonesian = kit.post("/checkins", 1, json={"walk_in": True})
    assert "Kuota 60" in indonesian.json()["message"]
    # Online bookings still check in: the walk-in quota does not touch them.
    assert kit.post("/checkins", 1, json={"booking_code": "KDR-DEMAB3"}).status_code == 201
    quota = kit.get("/branches/KDR", 1).json()
    assert quota["walk_in"]["used"] == 60 and quota["walk_in"]["remaining"] == 0


def test_state_changes_follow_the_state_machine(kit: Kit) -> None:
    session = kit.walk_in(1)
    sid = session["id"]
    invalid = kit.set_state(sid, "waiting_cso", 1)
    assert invalid.status_code == 409
    assert invalid.json() == {
        "error": "invalid_transition",
        "message": "a session cannot go from checked_in to waiting_cso",
        "current_state": "checked_in",
        "requested_state": "waiting_cso",
    }
    assert kit.set_state(sid, "self_service", 1).json()["state"] == "self_service"
    assert kit.set_state(sid, "waiting_cso", 1).json()["state"] == "waiting_cso"
    assert kit.set_state(sid, "approved", 1).status_code == 403
    assert kit.set_state(sid, "submitted", "supervisor").status_code == 409
    assert kit.set_state(sid, "cancelled", "supervisor").json()["state"] == "cancelled"
    final = kit.get(f"/sessions/{sid}", "supervisor").json()
    assert final["ended_at"] is not None
    assert kit.set_state(sid, "abandoned", "supervisor").status_code == 409
    assert kit.post("/sessions/s-nope/state", "supervisor", json={"state": "abandoned"}).status_code == 404


def test_visibility_booth_own_cso_assigned_supervisor_branch(kit: Kit) -> None:
    mine = kit.walk_in(1)["id"]
    other = kit.walk_in(2)["id"]
    assert kit.get(f"/sessions/{mine}", 1).status_code == 200
    assert kit.get(f"/sessions/{other}", 1).status_code == 404
    assert [s["id"] for s in kit.get("/sessions", 1).json()] == [mine]
    assert kit.get(f"/sessions/{mine}", "cso1").status_code == 404
    assert kit.get("/sessions", "cso1").json() == []
    with kit.db.session() as session:
        session.get(VisitSession, mine).assigned_user_id = 3  # cso1 in the demo data
    assert kit.get(f"/sessions/{mine}", "cso1").status_code == 200
    assert kit.get(f"/sessions/{mine}", "cso2").status_code == 404
    assert {s["id"] for s in kit.get("/sessions", "supervisor").json()} >= {mine, other}
    assert kit.get(f"/sessions/{other}", "admin").status_code == 200
    assert kit.get("/booths/me/session", 1).json()["id"] == mine
    assert kit.get("/booths/me", 1).json()["current_session_id"] == mine


def test_intake_is_validated_and_stored(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    intake = {
        "nik": "3571011705880001",
        "kpj": "1234 5678 901",
        "claim_type": "JHT",
        "reason": "layoff",
        "termination_date": "2026-01-31",
        "phone": "0812-3456-7890",
        "bank_code": "002",
        "account_number": "0123456789",
    }
    stored = kit.put(f"/sessions/{sid}/intake", 1, json=intake)
    assert stored.status_code == 200, stored.text
    assert stored.json()["intake"]["kpj"] == "12345678901" and stored.json()["intake"]["phone"] == "+6281234567890"
    bad = kit.put(f"/sessions/{sid}/intake", 1, json={"nik": "1234"})
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_nik"
    wrong_reason = kit.put(f"/sessions/{sid}/intake", 1, json={"claim_type": "JP", "reason": "layoff"})
    assert wrong_reason.status_code == 422 and wrong_reason.json()["error"] == "unknown_reason"
    assert kit.put(f"/sessions/{sid}/intake", 2, json=intake).status_code == 404


def test_a_participant_who_declines_consent_comes_back_with_the_same_booking_code(kit: Kit) -> None:
    first = kit.post("/checkins", 1, json={"booking_code": "KDR-DEMAA2"})
    assert first.status_code == 201, first.text
    assert kit.get("/bookings/KDR-DEMAA2", "cso1").json()["status"] == "booked"  # not spent by check-in
    assert kit.set_state(first.json()["id"], "abandoned", 1).status_code == 200  # declined the notice
    back = kit.post("/checkins", 2, json={"booking_code": "KDR-DEMAA2"})
    assert back.status_code == 201, back.text
    assert kit.get("/bookings/KDR-DEMAA2", "cso1").json()["status"] == "booked"
    assert kit.set_state(back.json()["id"], "self_service", 2).status_code == 200
    assert kit.get("/bookings/KDR-DEMAA2", "cso1").json()["status"] == "checked_in"


def test_a_declined_consent_gives_the_walk_in_place_back(kit: Kit) -> None:
    with kit.db.session() as session:
        session.query(Branch).filter_by(code="KDR").one().walk_in_daily = 1
    declined = kit.walk_in(1)
    # The open session holds the last place while the participant reads the notice.
    held = kit.post("/checkins", 2, json={"walk_in": True})
    assert held.status_code == 409 and held.json()["error"] == "quota_exhausted"
    assert kit.set_state(declined["id"], "abandoned", 1).status_code == 200
    consented = kit.walk_in(2)  # the declined visit did not use the place up
    assert kit.set_state(consented["id"], "self_service", 2).status_code == 200
    assert kit.set_state(consented["id"], "abandoned", 2).status_code == 200
    spent = kit.post("/checkins", 1, json={"walk_in": True})
    assert spent.status_code == 409 and spent.json()["error"] == "quota_exhausted"
