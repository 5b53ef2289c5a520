"""The signaling hub: one WebSocket per booth, online participant's browser or console, session assignment, and
the offer/answer relay.

Protocol (details and examples in docs/protocol.md): the client connects to ``/api/v1/ws`` with its token in the
``Authorization: Bearer`` header (booths, consoles) or, for an online participant's browser, its ``kiosk_online``
cookie (`participants`); never a token in the URL. It sends HELLO, gets WELCOME. A session's participant end is
its booth or, for an online visit, the browser of its booking. The hub then:

- assigns each queued session (see `kiosk.domain.assignment`) whose participant end is connected to the connected,
  unpaused console with the fewest open sessions below its cap, and sends ASSIGNMENT to both ends; the booth
  then makes the offer and the console answers;
- relays OFFER (booth -> console), ANSWER (console -> booth) and BYE (either way) only between the two ends of
  an assigned session, and SESSION_UPDATE / ATTENTION from a booth to its console;
- pushes SESSION_UPDATE to both ends when a session's state changes through the REST API, and QUEUE (how many
  sessions wait) to the branch's consoles, and to each booth waiting for an officer its own QUEUE with its place
  and the estimated minutes (`wait_notices`);
- when a console's connection drops, keeps its sessions for ``server.console_grace_s``; if it is not back by
  then, puts them back in the queue (in-call ones to waiting_cso) and tells the booths with UNASSIGNED;
- answers a malformed, unknown or unauthorised message with ERROR and keeps the connection; closes a
  connection that sends faster than ``server.ws_messages_per_s`` (burst ``server.ws_message_burst``) or is
  silent for longer than ``server.heartbeat_timeout_s``.

All state lives on the event loop; database work runs in worker threads. REST routes (which run in threads)
publish `kiosk.server.events.SessionChanged`; the hub subscribes and hands the work to its loop.

The package, one concept per module: `connections` (sockets, authentication, send/receive, heartbeat timeout),
`presence` (who is online, consoles' caps and pauses), `participants` (online participants' browsers),
`assignment` (which console gets which session),
`wait_notices` (each waiting booth's place and minutes), `relay` (offer/answer/bye between the two ends),
`revalidation` (sockets whose token stopped working) and
`hub` (`SignalingHub`, which ties them together).
"""

from __future__ import annotations

from kiosk.server.signaling.connections import (
    CLOSE_FLOODING,
    CLOSE_FORBIDDEN,
    CLOSE_GOING_AWAY,
    CLOSE_IDLE,
    CLOSE_REPLACED,
    CLOSE_SLOW,
    CLOSE_UNAUTHORIZED,
)
from kiosk.server.signaling.hub import SignalingHub

__all__ = [
    "CLOSE_FLOODING",
    "CLOSE_FORBIDDEN",
    "CLOSE_GOING_AWAY",
    "CLOSE_IDLE",
    "CLOSE_REPLACED",
    "CLOSE_SLOW",
    "CLOSE_UNAUTHORIZED",
    "SignalingHub",
]
