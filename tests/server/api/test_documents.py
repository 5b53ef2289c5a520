"""Document upload (type by content, size limit, sha256 store) and who may open documents."""

from __future__ import annotations

import hashlib

from kiosk.server.models import AuditEvent, VisitSession
from tests.server.conftest import Kit
from tests.support import samples

JPEG = samples.jpeg()
PNG = samples.png()
PDF = samples.pdf()


def _upload(kit: Kit, sid: str, who: str | int, content: bytes, name: str = "x.bin", **form: str) -> object:
    return kit.post(
        f"/sessions/{sid}/documents",
        who,
        files={"file": (name, content, "application/octet-stream")},
        data={"document_type": "ektp", **form},
    )


def _assign(kit: Kit, sid: str, user_id: int = 3) -> None:
    with kit.db.session() as session:
        session.get(VisitSession, sid).assigned_user_id = user_id


def test_upload_detects_type_by_content_and_stores_by_sha256(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    for content, media_type in ((JPEG, "image/jpeg"), (PNG, "image/png"), (PDF, "application/pdf")):
        response = _upload(kit, sid, 1, content, name="photo.txt", sharpness="150.5", glare_ratio="0.01")
        assert response.status_code == 201, response.text  # type: ignore[attr-defined]
        body = response.json()  # type: ignore[attr-defined]
        digest = hashlib.sha256(content).hexdigest()
        assert body["media_type"] == media_type and body["sha256"] == digest and body["size"] == len(content)
        assert body["sharpness"] == 150.5 and body["glare_ratio"] == 0.01 and body["uploaded_by"] == "booth:1"
        stored = kit.settings.server_data_dir() / "documents" / digest[:2] / digest[2:4] / digest
        assert stored.read_bytes() == content
    listed = kit.get(f"/sessions/{sid}/documents", 1).json()
    assert [d["media_type"] for d in listed] == ["image/jpeg", "image/png", "application/pdf"]


def test_other_content_is_415_and_unknown_document_type_422(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    fake = _upload(kit, sid, 1, b"GIF89a" + b"\x00" * 100, name="photo.jpg")
    assert fake.status_code == 415 and fake.json()["error"] == "unsupported_media_type"  # type: ignore[attr-defined]
    tiny = _upload(kit, sid, 1, b"\xff\xd8")
    assert tiny.status_code == 415  # type: ignore[attr-defined]
    unknown = kit.post(
        f"/sessions/{sid}/documents", 1, files={"file": ("a.jpg", JPEG)}, data={"document_type": "selfie_with_cat"}
    )
    assert unknown.status_code == 422 and unknown.json()["error"] == "unknown_document_type"
    assert kit.post(f"/sessions/{sid}/documents", 1, data={"document_type": "ektp"}).status_code == 422


def test_size_limit_is_413(kit: Kit) -> None:
    kit.settings.server.max_document_bytes = 2048  # the store reads the limit per upload
    sid = kit.walk_in(1)["id"]
    assert _upload(kit, sid, 1, JPEG).status_code == 201  # type: ignore[attr-defined]
    too_big = _upload(kit, sid, 1, JPEG + b"\x00" * 2048)
    assert too_big.status_code == 413 and too_big.json()["error"] == "too_large"  # type: ignore[attr-defined]


def test_oversized_request_is_refused_before_reading(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    limit = kit.settings.server.max_document_bytes
    response = kit.post(f"/sessions/{sid}/documents", 1, content=b"x", headers={"Content-Length": str(limit + 10**6)})
    assert response.status_code == 413


def test_only_the_sessions_booth_or_officer_uploads(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    assert _upload(kit, sid, 2, JPEG).status_code == 404  # type: ignore[attr-defined]
    assert _upload(kit, sid, "supervisor", JPEG).status_code == 403  # type: ignore[attr-defined]
    _assign(kit, sid)
    assert _upload(kit, sid, "cso1", JPEG).status_code == 201  # type: ignore[attr-defined]


def test_download_only_for_assigned_cso_and_supervisors_and_audited(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    doc = _upload(kit, sid, 1, PNG).json()  # type: ignore[attr-defined]
    url = f"/documents/{doc['id']}/content"
    assert kit.get(url, 1).status_code == 403
    assert kit.get(url, "cso1").status_code == 404  # not assigned: cannot even see the session
    assert kit.get(url, "admin").status_code == 403
    _assign(kit, sid)
    got = kit.get(url, "cso1")
    assert got.status_code == 200 and got.content == PNG and got.headers["content-type"] == "image/png"
    assert kit.get(url, "cso2").status_code == 404
    assert kit.get(url, "supervisor").content == PNG
    with kit.db.session() as session:
        viewed = session.query(AuditEvent).filter_by(action="document.viewed", subject_id=doc["id"]).all()
        assert [e.actor for e in viewed] == ["user:3", "user:2"]
        assert all("PNG" not in e.details for e in viewed)
    assert kit.get("/documents/d-missing/content", "supervisor").status_code == 404


def test_no_uploads_after_the_session_ended(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    kit.set_state(sid, "abandoned", 1)
    assert _upload(kit, sid, 1, JPEG).status_code == 404  # type: ignore[attr-defined]
