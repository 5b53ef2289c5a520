"""Rate counters: count an attempt and read the count back in one statement, so no two attempts see the same count.

`take` is one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``: the row of a key is created, restarted (its window
has passed) or incremented, and its new count returned, atomically on SQLite and on PostgreSQL (where concurrent
upserts of one key wait for each other's row lock). Several hub processes on one database therefore share one
count, which an in-process lock could not give.
"""

from __future__ import annotations

from sqlalchemy import case, delete, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kiosk.server.models import RateCounter


def take(session: Session, key: str, *, window_s: float, now: float) -> tuple[int, float]:
    """Count one attempt against `key`; its count in the current window (this one included) and the window's start.

    A window starts at the first attempt after the previous one ended (a fixed window per key, not aligned).
    """
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    expired = RateCounter.window_start <= now - window_s
    statement = (
        insert(RateCounter)
        .values(key=key, window_start=now, count=1)
        .on_conflict_do_update(
            index_elements=[RateCounter.key],
            # Both right-hand sides read the row as it was before this statement.
            set_={
                "count": case((expired, 1), else_=RateCounter.count + 1),
                "window_start": case((expired, now), else_=RateCounter.window_start),
            },
        )
        .returning(RateCounter.count, RateCounter.window_start)
    )
    count, start = session.execute(statement).one()
    return int(count), float(start)


def give_back(session: Session, key: str, window_start: float) -> None:
    """Uncount one attempt of the window that began at `window_start` (a success costs nothing)."""
    session.execute(
        update(RateCounter)
        .where(RateCounter.key == key, RateCounter.window_start == window_start, RateCounter.count > 0)
        .values(count=RateCounter.count - 1)
    )


def forget_before(session: Session, before: float) -> int:
    """Delete counters whose window began before `before` (they can no longer refuse anything); how many."""
    result = session.execute(delete(RateCounter).where(RateCounter.window_start < before))
    return int(getattr(result, "rowcount", 0) or 0)
