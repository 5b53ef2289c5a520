"""Who may send a body, and how big: decided from the headers before the first body byte is read.

`BodyGuard` is a plain ASGI middleware in front of every HTTP route:

1. it looks up the `BodyRule` of the route the router chose (``body_rules``);
2. a declared ``Content-Length`` above the rule's limit is answered 413 ``too_large`` unread;
3. unless the route is public (login, enrollment, the dashboard's form posts), the bearer token is checked and
   the caller's role compared with the roles the route admits: 401 ``unauthorized`` / 403 ``forbidden``, unread;
4. the body is then counted as it is received, whatever its framing (``Content-Length`` or chunked): the first
   chunk past the limit raises `BodyTooLarge`, which the error handlers answer with 413.

So an anonymous caller can make the hub neither read nor store anything, and a legitimate one no more than the
route's limit. Routes still do their own (finer) authorisation; the guard only refuses what no route would accept.
"""

from __future__ import annotations

from dataclasses import dataclass

from anyio import to_thread
from starlette.exceptions import HTTPException
from starlette.requests import cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk.config import Settings
from kiosk.domain.access import CONSOLE_ROLES, Principal, Role
from kiosk.server.context import HubContext
from kiosk.server.repositories import web_sessions
from kiosk.server.services.auth import principal_of

API_PREFIX = "/api/v1"
#: Requests of these methods may carry a body; the others are never read by any route.
BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
#: Multipart framing (boundaries, part headers, the small form fields) allowed above an upload's file limit.
UPLOAD_SLACK = 64 * 1024

_STAFF = frozenset({Role.CSO, Role.SUPERVISOR, Role.ADMIN})


@dataclass(frozen=True)
class BodyRule:
    """What a route accepts: at most `limit` body bytes, from a caller of `roles` (None: any valid token)."""

    limit: int
    roles: frozenset[Role] | None = None
    public: bool = False  # no token needed: the route authenticates by its body (login) or a cookie (dashboard)


