"""The retention purge removes expired files, keeps shared ones, audits itself, and downloads then say 410."""

from __future__ import annotations

import hashlib
import json
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, String, Text, cast, func, select, update

from kiosk.domain.identifiers import Nik, Sex
from kiosk.server.context import utc_now
from kiosk.server.models import (
    AuditEvent,
    Base,
    Booking,
    Claim,
    CollectiveDocument,
    CollectiveRow,
    Document,
    User,
    VisitSession,
)
from kiosk.server.retention import PersonalDataPolicy, purge_expired
from kiosk.server.storage import DocumentStore, recording_store
from tests.server.api.test_claims import JHT_DOCS, _case
from tests.server.collective.helpers import (
    WORKER_DOCUMENTS,
    add_workers,
    codes_sent,
    employer_with_representative,
    sign_in,
)
from tests.server.collective.helpers import today as collective_today
from tests.server.conftest import Kit
from tests.support import samples
from tests.support.rosters import demo_roster, roster_csv

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


# -- personal data in the database ------------------------------------------------------------------------------

#: The membership registry (a copy of BPJS's reference data, not collected by a session) is not purged.
REGISTRY_TABLES = {"participants", "heirs"}
SENTENCE = "KTP milik Ibu Sri Wahyuningsih buram, tolong ulang"


def _values_in_database(kit: Kit, values: list[str]) -> dict[str, list[str]]:
    """Every value found in any text-like column of any table outside the registry: {value: [table.column]}."""
    found: dict[str, list[str]] = {}
    with kit.db.session() as session:
        for table in Base.metadata.sorted_tables:
            if table.name in REGISTRY_TABLES:
                continue
            for column in table.columns:
                if not isinstance(column.type, String | Text | JSON):
                    continue
                for value in values:
                    hits = session.scalar(
                        select(func.count()).select_from(table).where(cast(column, Text).contains(value))
                    )
                    if hits:
                        found.setdefault(value, []).append(f"{table.name}.{column.name}")
    return found


def _approved_session_with_documents(kit: Kit, booth: int) -> str:
    sid = kit.walk_in(booth)["id"]
    with kit.db.session() as session:
        visit = session.get(VisitSession, sid)
        visit.assigned_user_id = session.scalars(select(User.id).where(User.username == "cso1")).one()
        visit.state = "approved"
        for i, doc in enumerate(JHT_DOCS):
            session.add(
                Document(
                    id=f"d-p{booth}{i}",
                    session_id=sid,
                    document_type=doc,
                    media_type="image/jpeg",
                    size=1,
                    sha256="0" * 64,
                    uploaded_by=f"booth:{booth}",
                    created_at=visit.created_at,
                )
            )
    return sid


