"""How long visits take, for the branch dashboard: the queue now and today, each booth's time in its state, and
the moments the per-step times (`kiosk.domain.visit_steps`) are measured between.

Reads the timestamps `sessions.change_state` keeps (``state_since``, ``queued_at``, ``call_started_at``) and the
claims' ``created_at`` (the moment the reference was given).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kiosk.domain.session import SessionState
from kiosk.domain.visit_steps import VisitTimes
from kiosk.server.models import Claim, VisitSession


@dataclass(frozen=True)
class OpenVisit:
    """A booth's open session: its state and since when it is in it (None for a visit older than the column)."""

    state: SessionState
    since: datetime | None


@dataclass(frozen=True)
class QueueFigures:
    """The branch's queue: how many wait now, the longest current wait, and today's longest and average wait.

    A visit's wait today runs from the moment it first joined the queue to the moment an officer first joined its
    call; one still waiting counts until now, one that left the queue otherwise (handed back, abandoned) until
    it left."""

    waiting_now: int
    longest_now_s: float | None
    longest_today_s: float | None
    average_today_s: float | None
    waits_today: int


def open_visits_by_booth(session: Session, branch_id: int) -> dict[int, OpenVisit]:
    """Each booth's open session with the time it entered its state."""
    rows = session.execute(
        select(VisitSession.booth_id, VisitSession.state, VisitSession.state_since).where(
            VisitSession.branch_id == branch_id, VisitSession.ended_at.is_(None)
        )
    ).all()
    return {booth_id: OpenVisit(SessionState(state), since) for booth_id, state, since in rows if booth_id is not None}


def queue_figures(session: Session, branch_id: int, day: date, now: datetime) -> QueueFigures:
    """The queue figures of a branch's `day` as of `now`."""
    rows = session.execute(
        select(
            VisitSession.state,
            VisitSession.queued_at,
            VisitSession.call_started_at,
            VisitSession.state_since,
            VisitSession.ended_at,
        ).where(
            VisitSession.branch_id == branch_id,
            VisitSession.visit_date == day,
            VisitSession.queued_at.is_not(None),
        )
    ).all()
    waits: list[float] = []
    current: list[float] = []
    waiting_now = 0
    for state, queued_at, call_started_at, state_since, ended_at in rows:
        if queued_at is None:  # excluded by the query; tells the type checker
            continue
        still_waiting = state == SessionState.WAITING_CSO.value and call_started_at is None
        end = now if still_waiting else (call_started_at or ended_at or state_since or now)
        seconds = max(0.0, (end - queued_at).total_seconds())
        waits.append(seconds)
        if state == SessionState.WAITING_CSO.value:
            # Back in the queue after a dropped call: it has waited since it came back.
            waiting_now += 1
            current.append(seconds if still_waiting else max(0.0, (now - (state_since or now)).total_seconds()))
    return QueueFigures(
        waiting_now=waiting_now,
        longest_now_s=max(current) if current else None,
        longest_today_s=max(waits) if waits else None,
        average_today_s=statistics.fmean(waits) if waits else None,
        waits_today=len(waits),
    )


def visit_times(session: Session, branch_id: int, day: date) -> list[VisitTimes]:
    """The moments of each of a branch's visits on `day` (the claim's time as the reference's)."""
    rows = session.execute(
        select(
            VisitSession.created_at,
            VisitSession.queued_at,
            VisitSession.call_started_at,
            VisitSession.ended_at,
            Claim.created_at,
        )
        .outerjoin(Claim, Claim.session_id == VisitSession.id)
        .where(VisitSession.branch_id == branch_id, VisitSession.visit_date == day)
    ).all()
    return [
        VisitTimes(checked_in, queued, called, ended, referenced)
        for checked_in, queued, called, ended, referenced in rows
    ]
