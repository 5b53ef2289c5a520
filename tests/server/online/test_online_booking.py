"""The online channel's public booking routes against a real hub (SQLite and PostgreSQL): branches, slots, book,
sign in and out, view, cancel, move, calendar and QR; and the Bad-input cases of issue 12."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from kiosk.server.models import AuditEvent, Booking, Branch
from tests.server.online.conftest import Online, tomorrow


def test_branches_and_slots_show_counts_only(online: Online) -> None:
    branches = online.client.get("/api/v1/online/branches")
    assert branches.status_code == 200
    assert {"code": "KDR", "name": branches.json()[0]["name"], "timezone": "Asia/Jakarta"} in branches.json()
    slots = online.client.get("/api/v1/online/slots", params={"branch_code": "KDR", "date": tomorrow().isoformat()})
    assert slots.status_code == 200
    assert slots.json()[0] == {"slot": "08:00", "free": 7}
    assert all(set(s) == {"slot", "free"} for s in slots.json())


def test_booking_sets_a_strict_session_cookie_and_shows_the_booking(online: Online) -> None:
    response = online.book(tomorrow())
    assert response.status_code == 201, response.text
    view = response.json()
    assert view["slot"] == "10:00" and view["status"] == "booked" and view["session_id"] is None
    assert view["nik_masked"].startswith(online.nik[:4]) and online.nik not in response.text
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("kiosk_online=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    assert "Max-Age" not in cookie and "expires" not in cookie.lower() and "Secure" not in cookie  # plain HTTP here
    token = cookie.split(";")[0].split("=", 1)[1]
    assert token not in response.text  # the token only in the cookie
    again = online.client.get("/api/v1/online/booking")
    assert again.status_code == 200 and again.json()["code"] == view["code"]
    assert online.client.get(
        "/api/v1/online/slots", params={"branch_code": "KDR", "date": tomorrow().isoformat()}
    ).json()[4] == {"slot": "10:00", "free": 6}


def test_the_cookie_is_secure_over_tls(online: Online) -> None:
    response = online.client.post(
        "https://testserver/api/v1/online/bookings",
        json={
            "branch_code": "KDR", "date": tomorrow().isoformat(), "slot": "10:00", "claim_type": "JHT",
            "nik": online.nik, "kpj": online.kpj, "phone": "081234567890",
        },
    )  # fmt: skip
    assert response.status_code == 201, response.text
    assert "Secure" in response.headers["set-cookie"]


def test_unknown_nik_and_mismatched_kpj_get_one_answer(online: Online) -> None:
    _, other_kpj = online.member(1)
    wrong_pair = online.book(tomorrow(), kpj=other_kpj)
    unknown = online.book(tomorrow(), nik="3571011705880099")
    assert wrong_pair.status_code == unknown.status_code == 422
    assert wrong_pair.json() == unknown.json()
    assert wrong_pair.json()["error"] == "identity_not_matched"
    bad = online.book(tomorrow(), nik="12345")
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_nik"


def test_second_booking_same_nik_and_day_is_refused(online: Online) -> None:
    assert online.book(tomorrow()).status_code == 201
    second = online.book(tomorrow(), slot="11:00")
    assert second.status_code == 409 and second.json()["error"] == "already_booked"
    assert online.book(tomorrow() + timedelta(days=1)).status_code == 201


def test_full_slot_offers_the_next_free_slots(online: Online) -> None:
    with online.db.session() as session:
        session.execute(update(Branch).where(Branch.code == "KDR").values(slot_capacity=1))
    assert online.book(tomorrow()).status_code == 201
    nik, kpj = online.member(1)
    full = online.book(tomorrow(), nik=nik, kpj=kpj)
    assert full.status_code == 409, full.text
    body = full.json()
    assert body["error"] == "slot_full"
    assert body["next_free"][0] == {"date": tomorrow().isoformat(), "slot": "10:30", "free": 1}
    assert len(body["next_free"]) == 3


def test_sign_in_wrong_code_and_wrong_nik_get_one_answer(online: Online) -> None:
    code = online.book(tomorrow()).json()["code"]
    online.client.cookies.clear()
    other_nik, _ = online.member(1)
    wrong_nik = online.client.post("/api/v1/online/sign-in", json={"code": code, "nik": other_nik})
    wrong_code = online.client.post("/api/v1/online/sign-in", json={"code": "KDR-ZZZZZZ", "nik": online.nik})
    garbage = online.client.post("/api/v1/online/sign-in", json={"code": "nonsense", "nik": online.nik})
    assert wrong_nik.status_code == wrong_code.status_code == garbage.status_code == 404
    assert wrong_nik.json() == wrong_code.json() == garbage.json()
    assert "set-cookie" not in wrong_nik.headers
    right = online.client.post("/api/v1/online/sign-in", json={"code": code.lower(), "nik": online.nik})
    assert right.status_code == 200 and "kiosk_online=" in right.headers["set-cookie"]


def test_expired_and_cancelled_codes_are_said_only_to_the_right_nik(online: Online) -> None:
    code = online.book(tomorrow()).json()["code"]
    online.clock.set_local(tomorrow(), "11:00")  # the 10:00 slot's join window has closed
    online.client.cookies.clear()
    expired = online.client.post("/api/v1/online/sign-in", json={"code": code, "nik": online.nik})
    assert expired.status_code == 410 and expired.json()["error"] == "booking_expired"
    other_nik, _ = online.member(1)
    assert online.client.post("/api/v1/online/sign-in", json={"code": code, "nik": other_nik}).status_code == 404


def test_sign_out_ends_the_session(online: Online) -> None:
    online.book(tomorrow())
    out = online.client.post("/api/v1/online/sign-out")
    assert out.status_code == 204
    assert 'kiosk_online=""' in out.headers["set-cookie"] or "Max-Age=0" in out.headers["set-cookie"]
    assert online.client.get("/api/v1/online/booking").status_code == 401


def test_cancel_frees_the_place_and_signs_out(online: Online) -> None:
    view = online.book(tomorrow()).json()
    cancelled = online.client.delete("/api/v1/online/booking")
    assert cancelled.status_code == 204
    online.client.cookies.clear()
    again = online.client.post("/api/v1/online/sign-in", json={"code": view["code"], "nik": online.nik})
    assert again.status_code == 410
    with online.db.session() as session:
        booking = session.execute(select(Booking).where(Booking.code == view["code"])).scalar_one()
        assert booking.status == "cancelled"
    assert online.book(tomorrow()).status_code == 201  # the day is free again for this NIK


def test_move_to_another_slot(online: Online) -> None:
    online.book(tomorrow())
    moved = online.client.patch("/api/v1/online/booking", json={"date": tomorrow().isoformat(), "slot": "13:00"})
    assert moved.status_code == 200 and moved.json()["slot"] == "13:00"
    bad = online.client.patch("/api/v1/online/booking", json={"date": tomorrow().isoformat(), "slot": "13:10"})
    assert bad.status_code == 422 and bad.json()["error"] == "unknown_slot"


def test_calendar_file_and_qr(online: Online) -> None:
    code = online.book(tomorrow()).json()["code"]
    ics = online.client.get("/api/v1/online/booking.ics")
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in ics.text and code in ics.text and "DTSTART:" in ics.text and online.nik not in ics.text
    qr = online.client.get("/api/v1/online/booking/qr.svg")
    assert qr.status_code == 200 and qr.headers["content-type"].startswith("image/svg+xml") and "<svg" in qr.text


def test_audit_events_name_the_booking_and_nothing_personal(online: Online) -> None:
    view = online.book(tomorrow()).json()
    online.client.patch("/api/v1/online/booking", json={"date": tomorrow().isoformat(), "slot": "13:00"})
    online.client.delete("/api/v1/online/booking")
    with online.db.session() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.subject_id == view["code"])).scalars().all()
        actions = [e.action for e in events]
        assert {"booking.created", "booking.moved", "booking.cancelled"} <= set(actions)
        for event in events:
            assert event.actor.startswith("online:")
            assert online.nik not in str(event.details) and online.kpj not in str(event.details)