def test_purge_past_retention_leaves_no_personal_data_of_the_session_in_the_database(kit: Kit) -> None:
    intake_nik = Nik("35", "71", "01", date(1991, 3, 4), Sex.FEMALE, 4321).digits
    booking_nik = Nik("35", "71", "01", date(1992, 5, 6), Sex.MALE, 8765).digits
    participant = _case("jht_layoff_eligible")
    holder, account = "Sutrisno Wibisono Hadi", "7712345678123"
    # A booking (NIK, KPJ, phone), a walk-in's intake (NIK, KPJ, phone, account, NPWP), a claim (registry NIK and
    # KPJ, bank account and holder), and an officer's free-text rejection note.
    tomorrow = (utc_now() + timedelta(days=1)).astimezone(ZoneInfo("Asia/Jakarta")).date()
    booking = kit.post(
        "/bookings",
        "cso1",
        json={
            "branch_code": "KDR",
            "date": tomorrow.isoformat(),
            "slot": "09:00",
            "nik": booking_nik,
            "kpj": "99999999977",
            "claim_type": "JHT",
            "phone": "0813 7777 1234",
        },
    )
    assert booking.status_code == 201, booking.text
    walk_in = kit.walk_in(2)["id"]
    intake = {
        "nik": intake_nik,
        "kpj": "12345678977",
        "claim_type": "JHT",
        "reason": "layoff",
        "phone": "0812-9999-4321",
        "bank_code": "002",
        "account_number": "5512340099",
    }
    assert kit.put(f"/sessions/{walk_in}/intake", 2, json=intake).status_code == 200
    with kit.db.session() as session:
        visit = session.get(VisitSession, walk_in)
        visit.state, visit.assigned_user_id = "verifying", 3
    rejected = kit.post(
        f"/sessions/{walk_in}/state", "cso1", json={"state": "rejected", "reason": f"documents_unreadable: {SENTENCE}"}
    )
    assert rejected.status_code == 200, rejected.text
    sid = _approved_session_with_documents(kit, 3)
    claim = _claim_body(participant, sid, holder, account)
    submitted = kit.post("/claims", "cso1", json=claim, headers={"Idempotency-Key": "retention-1"})
    assert submitted.status_code == 201, submitted.text
    personal = [
        intake_nik,
        "12345678977",
        "81299994321",
        "5512340099",
        booking_nik,
        "99999999977",
        "81377771234",
        participant.nik,
        participant.kpj,
        holder,
        account,
        "Wahyuningsih",
    ]
    assert set(_values_in_database(kit, personal)) == set(personal)  # all there before the purge

    long_ago = utc_now() - timedelta(days=400)
    with kit.db.session() as session:
        session.execute(update(VisitSession).values(created_at=long_ago))
        session.execute(update(Claim).values(created_at=long_ago))
        session.execute(update(Booking).values(visit_date=long_ago.date()))
    data = kit.settings.server_data_dir()
    report = purge_expired(
        kit.db,
        DocumentStore(data / "documents"),
        recording_store(data / "recordings"),
        kit.settings.server.retention_days,
        utc_now(),
        personal=PersonalDataPolicy.from_settings(kit.settings),
    )

    assert report.sessions >= 2 and report.bookings >= 1 and report.claims >= 1
    assert _values_in_database(kit, personal) == {}
    verification = kit.get("/audit/verify", "admin").json()
    assert verification["ok"] is True, verification
    # What statistics need stays: the claim's type and reason, the session's end code, the booking's slot.
    assert kit.get(f"/claims/{submitted.json()['reference']}", "cso1").json()["reason"] == "layoff"
    ended = kit.get(f"/sessions/{walk_in}", "supervisor").json()
    assert ended["end_reason"] == "documents_unreadable"
    kept = {k: v for k, v in ended["intake"].items() if v is not None}
    assert kept == {"claim_type": "JHT", "reason": "layoff", "bank_code": "002"}
    stored = kit.get(f"/bookings/{booking.json()['code']}", "cso1")
    assert stored.status_code == 200 and stored.json()["slot"] == "09:00"
    # The same NIK always gives the same pseudonym (repeat visitors can be counted), never the NIK itself.
    with kit.db.session() as session:
        pseudonym = session.scalars(select(Booking.nik).where(Booking.code == booking.json()["code"])).one()
    assert pseudonym.startswith("~") and len(pseudonym) == 16


def _claim_body(p: Any, sid: str, holder: str, account: str) -> dict[str, object]:
    return {
        "session_id": sid,
        "claim_type": "JHT",
        "reason": "layoff",
        "nik": p.nik,
        "kpj": p.kpj,
        "termination_date": p.last_work_day.isoformat(),
        "bank": {"bank_code": "002", "account_number": account, "account_holder": holder},
        "documents": JHT_DOCS,
    }


def test_a_rejection_is_audited_with_its_reason_code_not_the_officers_sentence(kit: Kit) -> None:
    for booth, reason, code in (
        (1, f"documents_unreadable: {SENTENCE}", "documents_unreadable"),
        (2, SENTENCE, "other"),
    ):
        sid = kit.walk_in(booth)["id"]
        with kit.db.session() as session:
            visit = session.get(VisitSession, sid)
            visit.state, visit.assigned_user_id = "verifying", 3
        assert (
            kit.post(f"/sessions/{sid}/state", "cso1", json={"state": "rejected", "reason": reason}).status_code == 200
        )
        events = kit.get(f"/audit/events?limit=1000&subject_id={sid}", "admin").json()
        rejection = next(e for e in events if e["details"].get("to") == "rejected")
        assert rejection["details"]["reason"] == code
        assert not any("Wahyuningsih" in json.dumps(e["details"]) for e in events)


