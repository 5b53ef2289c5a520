"""Collective bulk submission: claims per second and per-claim latency through the console's collective outbox.

    python -m bench.collective_submit [--sizes 100 500] [--repeat 3]

For each size, a fresh batch on a real hub (uvicorn on 127.0.0.1, SQLite in a temporary directory, in a thread of
this process) is filed by the demo company (`kiosk.demo.company`), every worker confirms, and an officer approves
every clean row at once (timed). Then the approved rows go out as the console sends them: the collective desk
queues one outbox entry per row (written to disk first) and the outbox delivers them one after the other with
`CollectiveRowClaims` (``POST /api/v1/collective/rows/{id}/claim``); timed from the click to the last delivery.
Each delivery's own time (the hub building and storing the claim under the row's key) gives the p50 and p99.
Medians over `--repeat` batches. Results go to bench/collective_submit_results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from kiosk.app.console.collective import COLLECTIVE_OUTBOX_FILE_NAME, CollectiveDesk
from kiosk.app.console.collective_hub import CollectiveHubAdapter
from kiosk.client.claims_api import CollectiveRowClaims
from kiosk.client.outbox import DeliveryResult, Outbox
from kiosk.demo.company import Company, eligible_roster, register_workers
from kiosk.server.sms import OUTBOX_NAME
from tests.support.hub import running_hub

PASSWORD = "perusahaan-bench-1"


class TimedSender:
    """The console's sender, timing each delivery."""

    def __init__(self, inner: CollectiveRowClaims) -> None:
        self.inner = inner
        self.seconds: list[float] = []

    def __call__(self, key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        started = time.perf_counter()
        result = self.inner(key, payload)
        self.seconds.append(time.perf_counter() - started)
        return result


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))]


async def one_batch(hub: Any, company: Company, n: int, start: int, folder: Path) -> dict[str, float]:
    """File, confirm, approve and submit one batch of `n` workers; its timings."""
    rows, registry = eligible_roster(n, datetime.now(ZoneInfo("Asia/Jakarta")).date(), start)
    register_workers(hub.database_url, registry)
    filing = await asyncio.to_thread(company.file, rows)
    await asyncio.to_thread(company.workers_answer, rows, silent_every=0, wait_s=60)
    token = hub.cso_token()
    sender = TimedSender(CollectiveRowClaims(hub.base_url, lambda: token))
    desk = CollectiveDesk(CollectiveHubAdapter(hub.client(token)), Outbox(folder / COLLECTIVE_OUTBOX_FILE_NAME, sender))
    await desk.open_batch(filing.batch_id)
    started = time.perf_counter()
    approved = await desk.approve_clean()
    approve_s = time.perf_counter() - started
    assert approved == n, approved
    await desk.refresh()
    drained = asyncio.Event()
    desk.subscribe(lambda: None if desk.sending_count() else drained.set())
    started = time.perf_counter()
    queued = desk.submit_approved()
    drained.clear()  # queuing itself reports an empty outbox before the first entry is written
    desk.start()
    await asyncio.wait_for(drained.wait(), 900)
    submit_s = time.perf_counter() - started
    await desk.stop()
    assert queued == n and len(sender.seconds) == n
    return {
        "approve_all_s": approve_s,
        "submit_s": submit_s,
        "claims_per_s": n / submit_s,
        "p50_ms": 1000 * statistics.median(sender.seconds),
        "p99_ms": 1000 * percentile(sender.seconds, 0.99),
        "max_ms": 1000 * max(sender.seconds),
    }


async def run(sizes: list[int], repeat: int) -> dict[str, Any]:
    """Every size, `repeat` fresh batches each, on one hub."""
    results: dict[str, Any] = {}
    # Every worker confirms from this one address (in a branch each uses their own phone).
    limits = {"confirm_attempts_per_address_per_minute": 100_000}
    with running_hub(collective=limits) as hub, tempfile.TemporaryDirectory() as tmp:
        company = Company(hub.base_url, hub.admin_token(), hub.settings.server_data_dir() / OUTBOX_NAME,
                          timeout_s=120)
        company.register("KDR", PASSWORD)
        company.sign_in(PASSWORD)
        start = 100_000
        for n in sizes:
            runs = []
            for attempt in range(repeat):
                folder = Path(tmp) / f"{n}-{attempt}"
                folder.mkdir()
                runs.append(await one_batch(hub, company, n, start, folder))
                start += n
            results[str(n)] = {key: round(statistics.median(r[key] for r in runs), 2) for key in runs[0]}
            print(f"{n:5} rows: {results[str(n)]}")
    return results


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write its results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 500])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results = asyncio.run(run(args.sizes, args.repeat))
    out = Path(__file__).with_name("collective_submit_results.json")
    out.write_text(json.dumps({"sizes": results}, indent=2) + "\n", encoding="utf-8")
    print(f"results in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
