"""Durations read as m:ss (h:mm:ss past an hour) on every screen."""

from __future__ import annotations

import pytest

from kiosk.domain.durations import format_duration


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (4, "0:04"), (59.9, "0:59"), (1024, "17:04"), (7448, "2:04:08"), (-3, "0:00")],
)
def test_durations_read_as_minutes_and_seconds(seconds: float, text: str) -> None:
    assert format_duration(seconds) == text
