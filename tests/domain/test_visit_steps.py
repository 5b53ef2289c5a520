"""`kiosk.domain.visit_steps`: each step measured between its two ends, medians over visits."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from kiosk.domain.visit_steps import Step, StepMedian, VisitTimes, step_medians, step_seconds

T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_a_submitted_visit_has_every_step() -> None:
    times = VisitTimes(T0, queued_at=at(6), call_started_at=at(10), ended_at=at(18), referenced_at=at(17.5))
    assert step_seconds(times) == {
        Step.SELF_SERVICE: 360.0,
        Step.WAITING: 240.0,
        Step.CALL: 480.0,
        Step.CHECK_IN_TO_REFERENCE: 1050.0,
    }


def test_a_visit_that_left_during_self_service_has_no_wait_or_call() -> None:
    assert step_seconds(VisitTimes(T0, ended_at=at(3))) == {}
    assert step_seconds(VisitTimes(T0, queued_at=at(4))) == {Step.SELF_SERVICE: 240.0}


def test_medians_per_step_over_visits() -> None:
    visits = [
        VisitTimes(T0, queued_at=at(2), call_started_at=at(3), ended_at=at(8), referenced_at=at(8)),
        VisitTimes(T0, queued_at=at(4), call_started_at=at(9), ended_at=at(20)),  # rejected: no reference
        VisitTimes(T0, queued_at=at(10)),  # still waiting
    ]
    medians = {m.step: m for m in step_medians(visits)}
    assert medians[Step.SELF_SERVICE] == StepMedian(Step.SELF_SERVICE, 240.0, 3)
    assert medians[Step.WAITING] == StepMedian(Step.WAITING, 180.0, 2)
    assert medians[Step.CALL] == StepMedian(Step.CALL, 480.0, 2)
    assert medians[Step.CHECK_IN_TO_REFERENCE] == StepMedian(Step.CHECK_IN_TO_REFERENCE, 480.0, 1)
    assert [m.step for m in step_medians([])] == list(Step)
    assert all(m.median_s is None and m.count == 0 for m in step_medians([]))
