"""How long a participant will wait for the officer, in whole minutes, from the queue and recent service times.

Pure arithmetic over counts and durations the hub measures: the participants ahead, each served for about the
typical (median) time of the branch's recent calls, spread over the officers serving. Without any finished call
yet there is no estimate (None): the booth then says so in words instead of inventing a number.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence

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
    estimate of 0 reads as "now" and disappoints); None without history."""
    if ahead < 0:
        raise ValueError("nobody can be a negative number of places ahead")
    typical = typical_service_s(recent_service_s)
    if typical is None:
        return None
    seconds = ahead * typical / max(1, servers)
    return max(1, math.ceil(seconds / 60))
