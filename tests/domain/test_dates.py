"""Calendar arithmetic of the claim rules."""

from __future__ import annotations

from datetime import date

import pytest

from kiosk.domain.dates import add_months, age_on

TODAY = date(2026, 11, 21)


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 3, 31), 13, date(2027, 4, 30)),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_age_counts_full_years() -> None:
    assert age_on(date(1970, 11, 22), TODAY) == 55
    assert age_on(date(1970, 11, 21), TODAY) == 56
