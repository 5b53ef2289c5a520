"""Session recordings (assigned officer only, type by content, own size limit, sha256 store with retention) and
verification questions in the audit log."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from typing import Any

from kiosk.server.models import AuditEvent, Recording, VisitSession
from tests.server.conftest import Kit

MKV = b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01" + b"matroska" + bytes(range(256)) * 8
MP4 = b"\x00\x00\x00\x20ftypisom" + bytes(256)
JPEG = b"\xff\xd8\xff\xe0" + bytes(64)


def _assigned_session(kit: Kit, state: str = "in_call", user_id: int = 3) -> str:
    sid = str(kit.walk_in(1)["id"])
    with kit.db.session() as session:
        visit = session.get(VisitSession, sid)
        assert visit is not None
        visit.assigned_user_id = user_id
        visit.state = state
    return sid


def _upload(kit: Kit, sid: str, who: str | int, content: bytes) -> Any:
    return kit.post(f"/sessions/{sid}/recording", who, files={"file": ("s.mkv", content, "application/octet-stream")})


def test_recording_is_stored_by_sha256_with_retention_and_audited(kit: Kit) -> None:
    sid = _assigned_session(kit, state="submitted")  # the console uploads when the session has ended
    response = _upload(kit, sid, "cso1", MKV)
    assert response.status_code == 201, response.text
    body = response.json()
    digest = hashlib.sha256(MKV).hexdigest()
    assert body["sha256"] == digest and body["size"] == len(MKV) and body["media_type"] == "video/x-matroska"
    assert body["uploaded_by"] == "user:3"
    stored = kit.settings.server_data_dir() / "recordings" / digest[:2] / digest[2:4] / digest
    assert stored.read_bytes() == MKV
    with kit.db.session() as session:
        recording = session.get(Recording, body["id"])
        assert recording is not None
        retention = timedelta(days=kit.settings.server.retention_days)
        assert recording.expires_at - recording.created_at == retention
        events = session.query(AuditEvent).filter_by(action="recording.uploaded").all()
        assert [(e.actor, e.subject_id) for e in events] == [("user:3", body["id"])]
        assert sid in events[0].details and digest in events[0].details
    # A retry whose answer was lost: the same record, nothing new.
    again = _upload(kit, sid, "cso1", MKV)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    mp4 = _upload(kit, sid, "cso1", MP4)
    assert mp4.status_code == 201 and mp4.json()["media_type"] == "video/mp4"


def test_recording_only_by_the_assigned_officer(kit: Kit) -> None:
    sid = _assigned_session(kit)
    assert _upload(kit, sid, "cso2", MKV).status_code == 404  # cannot even see it
    assert _upload(kit, sid, "supervisor", MKV).status_code == 403
    assert _upload(kit, sid, 1, MKV).status_code == 403
    assert _upload(kit, sid, "admin", MKV).status_code == 403


def test_recording_content_and_size_are_checked(kit: Kit) -> None:
    sid = _assigned_session(kit)
    refused = _upload(kit, sid, "cso1", JPEG)
    assert refused.status_code == 415 and refused.json()["error"] == "unsupported_media_type"
    kit.settings.server.max_recording_bytes = 2048
    too_big = _upload(kit, sid, "cso1", MKV + bytes(4096))
    assert too_big.status_code == 413 and too_big.json()["error"] == "too_large"
    with kit.db.session() as session:
        assert session.query(Recording).count() == 0


def test_recordings_have_their_own_request_limit(kit: Kit) -> None:
    """A recording bigger than any document passes the request limit; a document of that size does not."""
    sid = _assigned_session(kit)
    size = kit.settings.server.max_document_bytes + 10**6
    headers = {"Content-Length": str(size)}
    assert kit.post(f"/sessions/{sid}/documents", 1, content=b"x", headers=headers).status_code == 413
    big = kit.settings.server.max_recording_bytes + 10**7
    response = kit.post(f"/sessions/{sid}/recording", "cso1", content=b"x", headers={"Content-Length": str(big)})
    assert response.status_code == 413


def test_verification_question_is_audited_without_the_answer(kit: Kit) -> None:
    sid = _assigned_session(kit)
    response = kit.post(f"/sessions/{sid}/verification-events", "cso1", json={"kind": "year_joined", "matched": True})
    assert response.status_code == 201, response.text
    assert response.json()["asked_by"] == "user:3" and response.json()["kind"] == "year_joined"
    assert kit.post(f"/sessions/{sid}/verification-events", "cso1", json={"kind": "last_employer", "matched": False})
    events = kit.get(f"/audit/events?subject_id={sid}", "supervisor").json()
    asked = [e for e in events if e["action"] == "verification.asked"]
    assert [(e["actor"], e["subject_type"], e["details"]) for e in asked] == [
        ("user:3", "session", {"kind": "year_joined", "matched": True}),
        ("user:3", "session", {"kind": "last_employer", "matched": False}),
    ]
    assert all(e["at"] for e in asked)


def test_verification_events_only_from_the_sessions_officer_and_never_carry_an_answer(kit: Kit) -> None:
    sid = _assigned_session(kit)
    path = f"/sessions/{sid}/verification-events"
    assert kit.post(path, "cso2", json={"kind": "year_joined", "matched": True}).status_code == 404
    assert kit.post(path, 1, json={"kind": "year_joined", "matched": True}).status_code == 403
    assert kit.post(path, "supervisor", json={"kind": "year_joined", "matched": True}).status_code == 201
    extra = kit.post(path, "cso1", json={"kind": "year_joined", "matched": True, "answer": "2015"})
    assert extra.status_code == 422
    assert kit.post(path, "cso1", json={"kind": "Year Joined!", "matched": True}).status_code == 422
