"""Online participants' browsers on the signaling socket: authenticated by their web-session cookie
(``kiosk_online``, never a token in the URL), one connection per booking, and the participant end of their
booking's visit exactly as a booth is of a booth visit.

A browser sends ``hello`` with role ``participant`` and the session it takes part in. The hub answers
``welcome``; when the session is already assigned it sends ``assignment`` again at once, because a browser that
says hello again lost its page (a reload, a closed tab reopened, a network change): it makes a new offer.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy.orm import Session
from starlette.websockets import WebSocket

from kiosk.protocol import HelloPayload, error_signal
from kiosk.server.repositories import assignments, web_sessions
from kiosk.server.services.auth import TokenCheck
from kiosk.server.signaling.assignment import Route
from kiosk.server.signaling.connections import CLOSE_REPLACED, Connection, close
from kiosk.server.signaling.presence import BrowserPresence

if TYPE_CHECKING:
    from kiosk.server.signaling.hub import SignalingHub


def cookie_token(ws: WebSocket) -> str:
    """The web-session token in the socket's ``kiosk_online`` cookie, when it came from the hub's own page.

    A browser sends cookies with a WebSocket opened from any site; SameSite=Strict stops most of that, and the
    ``Origin`` (which a browser always sets) must name this hub too, so no other page can open a participant's
    socket with its cookie.
    """
    token = ws.cookies.get(web_sessions.COOKIE_NAME) or ""
    origin = ws.headers.get("origin")
    host = ws.headers.get("host", "")
    if not token or len(token) > 200 or (origin is not None and origin.split("://", 1)[-1].rstrip("/") != host):
        return ""
    return token


def check_cookie(session: Session, token: str, now: datetime, idle_s: float) -> TokenCheck:
    """What a participant's cookie stands for now (its idle expiry renewed), or why nothing."""
    principal = web_sessions.authenticate_participant(session, token, now, idle_s=idle_s)
    if principal is None:
        return TokenCheck(None, reason="expired")
    row = web_sessions.web_session_of(session, token, now)
    return TokenCheck(principal, expires_at=row.hard_expires_at if row else None)


async def participant_hello(hub: SignalingHub, conn: Connection, hello: HelloPayload) -> None:
    """Register a browser as its booking's participant end (replacing an older connection with 4409)."""
    booking_id = conn.principal.subject_id
    branch = conn.principal.branch_code or ""
    assignment = hub.assignment
    async with assignment.lock(branch):
        current = await hub._db(lambda s: assignments.open_online_view(s, booking_id))
        old = hub.presence.browsers.get(booking_id)
        if old is not None and old.conn is not conn:
            await close(old.conn, CLOSE_REPLACED, "replaced by a newer connection")
        hub.presence.browsers[booking_id] = BrowserPresence(booking_id, branch, conn)
        conn.hello_done = True
        hub._welcome(conn, None, current.id if current is not None else None)
        if hello.session_id is not None and (current is None or current.id != hello.session_id):
            conn.send(error_signal("stale_session", "that session is over", session_id=hello.session_id))
        if current is not None:
            assignment.routes[current.id] = Route(current.end, branch, current.assigned_user_id)
            console = hub.presence.consoles.get(current.assigned_user_id or -1)
            if console is not None and console.conn is not None:
                # A new page has no peer connection: the assignment again makes it offer, the console answer.
                assignment.send_assignment(current, console)
        await assignment.assign(branch)


def participant_left(hub: SignalingHub, conn: Connection) -> None:
    """Forget a browser's connection (unless a newer one replaced it)."""
    browser = hub.presence.browsers.get(conn.principal.subject_id)
    if browser is not None and browser.conn is conn:
        del hub.presence.browsers[browser.booking_id]
