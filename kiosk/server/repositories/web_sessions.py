"""Online participants' web sessions: opened for one booking, renewed on use, revoked at sign-out or the visit's
end. Only a token's sha256 is stored; the token itself lives in the participant's HttpOnly cookie."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, Role
from kiosk.server.models import Booking, OnlineWebSession
from kiosk.server.security import PARTICIPANT_TOKEN_PREFIX, new_token, token_hash

#: The name of the cookie that carries the token (HttpOnly, SameSite=Strict, Path=/).
COOKIE_NAME = "kiosk_online"


def open_web_session(
    session: Session, booking: Booking, *, now: datetime, idle_s: float, max_s: float
) -> tuple[str, OnlineWebSession]:
    """A new web session for `booking`: the token (to set in the cookie) and its row."""
    token = new_token(PARTICIPANT_TOKEN_PREFIX)
    row = OnlineWebSession(
        token_hash=token_hash(token),
        booking_id=booking.id,
        created_at=now,
        expires_at=now + timedelta(seconds=min(idle_s, max_s)),
        hard_expires_at=now + timedelta(seconds=max_s),
    )
    session.add(row)
    session.flush()
    return token, row


def web_session_of(session: Session, token: str, now: datetime) -> OnlineWebSession | None:
    """The live web session behind a token (None: unknown, expired, revoked, or its booking cancelled)."""
    if not token.startswith(PARTICIPANT_TOKEN_PREFIX) or len(token) > 200:
        return None
    row = session.execute(
        select(OnlineWebSession).where(OnlineWebSession.token_hash == token_hash(token))
    ).scalar_one_or_none()
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        return None
    if row.booking.status == "cancelled" or row.booking.erased_at is not None:
        return None
    return row


def participant_principal(row: OnlineWebSession) -> Principal:
    """The principal a live web session stands for: its booking, in its branch (no name: nothing personal)."""
    booking = row.booking
    return Principal(Role.PARTICIPANT, booking.id, booking.branch.code, f"online {booking.code[:3]}")


def web_principal(session: Session, token: str, now: datetime) -> Principal | None:
    """The participant behind a cookie token, without renewing it (the body guard's early look)."""
    row = web_session_of(session, token, now)
    return None if row is None else participant_principal(row)


def authenticate_participant(session: Session, token: str, now: datetime, *, idle_s: float) -> Principal | None:
    """The participant behind a cookie token, renewing its idle expiry (never past its hard expiry)."""
    row = web_session_of(session, token, now)
    if row is None:
        return None
    renewed = min(now + timedelta(seconds=idle_s), row.hard_expires_at)
    if renewed > row.expires_at:
        row.expires_at = renewed
    return participant_principal(row)


def revoke_token(session: Session, token: str, now: datetime) -> bool:
    """Sign one web session out; whether it was live."""
    result = session.execute(
        update(OnlineWebSession)
        .where(OnlineWebSession.token_hash == token_hash(token), OnlineWebSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def revoke_booking(session: Session, booking_id: int, now: datetime) -> int:
    """Sign every web session of a booking out (the visit ended, the booking was cancelled or moved)."""
    result = session.execute(
        update(OnlineWebSession)
        .where(OnlineWebSession.booking_id == booking_id, OnlineWebSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
