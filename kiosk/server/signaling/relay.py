"""The relay: OFFER (participant end -> console), ANSWER (console -> participant end), BYE (either way) and
SESSION_UPDATE / ATTENTION (participant end -> its console), only between the two ends of an assigned session.
A session's participant end is its booth, or for an online visit the participant's browser."""

from __future__ import annotations

from kiosk.protocol import (
    AttentionPayload,
    ByePayload,
    Envelope,
    MessageError,
    Role,
    SdpPayload,
    SessionUpdatePayload,
    SignalType,
)
from kiosk.server.metrics import Metrics
from kiosk.server.signaling.assignment import Route
from kiosk.server.signaling.connections import Connection
from kiosk.server.signaling.presence import Presence


class Relay:
    """Forwards a session's messages to its other end."""

    def __init__(self, presence: Presence, routes: dict[str, Route], metrics: Metrics) -> None:
        self.presence = presence
        self.routes = routes
        self.metrics = metrics

    def sdp(self, conn: Connection, env: Envelope, raw: str | None) -> None:
        """Relay an offer (from the booth) or an answer (from the console)."""
        sdp = env.payload_as(SdpPayload)
        if sdp.sdp_type != env.type.value:
            raise MessageError("invalid_payload", f"{env.type.value} must carry sdp_type {env.type.value!r}")
        if env.type is SignalType.OFFER and conn.role is Role.CONSOLE:
            raise MessageError("not_allowed", "the participant end (booth or browser) makes the offer")
        if env.type is SignalType.ANSWER and conn.role is not Role.CONSOLE:
            raise MessageError("not_allowed", "the console answers")
        self.forward(conn, env, raw)

    def bye(self, conn: Connection, env: Envelope, raw: str | None) -> None:
        """Relay a BYE."""
        env.payload_as(ByePayload)
        self.forward(conn, env, raw)

    def booth_to_console(self, conn: Connection, env: Envelope, raw: str | None) -> None:
        """Relay a booth's SESSION_UPDATE or ATTENTION to its console."""
        if env.type is SignalType.SESSION_UPDATE:
            env.payload_as(SessionUpdatePayload)
        else:
            env.payload_as(AttentionPayload)
        self.forward(conn, env, raw)

    def forward(self, conn: Connection, env: Envelope, raw: str | None = None) -> None:
        """Send `env` to the other end of its session, if the sender is one end and the other is connected."""
        if env.session_id is None:
            raise MessageError("session_required", f"{env.type.value} needs the session_id it belongs to")
        route = self.routes.get(env.session_id)
        if conn.role is not Role.CONSOLE:
            # A booth's or a participant's browser: its key is its principal's actor (booth:7, online:12).
            if route is None or route.end != conn.principal.actor:
                raise MessageError("not_your_session", "this session is not this booth's")
            if route.user_id is None:
                raise MessageError("not_assigned", "the session has no officer yet; wait for assignment")
            target = self.presence.console_conn(route.user_id)
        else:
            console = self.presence.consoles.get(conn.principal.subject_id)
            if route is None or console is None or env.session_id not in console.sessions:
                raise MessageError("not_your_session", "this session is not assigned to this console")
            target = self.presence.end_conn(route.end)
        if target is None:
            raise MessageError("peer_offline", "the other end is not connected; it gets a new assignment on return")
        if raw is not None:
            # The text was parsed and validated completely; relaying it as received saves re-encoding a full SDP.
            target.send_text(raw)
        else:
            target.send(env)
        if env.type in (SignalType.OFFER, SignalType.ANSWER, SignalType.BYE):
            self.metrics.ws_relayed.inc()
