"""A running hub with an employer, its representative and registered workers, for the browser tests and for
scripts/render_collective_screenshots.py (plain HTTP against a real hub, plus the registry rows in its database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests

from kiosk.demo.company import demo_roster, register_workers, roster_csv
from tests.support.hub import RunningHub

PASSWORD = "perusahaan-rahasia-1"
USERNAME = "hrd.tekstil"


@dataclass(frozen=True)
class World:
    """What the pages' tests need to know of the prepared hub."""

    base_url: str
    roster: Path
    rows: list[list[str]]
    data_dir: Path


def prepare(hub: RunningHub, workdir: Path, today: date, workers: int = 12) -> World:
    """Register an employer and its representative (as the admin), put `workers` into the registry and write
    a roster file with them (one has a landline as phone, one a formula for a name: two rows to fix)."""
    rows, registry = demo_roster(600 + workers, today)
    rows = [list(r) for r in rows[600:]]
    registry = {r[0]: registry[r[0]] for r in rows}
    register_workers(hub.database_url, registry)
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


