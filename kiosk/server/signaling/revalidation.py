"""Sockets whose token stopped standing for anyone: closed at once when an event says so (a logout, a disabled
user), and found by a periodic check otherwise (expiry, a user deleted or disabled outside the hub)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sqlalchemy.orm import Session

from kiosk.protocol import Role
from kiosk.server.context import HubContext
from kiosk.server.events import AccessRevoked
from kiosk.server.security import token_hash
from kiosk.server.services.auth import check_token
from kiosk.server.signaling.connections import Connection, end_access
from kiosk.server.signaling.participants import check_cookie

#: Runs a function with a database session in a worker thread (the hub's unit of work).
DbRunner = Callable[[Callable[[Session], Any]], Awaitable[Any]]


async def close_revoked(conns: list[Connection], event: AccessRevoked) -> None:
    """Close the sockets of a revoked token or of a disabled user."""
    for conn in conns:
        if not conn.principal.role.is_staff or conn.principal.subject_id != event.user_id:
            continue
        if event.token_hash is None or token_hash(conn.token) == event.token_hash:
            await end_access(conn, event.reason)


async def revalidate(conns: list[Connection], ctx: HubContext, db: DbRunner) -> None:
    """Close the sockets whose token expired or was revoked, or whose user was disabled or deleted."""
    if not conns:
        return
    now = ctx.now()
    tokens = [c.token for c in conns]
    idle_s = ctx.settings.online.web_session_idle_s
    roles = [c.role for c in conns]
    checks = await db(
        lambda s: [
            check_cookie(s, t, now, idle_s) if r is Role.PARTICIPANT else check_token(s, t, now)
            for t, r in zip(tokens, roles, strict=True)
        ]
    )
    for conn, check in zip(conns, checks, strict=True):
        if check.principal is None:
            await end_access(conn, check.reason)
