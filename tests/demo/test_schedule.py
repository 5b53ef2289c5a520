"""The visitors' schedule: free booths get the next visitor, the first ones staggered, booked visitors booked."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import date

import pytest

from kiosk.demo.cast import CASES_BY_KEY, Arrival, Visitor, choose_cases, make_visitors
from kiosk.demo.options import DemoError
from kiosk.demo.schedule import SEEDED_BOOKINGS, SLOTS, Bookings, VisitorSchedule

TODAY = date(2026, 11, 21)


@dataclass(frozen=True)
class FakeBooking:
    code: str


class FakeAdmin:
    """The demo admin's hub client: books slots, refusing those in `full`."""

    def __init__(self, full: frozenset[str] = frozenset()) -> None:
        self.full = full
        self.booked: list[str] = []

    def create_booking(self, branch: str, day: date, slot: str, nik: str, kpj: str, claim_type: str) -> FakeBooking:
        if slot in self.full:
            raise RuntimeError("slot full")
        self.booked.append(slot)
        return FakeBooking(f"{branch}-{slot}")


def visitors(count: int, *keys: str) -> list[Visitor]:
    return make_visitors(choose_cases(count, keys or None), TODAY)


@pytest.mark.asyncio
async def test_free_booths_get_visitors_in_order_and_booked_ones_a_booking() -> None:
    schedule = VisitorSchedule(stagger_s=0.0)
    schedule.visitors = visitors(3)
    bookings = Bookings(FakeAdmin(), TODAY)  # type: ignore[arg-type]
    sent: list[tuple[int, Visitor]] = []
    for booth in (1, 2):
        schedule.booth_free(booth)
    await schedule.dispatch(time.monotonic(), bookings.book, lambda booth, v: sent.append((booth, v)))
    assert [(booth, v.number) for booth, v in sent] == [(1, 1), (2, 2)]
    assert [v.number for v in schedule.handed()] == [1, 2]
    for _, visitor in sent:
        booked = visitor.arrival == Arrival.BOOKING.value
        assert (visitor.booking_code is not None) == booked
        assert schedule.visitors[visitor.number - 1] == visitor  # the booking code is kept for the report


@pytest.mark.asyncio
async def test_the_first_visitors_are_staggered() -> None:
    schedule = VisitorSchedule(stagger_s=60.0)
    schedule.visitors = visitors(3)
    sent: list[int] = []
    schedule.booth_free(1)
    schedule.booth_free(2)
    await schedule.dispatch(time.monotonic(), lambda v: v, lambda booth, v: sent.append(booth))
    assert sent == [1]  # booth 2's first visitor is due a minute later
    await schedule.dispatch(time.monotonic() - 60.0, lambda v: v, lambda booth, v: sent.append(booth))
    assert sent == [1, 2]


@pytest.mark.asyncio
async def test_no_visitor_left_leaves_the_booth_waiting() -> None:
    schedule = VisitorSchedule(stagger_s=0.0)
    schedule.visitors = visitors(1)
    sent: list[int] = []
    schedule.booth_free(1)
    schedule.booth_free(2)
    await schedule.dispatch(time.monotonic(), lambda v: v, lambda booth, v: sent.append(booth))
    assert sent == [1]
    assert schedule.handed_count == 1


def test_seeded_bookings_first_then_new_slots_skipping_full_ones() -> None:
    booked_case = next(key for key, case in CASES_BY_KEY.items() if case.registry_case in SEEDED_BOOKINGS.values())
    first, second = visitors(2, booked_case, booked_case)
    admin = FakeAdmin(full=frozenset({SLOTS[0]}))
    bookings = Bookings(admin, TODAY)  # type: ignore[arg-type]
    assert bookings.book(first).booking_code in SEEDED_BOOKINGS
    assert bookings.book(second).booking_code == f"KDR-{SLOTS[1]}"
    assert admin.booked == [SLOTS[1]]


def test_no_slot_left_is_a_demo_error() -> None:
    unseeded = next(key for key, case in CASES_BY_KEY.items() if case.registry_case not in SEEDED_BOOKINGS.values())
    (visitor,) = visitors(1, unseeded)
    bookings = Bookings(FakeAdmin(full=frozenset(SLOTS)), TODAY)  # type: ignore[arg-type]
    with pytest.raises(DemoError, match="no booking slot"):
        bookings.book(visitor)
