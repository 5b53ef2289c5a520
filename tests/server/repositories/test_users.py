"""`kiosk.server.repositories.users`: the one way to create a user, and login tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from kiosk.protocol.rest import UserCreate
from kiosk.server.context import utc_now
from kiosk.server.errors import ApiError
from kiosk.server.models import AuditEvent
from kiosk.server.repositories import users


def _body(**changes: object) -> UserCreate:
    values: dict[str, object] = {
        "username": "dewi",
        "display_name": "Dewi Lestari",
        "role": "cso",
        "branch_code": "KDR",
        "password": "dewi-pass-2026",
        "console_cap": 3,
    }
    values.update(changes)
    return UserCreate.model_validate(values)


def test_create_user_stores_the_user_and_audits_it(session: Session) -> None:
    user = users.create_user(session=session, user_create=_body(), password_hash="h", now=utc_now(), actor="cli")
    public = users.user_public(user)
    assert (public.username, public.role.value, public.branch_code, public.console_cap) == ("dewi", "cso", "KDR", 3)
    assert users.user_by_username(session, "dewi") is user
    assert users.user_by_id(session, user.id) is user
    event = session.query(AuditEvent).order_by(AuditEvent.seq.desc()).first()
    assert event is not None and (event.action, event.actor, event.subject_id) == ("user.created", "cli", str(user.id))


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"username": "cso1"}, 409, "username_taken"),
        ({"branch_code": "XYZ"}, 422, "unknown_branch"),
        ({"branch_code": None}, 422, "branch_required"),
    ],
)
def test_create_user_refuses(session: Session, changes: dict[str, object], status: int, code: str) -> None:
    with pytest.raises(ApiError) as caught:
        users.create_user(session=session, user_create=_body(**changes), password_hash="h", now=utc_now(), actor="t")
    assert (caught.value.status, caught.value.code) == (status, code)


def test_an_admin_needs_no_branch(session: Session) -> None:
    body = _body(username="root2", role="admin", branch_code=None)
    user = users.create_user(session=session, user_create=body, password_hash="h", now=utc_now(), actor="t")
    assert user.branch_id is None


def test_tokens_are_stored_as_hashes_and_revoked(session: Session) -> None:
    user = users.user_by_username(session, "cso1")
    assert user is not None
    now = utc_now()
    users.add_token(session, user_id=user.id, token="u_secret", now=now, expires_at=now + timedelta(hours=1))
    session.flush()
    row = users.token_row(session, "u_secret")
    assert row is not None and row.token_hash != "u_secret" and row.revoked_at is None
    users.revoke_token(session, "u_secret", now)
    users.revoke_token(session, "u_secret", now + timedelta(minutes=5), keep_first_revocation=True)
    session.refresh(row)
    assert row.revoked_at is not None and abs((row.revoked_at - now).total_seconds()) < 1
