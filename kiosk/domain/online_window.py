"""When an online participant may prepare (consent, intake, documents) and join the call, as pure functions of the
booking's day and slot in the branch's time zone; and the opening time in words for a participant who is early."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo

_MONTHS_ID = (
    "Januari", "Februari", "Maret", "April", "Mei", "Juni",
    "Juli", "Agustus", "September", "Oktober", "November", "Desember",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


@dataclass(frozen=True)
class VisitWindow:
    """The times around one booked slot (aware datetimes in the branch's zone)."""

    slot_start: datetime
    prepare_opens: datetime
    join_opens: datetime
    join_closes: datetime

    def can_prepare(self, now: datetime) -> bool:
        """Consent, intake and uploads are open from the day before until the join window closes."""
        return self.prepare_opens <= now < self.join_closes

    def can_join(self, now: datetime) -> bool:
        """Joining the branch's queue is open around the slot."""
        return self.join_opens <= now < self.join_closes

    def is_over(self, now: datetime) -> bool:
        """The slot's join window has closed: the booking can no longer be used."""
        return now >= self.join_closes


def visit_window(
    day: date,
    slot: str,
    zone: tzinfo,
    *,
    prepare_days_before: int,
    join_opens_before_min: float,
    join_closes_after_min: float,
) -> VisitWindow:
    """The window of a booking for `day` at `slot` (``HH:MM`` local time in `zone`). Preparing opens at the start
    of the day `prepare_days_before` days before the visit."""
    start = datetime.combine(day, time.fromisoformat(slot), tzinfo=zone)
    prepare = datetime.combine(day - timedelta(days=prepare_days_before), time(0, 0), tzinfo=zone)
    return VisitWindow(
        slot_start=start,
        prepare_opens=prepare,
        join_opens=start - timedelta(minutes=join_opens_before_min),
        join_closes=start + timedelta(minutes=join_closes_after_min),
    )


def _clock(moment: datetime, language: str) -> str:
    return moment.strftime("%H:%M") if language == "en" else moment.strftime("%H.%M")


def date_in_words(moment: datetime, language: str = "id") -> str:
    """A moment with its date, for a message read later: "12 Maret 2027 pukul 09.00" ("12 March 2027 at 09:00")."""
    if language == "en":
        return f"{moment.day} {_MONTHS_EN[moment.month - 1]} {moment.year} at {_clock(moment, language)}"
    return f"{moment.day} {_MONTHS_ID[moment.month - 1]} {moment.year} pukul {_clock(moment, language)}"


def when_in_words(moment: datetime, now: datetime, language: str = "id") -> str:
    """A moment as a participant reads it: "hari ini pukul 10.05", "besok pukul 08.00", or the date
    ("Senin"-free: "12 Maret 2027 pukul 09.00"). Indonesian writes the time with a dot."""
    local_now = now.astimezone(moment.tzinfo)
    clock = _clock(moment, language)
    if moment.date() == local_now.date():
        return f"today at {clock}" if language == "en" else f"hari ini pukul {clock}"
    if moment.date() == local_now.date() + timedelta(days=1):
        return f"tomorrow at {clock}" if language == "en" else f"besok pukul {clock}"
    return date_in_words(moment, language)


def opens_message(what: str, moment: datetime, now: datetime, language: str = "id") -> str:
    """The sentence for someone who is early: `what` is ``join`` or ``prepare``."""
    words = when_in_words(moment, now, language)
    if language == "en":
        return f"You can join the call from {words}." if what == "join" else f"Preparation opens {words}."
    return f"Anda dapat bergabung mulai {words}." if what == "join" else f"Persiapan dibuka {words}."
