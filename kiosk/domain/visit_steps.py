"""Where a visit's time goes: the steps between check-in and the claim's reference, from the session's timestamps.

    check-in ──self-service──> joins the queue ──waiting──> officer in the call ──call──> visit ends
    check-in ─────────────────────────── check-in to reference ──────────────────────────> claim stored

A step is measured only when both of its ends are known (a visit that left during self-service has no waiting
time, one that never reached an officer no call time). A visit that went back to the queue after a dropped call
keeps its first wait and its first call start, so its call step includes the time it spent queued again.

The branch dashboard shows today's median per step, the demo's report each visitor's steps and their summary.
"""

from __future__ import annotations

import enum
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime


class Step(enum.Enum):
    """One measured part of a visit."""

    SELF_SERVICE = "self_service"
    WAITING = "waiting"
    CALL = "call"
    CHECK_IN_TO_REFERENCE = "check_in_to_reference"


@dataclass(frozen=True)
class VisitTimes:
    """The moments of one visit the steps are measured between (None: not reached, or not recorded)."""

    checked_in_at: datetime
    queued_at: datetime | None = None
    call_started_at: datetime | None = None
    ended_at: datetime | None = None
    referenced_at: datetime | None = None


def _between(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    # Clocks do not run backwards within one hub, but a step is never negative even if they did.
    return max(0.0, (end - start).total_seconds())


def step_seconds(times: VisitTimes) -> dict[Step, float]:
    """The steps of one visit that can be measured, in seconds."""
    found = {
        Step.SELF_SERVICE: _between(times.checked_in_at, times.queued_at),
        Step.WAITING: _between(times.queued_at, times.call_started_at),
        Step.CALL: _between(times.call_started_at, times.ended_at),
        Step.CHECK_IN_TO_REFERENCE: _between(times.checked_in_at, times.referenced_at),
    }
    return {step: seconds for step, seconds in found.items() if seconds is not None}


@dataclass(frozen=True)
class StepMedian:
    """The median of one step over some visits, and how many visits it is taken over."""

    step: Step
    median_s: float | None
    count: int


def step_medians(visits: Iterable[VisitTimes]) -> tuple[StepMedian, ...]:
    """The median of each step over `visits` (every step listed, in order; None where no visit measured it)."""
    values: dict[Step, list[float]] = {step: [] for step in Step}
    for visit in visits:
        for step, seconds in step_seconds(visit).items():
            values[step].append(seconds)
    return tuple(
        StepMedian(step, statistics.median(found) if found else None, len(found)) for step, found in values.items()
    )
