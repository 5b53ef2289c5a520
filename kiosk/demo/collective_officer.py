"""The scripted officer's collective work in the demo console: one company's batch, through the console's own
collective queue window.

    open the window -> pick the batch -> "approve every clean row" -> "submit the approved claims"
    -> wait until the outbox delivered every claim -> reject, with a reason, the rows whose worker never
       confirmed -> report what became of every row

It clicks the window's buttons where a person would, and waits on the desk (`CollectiveDesk`), which the buttons
drive. The claims go out through the console's durable outbox, exactly as an officer's would.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

log = logging.getLogger("kiosk.demo.collective")

#: The reason the officer gives the employer for a worker who did not confirm in time.
NO_CONFIRMATION = "Pekerja tidak mengonfirmasi sampai batas waktu; ajukan lagi setelah pekerja mengonfirmasi"
#: Statuses still waiting on someone; the officer closes them once the confirmation period is over.
OPEN_STATUSES = ("waiting_confirmation", "to_invite", "video_requested", "confirmed")


class CollectiveStuck(Exception):
    """The batch did not reach the state the officer waited for (the message says which)."""


async def _until(what: str, ready: Any, limit_s: float) -> None:
    deadline = time.monotonic() + limit_s
    while not ready():
        if time.monotonic() > deadline:
            raise CollectiveStuck(f"gave up waiting for {what} after {limit_s:.0f} s")
        await asyncio.sleep(0.2)


async def work_batch(window: Any, service: Any, batch_id: str, limit_s: float = 900.0) -> dict[str, Any]:
    """Work one batch to the end (see the module docstring); a summary of what became of its rows."""
    panel, desk = window.collective_panel, service.collective
    if panel is None or desk is None:
        raise CollectiveStuck("the console has no collective queue")
    started = time.monotonic()
    panel.open()
    await _until("the batch list", lambda: any(b.id == batch_id for b in desk.batches) and not desk.busy, 60)
    panel.select_batch(batch_id)
    await _until("the batch's rows", lambda: desk.batch_id == batch_id and desk.views() and not desk.busy, 120)
    rows = len(desk.views())
    clean = desk.clean_count()
    panel.approve_clean_button.click()
    await _until("the bulk approval", lambda: not desk.busy and desk.clean_count() == 0, 120)
    approved_at = time.monotonic()
    panel.show_desk()
    queued = len(desk.to_submit())
    panel.submit_button.click()
    await _until("every claim delivered", lambda: desk.sending_count() == 0 and not desk.to_submit(), limit_s)
    delivered_s = time.monotonic() - approved_at
    await desk.refresh()
    for view in [v for v in desk.views() if v.status in OPEN_STATUSES]:
        if not await desk.reject(view.row.id, NO_CONFIRMATION):
            raise CollectiveStuck(f"the hub refused to reject row {view.row.line}: {desk.problem}")
    await desk.refresh()
    counts = desk.counts()
    references = [v.claim_reference for v in desk.views() if v.claim_reference]
    summary = {
        "batch": batch_id,
        "rows": rows,
        "approved_in_bulk": clean,
        "queued": queued,
        "counts": counts,
        "references": len(references),
        "distinct_references": len(set(references)),
        "submit_s": round(delivered_s, 1),
        "claims_per_s": round(queued / delivered_s, 1) if delivered_s > 0 else None,
        "officer_s": round(time.monotonic() - started, 1),
        "all_final": all(v.final for v in desk.views()),
    }
    log.info("collective batch worked: %d rows, %s", rows, counts)
    return summary
