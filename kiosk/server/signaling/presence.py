"""Who is online: the connected booths (with their last reported health) and the officers' consoles (cap,
pause, the sessions they hold, and the grace period after a dropped connection).

`Presence` is the registry; it answers `kiosk.server.events.Presence` for routes and the dashboard. All of it
lives on the signaling hub's event loop; the read-only questions are safe from other threads because they only
take snapshots of dicts.
"""

from __future__ import annotations

import asyncio
import dataclasses
import itertools
import time
from dataclasses import dataclass, field
from typing import Any

from kiosk.domain.assignment import ConsoleLoad
from kiosk.protocol import HeartbeatPayload
from kiosk.server.events import OfficerPresence
from kiosk.server.signaling.connections import Connection

#: Booth health is written to the database on change, and at least this often while unchanged.
HEARTBEAT_PERSIST_S = 30.0


@dataclass
class BoothPresence:
    """A connected booth."""

    booth_id: int
    number: int
    branch_code: str
    conn: Connection
    health: HeartbeatPayload = field(default_factory=HeartbeatPayload)
    persisted_at: float = 0.0

    def health_to_persist(self, beat: HeartbeatPayload, now: float | None = None) -> bool:
        """Take a heartbeat; True when it should be written to the database (changed, or not written lately)."""
        now = time.monotonic() if now is None else now
        # Free disk moves by a few MiB all the time: it is written with the periodic write, not on every change.
        steady = {"free_disk_mb": None}
        changed = beat.model_copy(update=steady) != self.health.model_copy(update=steady)
        self.health = beat
        if changed or now - self.persisted_at >= HEARTBEAT_PERSIST_S:
            self.persisted_at = now
            return True
        return False


@dataclass
class BrowserPresence:
    """An online participant's browser: the participant end of its booking's visit (one connection per booking)."""

    booking_id: int
    branch_code: str
    conn: Connection

    @property
    def end(self) -> str:
        """Its participant-end key (`kiosk.server.repositories.assignments.end_key`)."""
        return f"online:{self.booking_id}"


@dataclass
class ConsolePresence:
    """An officer's console: kept through a dropped connection until the grace period ends."""

    user_id: int
    branch_code: str
    name: str
    cap: int
    order: int
    conn: Connection | None
    paused: bool = False
    sessions: set[str] = field(default_factory=set)
    grace: asyncio.TimerHandle | None = None
    #: The console's last heartbeat: what it has not yet delivered (kept through its grace period).
    report: HeartbeatPayload = field(default_factory=HeartbeatPayload)

    def load(self) -> ConsoleLoad:
        """The console as the assignment rule sees it."""
        return ConsoleLoad(str(self.user_id), len(self.sessions), self.cap, self.paused, self.order)


class Presence:
    """The connected booths, online participants' browsers and the consoles of one hub.

    A session's participant end is found by its key (`end_conn`): ``booth:<booth id>`` or ``online:<booking id>``.
    """

    def __init__(self) -> None:
        self.booths: dict[int, BoothPresence] = {}
        #: Online participants' browsers by booking id.
        self.browsers: dict[int, BrowserPresence] = {}
        self.consoles: dict[int, ConsolePresence] = {}
        # Consoles that came first get sessions first among equals.
        self._order = itertools.count()

    def next_order(self) -> int:
        """The arrival number of a console seen for the first time."""
        return next(self._order)

    def booth_conn(self, booth_id: int) -> Connection | None:
        """The booth's open connection."""
        booth = self.booths.get(booth_id)
        return booth.conn if booth else None

    def end_conn(self, end: str) -> Connection | None:
        """The open connection of a session's participant end (a booth or a browser), by its key."""
        kind, _, number = end.partition(":")
        if not number.isdigit():
            return None
        if kind == "booth":
            return self.booth_conn(int(number))
        browser = self.browsers.get(int(number)) if kind == "online" else None
        return browser.conn if browser else None

    def branch_ends(self, branch: str) -> list[str]:
        """The keys of a branch's connected participant ends: booths and online participants' browsers."""
        booths = [f"booth:{b.booth_id}" for b in self.booths.values() if b.branch_code == branch]
        return booths + [b.end for b in self.browsers.values() if b.branch_code == branch]

    def console_conn(self, user_id: int | None) -> Connection | None:
        """The officer's open console connection."""
        console = self.consoles.get(user_id) if user_id is not None else None
        return console.conn if console else None

    def branch_consoles(self, branch: str) -> list[ConsolePresence]:
        """A branch's consoles with an open connection."""
        return [c for c in self.consoles.values() if c.branch_code == branch and c.conn is not None]

    def branch_booth_ids(self, branch: str) -> list[int]:
        """A branch's connected booths."""
        return [b.booth_id for b in self.booths.values() if b.branch_code == branch]

    def console_reported(self, conn: Connection, beat: HeartbeatPayload) -> None:
        """Keep what a console's heartbeat says of its backlog (a stale connection's report is ignored)."""
        console = self.consoles.get(conn.principal.subject_id)
        if console is not None and console.conn is conn:
            console.report = beat

    def all_connections(self) -> list[Connection]:
        """Every open connection."""
        ends = [b.conn for b in self.booths.values()] + [b.conn for b in self.browsers.values()]
        return ends + [c.conn for c in self.consoles.values() if c.conn]

    def summary(self, branch: str) -> dict[str, Any]:
        """A branch's connected booths and officers, for the routes of every hub instance (`ClusterPresence`)."""
        return {
            "booths": self.branch_booth_ids(branch),
            "officers": [dataclasses.asdict(o) for o in self.officers(branch)],
        }

    def forget_branch(self, branch: str) -> None:
        """Drop every end of `branch` (another hub instance runs it now); consoles' grace periods are cancelled,
        so nothing is requeued from here."""
        for console in [c for c in self.consoles.values() if c.branch_code == branch]:
            if console.grace is not None:
                console.grace.cancel()
            del self.consoles[console.user_id]
        for booth in [b for b in self.booths.values() if b.branch_code == branch]:
            del self.booths[booth.booth_id]
        for browser in [b for b in self.browsers.values() if b.branch_code == branch]:
            del self.browsers[browser.booking_id]

    # -- kiosk.server.events.Presence ---------------------------------------------------------------------

    def booth_connected(self, booth_id: int) -> bool:
        """True while the booth has an open signaling connection (safe from any thread)."""
        return booth_id in self.booths

    def connected_booths(self) -> frozenset[int]:
        """The ids of the booths with an open signaling connection."""
        return frozenset(self.booths)

    def officers(self, branch_code: str) -> tuple[OfficerPresence, ...]:
        """A branch's officers with a console (connected or in their grace period), by name."""
        return tuple(
            sorted(
                (
                    OfficerPresence(
                        c.name, len(c.sessions), c.cap, c.paused, c.conn is not None,
                        c.report.claims_unsent, c.report.recordings_unsent, c.report.oldest_unsent_s,
                    )
                    for c in list(self.consoles.values())
                    if c.branch_code == branch_code
                ),
                key=lambda o: o.name,
            )
        )
