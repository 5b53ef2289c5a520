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


def too_many_attempts(retry_after_s: float, what: str) -> ApiError:
    """429 with Retry-After, for a rate limiter that refused."""
    retry = max(1, int(retry_after_s + 0.999))
    return ApiError(
        429,
        "too_many_attempts",
        f"{what}; try again in {retry} s",
        headers={"Retry-After": str(retry)},
        retry_after_s=retry,
    )


def login(hub: HubContext, username: str, password: str, ip: str) -> TokenResponse:
    """Exchange a username and password for a token (rate-limited per user and address, audited).

    401 for a wrong name or password, 403 ``account_locked`` for a right password of a disabled account, 429.
    """
    key = f"{username.lower()}|{ip}"
    decision = hub.login_limiter.check(key)
    if not decision.allowed:
        hub.metrics.logins.labels("limited").inc()
        raise too_many_attempts(decision.retry_after_s, "too many failed logins for this user from this address")
    now = hub.now()
    with hub.db.session() as session:
        user = users.user_by_username(session, username)
        ok = verify_password(user.password_hash if user else None, password)
        locked = ok and user is not None and not user.active
        if not ok or user is None or locked:
            if not locked:
                hub.login_limiter.hit(key)
            hub.metrics.logins.labels("locked" if locked else "failed").inc()
            audit.record(
                session,
                at=now,
                actor="anonymous",
                action="auth.login_locked" if locked else "auth.login_failed",
                subject_type="user",
                subject_id=user.id if user else "unknown",
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
            # Only told to someone who knows the password, so it reveals nothing to a guesser.
            raise ApiError(403, "account_locked", "this account is locked; the branch admin can unlock it")
        raise unauthorized("wrong username or password")
    hub.login_limiter.reset(key)
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
