"""The dashboard's alerts: what needs someone to act, listed at the top of the page with a sound when one is new.

- a booth went offline today (a booth not seen today is closed, not broken: no alert);
- an online booth lost its camera;
- a booth's disk is nearly full (``server.dashboard_low_disk_mb``);
- a console's backlog does not drain: its oldest unsent claim or recording is older than
  ``server.dashboard_backlog_alert_s`` (a claim normally leaves within seconds).

Each alert has a stable `key`: the page plays its sound only for keys it has not shown before, so an alert that
stays does not ring at every refresh.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from kiosk.server.events import OfficerPresence

if TYPE_CHECKING:
    from kiosk.server.dashboard.overview import BoothRow


class AlertKind(enum.Enum):
    """What an alert is about (also its text key: ``alert_<value>``)."""

    BOOTH_OFFLINE = "booth_offline"
    CAMERA_LOST = "camera_lost"
    LOW_DISK = "low_disk"
    BACKLOG = "backlog"


@dataclass(frozen=True)
class Alert:
    """One alert, with what its text needs."""

    kind: AlertKind
    key: str
    booth: int | None = None
    officer: str = ""
    since: datetime | None = None
    free_disk_mb: int | None = None
    claims: int = 0
    recordings: int = 0
    oldest_s: float = 0.0


def booth_alerts(rows: Iterable[BoothRow], today: date, low_disk_mb: int) -> list[Alert]:
    """Alerts about booths (offline since today, camera lost, disk nearly full), by booth number."""
    found: list[Alert] = []
    for row in rows:
        if not row.enrolled:
            continue
        beat = row.last_heartbeat
        if not row.online and beat is not None and beat.date() == today:
            found.append(Alert(AlertKind.BOOTH_OFFLINE, f"offline:{row.number}", booth=row.number, since=beat))
        if row.online and row.camera_ok is False:
            found.append(Alert(AlertKind.CAMERA_LOST, f"camera:{row.number}", booth=row.number))
        if row.free_disk_mb is not None and row.free_disk_mb < low_disk_mb:
            found.append(
                Alert(AlertKind.LOW_DISK, f"disk:{row.number}", booth=row.number, free_disk_mb=row.free_disk_mb)
            )
    return found


def console_alerts(officers: Iterable[OfficerPresence], backlog_alert_s: float) -> list[Alert]:
    """Alerts about consoles whose unsent claims or recordings are not draining."""
    found = []
    for officer in officers:
        unsent = (officer.claims_unsent or 0) + (officer.recordings_unsent or 0)
        if unsent and officer.oldest_unsent_s is not None and officer.oldest_unsent_s >= backlog_alert_s:
            found.append(
                Alert(
                    AlertKind.BACKLOG,
                    f"backlog:{officer.name}",
                    officer=officer.name,
                    claims=officer.claims_unsent or 0,
                    recordings=officer.recordings_unsent or 0,
                    oldest_s=officer.oldest_unsent_s,
                )
            )
    return found
