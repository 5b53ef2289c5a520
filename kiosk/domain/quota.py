"""Daily visit quotas of a branch: walk-ins and online bookings, as pure functions over counts."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta


class VisitKind(enum.Enum):
    """How a participant came: with an online booking or as a walk-in."""

    WALK_IN = "walk_in"
    ONLINE = "online"


@dataclass(frozen=True)
class QuotaPolicy:
    """A branch's daily caps (defaults from the Kediri branch: 60 walk-ins, 87 online bookings)."""

    walk_in_daily: int = 60
    online_daily: int = 87

    def __post_init__(self) -> None:
        if self.walk_in_daily < 0 or self.online_daily < 0:
            raise ValueError("daily quotas cannot be negative")

    def cap(self, kind: VisitKind) -> int:
        """The daily cap for one kind of visit."""
        return self.walk_in_daily if kind is VisitKind.WALK_IN else self.online_daily


@dataclass(frozen=True)
class QuotaDecision:
    """Whether one more visit of a kind fits today, how many remain after it, and when the count resets."""

    kind: VisitKind
    allowed: bool
    cap: int
    used: int
    resets_at: datetime

    @property
    def remaining(self) -> int:
        """Visits of this kind still possible today (before this one is counted)."""
        return max(0, self.cap - self.used)

    def message(self, language: str = "id") -> str:
        """A sentence for the participant when the quota is full."""
        reset = self.resets_at.strftime("%H:%M")
        if self.kind is VisitKind.WALK_IN:
            if language == "en":
                return (
                    f"Today's {self.cap} walk-in places are all taken. New places open at {reset} "
                    f"tomorrow, or book online for another day."
                )
            return (
                f"Kuota {self.cap} antrean langsung hari ini sudah habis. Kuota baru dibuka besok pukul "
                f"{reset}, atau daftar online untuk hari lain."
            )
        if language == "en":
            return f"All {self.cap} online bookings for this day are taken. Please choose another day."
        return f"Semua {self.cap} kuota pendaftaran online hari itu sudah terisi. Silakan pilih hari lain."


def next_reset(now: datetime) -> datetime:
    """The next local midnight after `now` (which must carry its branch's time zone)."""
    if now.tzinfo is None:
        raise ValueError("quota times must be time-zone aware (the branch's local time)")
    tomorrow: date = now.date() + timedelta(days=1)
    return datetime.combine(tomorrow, time(0, 0), tzinfo=now.tzinfo)


def check_quota(policy: QuotaPolicy, kind: VisitKind, used_today: int, now: datetime) -> QuotaDecision:
    """Decide whether one more visit of `kind` fits, given how many were already counted today."""
    if used_today < 0:
        raise ValueError("a visit count cannot be negative")
    cap = policy.cap(kind)
    return QuotaDecision(kind, used_today < cap, cap, used_today, next_reset(now))


def slot_has_room(capacity: int, booked: int) -> bool:
    """True when a booking slot with `capacity` places and `booked` bookings takes one more."""
    return booked < capacity
