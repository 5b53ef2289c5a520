"""An online participant's browser on the signaling socket: cookie authentication, the participant end of its
visit beside booths under one officer's cap, relay, replacement (4409) and rejoining after a reload."""

from __future__ import annotations

import json

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from kiosk.domain.session import SessionState
from kiosk.server.repositories.web_sessions import COOKIE_NAME
from tests.server.signaling.test_hub import SDP, Peer, _queued_session
from tests.support.hub import RunningHub
from tests.support.online import OnlineVisit, online_visit


class Browser(Peer):
    """A participant's page: the cookie and the page's origin, as a browser sends them."""

    def __init__(self, hub: RunningHub, visit: OnlineVisit, origin: str | None = None) -> None:
        headers = visit.cookie_header()
        if origin is not None:
            headers["Origin"] = origin
        self.ws = connect(hub.ws_url, additional_headers=headers, legacy=True)
        self.backlog = []

    def hello_participant(self, session_id: str | None = None) -> dict:
        self.send("hello", {"role": "participant", "session_id": session_id})
        return self.expect("welcome")


def _drain(ws: Browser) -> None:
    while True:
        ws.ws.recv(timeout=5)


def _closed_with(ws: Browser, code: int) -> None:
    with pytest.raises(ConnectionClosed) as closed:
        _drain(ws)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == code


def test_the_cookie_authenticates_a_browser_and_nothing_in_the_url_does(live: RunningHub) -> None:
    visit = online_visit(live, state=SessionState.SELF_SERVICE)
    # The token in the query, as old clients did: refused like no token at all.
    ws = connect(f"{live.ws_url}?token={visit.token}", legacy=True)
    assert json.loads(ws.recv(timeout=5))["payload"]["code"] == "unauthorized"
    # The cookie from another site's page: refused (cross-site WebSocket hijacking).
    foreign = Browser(live, visit, origin="https://evil.example")
    assert foreign.expect("error")["payload"]["code"] == "unauthorized"
    _closed_with(foreign, 4401)
    # A wrong cookie.
    ws = connect(live.ws_url, additional_headers={"Cookie": f"{COOKIE_NAME}=op_nope"}, legacy=True)
    assert json.loads(ws.recv(timeout=5))["payload"]["code"] == "unauthorized"

    browser = Browser(live, visit)
    browser.send("hello", {"role": "booth"})
    assert browser.expect("error")["payload"]["code"] == "wrong_role"
    welcome = browser.hello_participant()
    assert welcome["payload"]["role"] == "participant"
    assert welcome["payload"]["session_id"] == visit.session_id and welcome["payload"]["booth_number"] is None
    browser.send("heartbeat", {})
    browser.expect("heartbeat")
    browser.send("console_status", {"cap": 2})
    assert browser.expect("error")["payload"]["code"] == "not_allowed"
    browser.close()


def test_a_browser_and_a_booth_share_one_officers_cap_and_relay(live: RunningHub) -> None:
    console = Peer(live, live.cso_token("cso1"))
    console.hello_console(cap=2)
    booth = Peer(live, live.booth_token(7))
    booth.hello_booth()
    s_booth = _queued_session(live, 7)
    assert console.expect("assignment")["payload"]["channel"] == "booth"

    visit = online_visit(live)
    other = online_visit(live, participant_index=1)
    browser = Browser(live, visit)
    browser.hello_participant(visit.session_id)
    assignment = console.expect("assignment", channel="online")
    assert assignment["session_id"] == visit.session_id and assignment["payload"]["booth_number"] is None
    mine = browser.expect("assignment")
    assert mine["payload"]["officer_name"] == "Rina Wulandari" and mine["payload"]["channel"] == "online"

    # The cap (2) is full with one booth and one browser: a second browser waits, told its place.
    second = Browser(live, other)
    second.hello_participant(other.session_id)
    queue = second.expect("queue")
    assert queue["session_id"] == other.session_id and queue["payload"]["ahead"] is not None
    second.quiet("assignment")

    browser.send("offer", {"sdp": SDP, "sdp_type": "offer"}, visit.session_id)
    assert console.expect("offer")["session_id"] == visit.session_id
    console.send("answer", {"sdp": "v=0 answer", "sdp_type": "answer"}, visit.session_id)
    assert browser.expect("answer")["payload"]["sdp"] == "v=0 answer"
    # A browser speaks only for its own visit.
    browser.send("offer", {"sdp": SDP, "sdp_type": "offer"}, s_booth)
    assert browser.expect("error")["payload"]["code"] == "not_your_session"
    second.send("offer", {"sdp": SDP, "sdp_type": "offer"}, visit.session_id)
    assert second.expect("error")["payload"]["code"] == "not_your_session"

    # The booth's visit ends: the waiting browser gets its place.
    live.client(live.booth_token(7)).set_state(s_booth, "abandoned")
    taken = second.expect("assignment")
    assert taken["session_id"] == other.session_id
    for peer in (console, booth, browser, second):
        peer.close()


def test_a_newer_page_replaces_the_older_and_rejoins_with_a_new_offer(live: RunningHub) -> None:
    console = Peer(live, live.cso_token("cso2"))
    console.hello_console(cap=3)
    visit = online_visit(live)
    first = Browser(live, visit)
    first.hello_participant(visit.session_id)
    first.expect("assignment")
    console.expect("assignment", channel="online")

    # The page is reloaded: a new socket with the same cookie replaces the old one (4409) and is assigned again,
    # so that it offers anew and the console answers.
    second = Browser(live, visit)
    second.hello_participant(visit.session_id)
    _closed_with(first, 4409)
    assert second.expect("assignment")["session_id"] == visit.session_id
    assert console.expect("assignment")["session_id"] == visit.session_id
    second.send("offer", {"sdp": SDP, "sdp_type": "offer"}, visit.session_id)
    assert console.expect("offer")["session_id"] == visit.session_id
    console.close()
    second.close()


def test_a_browser_without_an_open_visit_is_told_so(live: RunningHub) -> None:
    visit = online_visit(live, state=SessionState.ABANDONED)
    browser = Browser(live, visit)
    welcome = browser.hello_participant(visit.session_id)
    assert welcome["payload"]["session_id"] is None
    assert browser.expect("error")["payload"]["code"] == "stale_session"
    browser.close()
