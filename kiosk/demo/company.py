"""The demo's company that files for its laid-off workers (`kiosk demo --collective N`), and the workers who answer.

Everything goes through the hub's public REST API, as the employer page and the confirmation page do:

1. the branch admin registers the company (NPP) and its HR representative;
2. the representative signs in, starts a batch, uploads the power of attorney and the layoff letter, the
   roster (CSV, with a few mistakes: a landline for a mobile number, a formula for a name), reads the result of
   every row, fixes the refused rows and uploads again, uploads the workers' documents as zips, and has every worker
   texted their code;
3. each worker reads the SMS (the hub's file sink) and confirms with the code and their NIK; one in
   `silent_every` never answers.

The workers are put into the registry first (the demo's stand-in for the agency's membership database), with
NIKs clear of the seed's. Nothing here logs a NIK, a name or a code.
"""

from __future__ import annotations

import csv
import io
import logging
import re
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import requests
from PIL import Image

from kiosk.domain.claim_request import ParticipantRecord, ParticipantStatus
from kiosk.domain.collective import COLUMNS
from kiosk.domain.dates import add_months
from kiosk.domain.identifiers import normalize_phone

log = logging.getLogger(__name__)

API = "/api/v1"
NPP = "NPP20260001"
COMPANY = "PT Contoh Tekstil"
REPRESENTATIVE = "hrd.tekstil"
#: Column positions in a roster row (the template's order, `kiosk.domain.collective.COLUMNS`).
NAME, PHONE = 2, 8
_CODE = re.compile(r"#([A-Z0-9]{8})\b")


def worker_nik(i: int) -> str:
    """The NIK of generated worker `i` (valid, unique up to 990,000 workers, clear of the seed's NIKs)."""
    district = 20 + i // 9999
    serial = 1 + i % 9999
    return f"3571{district:02d}170588{serial:04d}"


def demo_roster(n: int, today: date, start: int = 0) -> tuple[list[list[str]], dict[str, ParticipantRecord]]:
    """`n` roster rows from worker `start` on (every 20th still waits out the JHT waiting period, every 50th has a
    landline for a phone) and the registry records that match them."""
    rows: list[list[str]] = []
    registry: dict[str, ParticipantRecord] = {}
    left_long_ago = add_months(today, -2).isoformat()
    left_lately = today.replace(day=1).isoformat()
    for i in range(start, start + n):
        nik = worker_nik(i)
        kpj = f"{70_000_000_000 + i:011d}"
        name = f"Pekerja {i:05d}"
        registry[nik] = ParticipantRecord(
            nik=nik,
            kpj=kpj,
            name=name,
            birth_date=date(1988, 5, 17),
            membership_start=date(2015, 1, 1),
            status=ParticipantStatus.INACTIVE,
            balance=12_000_000 + i,
            contribution_months=100,
            employer=COMPANY,
        )
        phone = "021 555 1234" if i % 50 == 49 else f"0812{i:08d}"
        last_day = left_lately if i % 20 == 19 else left_long_ago
        rows.append([nik, kpj, name, "JHT", "layoff", last_day, "002", f"{1_000_000_000 + i}", phone, ""])
    return rows, registry


def eligible_roster(n: int, today: date, start: int = 0) -> tuple[list[list[str]], dict[str, ParticipantRecord]]:
    """`n` workers from `start` on who all left two months ago, each with a mobile number (every claim can go
    through once it is confirmed)."""
    rows, registry = demo_roster(n, today, start)
    left_long_ago = add_months(today, -2).isoformat()
    for row in rows:
        row[5] = left_long_ago
        row[PHONE] = "0812" + row[1][-8:]
    return rows, registry


def register_workers(database_url: str, registry: dict[str, ParticipantRecord]) -> None:
    """Put the workers into the hub's registry (the demo's stand-in for the agency's membership database)."""
    from kiosk.server.db import Database
    from kiosk.server.models import Participant

    db = Database.from_url(database_url, pool_size=1)
    try:
        with db.session() as session:
            for r in registry.values():
                session.add(Participant(nik=r.nik, kpj=r.kpj, name=r.name, birth_date=r.birth_date,
                                        membership_start=r.membership_start, status=r.status.value,
                                        balance=r.balance, contribution_months=r.contribution_months,
                                        employer=r.employer))
    finally:
        db.dispose()


def roster_csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    """The rows as a CSV file with the template's header."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def letter_jpeg(kind: str) -> bytes:
    """A scanned letter stand-in of `kind`: a small real JPEG (the hub decodes what it keeps)."""
    out = io.BytesIO()
    shade = 245 if kind == "layoff_letter" else 235
    Image.new("RGB", (320, 452), (250, 250, shade)).save(out, "JPEG", quality=80)
    return out.getvalue()


#: The documents each worker's claim needs, uploaded by the employer as ``<NIK>_<code>.jpg`` in a zip.
WORKER_DOCUMENTS = ("kpj_card", "ektp", "family_card", "savings_book", "selfie_ektp")
#: Workers per zip: five files each stays under the hub's 5,000 files per zip.
WORKERS_PER_ZIP = 900


def documents_zip(niks: list[str], extra: dict[str, bytes] | None = None) -> bytes:
    """A zip with every document of each worker, named by the convention (``<NIK>_<document code>.jpg``), then
    the `extra` files as they are named."""
    out = io.BytesIO()
    image = letter_jpeg("document")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for nik in niks:
            for code in WORKER_DOCUMENTS:
                archive.writestr(f"{nik}_{code}.jpg", image)
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return out.getvalue()


def codes_sent(sms_file: Path) -> dict[str, str]:
    """The newest confirmation code each mobile number received, from the hub's SMS file sink."""
    from kiosk.server.sms import FileSmsSink

    found: dict[str, str] = {}
    for message in FileSmsSink(sms_file).messages():
        match = _CODE.search(message.text)
        if match is not None:
            found[message.to] = match.group(1)
    return found


