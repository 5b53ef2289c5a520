"""The whole collective flow on a real hub app (SQLite and PostgreSQL): the admin registers an employer, its
representative uploads letters, roster and documents, fixes a row, invites the workers; workers confirm (or ask
for video); officers decide and submit; the employer downloads the result."""

from __future__ import annotations

import io
import json

import pytest
from sqlalchemy import func, select

from kiosk.server.models import AuditEvent, Claim, CollectiveDocument
from tests.server.collective.helpers import (
    add_workers,
    codes_sent,
    documents_zip,
    employer_with_representative,
    jpeg,
    png,
    sign_in,
    today,
)
from tests.server.conftest import Kit
from tests.support.rosters import demo_roster, roster_csv

API = "/api/v1/collective"


def test_employer_to_claim_references(kit: Kit) -> None:
    rows, registry = demo_roster(520, today())
    rows = rows[500:505]  # five workers; the fifth (i=504) is fine, none waits
    registry = {r[0]: registry[r[0]] for r in rows}
    add_workers(kit, registry)
    employer_with_representative(kit)
    client = kit.client
    assert client.get(f"{API}/me").status_code == 401
    sign_in(kit)
    assert client.get(f"{API}/me").json()["employer"]["npp"] == "NPP12345678"

    batch = client.post(f"{API}/batches").json()
    batch_id = batch["id"]
    for kind in ("power_of_attorney", "layoff_letter"):
        answer = client.put(f"{API}/batches/{batch_id}/letters/{kind}", content=jpeg())
        assert answer.status_code == 200, answer.text
    assert client.put(f"{API}/batches/{batch_id}/letters/layoff_letter", content=b"not a file").status_code == 415

    # First upload: row 3 has a landline as phone, row 4 a formula for a name, row 5 repeats row 2's NIK.
    first = [list(r) for r in rows[:4]]
    first[1][8] = "021 555 1234"
    first[3][2] = '=HYPERLINK("http://evil.example";"klik")'
    first.append(list(rows[0]))
    uploaded = client.put(f"{API}/batches/{batch_id}/roster", content=roster_csv(first))
    assert uploaded.status_code == 200, uploaded.text
    result = uploaded.json()
    assert (result["file_rows"], result["accepted"], result["refused"]) == (5, 2, 3)
    page = client.get(f"{API}/batches/{batch_id}/rows").json()
    by_line = {r["line"]: r for r in page["rows"]}
    assert by_line[3]["status"] == "refused"
    assert "nomor HP" in by_line[3]["issues"][0]["message_id"]
    assert by_line[5]["issues"][0]["code"] == "formula"
    assert "line 2" in by_line[6]["issues"][-1]["message_en"]
    kept_id = by_line[2]["id"]

    # The fix: the phone corrected, the formula row retyped; row 2 unchanged keeps its identity.
    fixed = [list(r) for r in rows[:4]]
    again = client.put(f"{API}/batches/{batch_id}/roster", content=roster_csv(fixed, delimiter=";")).json()
    assert (again["accepted"], again["refused"]) == (4, 0)
    assert (again["unchanged"], again["replaced"], again["added"]) == (2, 2, 0)
    page = client.get(f"{API}/batches/{batch_id}/rows").json()
    assert page["total"] == 4  # the duplicate (an unidentified line) was superseded, nobody lost
    assert {r["line"]: r["id"] for r in page["rows"]}[2] == kept_id

    niks = [r[0] for r in rows[:4]]
    zipped = documents_zip(niks[:3], {"../../etc/evil_ektp.jpg": jpeg(), "foto.jpg": jpeg(),
                                      f"{niks[0]}_resume_lama.jpg": jpeg()})
    docs = client.put(f"{API}/batches/{batch_id}/documents", content=zipped).json()
    assert docs["stored"] == 15
    assert {r["reason"] for r in docs["refused"]} == {"unsafe_name", "name_not_nik_document", "unknown_document_type"}
    # The same zip again (and a worker's card twice in it) replaces each worker's documents: none is doubled.
    twice = documents_zip(niks[:3], {f"{niks[0]}_ektp.png": png()})
    assert client.put(f"{API}/batches/{batch_id}/documents", content=twice).json()["stored"] == 16
    with kit.db.session() as session:
        kept = session.execute(select(CollectiveDocument.row_id, CollectiveDocument.kind, CollectiveDocument.media_type)
                               .where(CollectiveDocument.batch_id == batch_id,
                                      CollectiveDocument.row_id.is_not(None))).all()
    assert len(kept) == 15 and len({(r, k) for r, k, _ in kept}) == 15
    assert "image/png" in {m for _, k, m in kept if k == "ektp"}  # the later file of the two won
    row4 = next(r for r in page["rows"] if r["cells"]["nik"] == niks[3])
    for code in ("kpj_card", "ektp", "family_card", "savings_book", "selfie_ektp"):
        one = client.put(f"{API}/rows/{row4['id']}/documents/{code}", content=jpeg())
        assert one.status_code == 200, one.text
    assert len(one.json()["documents"]) == 5

    invited = client.post(f"{API}/batches/{batch_id}/invitations").json()
    assert invited["sent"] == 4
    assert client.post(f"{API}/batches/{batch_id}/invitations").json()["sent"] == 0  # not twice
    codes = codes_sent(kit.settings.server_data_dir())
    phones = ["+62" + r[8][1:] for r in rows[:4]]
    assert set(codes) == set(phones)

    worker = client  # the worker's browser has no account: the same client, without the employer's cookie
    worker.cookies.clear()
    wrong = worker.post(f"{API}/confirmation/lookup", json={"code": codes[phones[0]], "nik": niks[1]})
    assert wrong.status_code == 404
    unknown = worker.post(f"{API}/confirmation/lookup", json={"code": "ABCD2345", "nik": niks[0]})
    assert unknown.status_code == 404 and unknown.json()["message"] == wrong.json()["message"]
    view = worker.post(f"{API}/confirmation/lookup", json={"code": codes[phones[0]].lower(), "nik": niks[0]})
    assert view.status_code == 200, view.text
    assert view.json()["account_masked"].endswith(rows[0][7][-4:]) and rows[0][7] not in view.text
    for index in (0, 3):
        done = worker.post(f"{API}/confirmation", json={"code": codes[phones[index]], "nik": niks[index],
                                                        "answer": "confirm"})
        assert done.json()["confirmation"] == "confirmed"
    video = worker.post(f"{API}/confirmation", json={"code": codes[phones[1]], "nik": niks[1], "answer": "video"})
    assert video.json()["confirmation"] == "video_requested"

    rows_now = {r["cells"]["nik"]: r for r in kit.get(f"/collective/batches/{batch_id}/rows", "cso1").json()["rows"]}
    # The officer opens a worker's e-KTP and the company's layoff letter: the files as filed, audited as seen.
    card = kit.get(f"/collective/rows/{rows_now[niks[0]]['id']}/documents/ektp", "cso1")
    assert card.status_code == 200 and card.headers["content-type"] == "image/png" and card.content == png()
    assert card.headers["cache-control"] == "no-store" and "sandbox" in card.headers["content-security-policy"]
    letter = kit.get(f"/collective/batches/{batch_id}/letters/layoff_letter", "cso1")
    assert letter.status_code == 200 and letter.content == jpeg()
    assert kit.get(f"/collective/rows/{rows_now[niks[0]]['id']}/documents/kk_lama", "cso1").status_code == 404
    unconfirmed = rows_now[niks[2]]["id"]
    assert kit.post(f"/collective/rows/{unconfirmed}/claim", "cso1").json()["error"] == "not_confirmed"
    assert kit.post(f"/collective/rows/{unconfirmed}/decision", "cso1",
                    json={"decision": "approve"}).json()["error"] == "not_confirmed"
    assert kit.post(f"/collective/rows/{rows_now[niks[1]]['id']}/decision", "cso1",
                    json={"decision": "reject"}).json()["error"] == "reason_required"
    assert kit.post(f"/collective/batches/{batch_id}/approve-clean", "cso1").json() == {"approved": 2}
    assert kit.post(f"/collective/rows/{rows_now[niks[1]]['id']}/decision", "cso1",
                    json={"decision": "reject", "reason": "Pekerja tidak dapat dihubungi"}).status_code == 200

    references = []
    for nik in (niks[0], niks[3]):
        row_id = rows_now[nik]["id"]
        submitted = kit.post(f"/collective/rows/{row_id}/claim", "cso1")
        assert submitted.status_code == 200, submitted.text
        references.append(submitted.json()["claim_reference"])
        replay = kit.post(f"/collective/rows/{row_id}/claim", "supervisor")
        assert replay.json()["claim_reference"] == references[-1]
    assert all(ref.startswith("JHT-KDR-") for ref in references)
    with kit.db.session() as session:
        assert session.execute(select(func.count()).select_from(Claim).where(
            Claim.reference.in_(references))).scalar_one() == 2

    sign_in(kit)
    batch_now = client.get(f"{API}/batches/{batch_id}").json()["counts"]
    assert (batch_now["submitted"], batch_now["rejected"], batch_now["waiting_confirmation"]) == (2, 1, 1)
    csv_text = client.get(f"{API}/batches/{batch_id}/result.csv").content.decode("utf-8-sig")
    assert all(ref in csv_text for ref in references) and "Klaim diajukan" in csv_text
    english = client.get(f"{API}/batches/{batch_id}/result.csv?lang=en").content.decode("utf-8-sig")
    assert "Claim filed" in english and "Pekerja tidak dapat dihubungi" in english
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get(f"{API}/batches/{batch_id}/result.xlsx").content))
    assert sum(1 for _ in book.active.iter_rows()) == 5
    pdf = client.get(f"{API}/batches/{batch_id}/result.pdf")
    assert pdf.content.startswith(b"%PDF") and pdf.headers["content-type"] == "application/pdf"

    with kit.db.session() as session:
        events = session.execute(select(AuditEvent).where(AuditEvent.action.like("collective.%"))).scalars().all()
    actions = {e.action for e in events}
    assert {"collective.roster_uploaded", "collective.letter_uploaded", "collective.workers_invited",
            "collective.confirmed", "collective.video_asked", "collective.confirmation_failed",
            "collective.row_approved", "collective.row_rejected", "collective.row_submitted",
            "collective.documents_uploaded", "collective.result_downloaded", "collective.document_viewed"} <= actions
    details = " ".join(e.details for e in events)
    assert not any(nik in details for nik in niks)
    assert not any(phone in details for phone in phones)
    assert all(json.loads(e.details) is not None for e in events)


