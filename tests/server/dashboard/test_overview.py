"""What the dashboard collects of a branch, on the test database with booths and sessions at known times: time
in state, version and disk, "never seen" apart from "offline", the queue, the step medians and the alerts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain.quota import VisitKind
from kiosk.domain.session import SessionState
from kiosk.domain.visit_steps import Step
from kiosk.server.context import HubContext
from kiosk.server.dashboard.alerts import AlertKind
from kiosk.server.dashboard.overview import LiveState, Overview, collect_overview
from kiosk.server.dashboard.routes import duration
from kiosk.server.db import Database
from kiosk.server.events import OfficerPresence
from kiosk.server.metrics import Metrics
from kiosk.server.models import Booth
from kiosk.server.repositories import sessions
from kiosk.server.repositories.booths import booth_by_number
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.security import new_id
from kiosk.server.storage import DocumentStore
from tests.server.conftest import make_settings

S = SessionState
#: 10:30 in Kediri (UTC+7): the branch's day is the same in UTC and locally.
NOW = datetime(2026, 12, 1, 3, 30, tzinfo=UTC)


def at(minutes_before: float) -> datetime:
    return NOW - timedelta(minutes=minutes_before)


@pytest.fixture
def hub(db: Database, tmp_path: Path) -> HubContext:
    settings = make_settings(tmp_path / "hub", dashboard_backlog_alert_s=600, dashboard_low_disk_mb=2048)
    return HubContext(settings, db, DocumentStore(tmp_path / "docs"), Metrics(), clock=lambda: NOW)


def booth_ids(db: Database) -> dict[int, int]:
    with db.session() as session:
        branch = branch_by_code(session, "KDR")
        found = {n: booth_by_number(session, branch, n) for n in range(1, 7)}
        return {n: b.id for n, b in found.items() if b is not None}


def prepare(db: Database) -> dict[int, int]:
    """Six booths: 1 online in a call, 2 online waiting, 3 online with no camera and a full disk, 4 offline since
    10:05 today, 5 enrolled but never connected, 6 not enrolled."""
    ids = booth_ids(db)
    with db.session() as session:
        branch = branch_by_code(session, "KDR")
        for number, beat, version, disk in (
            (1, at(0.1), "1.4.0", 52_000),
            (2, at(0.1), "1.4.0", 40_000),
            (3, at(0.1), "1.3.2", 900),
            (4, at(25), "1.4.0", 30_000),
            (5, None, None, None),
        ):
            booth = session.get(Booth, ids[number])
            assert booth is not None
            booth.device_token_hash = f"{number:064d}"
            booth.last_heartbeat, booth.app_version, booth.free_disk_mb = beat, version, disk
            booth.camera_ok = number != 3 if beat else None
        day = NOW.astimezone(ZoneInfo(branch.timezone)).date()

        def visit(number: int, start: float, *steps: tuple[float, S]) -> None:
            found = sessions.create_session(
                session, session_id=new_id("s"), branch_id=branch.id, booth_id=ids[number], kind=VisitKind.WALK_IN,
                booking=None, visit_date=day, now=at(start), actor="booth:test",
            )
            for minutes_before, state in steps:
                sessions.change_state(session, found, state, actor="t", now=at(minutes_before))

        # Earlier today at booth 1: 5 min self-service, 3 min wait, 10 min call, rejected.
        visit(1, 90, (89, S.SELF_SERVICE), (85, S.WAITING_CSO), (82, S.IN_CALL), (80, S.VERIFYING),
              (72, S.REJECTED))
        # Now at booth 1: in the call for 4 minutes after waiting 6.
        visit(1, 20, (19, S.SELF_SERVICE), (14, S.WAITING_CSO), (8, S.IN_CALL), (4, S.VERIFYING))
        # Booth 2: waiting for 9 minutes.
        visit(2, 15, (14, S.SELF_SERVICE), (9, S.WAITING_CSO))
    return ids


def overview(hub: HubContext, ids: dict[int, int], officers: tuple[OfficerPresence, ...] = ()) -> Overview:
    online = frozenset(ids[n] for n in (1, 2, 3))
    return collect_overview(hub, "KDR", LiveState(online, officers))


def test_booths_show_time_in_state_version_disk_and_never_seen(db: Database, hub: HubContext) -> None:
    result = overview(hub, prepare(db))
    rows = {row.number: row for row in result.booths}
    assert [rows[n].status for n in range(1, 7)] == [
        "online", "online", "online", "offline", "never_seen", "not_enrolled"
    ]
    assert (rows[1].session_state, rows[1].seconds_in_state) == (S.VERIFYING, 4 * 60)
    assert (rows[2].session_state, rows[2].seconds_in_state) == (S.WAITING_CSO, 9 * 60)
    assert rows[3].session_state is None and rows[3].seconds_in_state is None
    assert (rows[1].app_version, rows[1].free_disk_mb, rows[3].app_version) == ("1.4.0", 52_000, "1.3.2")


def test_queue_and_step_medians_of_today(db: Database, hub: HubContext) -> None:
    result = overview(hub, prepare(db))
    assert result.queue.waiting_now == 1
    assert result.queue.longest_now_s == 9 * 60
    assert result.queue.longest_today_s == 9 * 60  # 3, 6 and 9 minutes
    assert result.queue.average_today_s == 6 * 60
    steps = {s.step: s for s in result.steps}
    assert (steps[Step.SELF_SERVICE].median_s, steps[Step.SELF_SERVICE].count) == (6 * 60, 3)  # 5, 6 and 6
    assert (steps[Step.WAITING].median_s, steps[Step.WAITING].count) == (4.5 * 60, 2)
    assert (steps[Step.CALL].median_s, steps[Step.CALL].count) == (10 * 60, 1)
    assert steps[Step.CHECK_IN_TO_REFERENCE].count == 0


def test_alerts_for_offline_camera_disk_and_a_backlog_that_does_not_drain(db: Database, hub: HubContext) -> None:
    officers = (
        OfficerPresence("Rina", 2, 4, False, True, claims_unsent=2, recordings_unsent=1, oldest_unsent_s=720.0),
        OfficerPresence("Agus", 1, 4, False, True, claims_unsent=1, recordings_unsent=0, oldest_unsent_s=30.0),
        OfficerPresence("Dewi", 0, 4, False, True),  # an older console that does not report
    )
    result = overview(hub, prepare(db), officers)
    assert [(a.kind, a.key) for a in result.alerts] == [
        (AlertKind.CAMERA_LOST, "camera:3"),
        (AlertKind.LOW_DISK, "disk:3"),
        (AlertKind.BOOTH_OFFLINE, "offline:4"),
        (AlertKind.BACKLOG, "backlog:Rina"),
    ]
    offline = next(a for a in result.alerts if a.kind is AlertKind.BOOTH_OFFLINE)
    assert offline.since is not None and offline.since.strftime("%H:%M") == "10:05"  # local time


def test_a_booth_last_seen_yesterday_is_offline_without_an_alert(db: Database, hub: HubContext) -> None:
    ids = prepare(db)
    with db.session() as session:
        booth = session.get(Booth, ids[4])
        assert booth is not None
        booth.last_heartbeat = NOW - timedelta(days=1)
    result = overview(hub, ids)
    assert next(r for r in result.booths if r.number == 4).status == "offline"
    assert "offline:4" not in [a.key for a in result.alerts]


def test_durations_read_like_the_consoles() -> None:
    assert [duration(s) for s in (None, 0, 59.6, 61, 3599, 3600, 7384)] == [
        "–", "0:00", "1:00", "1:01", "59:59", "1:00:00", "2:03:04"
    ]
