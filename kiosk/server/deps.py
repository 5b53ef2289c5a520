"""FastAPI dependencies: the hub context and the authenticated principal, as typed annotations.

    def route(hub: HubDep, who: CurrentUser) -> ...

`CurrentUser` is the template's name for `PrincipalDep` (a user or a booth). Routes open their unit of work
with ``hub.db.session()`` themselves rather than through a ``SessionDep``: several must act after the commit
(tell the signaling hub, drop cached tokens, answer an error whose audit event has to be kept), which a
dependency's clean-up cannot order reliably.

Authentication is a bearer token in the ``Authorization`` header (a user's login token or a booth's device
token); the OpenAPI schema declares it as the ``bearer`` security scheme. An online participant's browser
instead carries its web session in the HttpOnly cookie ``kiosk_online`` (tokens never travel in URLs).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kiosk.domain.access import Principal, Role
from kiosk.server.context import HubContext
from kiosk.server.errors import forbidden, unauthorized
from kiosk.server.repositories import web_sessions
from kiosk.server.services.auth import authenticate

#: The only routes an employer's representative may call (the collective channel, and its own sign-in).
EMPLOYER_PATHS = ("/api/v1/collective/", "/api/v1/auth/me", "/api/v1/auth/logout")

_bearer = HTTPBearer(auto_error=False, scheme_name="bearer", description="A login token or a booth device token")


def get_hub(request: Request) -> HubContext:
    """The hub the request arrived at."""
    hub: HubContext = request.app.state.hub
    return hub


HubDep = Annotated[HubContext, Depends(get_hub)]


def get_principal(
    request: Request,
    hub: HubDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller behind the bearer token (or an online participant's web-session cookie), or 401."""
    if credentials is None:
        cookie = request.cookies.get(web_sessions.COOKIE_NAME)
        if cookie:
            return participant_from_cookie(hub, request, cookie)
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise unauthorized()
    token = credentials.credentials
    if len(token) > 200:
        raise unauthorized("the token is not valid")
    principal = hub.tokens.get(token)
    if principal is None:
        with hub.db.session() as session:
            principal = authenticate(session, token, hub.now())
        if principal is None:
            raise unauthorized("the token is unknown, expired or revoked")
        hub.tokens.put(token, principal)
    if principal.role is Role.EMPLOYER and not request.url.path.startswith(EMPLOYER_PATHS):
        # A representative's token is for the collective channel only: its user belongs to a branch, and the
        # branch-wide views (sessions, bookings) must not open to a company.
        raise forbidden("an employer's representative uses the collective channel only")
    return principal


def participant_from_cookie(hub: HubContext, request: Request, token: str) -> Principal:
    """The online participant behind a web-session cookie, or 401. A request that changes something must come
    from the hub's own pages: the cookie is SameSite=Strict, and a foreign ``Origin`` is refused as well."""
    refuse_foreign_origin(request)
    with hub.db.session() as session:
        principal = web_sessions.authenticate_participant(
            session, token, hub.now(), idle_s=hub.settings.online.web_session_idle_s
        )
    if principal is None:
        raise unauthorized("your online session has ended; sign in again with your booking code and NIK")
    return principal


def refuse_foreign_origin(request: Request) -> None:
    """403 for a request that changes something and comes from another site's page (a cookie-authenticated
    caller: the hub's own pages never send a foreign ``Origin``)."""
    origin = request.headers.get("origin")
    if origin is not None and request.method not in ("GET", "HEAD", "OPTIONS") and not same_origin(request, origin):
        raise forbidden("this request did not come from the hub's own pages")


def same_origin(request: Request, origin: str) -> bool:
    """Whether an ``Origin`` header names the host the request was sent to."""
    host = request.headers.get("host", "")
    return origin.split("://", 1)[-1].rstrip("/") == host


PrincipalDep = Annotated[Principal, Depends(get_principal)]
#: The caller behind the bearer token (the full-stack-fastapi-template's name).
CurrentUser = PrincipalDep


def client_ip(request: Request) -> str:
    """The caller's address: the connection's peer. ``X-Forwarded-For`` is believed only from a peer listed in
    ``server.trusted_proxies`` (its last entry, the one that proxy appended); anyone else could write any
    address there and so escape the per-address rate limits."""
    peer = request.client.host if request.client else "unknown"
    hub: HubContext = request.app.state.hub
    if peer in hub.settings.server.trusted_proxies:
        forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
        if forwarded:
            return forwarded[:64]
    return peer


def get_booth(who: PrincipalDep) -> Principal:
    """The caller, which must be a booth."""
    if who.role is not Role.BOOTH:
        raise forbidden("only a booth's device token may do this")
    return who


BoothDep = Annotated[Principal, Depends(get_booth)]


def get_staff(who: PrincipalDep) -> Principal:
    """The caller, which must be a user (not a booth)."""
    if not who.role.is_staff:
        raise forbidden("only a logged-in user may do this")
    return who


StaffDep = Annotated[Principal, Depends(get_staff)]


def get_participant(who: PrincipalDep) -> Principal:
    """The caller, which must be an online participant (the web-session cookie)."""
    if who.role is not Role.PARTICIPANT:
        raise forbidden("only an online participant's web session may do this")
    return who


ParticipantDep = Annotated[Principal, Depends(get_participant)]
