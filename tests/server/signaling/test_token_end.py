"""Sockets that end with their token, early offers, deep frames and the shutdown close code (issue 16).

Each test runs a real hub (tests/support/hub.py) on SQLite and on PostgreSQL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import requests
from sqlalchemy import create_engine, text
from websockets.exceptions import ConnectionClosed

from kiosk.client.hub_api import HubClient
from kiosk.server.context import utc_now
from kiosk.server.security import token_hash
from tests.server.signaling.test_hub import SDP, Peer
from tests.support.hub import DEMO_PASSWORDS, RunningHub, running_hub
from tests.support.postgres import fresh_database


@contextlib.contextmanager
def _hub(request: pytest.FixtureRequest, **server: Any) -> Iterator[RunningHub]:
    if request.param == "sqlite":
        with running_hub(**server) as hub:
            yield hub
    else:
        with (
            fresh_database(request.getfixturevalue("postgres_url")) as url,
            running_hub(database_url=url, **server) as hub,
        ):
            yield hub


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def checking(request: pytest.FixtureRequest) -> Iterator[RunningHub]:
    """A hub that checks open sockets' tokens every 0.2 s."""
    with _hub(request, ws_revalidate_s=0.2) as hub:
        yield hub


def _login(hub: RunningHub, username: str = "cso1") -> str:
    return HubClient(hub.base_url).login(username, DEMO_PASSWORDS[username]).token


def _rest(method: str, hub: RunningHub, path: str, token: str, **kwargs: Any) -> requests.Response:
    return requests.request(
        method, f"{hub.base_url}/api/v1{path}", headers={"Authorization": f"Bearer {token}"}, timeout=10, **kwargs
    )


def _console(hub: RunningHub, token: str) -> Peer:
    peer = Peer(hub, token)
    peer.hello_console()
    return peer


def _closed_with(peer: Peer, error: str) -> int:
    """Expect `error`, then the close; the close code."""
    assert peer.expect("error")["payload"]["code"] == error
    return _close_code(peer)


def _close_code(peer: Peer) -> int:
    """Read until the hub closes the socket; its close code."""
    try:
        while True:
            peer.ws.recv(timeout=5)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd is not None else -1


def _sql(hub: RunningHub, statement: str, **params: Any) -> None:
    """Change the hub's database behind its back (what an operator or a clock would do)."""
    engine = create_engine(hub.database_url)
    try:
        with engine.begin() as connection:
            if engine.dialect.name == "postgresql":
                # Delete a user as a careless operator would: without the foreign keys' say.
                connection.execute(text("SET LOCAL session_replication_role = replica"))
            connection.execute(text(statement), params)
    finally:
        engine.dispose()


def test_logout_closes_that_tokens_socket_at_once_4401(live: RunningHub) -> None:
    token, other = _login(live), _login(live, "cso2")
    console, kept = _console(live, token), _console(live, other)
    assert _rest("POST", live, "/auth/logout", token).status_code == 204
    assert _closed_with(console, "token_revoked") == 4401
    kept.send("heartbeat")  # another officer's socket is not touched
    kept.expect("heartbeat")
    kept.close()


def test_disabling_a_user_closes_its_sockets_4403_and_refuses_its_token_at_once(live: RunningHub) -> None:
    token = _login(live)
    me = _rest("GET", live, "/auth/me", token)  # the token is now in the hub's 5 s cache
    assert me.status_code == 200
    console = _console(live, token)
    response = _rest("PATCH", live, f"/users/{me.json()['id']}", live.admin_token(), json={"active": False})
    assert response.status_code == 204, response.text
    assert _rest("GET", live, "/auth/me", token).status_code == 401
    assert _closed_with(console, "user_disabled") == 4403


def test_revalidation_closes_a_socket_whose_token_expired(checking: RunningHub) -> None:
    token = _login(checking)
    console = _console(checking, token)
    past = utc_now() - timedelta(seconds=1)
    _sql(checking, "UPDATE user_tokens SET expires_at = :past WHERE token_hash = :h", past=past, h=token_hash(token))
    assert _closed_with(console, "token_expired") == 4401


def test_revalidation_closes_a_socket_whose_user_was_disabled_or_deleted_outside_the_hub(checking: RunningHub) -> None:
    disabled, deleted = _console(checking, _login(checking, "cso1")), _console(checking, _login(checking, "cso2"))
    _sql(checking, "UPDATE users SET active = :no WHERE username = 'cso1'", no=False)
    assert _closed_with(disabled, "user_disabled") == 4403
    _sql(checking, "DELETE FROM users WHERE username = 'cso2'")
    assert _closed_with(deleted, "token_revoked") == 4401


def test_an_offer_right_after_check_in_gets_not_assigned(live: RunningHub) -> None:
    token = live.booth_token(2)
    booth = Peer(live, token)
    booth.hello_booth()
    client = HubClient(live.base_url, token)
    for _ in range(8):  # the race lost about one try in three
        session = client.check_in(walk_in=True)
        booth.send("offer", {"sdp": SDP, "sdp_type": "offer"}, session.id)
        assert booth.expect("error")["payload"]["code"] == "not_assigned"
        client.set_state(session.id, "abandoned")
    booth.send("offer", {"sdp": SDP, "sdp_type": "offer"}, "s-0000000000000000")
    assert booth.expect("error")["payload"]["code"] == "not_your_session"
    booth.close()


def test_a_deeply_nested_frame_gets_an_error_and_the_socket_stays(live: RunningHub) -> None:
    booth = Peer(live, live.booth_token(1))
    booth.hello_booth()
    for frame in ("[" * 50_000 + "]" * 50_000, '{"v": 1, "type": "heartbeat", "payload": ' + "[" * 50_000):
        booth.raw(frame)
        assert booth.expect("error")["payload"]["code"] in {"too_deep", "malformed_json"}
    booth.send("heartbeat", {"camera_ok": True})
    booth.expect("heartbeat")
    booth.close()


def test_a_control_character_in_a_session_id_is_refused(live: RunningHub) -> None:
    booth = Peer(live, live.booth_token(1))
    booth.hello_booth()
    booth.send("offer", {"sdp": SDP, "sdp_type": "offer"}, "s-\x00")
    assert booth.expect("error")["payload"]["code"] == "invalid_envelope"
    booth.close()


def test_shutdown_closes_sockets_with_1001_going_away() -> None:
    with running_hub() as hub:
        booth = Peer(hub, hub.booth_token(1))
        booth.hello_booth()
    assert _close_code(booth) == 1001
