"""Signaling over a real hub's WebSocket: hello/welcome, errors, assignment, relay, grace period, flooding.

Each test gets its own hub (tests/support/hub.py) on SQLite and on PostgreSQL, since assignment and requeueing
write to the database from the event loop's worker threads.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from kiosk.client.hub_api import HubClient
from tests.support.hub import RunningHub, running_hub
from tests.support.signaling import SDP, Peer
from tests.support.wait import wait_until_sync


def _queued_session(hub: RunningHub, booth: int) -> str:
    client = HubClient(hub.base_url, hub.booth_token(booth))
    session = client.check_in(walk_in=True)
    client.set_state(session.id, "self_service")
    return session.id


def test_bad_token_gets_an_error_and_close_4401(live: RunningHub) -> None:
    ws = connect(f"{live.ws_url}?token=u_nope", legacy=True)
    message = json.loads(ws.recv(timeout=5))
    assert message["type"] == "error" and message["payload"]["code"] == "unauthorized"
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_a_valid_token_in_the_url_query_is_not_accepted(live: RunningHub) -> None:
    # Tokens never travel in URLs (they would be logged by any proxy on the way).
    ws = connect(f"{live.ws_url}?token={live.booth_token(1)}", legacy=True)
    message = json.loads(ws.recv(timeout=5))
    assert message["type"] == "error" and message["payload"]["code"] == "unauthorized"
    with pytest.raises(ConnectionClosed) as closed:
        ws.recv(timeout=5)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4401


def test_hello_welcome_and_malformed_messages_keep_the_connection(live: RunningHub) -> None:
    booth = Peer(live, live.booth_token(1))
    booth.send("heartbeat")
    assert booth.expect("error")["payload"]["code"] == "hello_first"
    booth.send("hello", {"role": "console"})
    assert booth.expect("error")["payload"]["code"] == "wrong_role"
    welcome = booth.hello_booth()
    assert welcome["payload"]["role"] == "booth" and welcome["payload"]["booth_number"] == 1
    assert welcome["payload"]["branch_code"] == "KDR" and welcome["payload"]["heartbeat_interval_s"] > 0
    for raw, code in (
        ("{not json", "malformed_json"),
        ("[1]", "not_an_object"),
        ('{"v": 2, "type": "heartbeat", "payload": {}}', "unsupported_version"),
        ('{"v": 1, "type": "dance", "payload": {}}', "unknown_type"),
        ('{"v": 1, "type": "offer", "session_id": "s-1", "payload": {"sdp": ""}}', "invalid_payload"),
        ('{"v": 1, "type": "queue", "payload": {"waiting": 1}}', "not_allowed"),
        (
            '{"v": 1, "type": "offer", "session_id": "s-x", "payload": {"sdp": "v=0", "sdp_type": "offer"}}',
            "not_your_session",
        ),
    ):
        booth.raw(raw)
        assert booth.expect("error")["payload"]["code"] == code, raw
    booth.send("heartbeat", {"camera_ok": True})
    booth.expect("heartbeat")
    booth.close()


def test_assignment_goes_to_the_least_loaded_console_and_relays_only_between_ends(live: RunningHub) -> None:
    cso1 = Peer(live, live.cso_token("cso1"))
    cso1.hello_console()
    cso2 = Peer(live, live.cso_token("cso2"))
    cso2.hello_console()
    booths = {n: Peer(live, live.booth_token(n)) for n in (1, 2, 3)}
    for peer in booths.values():
        peer.hello_booth()
    s1 = _queued_session(live, 1)
    a1 = booths[1].expect("assignment")
    assert a1["session_id"] == s1 and a1["payload"]["officer_name"] == "Rina Wulandari"
    assert cso1.expect("assignment")["payload"]["booth_number"] == 1
    s2 = _queued_session(live, 2)
    assert cso2.expect("assignment")["session_id"] == s2  # cso1 already has one: cso2 has fewer
    s3 = _queued_session(live, 3)
    assert cso1.expect("assignment")["session_id"] == s3  # a tie goes to the console connected first

    booths[1].send("offer", {"sdp": SDP, "sdp_type": "offer"}, s1)
    offer = cso1.expect("offer")
    assert offer["session_id"] == s1 and offer["payload"]["sdp"] == SDP
    cso1.send("answer", {"sdp": "v=0 answer", "sdp_type": "answer"}, s1)
    assert booths[1].expect("answer")["payload"]["sdp"] == "v=0 answer"

    cso2.send("answer", {"sdp": "v=0", "sdp_type": "answer"}, s1)
    assert cso2.expect("error")["payload"]["code"] == "not_your_session"
    booths[2].send("offer", {"sdp": "v=0", "sdp_type": "offer"}, s1)
    assert booths[2].expect("error")["payload"]["code"] == "not_your_session"
    cso1.send("offer", {"sdp": "v=0", "sdp_type": "offer"}, s1)
    assert cso1.expect("error")["payload"]["code"] == "not_allowed"
    booths[1].send("offer", {"sdp": "v=0", "sdp_type": "answer"}, s1)
    assert booths[1].expect("error")["payload"]["code"] == "invalid_payload"

    progress = {"documents_done": 2, "documents_total": 6}
    booths[1].send("session_update", {"state": "self_service", "progress": progress, "reason": "capture"}, s1)
    assert cso1.expect("session_update", reason="capture")["payload"]["progress"]["documents_done"] == 2
    booths[1].send("attention", {"kind": "help"}, s1)
    assert cso1.expect("attention")["payload"]["kind"] == "help"
    cso1.send("bye", {"reason": "done"}, s1)
    assert booths[1].expect("bye")["payload"]["reason"] == "done"
    for peer in (cso1, cso2, *booths.values()):
        peer.close()


def test_cap_pause_and_queue_count(live: RunningHub) -> None:
    console = Peer(live, live.cso_token("cso1"))
    console.hello_console(cap=1)
    b1, b2 = Peer(live, live.booth_token(4)), Peer(live, live.booth_token(5))
    b1.hello_booth()
    b2.hello_booth()
    s1 = _queued_session(live, 4)
    assert console.expect("assignment")["session_id"] == s1
    s2 = _queued_session(live, 5)
    console.expect("queue", waiting=1)
    b2.quiet("assignment")
    console.send("console_status", {"cap": 2, "paused": True})
    b2.quiet("assignment")
    console.send("console_status", {"cap": 2, "paused": False})
    assert console.expect("assignment")["session_id"] == s2
    console.expect("queue", waiting=0)
    for peer in (console, b1, b2):
        peer.close()


def test_rest_state_changes_reach_both_ends_and_free_the_console(live: RunningHub) -> None:
    console = Peer(live, live.cso_token("cso1"))
    console.hello_console(cap=1)
    booth = Peer(live, live.booth_token(6))
    booth.hello_booth()
    sid = _queued_session(live, 6)
    console.expect("assignment")
    officer = HubClient(live.base_url, live.cso_token("cso1"))
    officer.set_state(sid, "waiting_cso")
    officer.set_state(sid, "in_call")
    assert booth.expect("session_update", state="in_call")["session_id"] == sid
    console.expect("session_update", state="in_call")
    officer.set_state(sid, "abandoned")
    booth.expect("session_update", state="abandoned")
    # The console's only place is free again: the next session comes to it.
    booth2 = Peer(live, live.booth_token(7))
    booth2.hello_booth()
    s2 = _queued_session(live, 7)
    assert console.expect("assignment")["session_id"] == s2
    for peer in (console, booth, booth2):
        peer.close()


def test_console_drop_requeues_after_grace_and_tells_the_booth(live: RunningHub) -> None:
    console = Peer(live, live.cso_token("cso1"))
    console.hello_console()
    booth = Peer(live, live.booth_token(8))
    booth.hello_booth()
    sid = _queued_session(live, 8)
    console.expect("assignment")
    officer = HubClient(live.base_url, live.cso_token("cso1"))
    officer.set_state(sid, "waiting_cso")
    officer.set_state(sid, "in_call")
    console.close()
    unassigned = booth.expect("unassigned", timeout=5)
    assert unassigned["payload"] == {"session_id": sid, "reason": "console_disconnected"}
    supervisor = HubClient(live.base_url, live.supervisor_token())
    after = supervisor.get_session(sid)
    assert after.state.value == "waiting_cso" and after.assigned_to is None
    other = Peer(live, live.cso_token("cso2"))
    other.hello_console()
    assert other.expect("assignment")["session_id"] == sid
    assert booth.expect("assignment", officer_name="Agus Prasetyo")["session_id"] == sid
    other.close()
    booth.close()


def test_console_back_within_grace_keeps_its_sessions(live: RunningHub) -> None:
    console = Peer(live, live.cso_token("cso1"))
    console.hello_console()
    booth = Peer(live, live.booth_token(9))
    booth.hello_booth()
    sid = _queued_session(live, 9)
    console.expect("assignment")
    booth.expect("assignment")
    console.close()
    again = Peer(live, live.cso_token("cso1"))
    again.hello_console(sessions=[sid, "s-gone"])
    assert again.expect("unassigned")["payload"] == {"session_id": "s-gone", "reason": "not_assigned"}
    booth.quiet("unassigned", wait=live.settings.server.console_grace_s + 0.5)
    booth.send("offer", {"sdp": SDP, "sdp_type": "offer"}, sid)
    assert again.expect("offer")["session_id"] == sid
    again.close()
    booth.close()


def test_heartbeats_update_booth_health(live: RunningHub) -> None:
    booth = Peer(live, live.booth_token(10))
    booth.hello_booth()
    booth.send("heartbeat", {"camera_ok": False, "microphone_ok": True, "link_ok": True})
    booth.expect("heartbeat")
    admin = HubClient(live.base_url, live.admin_token())

    def booth_ten() -> Any:
        return next(b for b in admin.list_booths("KDR") if b.number == 10)

    wait_until_sync(lambda: booth_ten().camera_ok is False, within_s=5, interval=0.05, what="the camera reported")
    state = booth_ten()
    assert state.connected and state.camera_ok is False and state.microphone_ok is True
    assert state.last_heartbeat is not None
    booth.close()


def test_a_second_connection_replaces_the_first(live: RunningHub) -> None:
    token = live.booth_token(2)
    first = Peer(live, token)
    first.hello_booth()
    second = Peer(live, token)
    second.hello_booth()
    with pytest.raises(ConnectionClosed) as closed:
        first.expect("never")
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 4409
    second.close()


def test_flooding_client_is_disconnected() -> None:
    with running_hub(ws_messages_per_s=5, ws_message_burst=10) as hub:
        booth = Peer(hub, hub.booth_token(1))
        booth.hello_booth()
        with contextlib.suppress(ConnectionClosed):  # sending may already fail once the hub closed
            for _ in range(200):
                booth.send("heartbeat")
        with pytest.raises(ConnectionClosed) as closed:
            booth.expect("never", timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4429
        flooding = [m for m in booth.backlog if m["type"] == "error"]
        assert flooding and flooding[-1]["payload"]["code"] == "flooding"


def test_silent_client_is_closed() -> None:
    with running_hub(heartbeat_timeout_s=0.5) as hub:
        booth = Peer(hub, hub.booth_token(1))
        booth.hello_booth()
        with pytest.raises(ConnectionClosed) as closed:
            booth.expect("never", timeout=5)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4408
