"""`kiosk.app.console.backlog`: the console's heartbeat tells the hub what it has not yet delivered."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from kiosk.app.console.backlog import BacklogReport
from kiosk.app.device_report import APP_VERSION, DiskWatch
from kiosk.client.outbox import Outbox, Retry

NOW = 1_800_000_000.0


def never_delivered(key: str, payload: Mapping[str, Any]) -> Retry:
    return Retry("the claims backend is down")


def test_unsent_claims_and_recordings_with_the_oldest_age(tmp_path: Path) -> None:
    clock = [NOW - 900.0]
    outbox = Outbox(tmp_path / "outbox.sqlite3", never_delivered, clock=lambda: clock[0])
    recordings = tmp_path / "recordings"
    recordings.mkdir()
    report = BacklogReport(outbox, recordings, busy={"s-live"}, clock=lambda: NOW)
    empty = report()
    assert (empty.claims_unsent, empty.recordings_unsent, empty.oldest_unsent_s) == (0, 0, None)
    assert empty.app_version == APP_VERSION and empty.free_disk_mb is not None and empty.free_disk_mb > 0

    outbox.enqueue("s-1", {"claim": 1})  # 15 minutes ago
    clock[0] = NOW - 60.0
    outbox.enqueue("s-2", {"claim": 2})
    left = recordings / "s-0.mkv"
    left.write_bytes(b"x")
    os.utime(left, (NOW - 1200.0, NOW - 1200.0))  # a recording 20 minutes old that did not upload
    (recordings / "s-live.mkv").write_bytes(b"x")  # still being recorded: not a backlog
    beat = report()
    assert (beat.claims_unsent, beat.recordings_unsent, beat.oldest_unsent_s) == (2, 1, 1200.0)
    outbox.close()


def test_free_disk_is_read_at_most_once_a_minute(tmp_path: Path) -> None:
    now = [0.0]
    watch = DiskWatch(tmp_path / "not-yet-created", clock=lambda: now[0])
    first = watch.free_mb()
    assert first is not None and first > 0
    watch._free_mb = 1  # what a re-read would overwrite
    now[0] = 59.0
    assert watch.free_mb() == 1
    now[0] = 60.0
    assert watch.free_mb() != 1  # re-read
