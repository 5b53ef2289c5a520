"""A branch's booking slots as pure functions: which slots a day has, how many places each has left, the next free
ones after a full slot, and which dates may be booked. Used by staff bookings and by the online channel alike."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

#: Bookings open at most this many days ahead.
MAX_DAYS_AHEAD = 90


@dataclass(frozen=True)
class SlotPlan:
    """A branch's service hours and its slots: one every `slot_minutes` from `start` until before `end`, each with
    `capacity` places."""

    start: str
    end: str
    slot_minutes: int
    capacity: int

    def times(self) -> list[str]:
        """The slots' start times (``HH:MM``, local time), in order."""
        current = datetime.combine(date.min, time.fromisoformat(self.start))
        end = datetime.combine(date.min, time.fromisoformat(self.end))
        slots = []
        while current < end and self.slot_minutes > 0:
            slots.append(current.strftime("%H:%M"))
            current += timedelta(minutes=self.slot_minutes)
        return slots

    def describe(self) -> str:
        """The rule in English, for an ``unknown_slot`` error."""
        return f"slots start every {self.slot_minutes} minutes from {self.start} until before {self.end}"


@dataclass(frozen=True)
class SlotFree:
    """How many places one slot of one day has left."""

    day: date
    slot: str
    free: int


def free_places(plan: SlotPlan, day: date, booked: Mapping[str, int]) -> list[SlotFree]:
    """Every slot of `day` with its free places (`booked`: bookings per slot; a missing slot has none)."""
    return [SlotFree(day, slot, max(0, plan.capacity - booked.get(slot, 0))) for slot in plan.times()]


def bookable(slot: SlotFree, now: datetime) -> bool:
    """A slot that has a place and has not started yet (`now`: the branch's local time)."""
    starts = datetime.combine(slot.day, time.fromisoformat(slot.slot), tzinfo=now.tzinfo)
    return slot.free > 0 and starts > now


def next_free(
    days: Iterable[list[SlotFree]], now: datetime, *, after: tuple[date, str], count: int = 3
) -> list[SlotFree]:
    """The first `count` bookable slots later than `after` (a day and slot), in time order, from `days` (each
    day's slots in order; days in order)."""
    found: list[SlotFree] = []
    for slots in days:
        for slot in slots:
            if (slot.day, slot.slot) <= after or not bookable(slot, now):
                continue
            found.append(slot)
            if len(found) >= count:
                return found
    return found


class DateProblem(ValueError):
    """A booking date that cannot be booked; `code` is the API's error code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def check_booking_date(day: date, today: date, *, max_days_ahead: int = MAX_DAYS_AHEAD) -> None:
    """Raise `DateProblem` for a day in the past or more than `max_days_ahead` days away."""
    if day < today:
        raise DateProblem("date_in_past", "bookings are for today or a later day")
    if day > today + timedelta(days=max_days_ahead):
        raise DateProblem("date_too_far", f"bookings open at most {max_days_ahead} days ahead")
