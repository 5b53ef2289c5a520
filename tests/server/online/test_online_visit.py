"""Preparing and joining an online visit against a real hub: consent opens the visit, intake through the ordinary
route with the cookie, resumable uploads checked by the hub (too dark, not an image, wrong offset, PDF), join
inside its window only; rate limits, foreign origins, and nothing personal in the hub's logs."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import select

from kiosk.server.events import SessionChanged
from kiosk.server.models import AuditEvent, Booking, Document, VisitSession
from tests.server.online.conftest import Online, card_photo, tomorrow

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


def _prepared(online: Online) -> dict[str, Any]:
    """Book for tomorrow 10:00, and consent (preparing opens the day before)."""
    assert online.book(tomorrow()).status_code == 201
    consent = online.client.post("/api/v1/online/consent", json={"accepted": True, "language": "id"})
    assert consent.status_code == 200, consent.text
    return dict(consent.json())


def _upload(online: Online, data: bytes, document_type: str = "ektp", chunk: int = 64 * 1024) -> Any:
    created = online.client.post("/api/v1/online/uploads", json={"document_type": document_type, "size": len(data)})
    assert created.status_code == 201, created.text
    upload_id = created.json()["id"]
    response = created
    for offset in range(0, len(data), chunk):
        response = online.client.patch(
            f"/api/v1/online/uploads/{upload_id}",
            content=data[offset : offset + chunk],
            headers={"Upload-Offset": str(offset), "Content-Type": "application/offset+octet-stream"},
        )
        if response.status_code != 200:
            return response
    return response


def test_consent_opens_an_online_visit_without_a_booth(online: Online) -> None:
    view = _prepared(online)
    assert view["steps"]["consent"] is True and view["session_state"] == "checked_in"
    with online.db.session() as session:
        visit = session.get(VisitSession, view["session_id"])
        assert visit is not None
        assert (visit.channel, visit.booth_id, visit.kind, visit.state) == ("online", None, "online", "checked_in")
        assert visit.consented_at is not None and str(visit.visit_date) == tomorrow().isoformat()
    again = online.client.post("/api/v1/online/consent", json={"accepted": True})
    assert again.json()["session_id"] == view["session_id"]


def test_consent_before_the_day_before_says_when_it_opens(online: Online) -> None:
    day = tomorrow() + timedelta(days=5)
    assert online.book(day).status_code == 201
    early = online.client.post("/api/v1/online/consent", json={"accepted": True, "language": "en"})
    assert early.status_code == 409 and early.json()["error"] == "prepare_not_open"
    assert "Preparation opens" in early.json()["message"] and "at 00:00" in early.json()["message"]


def test_intake_through_the_ordinary_route_with_the_cookie(online: Online) -> None:
    view = _prepared(online)
    intake = online.client.put(
        f"/api/v1/sessions/{view['session_id']}/intake",
        json={"claim_type": "JHT", "reason": "resignation", "bank_code": "002", "account_number": "0123456789"},
    )
    assert intake.status_code == 200, intake.text
    status = online.client.get("/api/v1/online/booking").json()
    assert status["steps"]["intake"] is True
    assert status["steps"]["documents_total"] == len(status["documents"]) > 0
    assert status["steps"]["documents_done"] == 0
    # The officer's console finds the member through the intake: the booking's identity is in it.
    stored = online.client.get(f"/api/v1/sessions/{view['session_id']}").json()["intake"]
    with online.db.session() as session:
        booking = session.execute(select(Booking).where(Booking.session_id == view["session_id"])).scalar_one()
        assert (stored["nik"], stored["kpj"], stored["claim_type"]) == (booking.nik, booking.kpj, "JHT")
    other = online.client.put(
        f"/api/v1/sessions/{view['session_id']}/intake",
        json={"nik": "3171011501900003", "claim_type": "JHT", "reason": "resignation"},
    )
    assert other.status_code == 422 and other.json()["error"] == "not_the_bookings"


def test_a_good_photo_becomes_a_document_in_chunks(online: Online) -> None:
    view = _prepared(online)
    done = _upload(online, card_photo(), chunk=20_000)
    assert done.status_code == 200, done.text
    body = done.json()
    assert (
        body["done"] is True
        and body["document"]["card_found"] is True
        and body["document"]["media_type"] == "image/jpeg"
    )
    with online.db.session() as session:
        docs = session.execute(select(Document).where(Document.session_id == view["session_id"])).scalars().all()
        assert [(d.document_type, d.uploaded_by) for d in docs] == [("ektp", f"online:{docs[0].uploaded_by[7:]}")]
        assert docs[0].sharpness is not None


def test_a_too_dark_photo_is_refused_with_the_reason(online: Online) -> None:
    _prepared(online)
    refused = _upload(online, card_photo(dark=True))
    assert refused.status_code == 422
    assert refused.json()["error"] == "poor_quality" and "too_dark" in refused.json()["problems"]
    assert "terlalu gelap" in refused.json()["message"]


def test_a_file_that_is_not_an_image_or_pdf_is_refused_at_once(online: Online) -> None:
    _prepared(online)
    refused = _upload(online, b"<html><script>alert(1)</script></html>" * 10)
    assert refused.status_code == 415 and refused.json()["error"] == "unsupported_media_type"


def test_a_pdf_is_accepted_without_image_checks(online: Online) -> None:
    _prepared(online)
    done = _upload(online, PDF, document_type="termination_letter")
    assert done.status_code == 200, done.text
    assert done.json()["document"]["media_type"] == "application/pdf" and done.json()["document"]["sharpness"] is None


def test_a_chunk_at_the_wrong_offset_gets_409_with_the_offset_and_the_upload_resumes(online: Online) -> None:
    _prepared(online)
    data = card_photo()
    upload_id = online.client.post("/api/v1/online/uploads", json={"document_type": "ektp", "size": len(data)}).json()[
        "id"
    ]
    first = online.client.patch(
        f"/api/v1/online/uploads/{upload_id}", content=data[:1000], headers={"Upload-Offset": "0"}
    )
    assert first.status_code == 200 and first.json()["offset"] == 1000 and first.headers["Upload-Offset"] == "1000"
    wrong = online.client.patch(
        f"/api/v1/online/uploads/{upload_id}", content=data[5000:6000], headers={"Upload-Offset": "5000"}
    )
    assert wrong.status_code == 409 and wrong.json() | {"message": ""} == {
        "error": "offset_mismatch",
        "offset": 1000,
        "message": "",
    }
    head = online.client.head(f"/api/v1/online/uploads/{upload_id}")
    assert head.headers["Upload-Offset"] == "1000" and head.headers["Upload-Length"] == str(len(data))
    assert online.client.get(f"/api/v1/online/uploads/{upload_id}").json()["offset"] == 1000
    rest = online.client.patch(
        f"/api/v1/online/uploads/{upload_id}", content=data[1000:], headers={"Upload-Offset": "1000"}
    )
    assert rest.status_code == 200 and rest.json()["done"] is True


def test_uploads_need_consent_and_respect_the_size_limit(online: Online) -> None:
    online.book(tomorrow())
    early = online.client.post("/api/v1/online/uploads", json={"document_type": "ektp", "size": 1000})
    assert early.status_code == 409 and early.json()["error"] == "consent_first"
    online.client.post("/api/v1/online/consent", json={"accepted": True})
    big = online.client.post("/api/v1/online/uploads", json={"document_type": "ektp", "size": 10**9})
    assert big.status_code == 413


def test_join_only_inside_its_window_then_queues_and_announces(online: Online) -> None:
    view = _prepared(online)
    heard: list[SessionChanged] = []
    online.client.app.state.hub.events.subscribe(SessionChanged, heard.append)  # type: ignore[attr-defined]
    online.clock.set_local(tomorrow(), "09:30")  # the web session has expired overnight: sign in again
    assert online.client.post("/api/v1/online/join").status_code == 401
    online.client.post("/api/v1/online/sign-in", json={"code": view["code"], "nik": online.nik})
    early = online.client.post("/api/v1/online/join")
    assert early.status_code == 409 and early.json()["error"] == "join_not_open"
    assert early.json()["message"] == "Anda dapat bergabung mulai hari ini pukul 09.45."
    online.clock.set_local(tomorrow(), "09:46")
    joined = online.client.post("/api/v1/online/join")
    assert joined.status_code == 200, joined.text
    assert joined.json() == {"session_id": view["session_id"], "state": "waiting_cso"}
    assert any(e.session_id == view["session_id"] for e in heard)
    with online.db.session() as session:
        states = (
            session.execute(
                select(AuditEvent.details).where(
                    AuditEvent.subject_id == view["session_id"], AuditEvent.action == "session.state"
                )
            )
            .scalars()
            .all()
        )
        assert any("waiting_cso" in s for s in states)
    online.clock.set_local(tomorrow(), "10:10")
    assert online.client.post("/api/v1/online/join").json()["state"] == "waiting_cso"  # a rejoin changes nothing
    online.clock.set_local(tomorrow(), "10:31")
    assert online.client.post("/api/v1/online/join").status_code == 410


def test_sign_in_is_limited_per_nik_from_any_address(online: Online) -> None:
    statuses = [
        online.client.post(
            "/api/v1/online/sign-in",
            json={"code": f"KDR-ZZZZZ{n}", "nik": online.nik},
            headers={"X-Forwarded-For": f"10.0.0.{n}"},
        ).status_code
        for n in range(7)
    ]
    assert statuses[:5] == [404] * 5 and statuses[5] == 429
    limited = online.client.post("/api/v1/online/sign-in", json={"code": "KDR-ZZZZZZ", "nik": online.nik})
    assert limited.status_code == 429 and int(limited.headers["Retry-After"]) > 0


def test_sign_in_is_limited_per_address_for_any_nik(online: Online) -> None:
    statuses = [
        online.client.post(
            "/api/v1/online/sign-in",
            json={"code": "KDR-ZZZZZZ", "nik": f"35710117058800{n:02d}"},
            headers={"X-Forwarded-For": "10.9.9.9"},
        ).status_code
        for n in range(12)
    ]
    assert statuses[:10] == [404] * 10 and statuses[10] == 429
    assert (
        online.client.post(
            "/api/v1/online/sign-in",
            json={"code": "KDR-ZZZZZZ", "nik": "3571011705880077"},
            headers={"X-Forwarded-For": "10.9.9.8"},
        ).status_code
        == 404
    )


def test_public_lookups_are_limited_per_address(online: Online) -> None:
    online.settings.online.requests_per_address_per_minute = 3
    codes = [online.client.get("/api/v1/online/branches").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_a_foreign_origin_cannot_use_the_cookie(online: Online) -> None:
    _prepared(online)
    refused = online.client.post("/api/v1/online/join", headers={"Origin": "https://evil.example"})
    assert refused.status_code == 403
    cancel = online.client.delete("/api/v1/online/booking", headers={"Origin": "https://evil.example"})
    assert cancel.status_code == 403
    assert online.client.get("/api/v1/online/booking").status_code == 200


def test_no_token_in_urls_and_nothing_personal_in_the_logs(online: Online, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    booked = online.book(tomorrow())
    token = booked.headers["set-cookie"].split(";")[0].split("=", 1)[1]
    online.client.post("/api/v1/online/consent", json={"accepted": True})
    _upload(online, card_photo())
    online.client.post("/api/v1/online/sign-in", json={"code": booked.json()["code"], "nik": online.nik})
    online.client.post("/api/v1/online/sign-in", json={"code": "KDR-ZZZZZZ", "nik": online.nik})
    text = "\n".join(r.getMessage() for r in caplog.records)
    for secret in (token, online.nik, online.kpj, "081234567890"):
        assert secret not in text
    for response in (booked,):
        assert token not in str(response.url) and "token" not in str(response.url)
