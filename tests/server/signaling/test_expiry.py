"""A console whose login token has expired gets no assignment; its socket ends with 4401 (issue 16).

The hub runs on a clock the test moves (on the rolled-back test database of each backend), so the token expires
while the socket is open and before the periodic re-validation comes round.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.testclient import WebSocketTestSession
from starlette.websockets import WebSocketDisconnect

from kiosk.server.app import create_app
from kiosk.server.context import utc_now
from kiosk.server.db import Database
from tests.server.conftest import Kit, make_settings


class Clock:
    """A clock the test sets."""

    def __init__(self) -> None:
        self.now = utc_now()

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def timed_kit(db: Database, tmp_path: Path, clock: Clock) -> Iterator[Kit]:
    """A hub on the test clock that re-validates sockets only once an hour."""
    settings = make_settings(tmp_path / "hub", ws_revalidate_s=3600.0)
    with TestClient(create_app(settings, database=db, clock=clock)) as client:
        yield Kit(client, db, settings)


def _hello(ws: WebSocketTestSession, role: str) -> None:
    ws.send_json({"v": 1, "type": "hello", "session_id": None, "payload": {"role": role}})
    assert ws.receive_json()["type"] == "welcome"


def _until_closed(ws: WebSocketTestSession) -> tuple[list[dict[str, Any]], int]:
    """Every message until the hub closes the socket, and the close code."""
    messages: list[dict[str, Any]] = []
    try:
        while True:
            messages.append(ws.receive_json())
    except WebSocketDisconnect as closed:
        return messages, closed.code


def test_a_console_with_an_expired_token_gets_no_assignment(timed_kit: Kit, clock: Clock) -> None:
    kit = timed_kit
    session = kit.walk_in(4)
    with (
        kit.client.websocket_connect("/api/v1/ws", headers=kit.auth("cso1")) as console,
        kit.client.websocket_connect("/api/v1/ws", headers=kit.auth(4)) as booth,
    ):
        _hello(console, "console")
        # Before the booth says hello: its hello makes the hub hand out its session, and a hand-out that ran before
        # the clock moved gave the console, still valid then, an assignment (CI met that race).
        clock.now += timedelta(hours=2)  # the console's token (1 h) has expired; the booth's never does
        _hello(booth, "booth")
        assert kit.set_state(session["id"], "self_service", 4).status_code == 200
        messages, code = _until_closed(console)
        assert "assignment" not in [m["type"] for m in messages]
        assert {"type": "error", "code": "token_expired"} in [
            {"type": m["type"], "code": m["payload"].get("code")} for m in messages
        ]
        assert code == 4401
    assert kit.get(f"/sessions/{session['id']}", 4).json()["assigned_to"] is None
