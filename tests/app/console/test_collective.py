"""The console's collective queue (`CollectiveDesk`) against a real hub: an officer works a company's batch, and
its claims are submitted through the durable outbox exactly once, also across a console crash."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from kiosk.app.console.collective import (
    COLLECTIVE_OUTBOX_FILE_NAME,
    CollectiveDesk,
    Delivery,
    DeskProblem,
    outbox_key,
)
from kiosk.app.console.collective_hub import CollectiveHubAdapter
from kiosk.client.claims_api import CollectiveRowClaims
from kiosk.client.hub_api import HubClient
from kiosk.client.outbox import DeliveryResult, Outbox, Retry
from kiosk.demo.company import Company, Filing, eligible_roster, register_workers
from kiosk.server.db import Database
from kiosk.server.models import Claim, Participant
from kiosk.server.sms import OUTBOX_NAME
from tests.support.collective import collective_hub, officer_desk, signed_in_company
from tests.support.hub import RunningHub, running_hub

pytestmark = pytest.mark.asyncio

@pytest.fixture(scope="module")
def hub() -> Iterator[RunningHub]:
    with collective_hub() as running:
        yield running


@pytest.fixture(scope="module")
def company(hub: RunningHub) -> Company:
    return signed_in_company(hub)


def _file(hub: RunningHub, company: Company, start: int, n: int, silent_every: int = 0) -> Filing:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    rows, registry = eligible_roster(n, today, start)
    register_workers(hub.database_url, registry)
    filing = company.file(rows)
    company.workers_answer(rows, silent_every=silent_every, wait_s=10)
    return filing


def _claims_per_worker(hub: RunningHub, niks: list[str]) -> dict[str, int]:
    db = Database.from_url(hub.database_url, pool_size=1)
    try:
        with db.session() as session:
            found = session.execute(
                select(Participant.nik, func.count(Claim.id))
                .join(Claim, Claim.participant_id == Participant.id, isouter=True)
                .where(Participant.nik.in_(niks))
                .group_by(Participant.nik)
            ).all()
            return {nik: count for nik, count in found}
    finally:
        db.dispose()


async def _delivered(desk: CollectiveDesk, limit_s: float = 30.0) -> None:
    await desk.outbox.wait_idle(limit_s)
    for _ in range(int(limit_s / 0.05)):
        if desk.sending_count() == 0:
            return
        await asyncio.sleep(0.05)
    raise AssertionError("the collective outbox did not drain")


async def test_an_officer_works_a_batch_from_confirmation_to_claim_references(
    hub: RunningHub, company: Company, tmp_path: Path
) -> None:
    filing = _file(hub, company, start=3000, n=12, silent_every=6)  # two workers never answer
    desk = officer_desk(hub, tmp_path, hub.cso_token())
    changes: list[int] = []
    desk.subscribe(lambda: changes.append(1))
    assert await desk.refresh()
    assert filing.batch_id in [b.id for b in desk.batches]
    assert await desk.open_batch(filing.batch_id)
    assert len(desk.views()) == 12
    assert desk.counts() == {"confirmed": 10, "waiting_confirmation": 2}
    assert desk.batch is not None and desk.batch.employer.name == "PT Contoh Tekstil"

    # A worker who has not confirmed cannot be approved: the officer is told why, and the row stays.
    silent = next(v.row for v in desk.views() if v.status == "waiting_confirmation")
    assert not await desk.approve(silent.id)
    assert desk.problem is DeskProblem.NOT_CONFIRMED and desk.problem_message
    assert desk.row(silent.id) is not None and desk.row(silent.id).status == "waiting_confirmation"  # type: ignore[union-attr]
    assert not await desk.reject(silent.id, "   ")
    assert desk.problem is DeskProblem.REASON_REQUIRED

    # Every clean row at once, then their claims through the outbox.
    assert await desk.approve_clean() == 10
    assert desk.problem is None
    assert desk.counts()["approved"] == 10
    desk.set_filter("approved")
    assert len(desk.views()) == 10
    desk.set_filter(None)
    assert desk.submit_approved() == 10
    assert desk.submit_approved() == 0  # a second click queues nothing twice
    desk.start()
    await _delivered(desk)
    submitted = [v for v in desk.views() if v.status == "submitted"]
    assert len(submitted) == 10
    assert all(v.delivery is Delivery.DELIVERED and v.claim_reference for v in submitted)
    assert len({v.claim_reference for v in submitted}) == 10

    # The hub's own list agrees once reloaded, and the two silent rows are rejected with a reason.
    assert await desk.refresh()
    assert desk.counts() == {"submitted": 10, "waiting_confirmation": 2}
    for view in [v for v in desk.views() if v.status == "waiting_confirmation"]:
        assert await desk.reject(view.row.id, "Pekerja tidak mengonfirmasi sampai batas waktu")
    assert all(v.final for v in desk.views())
    assert desk.batch is not None and desk.batch.counts.submitted == 10
    counts = _claims_per_worker(hub, [r[0] for r in filing.rows])
    assert sorted(counts.values()) == [0, 0] + [1] * 10
    assert changes, "the panel is told of every change"
    await desk.stop()


class LostAnswers:
    """The real sender, but the console never hears the hub's answer for the first rows it sends (the hub stored
    the claim; the connection dropped before the reply came back)."""

    def __init__(self, inner: CollectiveRowClaims, lose: int) -> None:
        self.inner = inner
        self.lose = lose
        self.sent: list[int] = []

    def __call__(self, key: str, payload: Mapping[str, Any]) -> DeliveryResult:
        result = self.inner(key, payload)
        self.sent.append(int(payload["row_id"]))
        if self.lose > 0:
            self.lose -= 1
            return Retry("connection reset")
        return result


async def test_claims_queued_before_a_console_crash_go_out_once_after_the_restart(
    hub: RunningHub, company: Company, tmp_path: Path
) -> None:
    filing = _file(hub, company, start=3100, n=8)
    token = hub.cso_token()
    first = officer_desk(hub, tmp_path, token)
    assert await first.open_batch(filing.batch_id)
    assert await first.approve_clean() == 8
    assert first.submit_approved() == 8
    # The console dies right after the click, before its outbox sent anything: the entries are on disk.
    first.outbox.close()

    lossy = LostAnswers(CollectiveRowClaims(hub.base_url, lambda: token), lose=3)
    second = officer_desk(hub, tmp_path, token, sender=lossy)
    assert second.sending_count() == 8
    assert await second.open_batch(filing.batch_id)
    assert second.submit_approved() == 0  # already queued before the crash
    second.start()
    await _delivered(second)
    assert len(lossy.sent) == 11  # three rows were sent twice: their first answer was lost
    assert all(v.status == "submitted" and v.claim_reference for v in second.views())
    counts = _claims_per_worker(hub, [r[0] for r in filing.rows])
    assert list(counts.values()) == [1] * 8, "one claim per worker, however often a row was sent"
    for view in second.views():
        entry = second.outbox.get(outbox_key(view.row.id))
        assert entry is not None and entry.attempts in (1, 2)
        assert entry.payload == {}, "a delivered entry keeps no data"
    await second.stop()


async def test_a_hub_that_is_down_is_said_plainly_and_the_queue_is_kept(tmp_path: Path) -> None:
    with running_hub() as gone:
        base, token = gone.base_url, gone.cso_token()
    desk = CollectiveDesk(
        CollectiveHubAdapter(HubClient(base, token=token, timeout=2.0)),
        Outbox(tmp_path / COLLECTIVE_OUTBOX_FILE_NAME, CollectiveRowClaims(base, lambda: token)),
    )
    desk.submit_approved([41, 42])
    assert not await desk.refresh()
    assert desk.problem is DeskProblem.HUB_DOWN
    desk.start()
    await asyncio.sleep(0.3)
    assert desk.sending_count() == 2, "nothing is lost while the hub is away"
    entry = desk.outbox.get(outbox_key(41))
    assert entry is not None and entry.last_error == "backend unreachable"
    await desk.stop()



async def test_a_worker_who_asked_for_video_is_invited_and_not_approved_before_the_visit(
    hub: RunningHub, company: Company, tmp_path: Path
) -> None:
    today = datetime.now(ZoneInfo("Asia/Jakarta")).date()
    rows, registry = eligible_roster(4, today, 3200)
    register_workers(hub.database_url, registry)
    filing = company.file(rows)
    company.workers_answer(rows, silent_every=0, video_every=4, wait_s=10)  # the fourth asks to be seen
    desk = officer_desk(hub, tmp_path, hub.cso_token())
    assert await desk.open_batch(filing.batch_id)
    assert desk.counts() == {"confirmed": 3, "video_requested": 1}
    doubtful = next(v.row for v in desk.views() if v.status == "video_requested")
    assert await desk.invite_video(doubtful.id)
    invited = desk.row(doubtful.id)
    assert invited is not None and invited.row.video_visit == "booked" and invited.row.video_booking_code
    texts = [json.loads(line) for line in (hub.settings.server_data_dir() / OUTBOX_NAME).read_text().splitlines()]
    assert any(invited.row.video_booking_code in t["text"] for t in texts), "the worker is texted the booking"
    # The visit has not taken place: the hub refuses an approval "by video", and the officer is told why.
    assert not await desk.approve(doubtful.id, seen_by_video=True)
    assert desk.problem is DeskProblem.NOT_SEEN
    assert desk.row(doubtful.id).status == "video_requested"  # type: ignore[union-attr]
    assert await desk.invite_video(doubtful.id)  # asking again answers the same booking
    assert desk.row(doubtful.id).row.video_booking_code == invited.row.video_booking_code  # type: ignore[union-attr]
    await desk.stop()


class _SlowPort:
    """A port whose row list waits for `release`: a reload still on its way while the officer decides."""

    def __init__(self, rows: list[Any]) -> None:
        self.listed = rows
        self.release = asyncio.Event()

    async def batches(self) -> list[Any]:
        return []

    async def rows(self, batch_id: str, offset: int, limit: int) -> tuple[int, list[Any]]:
        await self.release.wait()
        return len(self.listed), self.listed[offset:offset + limit]

    async def decide(self, row_id: int, decision: Any) -> Any:
        row = next(r for r in self.listed if r.id == row_id)
        return row.model_copy(update={"decision": "rejected", "status": "rejected"})


async def test_a_reload_that_was_on_its_way_does_not_undo_a_decision(tmp_path: Path) -> None:
    from kiosk.protocol.rest import RowPublic

    row = RowPublic(id=7, line=2, status="waiting_confirmation", cells={}, issues=[], name="Andi", claim_type="JHT",
                    reason="layoff", last_working_day=None, account_masked=None, documents=[],
                    confirmation="sent", decision=None, decision_reason=None, claim_reference=None,
                    video_booking_code=None, video_visit=None)
    port = _SlowPort([row])
    desk = CollectiveDesk(port, Outbox(tmp_path / COLLECTIVE_OUTBOX_FILE_NAME, CollectiveRowClaims("http://x", str)))
    port.release.set()
    assert await desk.open_batch("cb-1")
    port.release.clear()
    reload = asyncio.ensure_future(desk.refresh())  # the list as it was before the decision, still coming
    await asyncio.sleep(0.01)
    assert await desk.reject(7, "Tidak dapat dihubungi")
    port.release.set()
    assert await reload
    assert desk.row(7) is not None and desk.row(7).status == "rejected"  # type: ignore[union-attr]
    desk.outbox.close()
