"""`kiosk.server.services.auth`: what a bearer token stands for."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from kiosk.domain.access import Role
from kiosk.server.context import utc_now
from kiosk.server.models import Branch
from kiosk.server.repositories import booths, users
from kiosk.server.services.auth import authenticate
from kiosk.server.services.limits import too_many_attempts


def test_user_tokens_until_they_expire_or_are_revoked(session: Session) -> None:
    user = users.user_by_username(session, "cso1")
    assert user is not None
    now = utc_now()
    users.add_token(session, user_id=user.id, token="u_abc", now=now, expires_at=now + timedelta(minutes=1))
    session.flush()
    principal = authenticate(session, "u_abc", now)
    assert principal is not None and (principal.role, principal.subject_id, principal.branch_code) == (
        Role.CSO,
        user.id,
        "KDR",
    )
    assert authenticate(session, "u_abc", now + timedelta(minutes=2)) is None
    users.revoke_token(session, "u_abc", now)
    session.flush()
    assert authenticate(session, "u_abc", now) is None
    assert authenticate(session, "u_unknown", now) is None
    assert authenticate(session, "x_no_prefix", now) is None


def test_booth_tokens(session: Session, branch: Branch) -> None:
    booth = booths.booth_by_number(session, branch, 6)
    assert booth is not None
    booths.set_device_token(booth, "b_booth6", utc_now())
    session.flush()
    principal = authenticate(session, "b_booth6", utc_now())
    assert principal is not None and (principal.role, principal.subject_id, principal.name) == (
        Role.BOOTH,
        booth.id,
        "booth 6",
    )


def test_too_many_attempts_says_when_to_retry() -> None:
    error = too_many_attempts(2.2, "too many")
    assert (error.status, error.code, error.headers, error.extra) == (
        429,
        "too_many_attempts",
        {"Retry-After": "3"},
        {"retry_after_s": 3},
    )
    assert error.message == "too many; try again in 3 s"
