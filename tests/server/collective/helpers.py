"""Shared steps of the collective channel's hub tests: an employer with a representative, registry workers,
documents, and the codes the SMS sink received."""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

from PIL import Image

# The demo company's documents zip, shared with these tests.
from kiosk.demo.company import WORKER_DOCUMENTS as WORKER_DOCUMENTS
from kiosk.demo.company import documents_zip as documents_zip
from kiosk.domain.claim_request import ParticipantRecord
from kiosk.server.models import Participant
from kiosk.server.sms import outbox
from tests.server.conftest import Kit

PASSWORD = "perusahaan-rahasia-1"


def jpeg() -> bytes:
    """A small real JPEG (the hub decodes what it keeps)."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (120, 160, 90)).save(out, "JPEG")
    return out.getvalue()


def png() -> bytes:
    """A small real PNG."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (90, 120, 160)).save(out, "PNG")
    return out.getvalue()


def add_workers(kit: Kit, registry: dict[str, ParticipantRecord]) -> None:
    """Put generated workers into the registry (rolled back with the test)."""
    with kit.db.session() as session:
        for record in registry.values():
            session.add(
                Participant(
                    nik=record.nik, kpj=record.kpj, name=record.name, birth_date=record.birth_date,
                    membership_start=record.membership_start, status=record.status.value, balance=record.balance,
                    contribution_months=record.contribution_months, employer=record.employer,
                )
            )


def employer_with_representative(kit: Kit, npp: str = "NPP12345678", username: str = "hrd.tekstil") -> int:
    """An employer of KDR (by the admin) and its representative; returns the employer's id."""
    made = kit.post("/collective/employers", "admin",
                    json={"npp": npp, "name": "PT Contoh Tekstil", "branch_code": "KDR"})
    assert made.status_code == 201, made.text
    employer_id = int(made.json()["id"])
    rep = kit.post(f"/collective/employers/{employer_id}/representatives", "admin",
                   json={"username": username, "display_name": "Ibu Ratna (HRD)", "password": PASSWORD})
    assert rep.status_code == 201, rep.text
    return employer_id


def sign_in(kit: Kit, username: str = "hrd.tekstil") -> None:
    """Sign the representative in (the TestClient keeps the cookie)."""
    response = kit.client.post("/api/v1/collective/login", json={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    assert "kiosk_employer" in response.cookies or kit.client.cookies.get("kiosk_employer")


def codes_sent(data_dir: Path) -> dict[str, str]:
    """The confirmation code each phone number received (from the SMS file sink)."""
    found = {}
    for message in outbox(data_dir).messages():
        match = re.search(r"#([A-Z0-9]{8})\b", message.text)
        assert match is not None, message.text
        found[message.to] = match.group(1)
    return found


def today() -> date:
    """The branch's date (Asia/Jakarta) now."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo("Asia/Jakarta")).date()
