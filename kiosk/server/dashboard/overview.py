"""What the dashboard shows of one branch: its booths (with their time in state, version and free disk), the
queue and today's waits, the median time of each step of a visit, today's quota use, sessions by state, officers
online with what their consoles have not yet delivered, claims submitted today, and the alerts; read through the
repositories and the signaling hub's presence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from kiosk.domain.session import SessionState
from kiosk.domain.visit_steps import StepMedian, step_medians
from kiosk.protocol.rest import QuotaStatus
from kiosk.server.context import HubContext
from kiosk.server.dashboard.alerts import Alert, booth_alerts, console_alerts
from kiosk.server.dashboard.help_panel import collect_help, render_help
from kiosk.server.dashboard.texts import STATE_ORDER
from kiosk.server.events import OfficerPresence
from kiosk.server.repositories import booths, claims, queue_times, sessions
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.repositories.help_requests import PendingHelp
from kiosk.server.repositories.queue_times import QueueFigures
from kiosk.server.services.booths import quota_status


@dataclass(frozen=True)
class BoothRow:
    """One booth on the dashboard."""

    number: int
    enrolled: bool
    online: bool
    last_heartbeat: datetime | None
    seconds_since_heartbeat: float | None
    camera_ok: bool | None
    microphone_ok: bool | None
    speaker_ok: bool | None
    link_ok: bool | None
    session_state: SessionState | None
    #: Seconds the open session has been in its state (None: no open session, or one older than the column).
    seconds_in_state: float | None = None
    app_version: str | None = None
    free_disk_mb: int | None = None

    @property
    def status(self) -> str:
        """``online``, ``offline`` (seen before), ``never_seen`` (enrolled, never connected) or ``not_enrolled``
        (a CSS class and a text key)."""
        if not self.enrolled:
            return "not_enrolled"
        if self.online:
            return "online"
        return "offline" if self.last_heartbeat is not None else "never_seen"

    @property
    def healthy(self) -> bool:
        """Online with no device reported faulty."""
        return self.online and False not in (self.camera_ok, self.microphone_ok, self.speaker_ok, self.link_ok)


@dataclass(frozen=True)
class Overview:
    """Everything the dashboard shows for one branch."""

    branch_code: str
    branch_name: str
    local_now: datetime
    booths: tuple[BoothRow, ...]
    walk_in: QuotaStatus
    online: QuotaStatus
    sessions_by_state: tuple[tuple[SessionState, int], ...]
    officers: tuple[OfficerPresence, ...]
    claims_today: int
    claims_by_type: tuple[tuple[str, int], ...]
    queue: QueueFigures
    steps: tuple[StepMedian, ...]
    alerts: tuple[Alert, ...]
    #: Participants waiting for help (`dashboard.help_panel`), the longest waiting first.
    pending_help: tuple[PendingHelp, ...] = ()

    @property
    def booths_online(self) -> int:
        """How many booths are online."""
        return sum(b.online for b in self.booths)

    def help_html(self, language: str) -> Markup:
        """The card of pending help requests (`dashboard.help_panel`)."""
        return render_help(self.pending_help, language, self.local_now)

    @property
    def waiting(self) -> int:
        """Today's sessions waiting for an officer."""
        return dict(self.sessions_by_state).get(SessionState.WAITING_CSO, 0)


@dataclass(frozen=True)
class LiveState:
    """What the signaling hub knows (taken on the event loop, where its state lives)."""

    connected_booths: frozenset[int]
    officers: tuple[OfficerPresence, ...]


def live_state(hub: HubContext, branch_code: str) -> LiveState:
    """Who of the branch is online now (call on the event loop)."""
    return LiveState(hub.presence.connected_booths(), hub.presence.officers(branch_code))


def collect_overview(hub: HubContext, branch_code: str, live: LiveState) -> Overview:
    """Read the branch's numbers from the database (blocking: run it in a worker thread)."""
    now = hub.now()
    with hub.db.session() as session:
        branch = branch_by_code(session, branch_code)
        zone = ZoneInfo(branch.timezone)
        today = quota_status(session, branch, now)
        open_visits = queue_times.open_visits_by_booth(session, branch.id)
        rows = []
        for booth in booths.booths_of_branch(session, branch.id):
            beat = booth.last_heartbeat
            visit = open_visits.get(booth.id)
            rows.append(
                BoothRow(
                    number=booth.number,
                    enrolled=booth.device_token_hash is not None,
                    online=booth.id in live.connected_booths,
                    last_heartbeat=beat.astimezone(zone) if beat else None,
                    seconds_since_heartbeat=(now - beat).total_seconds() if beat else None,
                    camera_ok=booth.camera_ok,
                    microphone_ok=booth.microphone_ok,
                    speaker_ok=booth.speaker_ok,
                    link_ok=booth.link_ok,
                    session_state=visit.state if visit else None,
                    seconds_in_state=(now - visit.since).total_seconds() if visit and visit.since else None,
                    app_version=booth.app_version,
                    free_disk_mb=booth.free_disk_mb,
                )
            )
        counts = sessions.count_by_state(session, branch.id, today.date)
        by_type = claims.count_by_type(session, branch.id, today.date)
        server = hub.settings.server
        alerts = booth_alerts(rows, now.astimezone(zone).date(), server.dashboard_low_disk_mb)
        alerts += console_alerts(live.officers, server.dashboard_backlog_alert_s)
        return Overview(
            branch_code=branch.code,
            branch_name=branch.name,
            local_now=now.astimezone(zone),
            booths=tuple(rows),
            walk_in=today.walk_in,
            online=today.online,
            sessions_by_state=tuple((s, counts.get(s, 0)) for s in STATE_ORDER),
            officers=live.officers,
            claims_today=sum(by_type.values()),
            claims_by_type=tuple(by_type.items()),
            queue=queue_times.queue_figures(session, branch.id, today.date, now),
            steps=step_medians(queue_times.visit_times(session, branch.id, today.date)),
            alerts=tuple(alerts),
            pending_help=collect_help(session, branch.id, zone),
        )