# -- the collective channel -------------------------------------------------------------------------------------

COLLECTIVE = "/api/v1/collective"


def _collective_batch(kit: Kit, rows: list[list[str]], shade: int) -> tuple[str, dict[str, int], set[str]]:
    """A batch of `rows` with its two letters and one document per row (each file its own bytes, from `shade`
    on); its id, the row id of each NIK, and the sha256 of its letters."""
    batch_id = kit.client.post(f"{COLLECTIVE}/batches").json()["id"]
    letters = set()
    for offset, kind in enumerate(("power_of_attorney", "layoff_letter")):
        content = samples.jpeg(shade + offset)
        assert kit.client.put(f"{COLLECTIVE}/batches/{batch_id}/letters/{kind}", content=content).status_code == 200
        letters.add(hashlib.sha256(content).hexdigest())
    assert kit.client.put(f"{COLLECTIVE}/batches/{batch_id}/roster", content=roster_csv(rows)).status_code == 200
    page = kit.client.get(f"{COLLECTIVE}/batches/{batch_id}/rows").json()["rows"]
    return batch_id, {r["cells"]["nik"]: r["id"] for r in page}, letters


def _row_document(kit: Kit, row_id: int, kind: str, content: bytes) -> str:
    answer = kit.client.put(f"{COLLECTIVE}/rows/{row_id}/documents/{kind}", content=content)
    assert answer.status_code == 200, answer.text
    return hashlib.sha256(content).hexdigest()


