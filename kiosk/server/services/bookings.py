"""Placing and moving a booking under the branch's rules, shared by staff bookings (``/bookings``) and the online
channel (``/online/bookings``): the date may be booked, the slot exists and has room (else 409 ``slot_full`` with
the next free slots), the day's online quota is not used up, and the code is new."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy.orm import Session

from kiosk.domain.quota import QuotaDecision, QuotaPolicy, VisitKind, check_quota, slot_has_room
from kiosk.domain.references import new_booking_code
from kiosk.domain.slots import DateProblem, SlotFree, SlotPlan, bookable, check_booking_date, free_places, next_free
from kiosk.server.errors import conflict, unprocessable
from kiosk.server.models import Booking, Branch
from kiosk.server.repositories import bookings, online

#: Days searched for free slots after a full one.
SEARCH_DAYS = 14


def slot_plan(branch: Branch) -> SlotPlan:
    """The branch's slots."""
    return SlotPlan(branch.service_start, branch.service_end, branch.slot_minutes, branch.slot_capacity)


def day_places(session: Session, branch: Branch, day: date) -> list[SlotFree]:
    """Every slot of a branch's day with its free places."""
    return free_places(slot_plan(branch), day, online.booked_per_slot(session, branch.id, day))


def bookable_now(slot: SlotFree, local_now: datetime) -> bool:
    """A slot with a place that has not begun (in the branch's local time)."""
    return bookable(slot, local_now)


def next_free_slots(
    session: Session, branch: Branch, after: tuple[date, str], local_now: datetime, count: int
) -> list[SlotFree]:
    """The next `count` bookable slots after `after` (this day and the following two weeks)."""
    days = (day_places(session, branch, after[0] + timedelta(days=n)) for n in range(SEARCH_DAYS + 1))
    return next_free(days, local_now, after=after, count=count)


def online_quota(session: Session, branch: Branch, day: date, local_now: datetime) -> QuotaDecision:
    """Whether `day` takes one more online booking of `branch` (its daily online quota)."""
    reference_time = datetime.combine(day, time(12), tzinfo=local_now.tzinfo)
    return check_quota(
        QuotaPolicy(branch.walk_in_daily, branch.online_daily),
        VisitKind.ONLINE,
        bookings.count_bookings(session, branch.id, day),
        reference_time,
    )


def first_free_slot(session: Session, branch: Branch, local_now: datetime) -> SlotFree | None:
    """The branch's first slot from now on (this day and the following two weeks) with a place, on a day whose
    online quota is not used up; None when there is none."""
    for n in range(SEARCH_DAYS + 1):
        day = local_now.date() + timedelta(days=n)
        if not online_quota(session, branch, day, local_now).allowed:
            continue
        for slot in day_places(session, branch, day):
            if bookable(slot, local_now):
                return slot
    return None


def check_place(
    session: Session, branch: Branch, day: date, slot: str, local_now: datetime, *, next_count: int = 3
) -> None:
    """Raise the API's error when `day` at `slot` cannot take one more booking (see the module docstring)."""
    try:
        check_booking_date(day, local_now.date())
    except DateProblem as exc:
        raise unprocessable(exc.code, str(exc)) from None
    plan = slot_plan(branch)
    if slot not in plan.times():
        raise unprocessable("unknown_slot", plan.describe())
    if not slot_has_room(branch.slot_capacity, bookings.count_bookings(session, branch.id, day, slot)):
        offers = next_free_slots(session, branch, (day, slot), local_now, next_count)
        raise conflict(
            "slot_full",
            f"the {slot} slot on {day.isoformat()} is fully booked; choose another",
            next_free=[{"date": s.day.isoformat(), "slot": s.slot, "free": s.free} for s in offers],
        )
    decision = online_quota(session, branch, day, local_now)
    if not decision.allowed:
        raise conflict("quota_exhausted", decision.message("en"), quota=decision.cap, kind="online")


def new_code(session: Session, branch: Branch) -> str:
    """A booking code no booking has yet."""
    code = new_booking_code(branch.code)
    while bookings.code_taken(session, code):
        code = new_booking_code(branch.code)
    return code


def new_booking(
    session: Session,
    branch: Branch,
    *,
    day: date,
    slot: str,
    nik: str,
    kpj: str,
    claim_type: str,
    phone: str | None,
    now: datetime,
    created_by: str,
    channel: str = "booth",
    language: str = "id",
) -> Booking:
    """A booking of `branch` with a fresh code, not yet stored (staff and online bookings alike)."""
    return Booking(
        code=new_code(session, branch),
        branch_id=branch.id,
        visit_date=day,
        slot=slot,
        nik=nik,
        kpj=kpj,
        claim_type=claim_type,
        phone=phone,
        status="booked",
        created_at=now,
        created_by=created_by,
        channel=channel,
        language=language,
    )
