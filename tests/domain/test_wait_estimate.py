"""`kiosk.domain.wait_estimate`: minutes from the queue and recent service times."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.domain.session import SessionState
from kiosk.domain.wait_estimate import Place, QueuedVisit, estimate_wait_minutes, places, typical_service_s


def test_no_history_means_no_number() -> None:
    assert estimate_wait_minutes(3, []) is None
    assert estimate_wait_minutes(3, [5.0, 7200.0]) is None  # accidents only


def test_people_ahead_times_the_median_service_time() -> None:
    recent = [180.0, 240.0, 600.0]  # the median (240 s) resists one long call
    assert typical_service_s(recent) == 240.0
    assert estimate_wait_minutes(3, recent) == 12
    assert estimate_wait_minutes(3, recent, servers=2) == 6


def test_never_zero_and_rounded_up() -> None:
    assert estimate_wait_minutes(0, [300.0]) == 1
    assert estimate_wait_minutes(1, [61.0]) == 2


def test_only_the_newest_calls_count() -> None:
    recent = [120.0] * 20 + [1800.0] * 30
    assert estimate_wait_minutes(1, recent) == 2


def test_a_negative_place_is_refused() -> None:
    with pytest.raises(ValueError):
        estimate_wait_minutes(-1, [120.0])


def _visit(sid: str, state: str, officer: int | None, minute: int) -> QueuedVisit:
    return QueuedVisit(sid, SessionState(state), officer, (datetime(2026, 1, 5, 9, minute, tzinfo=UTC), sid))


def test_places_count_the_own_officers_call_and_earlier_waits() -> None:
    visits = [
        _visit("a", "in_call", 1, 0),
        _visit("b", "waiting_cso", 1, 5),
        _visit("c", "waiting_cso", 1, 3),
        _visit("d", "waiting_cso", 2, 1),  # another officer's: not ahead of b or c
        _visit("e", "verifying", 2, 0),
        _visit("f", "waiting_cso", None, 2),  # no console had room: behind every call and earlier wait
    ]
    got = places(visits, officers=2)
    assert got == {"c": Place(1, 1), "b": Place(2, 1), "d": Place(1, 1), "f": Place(3, 2)}
    assert estimate_wait_minutes(got["f"].ahead, [300.0], got["f"].servers) == 8  # 3 x 5 min over two officers


def test_no_officer_serving_means_no_minutes() -> None:
    assert places([_visit("f", "waiting_cso", None, 2)], officers=0) == {"f": Place(0, 0)}
    assert estimate_wait_minutes(0, [300.0], servers=0) is None