def test_only_the_employers_own_representatives_see_a_batch(kit: Kit) -> None:
    employer_with_representative(kit)
    employer_with_representative(kit, npp="NPP99999999", username="hrd.lain")
    sign_in(kit)
    batch_id = kit.client.post(f"{API}/batches").json()["id"]
    sign_in(kit, "hrd.lain")
    assert kit.client.get(f"{API}/batches/{batch_id}").status_code == 404
    assert kit.client.put(f"{API}/batches/{batch_id}/roster", content=b"nik\n").status_code == 404
    kit.client.cookies.clear()
    assert kit.get(f"/collective/batches/{batch_id}", "cso1").status_code == 200
    assert kit.client.put(f"{API}/batches/{batch_id}/roster", content=b"x",
                          headers=kit.auth("cso1")).status_code == 403
    assert kit.client.put(f"{API}/batches/{batch_id}/roster", content=b"x").status_code == 401
    assert kit.post("/collective/employers", "supervisor",
                    json={"npp": "NPP00000001", "name": "X", "branch_code": "KDR"}).status_code == 403


def test_malformed_rosters_get_clear_errors(kit: Kit) -> None:
    employer_with_representative(kit)
    sign_in(kit)
    batch_id = kit.client.post(f"{API}/batches").json()["id"]
    put = lambda data: kit.client.put(f"{API}/batches/{batch_id}/roster", content=data)  # noqa: E731
    wrong = put(b"nik,kpj,nama lengkap\n1,2,3\n")
    assert wrong.status_code == 422 and wrong.json()["error"] == "wrong_columns"
    assert "phone" in wrong.json()["message"] and "kolom yang kurang" in wrong.json()["message_id"]
    assert put("nik,kpj\n".encode("utf-16")).json()["error"] == "wrong_encoding"
    assert put(b"%PDF-1.4 ...").json()["error"] == "unsupported_file"
    kit.settings.collective.max_roster_bytes = 2048
    big = put(b"nik," + b"x" * 4096)
    assert big.status_code == 413
    batch = kit.client.get(f"{API}/batches/{batch_id}").json()
    assert batch["uploads"] == 0


