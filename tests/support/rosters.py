"""Generated rosters for the collective channel's tests and benchmark: rows and the registry that knows them."""

from __future__ import annotations

import csv
import io
from datetime import date

from kiosk.domain.claim_request import ParticipantRecord, ParticipantStatus
from kiosk.domain.collective import COLUMNS
from kiosk.domain.dates import add_months


def worker_nik(i: int) -> str:
    """The NIK of generated worker `i` (valid, unique up to 990,000 workers)."""
    district = 20 + i // 9999  # districts 20 and up: clear of the demo seed's NIKs
    serial = 1 + i % 9999
    return f"3571{district:02d}170588{serial:04d}"


def demo_roster(n: int, today: date) -> tuple[list[list[str]], dict[str, ParticipantRecord]]:
    """`n` roster rows (about 9 in 10 acceptable; every 20th waits, every 50th has a bad phone) and the registry."""
    rows: list[list[str]] = []
    registry: dict[str, ParticipantRecord] = {}
    left_long_ago = add_months(today, -2).isoformat()
    left_lately = (today.replace(day=1)).isoformat()
    for i in range(n):
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
            employer="PT Contoh Tekstil",
        )
        phone = "021 555 1234" if i % 50 == 49 else f"0812{i:08d}"
        last_day = left_lately if i % 20 == 19 else left_long_ago
        rows.append([nik, kpj, name, "JHT", "layoff", last_day, "002", f"{1_000_000_000 + i}", phone, ""])
    return rows, registry


def roster_csv(rows: list[list[str]], delimiter: str = ",") -> bytes:
    """The rows as a CSV file with the template's header."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
