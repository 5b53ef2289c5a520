"""Users (officers, supervisors, admins) and their login tokens.

`create_user` is the one way a user comes to exist: the REST route, ``kiosk server create-user`` and the demo
seed all call it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.domain.access import Role
from kiosk.protocol.rest import UserCreate, UserPublic
from kiosk.server.errors import ApiError, conflict
from kiosk.server.models import User, UserToken
from kiosk.server.repositories import audit
from kiosk.server.repositories.branches import find_branch
from kiosk.server.security import token_hash


def user_public(user: User) -> UserPublic:
    """The API view of a user."""
    return UserPublic(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=Role(user.role),
        branch_code=user.branch.code if user.branch else None,
        console_cap=user.console_cap,
    )


def user_by_username(session: Session, username: str) -> User | None:
    """The user with this name."""
    return session.execute(select(User).where(User.username == username)).scalar_one_or_none()


def user_by_id(session: Session, user_id: int) -> User | None:
    """The user with this id."""
    return session.get(User, user_id)


def create_user(*, session: Session, user_create: UserCreate, password_hash: str, now: datetime, actor: str) -> User:
    """Create a user and audit it (422 ``branch_required``/``unknown_branch``, 409 ``username_taken``).

    The caller hashes the password (argon2 is slow: outside the transaction, or many at once for the seed).
    """
    if user_create.role != "admin" and user_create.branch_code is None:
        raise ApiError(422, "branch_required", "a CSO or supervisor belongs to a branch")
    branch_id = None
    if user_create.branch_code is not None:
        branch = find_branch(session, user_create.branch_code)
        if branch is None:
            raise ApiError(422, "unknown_branch", f"there is no branch {user_create.branch_code}")
        branch_id = branch.id
    if user_by_username(session, user_create.username) is not None:
        raise conflict("username_taken", f"the username {user_create.username!r} is taken")
    user = User(
        username=user_create.username,
        display_name=user_create.display_name,
        role=user_create.role,
        branch_id=branch_id,
        password_hash=password_hash,
        active=True,
        console_cap=user_create.console_cap,
        created_at=now,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        at=now,
        actor=actor,
        action="user.created",
        subject_type="user",
        subject_id=user.id,
        details={"role": user_create.role, "branch": user_create.branch_code},
    )
    session.refresh(user)
    return user


def set_active(session: Session, user: User, active: bool) -> None:
    """Enable or disable a user (a disabled user's tokens stop working; the user keeps their history)."""
    user.active = active
    session.flush()


def add_token(session: Session, *, user_id: int, token: str, now: datetime, expires_at: datetime) -> None:
    """Store a login token (only its hash)."""
    session.add(UserToken(token_hash=token_hash(token), user_id=user_id, created_at=now, expires_at=expires_at))


def token_row(session: Session, token: str) -> UserToken | None:
    """The stored login token behind `token`, revoked or not."""
    return session.execute(select(UserToken).where(UserToken.token_hash == token_hash(token))).scalar_one_or_none()


def revoke_token(session: Session, token: str, now: datetime, *, keep_first_revocation: bool = False) -> None:
    """Mark a login token revoked (with `keep_first_revocation`, an already revoked one keeps its time)."""
    query = update(UserToken).where(UserToken.token_hash == token_hash(token))
    if keep_first_revocation:
        query = query.where(UserToken.revoked_at.is_(None))
    session.execute(query.values(revoked_at=now))
