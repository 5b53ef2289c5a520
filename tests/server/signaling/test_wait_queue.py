"""A waiting booth hears its place in the queue and the estimated minutes from the hub, over real WebSockets:
when it starts waiting, when the queue before it moves, and again after it reconnects."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import update

from kiosk.client.hub_api import HubClient
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from kiosk.server.models import VisitSession
from tests.server.signaling.test_hub import Peer, _queued_session
from tests.support.hub import RunningHub


def _served_before(hub: RunningHub, booth: int, minutes: list[int]) -> None:
    """Finished visits at `booth` whose officers served them for these minutes (the estimator's history)."""
    supervisor = HubClient(hub.base_url, hub.supervisor_token())
    database = Database.from_url(hub.database_url)
    try:
        for i, length in enumerate(minutes):
            sid = _queued_session(hub, booth)
            supervisor.set_state(sid, "cancelled")
            ended = utc_now() - timedelta(hours=1, minutes=10 * i)
            with database.session() as session:
                session.execute(
                    update(VisitSession)
                    .where(VisitSession.id == sid)
                    .values(call_started_at=ended - timedelta(minutes=length), ended_at=ended)
                )
    finally:
        database.dispose()


def _queue(peer: Peer, session_id: str, **match: object) -> dict[str, object]:
    message = peer.expect("queue", **match)
    assert message["session_id"] == session_id
    payload: dict[str, object] = message["payload"]
    return payload


def test_waiting_booths_hear_their_place_and_minutes_as_the_queue_moves(live: RunningHub) -> None:
    _served_before(live, 12, [4, 5, 6])  # a typical service of 5 minutes
    console = Peer(live, live.cso_token("cso1"))
    console.hello_console()
    b1, b2 = Peer(live, live.booth_token(1)), Peer(live, live.booth_token(2))
    b1.hello_booth()
    b2.hello_booth()
    s1, s2 = _queued_session(live, 1), _queued_session(live, 2)
    b1.expect("assignment")
    b2.expect("assignment")
    b1.quiet("queue", wait=0.3)  # filling in forms is not waiting: no place yet
    booth1 = HubClient(live.base_url, live.booth_token(1))
    booth2 = HubClient(live.base_url, live.booth_token(2))
    booth1.set_state(s1, "waiting_cso")
    assert _queue(b1, s1, ahead=0) == {"waiting": 0, "ahead": 0, "estimated_minutes": 1}
    booth2.set_state(s2, "waiting_cso")
    assert _queue(b2, s2, ahead=1)["estimated_minutes"] == 5  # one before it, served in about 5 minutes
    b1.quiet("queue", wait=0.3)  # nothing changed for the first one: no repeat

    officer = HubClient(live.base_url, live.cso_token("cso1"))
    officer.set_state(s1, "in_call")
    b2.quiet("queue", wait=0.3)  # the call in progress is still ahead of it
    b2.close()  # the second booth restarts while it waits: told again on its new connection
    b2 = Peer(live, live.booth_token(2))
    b2.hello_booth(s2)
    assert _queue(b2, s2, ahead=1)["estimated_minutes"] == 5
    officer.set_state(s1, "verifying")
    officer.set_state(s1, "rejected", reason="documents_incomplete")
    assert _queue(b2, s2, ahead=0)["estimated_minutes"] == 1  # next in line
    b1.quiet("queue", wait=0.3)  # the one served is not waiting any more
    for peer in (console, b1, b2):
        peer.close()


def test_without_history_or_officer_the_place_comes_without_minutes(live: RunningHub) -> None:
    b1, b2 = Peer(live, live.booth_token(3)), Peer(live, live.booth_token(4))
    b1.hello_booth()
    b2.hello_booth()
    s1, s2 = _queued_session(live, 3), _queued_session(live, 4)
    booth1 = HubClient(live.base_url, live.booth_token(3))
    booth2 = HubClient(live.base_url, live.booth_token(4))
    booth1.set_state(s1, "waiting_cso")
    booth2.set_state(s2, "waiting_cso")
    # No console is on: the branch queue, in the order they started waiting; no officer to estimate from.
    assert _queue(b2, s2, ahead=1)["estimated_minutes"] is None
    assert _queue(b1, s1, ahead=0)["estimated_minutes"] is None
    console = Peer(live, live.cso_token("cso1"))
    console.hello_console()
    # Now assigned to the officer; the place stays, and still no finished call to go by.
    b2.quiet("queue", wait=0.3)
    for peer in (console, b1, b2):
        peer.close()
