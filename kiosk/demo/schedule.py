"""The visitors' schedule: which visitor goes to which free booth next, and the booking each booked visitor
brings (a seeded booking for their registry case while one is unused, else a new one in the next slot)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

from kiosk.demo.branch import BRANCH
from kiosk.demo.cast import Arrival, Visitor
from kiosk.demo.options import DemoError

if TYPE_CHECKING:
    from kiosk.client.hub_api import HubClient

log = logging.getLogger("kiosk.demo")

#: Seeded bookings for today (kiosk.server.seed): code -> the registry case that booked it.
SEEDED_BOOKINGS = {
    "KDR-DEMAA2": "jht_layoff_eligible",
    "KDR-DEMAB3": "jht_resignation_waiting",
    "KDR-DEMAC4": "jht_above_npwp_threshold_without_npwp",
}
#: Booking slots of the demo branch (08:00 to 14:30, seven visits each).
SLOTS = tuple(f"{h:02d}:{m:02d}" for h in range(8, 15) for m in (0, 30))


class Bookings:
    """Books visits of today on the hub, as the demo admin."""

    def __init__(self, admin: HubClient, today: date) -> None:
        self._admin = admin
        self._today = today
        self._seeded_codes = dict(SEEDED_BOOKINGS)
        self._slot = 0

    def book(self, visitor: Visitor) -> Visitor:
        """The visitor's booking code: a seeded one for their registry case while unused, else a new booking."""
        from kiosk.demo.cast import CASES_BY_KEY

        case = CASES_BY_KEY[visitor.case]
        for code, registry_case in list(self._seeded_codes.items()):
            if registry_case == case.registry_case:
                del self._seeded_codes[code]
                return replace(visitor, booking_code=code)
        for _ in range(len(SLOTS)):
            slot = SLOTS[self._slot % len(SLOTS)]
            self._slot += 1
            try:
                booking = self._admin.create_booking(BRANCH, self._today, slot, visitor.nik, visitor.kpj,
                                                     visitor.claim_type)
            except Exception as exc:  # a full slot: try the next one
                log.info("booking in slot %s refused: %s", slot, type(exc).__name__)
                continue
            return replace(visitor, booking_code=booking.code)
        raise DemoError("no booking slot left today")


class VisitorSchedule:
    """Free booths queue up; each gets the next visitor, the first ones `stagger_s` apart."""

    def __init__(self, stagger_s: float) -> None:
        self.stagger_s = stagger_s
        self.visitors: list[Visitor] = []
        #: How many visitors have been sent to a booth (they are the first ones of `visitors`).
        self.handed_count = 0
        self._waiting_booths: deque[int] = deque()
        self._first_round: set[int] = set()

    def booth_free(self, booth: int) -> None:
        """`booth` waits for its next visitor."""
        self._waiting_booths.append(booth)

    def handed(self) -> list[Visitor]:
        """The visitors sent to a booth so far."""
        return [v for v in self.visitors if v.number <= self.handed_count]

    async def dispatch(
        self, started: float, book: Callable[[Visitor], Visitor], send: Callable[[int, Visitor], None]
    ) -> None:
        """Send the next visitor to each free booth (the first ones staggered), booking their visit first."""
        while self._waiting_booths and self.handed_count < len(self.visitors):
            booth = self._waiting_booths[0]
            if booth not in self._first_round:
                # The first visitors arrive one after the other, not all at the same second.
                due = started + self.stagger_s * len(self._first_round)
                if time.monotonic() < due:
                    return
                self._first_round.add(booth)
            self._waiting_booths.popleft()
            visitor = self.visitors[self.handed_count]
            self.handed_count += 1
            if visitor.arrival == Arrival.BOOKING.value:
                visitor = await asyncio.to_thread(book, visitor)
                self.visitors[visitor.number - 1] = visitor
            send(booth, visitor)
