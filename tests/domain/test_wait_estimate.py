"""`kiosk.domain.wait_estimate`: minutes from the queue and recent service times."""

from __future__ import annotations

import pytest

from kiosk.domain.wait_estimate import estimate_wait_minutes, typical_service_s


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
