"""A running hub with an employer, its representative and registered workers, for the browser tests and for
scripts/render_collective_screenshots.py (plain HTTP against a real hub, plus the registry rows in its database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests

from kiosk.domain.claim_request import ParticipantRecord
from kiosk.server.db import Database
from kiosk.server.models import Participant
from tests.support.hub import RunningHub
from tests.support.rosters import demo_roster, roster_csv

PASSWORD = "perusahaan-rahasia-1"
USERNAME = "hrd.tekstil"


@dataclass(frozen=True)
class World:
    """What the pages' tests need to know of the prepared hub."""

    base_url: str
    roster: Path
    rows: list[list[str]]
    data_dir: Path


def _add_workers(database_url: str, registry: dict[str, ParticipantRecord]) -> None:
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


def prepare(hub: RunningHub, workdir: Path, today: date, workers: int = 12) -> World:
    """Register an employer and its representative (as the admin), put `workers` into the registry and write
    a roster file with them (one has a landline as phone, one a formula for a name: two rows to fix)."""
    rows, registry = demo_roster(600 + workers, today)
    rows = [list(r) for r in rows[600:]]
    registry = {r[0]: registry[r[0]] for r in rows}
    _add_workers(hub.database_url, registry)
    token = hub.user_token("admin")
    headers = {"Authorization": f"Bearer {token}"}
    made = requests.post(f"{hub.base_url}/api/v1/collective/employers", headers=headers, timeout=10,
                         json={"npp": "NPP12345678", "name": "PT Contoh Tekstil", "branch_code": "KDR"})
    made.raise_for_status()
    rep = requests.post(f"{hub.base_url}/api/v1/collective/employers/{made.json()['id']}/representatives",
                        headers=headers, timeout=10,
                        json={"username": USERNAME, "display_name": "Ibu Ratna (HRD)", "password": PASSWORD})
    rep.raise_for_status()
    bad = [list(r) for r in rows]
    bad[1][8] = "021 555 1234"
    bad[2][2] = '=HYPERLINK("http://evil.example";"klik")'
    roster = workdir / "daftar-pekerja.csv"
    roster.write_bytes(roster_csv(bad))
    return World(hub.base_url, roster, rows, hub.settings.server_data_dir())


