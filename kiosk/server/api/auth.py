"""Logins, tokens and users: ``/api/v1/auth/*`` and ``/api/v1/users``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response

from kiosk.domain.access import Role
from kiosk.protocol.rest import LoginRequest, PrincipalPublic, TokenResponse, UserCreate, UserPublic, UserUpdate
from kiosk.server.deps import CurrentUser, HubDep, StaffDep, client_ip
from kiosk.server.errors import ApiError, forbidden
from kiosk.server.repositories import users
from kiosk.server.responses import error_responses
from kiosk.server.security import hash_password
from kiosk.server.services import auth

router = APIRouter(tags=["auth"])


@router.post(
    "/auth/login",
    response_model=TokenResponse,
    responses=error_responses(
        {
            401: "wrong username or password",
            403: "account_locked: the password is right but the account is disabled",
            429: "too_many_attempts, with Retry-After",
        }
    ),
)
def login(body: LoginRequest, request: Request, hub: HubDep) -> TokenResponse:
    """Exchange a username and password for a bearer token that expires after ``server.token_ttl_s``."""
    return auth.login(hub, body.username, body.password, client_ip(request))


@router.post("/auth/logout", status_code=204, response_class=Response)
def logout(request: Request, hub: HubDep, who: StaffDep) -> Response:
    """Revoke the token this request carries."""
    token = request.headers.get("authorization", "").partition(" ")[2].strip()
    auth.logout(hub, token, who)
    return Response(status_code=204)


@router.get("/auth/me", response_model=PrincipalPublic)
def me(who: CurrentUser) -> PrincipalPublic:
    """Who the token belongs to (a user or a booth), its role and branch."""
    return PrincipalPublic(role=who.role, id=who.subject_id, branch_code=who.branch_code, name=who.name)


@router.post(
    "/users",
    response_model=UserPublic,
    status_code=201,
    tags=["users"],
    responses=error_responses({409: "username_taken"}),
)
def create_user(body: UserCreate, hub: HubDep, who: CurrentUser) -> UserPublic:
    """Create a CSO, supervisor or admin (admins only; a branch admin only in its own branch)."""
    if who.role is not Role.ADMIN:
        raise forbidden("only an admin creates users")
    if body.branch_code is None and who.branch_code is not None:
        raise forbidden("a branch admin creates users of its own branch only")
    if body.branch_code is not None and not who.in_branch(body.branch_code):
        raise forbidden("a branch admin creates users of its own branch only")
    if body.role != "admin" and body.branch_code is None:
        raise ApiError(422, "branch_required", "a CSO or supervisor belongs to a branch")
    password_hash = hash_password(body.password)  # slow on purpose: outside the transaction
    with hub.db.session() as session:
        user = users.create_user(
            session=session, user_create=body, password_hash=password_hash, now=hub.now(), actor=who.actor
        )
        return users.user_public(user)


@router.patch(
    "/users/{user_id}",
    status_code=204,
    response_class=Response,
    tags=["users"],
    responses={404: {"description": "no such user in the admin's branch"}, 409: {"description": "cannot_disable_self"}},
)
def update_user(
    user_id: Annotated[int, Path(ge=1, le=2**31 - 1)], body: UserUpdate, hub: HubDep, who: CurrentUser
) -> Response:
    """Disable or re-enable a user (admins; a branch admin only in its own branch).

    Disabling takes effect at once: the user's tokens stop working and their signaling sockets are closed (4403).
    """
    if who.role is not Role.ADMIN:
        raise forbidden("only an admin changes users")
    auth.set_user_active(hub, user_id, body.active, who)
    return Response(status_code=204)
