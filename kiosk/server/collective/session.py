"""Who calls a collective route: a bearer token (officers, admins, scripts) or the employer page's cookie.

A representative signs in on the employer page (`POST /api/v1/collective/login`): the hub answers with its login
token in the HttpOnly cookie ``kiosk_employer`` (SameSite=Strict, never readable by a script, never in a URL). A
request that changes something with that cookie must come from the hub's own page (a foreign ``Origin`` is 403).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kiosk.domain.access import Principal, Role
from kiosk.server.context import HubContext
from kiosk.server.deps import get_hub, get_principal, refuse_foreign_origin
from kiosk.server.errors import forbidden, unauthorized
from kiosk.server.services.auth import authenticate

COOKIE = "kiosk_employer"
_bearer = HTTPBearer(auto_error=False, scheme_name="bearer", description="A login token")


def collective_principal(
    request: Request,
    hub: Annotated[HubContext, Depends(get_hub)],
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    """The caller: by its bearer token, else by the employer page's cookie (401 without either)."""
    token = request.cookies.get(COOKIE)
    if credentials is not None or not token:
        return get_principal(request, hub, credentials)
    refuse_foreign_origin(request)
    if len(token) > 200:
        raise unauthorized()
    principal = hub.tokens.get(token)
    if principal is None:
        with hub.db.session() as session:
            principal = authenticate(session, token, hub.now())
        if principal is None:
            raise unauthorized("your sign-in has ended; sign in again")
        hub.tokens.put(token, principal)
    return principal


CollectiveUser = Annotated[Principal, Depends(collective_principal)]


def get_employer(who: CollectiveUser) -> Principal:
    """The caller, which must be an employer's representative."""
    if who.role is not Role.EMPLOYER:
        raise forbidden("only an employer's representative may do this")
    return who


EmployerUser = Annotated[Principal, Depends(get_employer)]


def set_cookie(response: Response, request: Request, token: str) -> None:
    """Give the employer page its sign-in (a browser-session cookie: it ends when the browser closes)."""
    response.set_cookie(COOKIE, token, httponly=True, samesite="strict", path="/",
                        secure=request.url.scheme == "https")


def clear_cookie(response: Response) -> None:
    """Forget the employer page's sign-in."""
    response.delete_cookie(COOKIE, path="/")