class BodyTooLarge(HTTPException):
    """The body grew past its route's limit while it was being received (answered 413 ``too_large``)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is limited to {limit} bytes for this route")


def body_rules(settings: Settings) -> dict[tuple[str, str], BodyRule]:
    """The rule of each route that takes a body, by (method, path template). Others get `default_rule`."""
    small = settings.server.max_json_bytes
    api = API_PREFIX
    return {
        ("POST", f"{api}/auth/login"): BodyRule(small, public=True),
        ("POST", f"{api}/booths/enroll"): BodyRule(small, public=True),
        ("POST", "/dashboard/login"): BodyRule(small, public=True),
        ("POST", "/dashboard/logout"): BodyRule(small, public=True),
        ("POST", f"{api}/auth/logout"): BodyRule(small, _STAFF),
        ("POST", f"{api}/users"): BodyRule(small, frozenset({Role.ADMIN})),
        ("POST", f"{api}/booths/enrollment-codes"): BodyRule(small, frozenset({Role.ADMIN})),
        ("POST", f"{api}/bookings"): BodyRule(small, _STAFF),
        ("POST", f"{api}/checkins"): BodyRule(small, frozenset({Role.BOOTH})),
        ("POST", f"{api}/claims"): BodyRule(small, CONSOLE_ROLES),
        ("POST", f"{api}/sessions/{{session_id}}/verification-events"): BodyRule(small, CONSOLE_ROLES),
        ("POST", f"{api}/sessions/{{session_id}}/documents"): BodyRule(
            settings.server.max_document_bytes + UPLOAD_SLACK, frozenset({Role.BOOTH, Role.CSO, Role.PARTICIPANT})
        ),
        # The online channel: booking and signing in are public (limited per address and per NIK by the routes).
        ("POST", f"{api}/online/bookings"): BodyRule(small, public=True),
        ("POST", f"{api}/online/sign-in"): BodyRule(small, public=True),
        ("POST", f"{api}/online/sign-out"): BodyRule(small, public=True),
        ("PATCH", f"{api}/online/uploads/{{upload_id}}"): BodyRule(
            settings.online.upload_chunk_bytes, frozenset({Role.PARTICIPANT})
        ),
        ("POST", f"{api}/sessions/{{session_id}}/recording"): BodyRule(
            settings.server.max_recording_bytes + UPLOAD_SLACK, frozenset({Role.CSO})
        ),
        # The collective channel: the employer page signs in with a cookie, which its routes check before they
        # read a byte (kiosk.server.collective.session); the worker's confirmation needs no account.
        ("POST", f"{api}/collective/login"): BodyRule(small, public=True),
        ("POST", f"{api}/collective/logout"): BodyRule(small, public=True),
        ("POST", f"{api}/collective/batches"): BodyRule(small, public=True),
        ("POST", f"{api}/collective/batches/{{batch_id}}/invitations"): BodyRule(small, public=True),
        ("PUT", f"{api}/collective/batches/{{batch_id}}/roster"): BodyRule(
            settings.collective.max_roster_bytes, public=True
        ),
        ("PUT", f"{api}/collective/batches/{{batch_id}}/letters/{{kind}}"): BodyRule(
            settings.server.max_document_bytes, public=True
        ),
        ("PUT", f"{api}/collective/batches/{{batch_id}}/documents"): BodyRule(
            settings.collective.max_zip_bytes, public=True
        ),
        ("PUT", f"{api}/collective/rows/{{row_id}}/documents/{{document_type}}"): BodyRule(
            settings.server.max_document_bytes, public=True
        ),
        ("POST", f"{api}/collective/confirmation/lookup"): BodyRule(small, public=True),
        ("POST", f"{api}/collective/confirmation"): BodyRule(small, public=True),
    }


def _bearer(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


def _route_path(scope: Scope) -> str | None:
    """The template of the route the router chose (``/api/v1/sessions/{session_id}/documents``), or None."""
    path = getattr(scope.get("route"), "path", None)
    if not isinstance(path, str):
        return None
    # Routes of routers included under the API prefix may report their path without it.
    if str(scope.get("path", "")).startswith(API_PREFIX) and not path.startswith(API_PREFIX):
        path = API_PREFIX + path
    return path


def _participant_cookie(scope: Scope) -> str | None:
    """The online participant's web-session token from the request's cookie (no bearer header was sent)."""
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            token = cookie_parser(value.decode("latin-1")).get(web_sessions.COOKIE_NAME)
            if token:
                return token
    return None


class BodyGuard:
    """The ASGI middleware described in the module docstring.

    The decision is taken at the route's first call of ``receive``: by then the router has chosen the route (so
    an unknown path or method is still 404/405, unread), and not one body byte has been handed to the app yet.
    """

    def __init__(self, app: ASGIApp, hub: HubContext) -> None:
        self.app = app
        self.hub = hub

    async def _principal(self, token: str) -> Principal | None:
        if len(token) > 200:
            return None
        cached = self.hub.tokens.get(token)
        if cached is not None:
            return cached
        return await to_thread.run_sync(principal_of, self.hub, token)

    def _participant(self, token: str) -> Principal | None:
        with self.hub.db.session() as session:
            return web_sessions.web_principal(session, token, self.hub.now())

    async def _admit(self, scope: Scope) -> BodyRule:
        """The route's rule, once its caller may send this body; else raise the refusal (413, 401 or 403)."""
        path = _route_path(scope)
        # Built per request (a dozen entries) so a change of the settings applies at once. A route not listed
        # (a new one) is held to the small JSON limit, with a valid token.
        settings = self.hub.settings
        rule = body_rules(settings).get((scope["method"], path or ""), BodyRule(settings.server.max_json_bytes))
        for name, value in scope.get("headers", ()):
            if name == b"content-length" and (not value.isdigit() or int(value) > rule.limit):
                raise BodyTooLarge(rule.limit)
        if rule.public:
            return rule
        token = _bearer(scope)
        if token is None and (cookie := _participant_cookie(scope)):
            who = await to_thread.run_sync(self._participant, cookie)
        else:
            who = await self._principal(token) if token else None
        if who is None:
            raise HTTPException(
                401, "a valid bearer token is required before a body is read", headers={"WWW-Authenticate": "Bearer"}
            )
        if rule.roles is not None and who.role not in rule.roles:
            raise HTTPException(403, f"a {who.role.value} may not do this")
        return rule

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in BODY_METHODS:
            await self.app(scope, receive, send)
            return
        rule: BodyRule | None = None
        received = 0

        async def guarded_receive() -> Message:
            nonlocal rule, received
            if rule is None:
                rule = await self._admit(scope)
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > rule.limit:
                    raise BodyTooLarge(rule.limit)
            return message

        await self.app(scope, guarded_receive, send)


def _header(scope: Scope, name: bytes) -> str:
    """One request header's value (latin-1), or empty."""
    for key, value in scope.get("headers", ()):
        if key == name:
            return bytes(value).decode("latin-1")
    return ""
