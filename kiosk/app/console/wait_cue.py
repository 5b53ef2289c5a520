"""How loudly a booth's wait for the officer is shown: a colour that escalates, and a chime that comes back.

A request (ready, help) chimes once when it is raised; a participant still waiting minutes later must not be
forgotten behind the call the officer is in. Past `long_s` the booth's tile and the focus view's banner turn
amber, past `urgent_s` red, and from `long_s` on the chime sounds again every `reminder_s` for each booth still
waiting (never for the booth the officer is talking to). The thresholds are `ConsoleSettings.wait_*`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass


class WaitLevel(enum.Enum):
    """How long a booth has waited for the officer, as the tile shows it."""

    NONE = "none"  # not waiting
    WAITING = "waiting"  # waiting, not long yet: the request's own colour
    LONG = "long"  # amber
    URGENT = "urgent"  # red


@dataclass(frozen=True)
class WaitCue:
    """The thresholds, in seconds since the booth's oldest open ready or help request."""

    long_s: float = 120.0
    urgent_s: float = 300.0
    reminder_s: float = 60.0

    def level(self, waited_s: float | None) -> WaitLevel:
        """The level for a wait of `waited_s` seconds (None: not waiting)."""
        if waited_s is None:
            return WaitLevel.NONE
        if waited_s >= self.urgent_s:
            return WaitLevel.URGENT
        if waited_s >= self.long_s:
            return WaitLevel.LONG
        return WaitLevel.WAITING


class WaitReminders:
    """Says which waiting booths are due a reminder chime; forgets a booth once it stops waiting."""

    def __init__(self, cue: WaitCue) -> None:
        self.cue = cue
        self._rung: dict[str, int] = {}

    def due(self, waits: Mapping[str, float], exclude: str | None = None) -> list[str]:
        """The sessions (of `waits`: session -> seconds waited) whose next reminder is due now.

        The first reminder is at `long_s`, then one every `reminder_s`; a console that was busy for a while
        rings once, not once for every reminder missed.
        """
        for sid in list(self._rung):
            if sid not in waits:
                del self._rung[sid]  # answered: a new request starts a new count
        if self.cue.reminder_s <= 0:
            return []
        due: list[str] = []
        for sid, waited in waits.items():
            if sid == exclude or waited < self.cue.long_s:
                continue
            count = 1 + int((waited - self.cue.long_s) // self.cue.reminder_s)
            if count > self._rung.get(sid, 0):
                self._rung[sid] = count
                due.append(sid)
        return due