@dataclass(frozen=True)
class Filing:
    """What the company filed: the batch, its rows, and how the uploads went."""

    batch_id: str
    rows: list[list[str]]
    first_refused: int
    fixed: int
    invited: int


class CompanyError(Exception):
    """The hub refused a step of the filing (the message says which)."""


class Company:
    """The company's and its workers' side of a collective filing, over HTTP (see the module docstring)."""

    def __init__(self, base_url: str, admin_token: str, sms_file: Path, *, npp: str = NPP,
                 username: str = REPRESENTATIVE, timeout_s: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.npp = npp
        self.username = username
        self.admin_token = admin_token
        self.sms_file = sms_file
        self.timeout_s = timeout_s
        self.http = requests.Session()
        self._rep_token = ""

    def _post(self, path: str, token: str, **kwargs: Any) -> Any:
        return self._send("POST", path, token, **kwargs)

    def _send(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self.http.request(method, self.base_url + API + path, headers=headers, timeout=self.timeout_s,
                                     **kwargs)
        if response.status_code >= 400:
            raise CompanyError(f"{method} {path.split('?')[0]}: HTTP {response.status_code} {response.text[:200]}")
        return response.json() if response.content else None

    def register(self, branch_code: str, password: str) -> int:
        """The branch admin registers the company and its representative; the employer's id."""
        employer = self._post("/collective/employers", self.admin_token,
                              json={"npp": self.npp, "name": COMPANY, "branch_code": branch_code})
        self._post(f"/collective/employers/{employer['id']}/representatives", self.admin_token,
                   json={"username": self.username, "display_name": "Ibu Ratna (HRD)", "password": password})
        return int(employer["id"])

    def sign_in(self, password: str) -> None:
        """The representative signs in."""
        login = self._post("/auth/login", "", json={"username": self.username, "password": password})
        self._rep_token = str(login["token"])

    def file(self, rows: list[list[str]], mistakes: int = 2) -> Filing:
        """Start a batch, upload both letters and the roster with `mistakes` wrong rows, fix them, invite."""
        token = self._rep_token
        batch = self._post("/collective/batches", token)
        batch_id = str(batch["id"])
        for kind in ("power_of_attorney", "layoff_letter"):
            self._put_file(f"/collective/batches/{batch_id}/letters/{kind}", letter_jpeg(kind), "image/jpeg")
        wrong = [list(r) for r in rows]
        step = max(1, len(rows) // max(1, mistakes))
        for index in range(0, min(len(rows), step * mistakes), step):
            if (index // step) % 2 == 0:
                wrong[index][PHONE] = "021 555 1234"  # a landline: no SMS can reach it
            else:
                wrong[index][NAME] = '=HYPERLINK("http://evil.example";"klik")'
        first = self._put_file(f"/collective/batches/{batch_id}/roster", roster_csv(wrong), "text/csv")
        second = self._put_file(f"/collective/batches/{batch_id}/roster", roster_csv(rows), "text/csv")
        niks = [r[0] for r in rows]
        for start in range(0, len(niks), WORKERS_PER_ZIP):
            zipped = documents_zip(niks[start:start + WORKERS_PER_ZIP])
            self._put_file(f"/collective/batches/{batch_id}/documents", zipped, "application/zip")
        invited = self._post(f"/collective/batches/{batch_id}/invitations", token)
        log.info("company: batch %s filed (%d rows, %d refused at first, %d replaced)", batch_id, len(rows),
                 first["refused"], second["replaced"])
        return Filing(batch_id, rows, int(first["refused"]), int(second["replaced"]), int(invited["sent"]))

    def _put_file(self, path: str, data: bytes, media_type: str) -> Any:
        headers = {"Authorization": f"Bearer {self._rep_token}", "Content-Type": media_type}
        response = self.http.put(self.base_url + API + path, data=data, headers=headers, timeout=self.timeout_s)
        if response.status_code >= 400:
            raise CompanyError(f"PUT {path}: HTTP {response.status_code} {response.text[:200]}")
        return response.json()

    def workers_answer(self, rows: list[list[str]], *, silent_every: int = 25, video_every: int = 0,
                       wait_s: float = 30.0, pause: Callable[[float], None] = time.sleep) -> tuple[int, int]:
        """Each worker confirms with the texted code and their NIK, except one in `silent_every` (no answer) and
        one in `video_every` (asks to be seen by video first); (confirmed, silent)."""
        deadline = time.monotonic() + wait_s
        codes = codes_sent(self.sms_file)
        while len(codes) < len(rows) and time.monotonic() < deadline:
            pause(0.5)
            codes = codes_sent(self.sms_file)
        confirmed = silent = 0
        for index, row in enumerate(rows):
            if silent_every and index % silent_every == silent_every - 1:
                silent += 1
                continue
            code = codes.get(normalize_phone(row[PHONE]))
            if code is None:
                raise CompanyError(f"worker {index} received no code")
            video = bool(video_every) and index % video_every == video_every - 1
            self._post("/collective/confirmation", "", json={"code": code, "nik": row[0],
                                                             "answer": "video" if video else "confirm"})
            if not video:
                confirmed += 1
        log.info("company: %d workers confirmed, %d did not answer", confirmed, silent)
        return confirmed, silent
