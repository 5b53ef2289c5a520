"""Who a token stands for, and logging in and out (the REST API and the dashboard share both)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, Role
from kiosk.protocol.rest import TokenResponse
from kiosk.server.context import HubContext
from kiosk.server.errors import ApiError, unauthorized
from kiosk.server.repositories import audit, booths, users
from kiosk.server.security import BOOTH_TOKEN_PREFIX, USER_TOKEN_PREFIX, new_token, verify_password
from kiosk.server.services.limits import Limit


def authenticate(session: Session, token: str, now: datetime) -> Principal | None:
    """The principal a bearer token stands for, or None for an unknown, expired or revoked token."""
    if token.startswith(USER_TOKEN_PREFIX):
        row = users.token_row(session, token)
        if row is None or row.revoked_at is not None or row.expires_at <= now or not row.user.active:
            return None
        user = row.user
        return Principal(Role(user.role), user.id, user.branch.code if user.branch else None, user.display_name)
    if token.startswith(BOOTH_TOKEN_PREFIX):
        booth = booths.booth_by_token(session, token)
        if booth is None:
            return None
        return Principal(Role.BOOTH, booth.id, booth.branch.code, f"booth {booth.number}")
    return None


def principal_of(hub: HubContext, token: str | None) -> Principal | None:
    """`authenticate` in a unit of work of its own (None for a missing or oversized token)."""
    if not token or len(token) > 200:
        return None
    with hub.db.session() as session:
        return authenticate(session, token, hub.now())


def login_limits(hub: HubContext, username: str, ip: str) -> list[tuple[Limit, str]]:
    """The budgets one login attempt is counted against: the account from this address, the account from
    anywhere (a guesser with many addresses), this address for any account (a guesser trying many names), and
    the whole hub (bounds the password-hashing work a flood can cause)."""
    server = hub.settings.server
    name = username.lower()
    return [
        (Limit("login.account_address", server.login_attempts_per_minute), f"{name}|{ip}"),
        (Limit("login.account", server.login_attempts_per_account_per_minute), name),
        (Limit("login.address", server.login_attempts_per_address_per_minute), ip),
        (Limit("login.all", server.login_attempts_global_per_minute), ""),
    ]


def login(hub: HubContext, username: str, password: str, ip: str) -> TokenResponse:
    """Exchange a username and password for a token (rate-limited per account, address and hub; audited).

    401 for a wrong name or password, 403 ``account_locked`` for a right password of a disabled account, 429.
    Call it from a worker thread: the argon2 verification takes tens of milliseconds, and is done with no
    transaction open (on SQLite a transaction holds the database's only write lock, which every request needs).
    """
    try:
        taken = hub.limiter.take(login_limits(hub, username, ip), "too many failed logins")
    except ApiError:
        hub.metrics.logins.labels("limited").inc()
        raise
    with hub.db.session() as session:
        found = users.user_by_username(session, username)
        user_id, stored_hash = (found.id, found.password_hash) if found else (None, None)
    with hub.password_checks:
        ok = verify_password(stored_hash, password)  # slow on purpose: with no transaction open
    now = hub.now()
    with hub.db.session() as session:
        user = users.user_by_id(session, user_id) if ok and user_id is not None else None
        # The password may have changed since it was read: only the hash just verified counts.
        ok = user is not None and user.password_hash == stored_hash
        locked = ok and user is not None and not user.active
        if not ok or user is None or locked:
            hub.metrics.logins.labels("locked" if locked else "failed").inc()
            audit.record(
                session,
                at=now,
                actor="anonymous",
                action="auth.login_locked" if locked else "auth.login_failed",
                subject_type="user",
                subject_id=user_id if user_id is not None else "unknown",
                details={"ip": ip},
            )
            failed = True
        else:
            failed = False
            token = new_token(USER_TOKEN_PREFIX)
            expires = now + timedelta(seconds=hub.settings.server.token_ttl_s)
            users.add_token(session, user_id=user.id, token=token, now=now, expires_at=expires)
            audit.record(
                session,
                at=now,
                actor=f"user:{user.id}",
                action="auth.login",
                subject_type="user",
                subject_id=user.id,
                details={"ip": ip},
            )
            result = TokenResponse(token=token, expires_at=expires, user=users.user_public(user))
    if failed:
        # Raised after the unit of work so the failure's audit event is committed, not rolled back.
        if locked:
            hub.limiter.give_back(taken)  # the password was right: not a guess
            # Only told to someone who knows the password, so it reveals nothing to a guesser.
            raise ApiError(403, "account_locked", "this account is locked; the branch admin can unlock it")
        raise unauthorized("wrong username or password")
    hub.limiter.give_back(taken)
    hub.metrics.logins.labels("ok").inc()
    return result


def logout(hub: HubContext, token: str, who: Principal) -> None:
    """Revoke a login token, audited, and forget it in the token cache."""
    now = hub.now()
    with hub.db.session() as session:
        users.revoke_token(session, token, now)
        audit.record(
            session, at=now, actor=who.actor, action="auth.logout", subject_type="user", subject_id=who.subject_id
        )
    hub.tokens.discard(token)


def revoke_quietly(hub: HubContext, token: str) -> None:
    """Revoke a login token without an audit event (the dashboard's sign-out and its refusal of a CSO)."""
    with hub.db.session() as session:
        users.revoke_token(session, token, hub.now(), keep_first_revocation=True)
