"""Calendar arithmetic the claim rules count in: whole months forward, full years of age."""

from __future__ import annotations

from datetime import date


def add_months(day: date, months: int) -> date:
    """`day` moved forward by whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in range(day.day, 27, -1):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    return date(year, month, min(day.day, 28))


def age_on(birth_date: date, today: date) -> int:
    """Full years of age on `today`."""
    before_birthday = (today.month, today.day) < (birth_date.month, birth_date.day)
    return today.year - birth_date.year - int(before_birthday)
