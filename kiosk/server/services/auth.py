"""Who a token stands for, and logging in and out (the REST API and the dashboard share both)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from kiosk.domain.access import Principal, Role
from kiosk.protocol.rest import TokenResponse
from kiosk.server.context import HubContext
from kiosk.server.errors import ApiError, conflict, not_found, unauthorized
from kiosk.server.events import AccessRevoked
from kiosk.server.repositories import audit, booths, users
from kiosk.server.security import BOOTH_TOKEN_PREFIX, USER_TOKEN_PREFIX, new_token, token_hash, verify_password
from kiosk.server.services.limits import Limit


@dataclass(frozen=True)
class TokenCheck:
    """What a bearer token stands for now, and if nothing, why."""

    principal: Principal | None
    #: When a login token expires (None for a booth's device token, which lasts until the booth is re-enrolled).
    expires_at: datetime | None = None
    #: Why the token is refused: ``unknown``, ``revoked``, ``expired``, ``disabled`` (empty when it is valid).
    reason: str = ""


def check_token(session: Session, token: str, now: datetime) -> TokenCheck:
    """Look a bearer token up: its principal and expiry, or why it no longer stands for anyone."""
    if token.startswith(USER_TOKEN_PREFIX):
        row = users.token_row(session, token)
        # A user deleted behind the hub's back (foreign keys off) leaves a token without its user: unknown.
        if row is None or row.user is None:
            return TokenCheck(None, reason="unknown")
        if row.revoked_at is not None:
            return TokenCheck(None, reason="revoked")
        if row.expires_at <= now:
            return TokenCheck(None, reason="expired")
        user = row.user
        if not user.active:
            return TokenCheck(None, reason="disabled")
        principal = Principal(Role(user.role), user.id, user.branch.code if user.branch else None, user.display_name)
        return TokenCheck(principal, expires_at=row.expires_at)
    if token.startswith(BOOTH_TOKEN_PREFIX):
        booth = booths.booth_by_token(session, token)
        if booth is None:
            return TokenCheck(None, reason="unknown")
        return TokenCheck(Principal(Role.BOOTH, booth.id, booth.branch.code, f"booth {booth.number}"))
    return TokenCheck(None, reason="unknown")


def authenticate(session: Session, token: str, now: datetime) -> Principal | None:
    """The principal a bearer token stands for, or None for an unknown, expired or revoked token."""
    return check_token(session, token, now).principal


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
    """Revoke a login token, audited; its cached entry and its open sockets end at once."""
    now = hub.now()
    with hub.db.session() as session:
        users.revoke_token(session, token, now)
        audit.record(
            session, at=now, actor=who.actor, action="auth.logout", subject_type="user", subject_id=who.subject_id
        )
    hub.tokens.discard(token)
    hub.events.publish(AccessRevoked(who.subject_id, token_hash(token)))


def revoke_quietly(hub: HubContext, token: str) -> None:
    """Revoke a login token without an audit event (the dashboard's sign-out and its refusal of a CSO)."""
    with hub.db.session() as session:
        row = users.token_row(session, token)
        users.revoke_token(session, token, hub.now(), keep_first_revocation=True)
        user_id = row.user_id if row is not None else None
    hub.tokens.discard(token)
    if user_id is not None:
        hub.events.publish(AccessRevoked(user_id, token_hash(token)))


def set_user_active(hub: HubContext, user_id: int, active: bool, who: Principal) -> None:
    """Disable or re-enable a user (audited). Disabling ends the user's cached tokens and open sockets at once.

    404 for a user the caller may not see (another branch's), 409 ``cannot_disable_self``.
    """
    if user_id == who.subject_id and who.role.is_staff and not active:
        raise conflict("cannot_disable_self", "an admin cannot disable their own account")
    now = hub.now()
    with hub.db.session() as session:
        user = users.user_by_id(session, user_id)
        branch = user.branch.code if user is not None and user.branch is not None else None
        if user is None or (who.branch_code is not None and branch != who.branch_code):
            raise not_found("user")
        users.set_active(session, user, active)
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="user.enabled" if active else "user.disabled",
            subject_type="user",
            subject_id=user_id,
        )
    if not active:
        hub.events.publish(AccessRevoked(user_id, reason="disabled"))
