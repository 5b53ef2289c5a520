"""Booking slots, the next free slots, bookable dates, and an online visit's prepare and join window."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from kiosk.domain.online_window import opens_message, visit_window, when_in_words
from kiosk.domain.slots import DateProblem, SlotPlan, check_booking_date, free_places, next_free

ZONE = ZoneInfo("Asia/Jakarta")
PLAN = SlotPlan("08:00", "10:00", 30, 2)
DAY = date(2027, 3, 12)


def test_slots_run_from_start_until_before_end() -> None:
    assert PLAN.times() == ["08:00", "08:30", "09:00", "09:30"]
    assert SlotPlan("08:00", "08:00", 30, 2).times() == []


def test_free_places_per_slot() -> None:
    places = free_places(PLAN, DAY, {"08:30": 2, "09:00": 1})
    assert [(p.slot, p.free) for p in places] == [("08:00", 2), ("08:30", 0), ("09:00", 1), ("09:30", 2)]


def test_next_free_skips_full_and_begun_slots_and_crosses_days() -> None:
    today = free_places(PLAN, DAY, {"09:00": 2, "09:30": 2})
    following = free_places(PLAN, DAY + timedelta(days=1), {"08:00": 2})
    now = datetime(2027, 3, 12, 8, 40, tzinfo=ZONE)
    offers = next_free([today, following], now, after=(DAY, "08:00"), count=2)
    assert [(o.day, o.slot) for o in offers] == [(DAY + timedelta(days=1), "08:30"), (DAY + timedelta(days=1), "09:00")]


def test_booking_dates() -> None:
    check_booking_date(DAY, DAY)
    with pytest.raises(DateProblem) as past:
        check_booking_date(DAY - timedelta(days=1), DAY)
    assert past.value.code == "date_in_past"
    with pytest.raises(DateProblem) as far:
        check_booking_date(DAY + timedelta(days=91), DAY)
    assert far.value.code == "date_too_far"


def test_visit_window() -> None:
    window = visit_window(
        DAY, "10:20", ZONE, prepare_days_before=1, join_opens_before_min=15, join_closes_after_min=30
    )
    assert window.prepare_opens == datetime(2027, 3, 11, 0, 0, tzinfo=ZONE)
    assert window.join_opens == datetime(2027, 3, 12, 10, 5, tzinfo=ZONE)
    assert not window.can_join(datetime(2027, 3, 12, 10, 4, tzinfo=ZONE))
    assert window.can_join(datetime(2027, 3, 12, 10, 5, tzinfo=ZONE))
    assert not window.can_join(datetime(2027, 3, 12, 10, 50, tzinfo=ZONE)) and window.is_over(
        datetime(2027, 3, 12, 10, 50, tzinfo=ZONE)
    )
    assert not window.can_prepare(datetime(2027, 3, 10, 23, 59, tzinfo=ZONE))


def test_opening_time_in_words() -> None:
    now = datetime(2027, 3, 12, 9, 0, tzinfo=ZONE)
    assert when_in_words(datetime(2027, 3, 12, 10, 5, tzinfo=ZONE), now) == "hari ini pukul 10.05"
    assert when_in_words(datetime(2027, 3, 13, 8, 0, tzinfo=ZONE), now, "en") == "tomorrow at 08:00"
    assert when_in_words(datetime(2027, 4, 2, 8, 0, tzinfo=ZONE), now) == "2 April 2027 pukul 08.00"
    assert opens_message("join", datetime(2027, 3, 12, 10, 5, tzinfo=ZONE), now, "en") == (
        "You can join the call from today at 10:05."
    )