def test_purge_erases_final_collective_rows_and_the_files_nobody_needs_then(kit: Kit) -> None:
    rows, registry = demo_roster(907, collective_today())
    rows = rows[900:]
    rows[3][2] = "=1+1"  # a formula for a name: the row is refused
    add_workers(kit, {r[0]: registry[r[0]] for r in rows})
    employer_with_representative(kit)
    sign_in(kit)
    batch_a, ids, letters_a = _collective_batch(kit, rows[:4], shade=10)
    _, ids_b, letters_b = _collective_batch(kit, rows[4:6], shade=20)
    ids.update(ids_b)
    submitted_nik, rejected_nik, waiting_nik, refused_nik = (r[0] for r in rows[:4])
    # The submitted worker's documents (a claim needs them), one each for the others. The waiting worker's
    # ektp has the same bytes as the rejected worker's: that file must stay.
    gone = {_row_document(kit, ids[submitted_nik], kind, samples.jpeg(30 + n))
            for n, kind in enumerate(WORKER_DOCUMENTS)}
    gone |= {_row_document(kit, ids[nik], "kpj_card", samples.jpeg(40 + n))
             for n, nik in enumerate([rejected_nik, refused_nik, rows[4][0], rows[5][0]])}
    shared = _row_document(kit, ids[rejected_nik], "ektp", samples.jpeg(50))
    assert _row_document(kit, ids[waiting_nik], "ektp", samples.jpeg(50)) == shared
    waiting_file = _row_document(kit, ids[waiting_nik], "kpj_card", samples.jpeg(51))
    assert kit.client.post(f"{COLLECTIVE}/batches/{batch_a}/invitations").json()["sent"] == 3
    codes = codes_sent(kit.settings.server_data_dir())
    kit.client.cookies.clear()
    for nik in (submitted_nik, rejected_nik):
        phone = "+62" + next(r[8] for r in rows if r[0] == nik)[1:]
        confirmed = kit.client.post(f"{COLLECTIVE}/confirmation", json={"code": codes[phone], "nik": nik,
                                                                        "answer": "confirm"})
        assert confirmed.status_code == 200, confirmed.text
    assert kit.post(f"/collective/rows/{ids[submitted_nik]}/decision", "cso1",
                    json={"decision": "approve"}).status_code == 200
    claim = kit.post(f"/collective/rows/{ids[submitted_nik]}/claim", "cso1")
    assert claim.status_code == 200, claim.text
    reference = claim.json()["claim_reference"]
    for nik in (rejected_nik, rows[4][0], rows[5][0]):
        rejected = kit.post(f"/collective/rows/{ids[nik]}/decision", "cso1",
                            json={"decision": "reject", "reason": f"Rekening bukan atas nama {registry[nik].name}"})
        assert rejected.status_code == 200, rejected.text
    # An old session document with the waiting worker's bytes: past its own period, but the row still needs it.
    visit = kit.walk_in(1)["id"]
    old_document = _upload(kit, visit, samples.jpeg(51))
    erased_workers = [r for r in rows if r[0] != waiting_nik]
    personal = [value for r in erased_workers for value in (r[0], r[1], r[2], r[7], r[8][1:])]
    personal += [f"Rekening bukan atas nama {registry[rows[4][0]].name}"]
    assert set(_values_in_database(kit, personal)) >= {submitted_nik, rejected_nik, refused_nik, rows[4][7]}

    long_ago = utc_now() - timedelta(days=kit.settings.server.collective_retention_days + 1)
    with kit.db.session() as session:
        session.execute(update(CollectiveRow).values(updated_at=long_ago))
        session.execute(update(CollectiveDocument).values(created_at=long_ago))
        session.execute(update(Claim).values(created_at=long_ago - timedelta(days=400)))  # its request goes too
        session.get(Document, old_document).created_at = long_ago
    data = kit.settings.server_data_dir()
    store = DocumentStore(data / "documents")
    report = purge_expired(
        kit.db,
        store,
        recording_store(data / "recordings"),
        kit.settings.server.retention_days,
        utc_now(),
        personal=PersonalDataPolicy.from_settings(kit.settings),
    )

    assert report.collective_rows == 5  # submitted, rejected (3) and refused; the waiting worker's row stays
    assert report.collective_files == len(gone | letters_b)
    assert not any(store.path_for(sha).exists() for sha in gone | letters_b)
    # The waiting worker's files (one shared with an erased row, one with an expired session document) and the
    # letters of the batch that still has them stay.
    assert all(store.path_for(sha).exists() for sha in {shared, waiting_file, *letters_a})
    assert _values_in_database(kit, personal) == {}
    with kit.db.session() as session:
        event = session.scalars(select(AuditEvent).order_by(AuditEvent.seq.desc()).limit(1)).one()
    counts = json.loads(event.details)
    assert (counts["collective_rows"], counts["collective_files"]) == (5, report.collective_files)
    assert kit.get("/audit/verify", "admin").json()["ok"] is True

    # The employer still sees every row, an erased one without its worker, and downloads the result.
    sign_in(kit)
    page = {r["id"]: r for r in kit.client.get(f"{COLLECTIVE}/batches/{batch_a}/rows").json()["rows"]}
    filed = page[ids[submitted_nik]]
    assert (filed["status"], filed["claim_reference"], filed["name"]) == ("submitted", reference, None)
    assert filed["cells"] == {"claim_type": "JHT", "reason": "layoff", "bank_code": "002"}
    assert page[ids[waiting_nik]]["name"] == rows[2][2]
    assert page[ids[refused_nik]]["status"] == "refused" and page[ids[refused_nik]]["issues"]
    result = kit.client.get(f"{COLLECTIVE}/batches/{batch_a}/result.csv").content.decode("utf-8-sig")
    assert reference in result and waiting_nik in result and submitted_nik not in result
    assert kit.client.get(f"{COLLECTIVE}/batches/{batch_a}/result.pdf").content.startswith(b"%PDF")
    kit.client.cookies.clear()
    replay = kit.post(f"/collective/rows/{ids[submitted_nik]}/claim", "cso1")
    assert replay.status_code == 200 and replay.json()["claim_reference"] == reference
    again = kit.post(f"/collective/rows/{ids[rejected_nik]}/decision", "cso1", json={"decision": "approve"})
    assert again.status_code == 409 and again.json()["error"] == "erased"
    # Erased once: the next purge finds nothing more to do.
    second = purge_expired(kit.db, store, recording_store(data / "recordings"), kit.settings.server.retention_days,
                           utc_now(), personal=PersonalDataPolicy.from_settings(kit.settings))
    assert (second.collective_rows, second.collective_files) == (0, 0)
