"""The retention purge removes expired files, keeps shared ones, audits itself, and downloads then say 410."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from sqlalchemy import select

from kiosk.server.context import utc_now
from kiosk.server.models import AuditEvent, Document, User, VisitSession
from kiosk.server.retention import purge_expired
from kiosk.server.storage import DocumentStore, recording_store
from tests.server.conftest import Kit
from tests.support import samples

OLD = samples.jpeg(1)
SHARED = samples.jpeg(2)
FRESH = samples.pdf(note=b"fresh document")


def _upload(kit: Kit, sid: str, content: bytes) -> str:
    response = kit.post(f"/sessions/{sid}/documents", 1, files={"file": ("x", content)}, data={"document_type": "ektp"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_purge_removes_only_files_past_retention(kit: Kit) -> None:
    sid = kit.walk_in(1)["id"]
    old_id, shared_old_id = _upload(kit, sid, OLD), _upload(kit, sid, SHARED)
    _upload(kit, sid, SHARED)  # the same bytes again, still young: the file must stay
    _upload(kit, sid, FRESH)
    retention = kit.settings.server.retention_days
    with kit.db.session() as session:
        for doc_id in (old_id, shared_old_id):
            session.get(Document, doc_id).created_at = utc_now() - timedelta(days=retention + 1)
    data = kit.settings.server_data_dir()
    documents = DocumentStore(data / "documents")

    report = purge_expired(kit.db, documents, recording_store(data / "recordings"), retention, utc_now())

    assert report.documents == 1
    assert not documents.path_for(hashlib.sha256(OLD).hexdigest()).exists()
    assert documents.path_for(hashlib.sha256(SHARED).hexdigest()).exists()
    assert documents.path_for(hashlib.sha256(FRESH).hexdigest()).exists()
    with kit.db.session() as session:
        assert session.get(Document, old_id) is not None  # the metadata stays for the audit trail
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
        assert event.action == "retention.purged" and '"documents":1' in event.details
        cso = session.scalars(select(User).where(User.username == "cso1")).one()
        session.get(VisitSession, sid).assigned_user_id = cso.id
    download = kit.get(f"/documents/{old_id}/content", "cso1")
    assert download.status_code == 410
    assert download.json()["error"] == "purged"
    assert kit.get("/audit/verify", "admin").json()["ok"] is True


def test_nothing_to_purge_is_a_clean_no_op(kit: Kit) -> None:
    data = kit.settings.server_data_dir()
    report = purge_expired(
        kit.db, DocumentStore(data / "documents"), recording_store(data / "recordings"), 90, utc_now()
    )
    assert (report.documents, report.recordings) == (0, 0)