def test_a_zip_bomb_is_refused_before_it_is_unpacked(kit: Kit) -> None:
    import zipfile

    employer_with_representative(kit)
    sign_in(kit)
    batch_id = kit.client.post(f"{API}/batches").json()["id"]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("3571011705880001_ektp.jpg", b"\x00" * (2 * 1024 * 1024))
    kit.settings.collective.max_unpacked_bytes = 1024 * 1024
    answer = kit.client.put(f"{API}/batches/{batch_id}/documents", content=out.getvalue())
    assert answer.status_code == 413 and answer.json()["error"] == "too_large"
    assert kit.client.put(f"{API}/batches/{batch_id}/documents", content=b"not a zip").status_code == 415


@pytest.mark.slow
def test_a_5000_row_roster_through_the_hub_keeps_every_row(kit: Kit) -> None:
    rows, registry = demo_roster(5000, today())
    add_workers(kit, registry)
    employer_with_representative(kit)
    sign_in(kit)
    batch_id = kit.client.post(f"{API}/batches").json()["id"]
    answer = kit.client.put(f"{API}/batches/{batch_id}/roster", content=roster_csv(rows))
    assert answer.status_code == 200, answer.text
    result = answer.json()
    assert result["file_rows"] == 5000 and result["added"] == 5000
    assert result["refused"] == 250 + 100 - 50  # every 20th waits, every 50th has a landline (every 100th both)
    page = kit.client.get(f"{API}/batches/{batch_id}/rows", params={"offset": 4900, "limit": 500}).json()
    assert page["total"] == 5000 and len(page["rows"]) == 100
    assert page["rows"][-1]["line"] == 5001


def test_a_representatives_token_opens_nothing_but_the_collective_channel(kit: Kit) -> None:
    employer_with_representative(kit)
    sign_in(kit)
    token = kit.client.cookies.get("kiosk_employer")
    kit.client.cookies.clear()
    bearer = {"Authorization": f"Bearer {token}"}
    assert kit.client.get(f"{API}/me", headers=bearer).status_code == 200
    assert kit.client.get("/api/v1/auth/me", headers=bearer).json()["role"] == "employer"
    for path in ("/api/v1/sessions", "/api/v1/bookings/KDR-DEMAA2", "/api/v1/branches/KDR", "/api/v1/booths"):
        assert kit.client.get(path, headers=bearer).status_code == 403, path
