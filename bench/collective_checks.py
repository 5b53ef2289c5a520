"""Collective rosters: how long parsing and checking takes for 1k, 5k and 20k rows, alone and through the hub.

    python -m bench.collective_checks [--sizes 1000 5000 20000] [--repeat 5] [--hub-repeat 3]

1. *parse + check* (the pure part): a generated roster (about 9 in 10 rows acceptable) as CSV and as XLSX,
   parsed (`kiosk.server.collective.roster_files`) and checked (`kiosk.domain.collective.check_roster`) against an
   in-memory registry; the median and the slowest of `--repeat` runs.
2. *through the hub*: `PUT /api/v1/collective/batches/{id}/roster` on a real app (SQLite in a temporary
   directory, the registry holding every worker): parse, the batched registry and open-claim lookups, the
   checks, the merge into the batch's rows and the audit event, in one request. The first upload inserts every
   row; a second upload of the same file finds every row unchanged. Medians of `--hub-repeat` fresh batches.
Results go to bench/collective_checks_results.json.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.domain.collective import RosterContext, check_roster
from kiosk.server.collective.roster_files import RosterLimits, parse_roster
from tests.support.rosters import demo_roster, roster_csv

RESULTS = Path(__file__).with_name("collective_checks_results.json")


def xlsx(rows: list[list[str]]) -> bytes:
    """The rows as an XLSX file with the template's header (written streamed)."""
    from openpyxl import Workbook

    from kiosk.domain.collective import COLUMNS

    book = Workbook(write_only=True)
    sheet = book.create_sheet("roster")
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def timed(repeat: int, work: Callable[[], Any]) -> dict[str, float]:
    """Median and slowest wall time of `repeat` runs, in seconds."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return {"median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3)}


def pure(sizes: list[int], repeat: int) -> dict[str, Any]:
    """Parse + check, CSV and XLSX, per size."""
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    results: dict[str, Any] = {}
    limits = RosterLimits(max_bytes=64 * 1024 * 1024, max_rows=100_000)
    for n in sizes:
        rows, registry = demo_roster(n, today)
        ctx = RosterContext(today=today, registry=registry)
        for kind, data in (("csv", roster_csv(rows)), ("xlsx", xlsx(rows))):
            results[f"{kind}_{n}"] = {
                "bytes": len(data),
                **timed(repeat, lambda data=data, ctx=ctx: check_roster(parse_roster(data, limits), ctx)),
            }
            print(f"parse+check {kind:4} {n:6} rows: {results[f'{kind}_{n}']}")
    return results


def through_hub(sizes: list[int], repeat: int) -> dict[str, Any]:
    """The roster upload route on a real app and SQLite, per size: first upload and an unchanged re-upload."""
    from fastapi.testclient import TestClient
    from sqlalchemy import select

    from kiosk.config import Settings
    from kiosk.server.app import create_app
    from kiosk.server.db import Database
    from kiosk.server.migrate import upgrade
    from kiosk.server.models import Participant, User, UserToken
    from kiosk.server.security import USER_TOKEN_PREFIX, new_token, token_hash
    from kiosk.server.seed import seed_demo
    from tests.support.hub import fast_password_hash

    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    results: dict[str, Any] = {}
    biggest = max(sizes)
    rows, registry = demo_roster(biggest, today)
    with tempfile.TemporaryDirectory() as work:
        settings = Settings(server={"data_dir": Path(work)},
                            collective={"max_roster_bytes": 64 * 1024 * 1024, "max_roster_rows": 100_000})
        db = Database.from_url(settings.database_url())
        upgrade(db.engine)
        now = datetime.now(UTC)
        with db.session() as session:
            seed_demo(session, now, password_hasher=fast_password_hash)
            session.add_all(
                Participant(nik=r.nik, kpj=r.kpj, name=r.name, birth_date=r.birth_date,
                            membership_start=r.membership_start, status=r.status.value, balance=r.balance,
                            contribution_months=r.contribution_months, employer=r.employer)
                for r in registry.values()
            )

        def token(username: str) -> str:
            value = new_token(USER_TOKEN_PREFIX)
            with db.session() as session:
                user = session.execute(select(User).where(User.username == username)).scalar_one()
                session.add(UserToken(token_hash=token_hash(value), user_id=user.id, created_at=now,
                                      expires_at=now + timedelta(hours=2)))
            return value

        app = create_app(settings, database=db)
        with TestClient(app) as client:
            admin = {"Authorization": f"Bearer {token('admin')}"}
            made = client.post("/api/v1/collective/employers", headers=admin,
                               json={"npp": "NPP12345678", "name": "PT Bench", "branch_code": "KDR"}).json()
            client.post(f"/api/v1/collective/employers/{made['id']}/representatives", headers=admin,
                        json={"username": "hrd.bench", "display_name": "HRD", "password": "bench-password-1"})
            rep = {"Authorization": f"Bearer {token('hrd.bench')}"}
            for n in sizes:
                data = roster_csv(rows[:n])
                first: list[float] = []
                again: list[float] = []
                for _ in range(repeat):
                    batch = client.post("/api/v1/collective/batches", headers=rep).json()["id"]
                    for bucket in (first, again):
                        started = time.perf_counter()
                        answer = client.put(f"/api/v1/collective/batches/{batch}/roster", headers=rep, content=data)
                        bucket.append(time.perf_counter() - started)
                        assert answer.status_code == 200, answer.text
                results[f"hub_{n}"] = {
                    "first_upload_median_s": round(statistics.median(first), 3),
                    "first_upload_max_s": round(max(first), 3),
                    "unchanged_reupload_median_s": round(statistics.median(again), 3),
                }
                print(f"through the hub {n:6} rows: {results[f'hub_{n}']}")
        db.dispose()
    return results


def main(argv: list[str] | None = None) -> int:
    """Run both measurements and write the results."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 20000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--hub-repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results = {"pure": pure(args.sizes, args.repeat), "hub": through_hub(args.sizes, args.hub_repeat)}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
