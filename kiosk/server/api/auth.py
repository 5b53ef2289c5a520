"""Logins, tokens and users: ``/api/v1/auth/*`` and ``/api/v1/users``."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request, Response
from sqlalchemy import select, update

from kiosk.domain.access import Role
from kiosk.protocol.rest import LoginRequest, PrincipalPublic, TokenResponse, UserCreate, UserPublic
from kiosk.server import audit
from kiosk.server.deps import HubDep, PrincipalDep, StaffDep
from kiosk.server.errors import ApiError, conflict, forbidden, unauthorized
from kiosk.server.models import Branch, User, UserToken
from kiosk.server.security import USER_TOKEN_PREFIX, hash_password, new_token, token_hash, verify_password
from kiosk.server.services import user_by_username

router = APIRouter(tags=["auth"])


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


def client_ip(request: Request) -> str:
    """The caller's address (the hub is reached directly on the branch LAN, not through a proxy)."""
    return request.client.host if request.client else "unknown"


@router.post(
    "/auth/login",
    response_model=TokenResponse,
    responses={
        401: {"description": "wrong username or password"},
        403: {"description": "account_locked: the password is right but the account is disabled"},
        429: {"description": "too_many_attempts, with Retry-After"},
    },
)
def login(body: LoginRequest, request: Request, hub: HubDep) -> TokenResponse:
    """Exchange a username and password for a bearer token that expires after ``server.token_ttl_s``."""
    key = f"{body.username.lower()}|{client_ip(request)}"
    decision = hub.login_limiter.check(key)
    if not decision.allowed:
        hub.metrics.logins.labels("limited").inc()
        retry = max(1, int(decision.retry_after_s + 0.999))
        raise ApiError(
            429,
            "too_many_attempts",
            f"too many failed logins for this user from this address; try again in {retry} s",
            headers={"Retry-After": str(retry)},
            retry_after_s=retry,
        )
    now = hub.now()
    with hub.db.session() as session:
        user = user_by_username(session, body.username)
        ok = verify_password(user.password_hash if user else None, body.password)
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
                details={"ip": client_ip(request)},
            )
            failed = True
        else:
            failed = False
            token = new_token(USER_TOKEN_PREFIX)
            expires = now + timedelta(seconds=hub.settings.server.token_ttl_s)
            session.add(UserToken(token_hash=token_hash(token), user_id=user.id, created_at=now, expires_at=expires))
            audit.record(
                session,
                at=now,
                actor=f"user:{user.id}",
                action="auth.login",
                subject_type="user",
                subject_id=user.id,
                details={"ip": client_ip(request)},
            )
            result = TokenResponse(token=token, expires_at=expires, user=user_public(user))
    if failed:
        # Raised after the unit of work so the failure's audit event is committed, not rolled back.
        if locked:
            # Only told to someone who knows the password, so it reveals nothing to a guesser.
            raise ApiError(403, "account_locked", "this account is locked; the branch admin can unlock it")
        raise unauthorized("wrong username or password")
    hub.login_limiter.reset(key)
    hub.metrics.logins.labels("ok").inc()
    return result


@router.post("/auth/logout", status_code=204, response_class=Response)
def logout(request: Request, hub: HubDep, who: StaffDep) -> Response:
    """Revoke the token this request carries."""
    token = request.headers.get("authorization", "").partition(" ")[2].strip()
    now = hub.now()
    with hub.db.session() as session:
        session.execute(update(UserToken).where(UserToken.token_hash == token_hash(token)).values(revoked_at=now))
        audit.record(
            session, at=now, actor=who.actor, action="auth.logout", subject_type="user", subject_id=who.subject_id
        )
    hub.tokens.discard(token)
    return Response(status_code=204)


@router.get("/auth/me", response_model=PrincipalPublic)
def me(who: PrincipalDep) -> PrincipalPublic:
    """Who the token belongs to (a user or a booth), its role and branch."""
    return PrincipalPublic(role=who.role, id=who.subject_id, branch_code=who.branch_code, name=who.name)


@router.post("/users", response_model=UserPublic, status_code=201, tags=["users"])
def create_user(body: UserCreate, hub: HubDep, who: PrincipalDep) -> UserPublic:
    """Create a CSO, supervisor or admin (admins only; a branch admin only in its own branch)."""
    if who.role is not Role.ADMIN:
        raise forbidden("only an admin creates users")
    if body.branch_code is None and who.branch_code is not None:
        raise forbidden("a branch admin creates users of its own branch only")
    if body.branch_code is not None and not who.in_branch(body.branch_code):
        raise forbidden("a branch admin creates users of its own branch only")
    if body.role != "admin" and body.branch_code is None:
        raise ApiError(422, "branch_required", "a CSO or supervisor belongs to a branch")
    now = hub.now()
    password_hash = hash_password(body.password)
    with hub.db.session() as session:
        branch_id = None
        if body.branch_code is not None:
            branch = session.execute(select(Branch).where(Branch.code == body.branch_code)).scalar_one_or_none()
            if branch is None:
                raise ApiError(422, "unknown_branch", f"there is no branch {body.branch_code}")
            branch_id = branch.id
        if user_by_username(session, body.username) is not None:
            raise conflict("username_taken", f"the username {body.username!r} is taken")
        user = User(
            username=body.username,
            display_name=body.display_name,
            role=body.role,
            branch_id=branch_id,
            password_hash=password_hash,
            active=True,
            console_cap=body.console_cap,
            created_at=now,
        )
        session.add(user)
        session.flush()
        audit.record(
            session,
            at=now,
            actor=who.actor,
            action="user.created",
            subject_type="user",
            subject_id=user.id,
            details={"role": body.role, "branch": body.branch_code},
        )
        session.refresh(user)
        return user_public(user)
