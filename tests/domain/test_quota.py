"""Daily walk-in and online quotas."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kiosk.domain.quota import QuotaPolicy, VisitKind, check_quota, next_reset, slot_has_room

WIB = timezone(timedelta(hours=7))
NOON = datetime(2026, 11, 21, 12, 0, tzinfo=WIB)


def test_defaults_are_sixty_walk_ins_and_eighty_seven_online() -> None:
    policy = QuotaPolicy()
    assert (policy.walk_in_daily, policy.online_daily) == (60, 87)


def test_the_sixty_first_walk_in_is_refused() -> None:
    policy = QuotaPolicy()
    assert check_quota(policy, VisitKind.WALK_IN, 59, NOON).allowed
    full = check_quota(policy, VisitKind.WALK_IN, 60, NOON)
    assert not full.allowed
    assert full.remaining == 0
    assert full.resets_at == datetime(2026, 11, 22, 0, 0, tzinfo=WIB)
    assert "60" in full.message("id") and "00:00" in full.message("id")
    assert "walk-in" in full.message("en")


def test_online_quota_is_separate() -> None:
    policy = QuotaPolicy(walk_in_daily=0, online_daily=2)
    assert not check_quota(policy, VisitKind.WALK_IN, 0, NOON).allowed
    assert check_quota(policy, VisitKind.ONLINE, 1, NOON).remaining == 1
    assert not check_quota(policy, VisitKind.ONLINE, 2, NOON).allowed


def test_reset_is_the_next_local_midnight_and_needs_a_time_zone() -> None:
    assert next_reset(datetime(2026, 12, 31, 23, 59, tzinfo=WIB)) == datetime(2027, 1, 1, tzinfo=WIB)
    with pytest.raises(ValueError, match="time-zone"):
        next_reset(datetime(2026, 11, 21, 12, 0))


def test_bad_counts_are_refused() -> None:
    with pytest.raises(ValueError):
        QuotaPolicy(walk_in_daily=-1)
    with pytest.raises(ValueError):
        check_quota(QuotaPolicy(), VisitKind.WALK_IN, -1, NOON)


def test_slot_capacity() -> None:
    assert slot_has_room(4, 3)
    assert not slot_has_room(4, 4)
