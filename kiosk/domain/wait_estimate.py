"""How long a participant will wait for the officer, in whole minutes, from the queue and recent service times.

Pure arithmetic over counts and durations the hub measures: the participants ahead, each served for about the
typical (median) time of the branch's recent calls, spread over the officers serving. Without any finished call
yet there is no estimate (None): the booth then says so in words instead of inventing a number.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.session import SessionState

#: Recent service times beyond this many are ignored (the newest are passed first).
HISTORY = 20
#: A service time outside these bounds is a measurement accident (a call left open, a click), not a service.
MIN_SERVICE_S = 30.0
MAX_SERVICE_S = 3600.0


def typical_service_s(recent_service_s: Sequence[float]) -> float | None:
    """The median of the newest plausible service times (None when there are none)."""
    usable = [s for s in recent_service_s[:HISTORY] if MIN_SERVICE_S <= s <= MAX_SERVICE_S]
    return statistics.median(usable) if usable else None


def estimate_wait_minutes(ahead: int, recent_service_s: Sequence[float], servers: int = 1) -> int | None:
    """Minutes until the officer turns to this participant: `ahead` people before them (the one being served
    now included), each taking the typical service time, shared by `servers` officers. At least 1 minute (an
    estimate of 0 reads as "now" and disappoints); None without history or without any officer serving."""
    if ahead < 0:
        raise ValueError("nobody can be a negative number of places ahead")
    if servers < 1:
        return None
    typical = typical_service_s(recent_service_s)
    if typical is None:
        return None
    seconds = ahead * typical / servers
    return max(1, math.ceil(seconds / 60))


@dataclass(frozen=True)
class QueuedVisit:
    """An open visit in the officers' hands: waiting for one, or being served (in a call, verifying)."""

    session_id: str
    state: SessionState
    #: The officer's console it is assigned to (None: in the branch queue, no console had room).
    officer: int | None
    #: Its order in the queue: when it first started waiting (earlier is served first).
    order: tuple[datetime, str]


@dataclass(frozen=True)
class Place:
    """A waiting visit's place: the participants served before it, by how many officers at once."""

    ahead: int
    servers: int


_SERVING = frozenset({SessionState.IN_CALL, SessionState.VERIFYING})


def places(visits: Sequence[QueuedVisit], officers: int) -> dict[str, Place]:
    """The place of every visit waiting for an officer (state waiting_cso).

    An assigned visit waits for its own officer, who serves one participant at a time: ahead of it are that
    officer's call in progress and the officer's visits that started waiting earlier. An unassigned one waits for
    whichever of the branch's `officers` frees first: ahead of it are every call in progress and every visit that
    started waiting earlier, served by all of them (0 officers: the place is known, the minutes are not)."""
    result: dict[str, Place] = {}
    for visit in visits:
        if visit.state is not SessionState.WAITING_CSO:
            continue
        same = [v for v in visits if visit.officer is None or v.officer == visit.officer]
        serving = sum(1 for v in same if v.state in _SERVING)
        earlier = sum(1 for v in same if v.state is SessionState.WAITING_CSO and v.order < visit.order)
        result[visit.session_id] = Place(serving + earlier, 1 if visit.officer is not None else officers)
    return result
