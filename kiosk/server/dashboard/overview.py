"""What the dashboard shows of one branch: its booths, today's quota use, sessions by state, officers online
and claims submitted today, read through the repositories and the signaling hub's presence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from markupsafe import Markup

from kiosk.domain.session import SessionState
from kiosk.protocol.rest import QuotaStatus
from kiosk.server.context import HubContext
from kiosk.server.dashboard.help_panel import collect_help, render_help
from kiosk.server.dashboard.texts import STATE_ORDER
from kiosk.server.events import OfficerPresence
from kiosk.server.repositories import booths, claims, sessions
from kiosk.server.repositories.branches import branch_by_code
from kiosk.server.repositories.help_requests import PendingHelp
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

    @property
    def status(self) -> str:
        """``online``, ``offline`` or ``not_enrolled`` (a CSS class and a text key)."""
        if not self.enrolled:
            return "not_enrolled"
        return "online" if self.online else "offline"

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
        open_states = sessions.open_states_by_booth(session, branch.id)
        rows = []
        for booth in booths.booths_of_branch(session, branch.id):
            beat = booth.last_heartbeat
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
                    session_state=open_states.get(booth.id),
                )
            )
        counts = sessions.count_by_state(session, branch.id, today.date)
        by_type = claims.count_by_type(session, branch.id, today.date)
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
            pending_help=collect_help(session, branch.id, zone),
        )
