"""A signaling client for hub tests: sends envelopes, waits for the one it expects, keeps the rest."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.support.hub import RunningHub

SDP = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\n" + "a=x\r\n" * 200
NOISE = {"queue", "heartbeat"}


class Peer:
    """A signaling client that keeps messages it was not waiting for."""

    def __init__(self, hub: RunningHub, token: str) -> None:
        self.ws: ClientConnection = connect(
            hub.ws_url, additional_headers={"Authorization": f"Bearer {token}"}, legacy=True
        )
        self.backlog: list[dict[str, Any]] = []

    def send(self, kind: str, payload: dict[str, Any] | None = None, session_id: str | None = None) -> None:
        self.ws.send(json.dumps({"v": 1, "type": kind, "session_id": session_id, "payload": payload or {}}))

    def raw(self, text: str) -> None:
        self.ws.send(text)

    def expect(self, kind: str, timeout: float = 5.0, **match: Any) -> dict[str, Any]:
        """The next message of `kind` (whose payload has the `match` items); others are kept for later."""
        for i, message in enumerate(self.backlog):
            if message["type"] == kind and all(message["payload"].get(k) == v for k, v in match.items()):
                return self.backlog.pop(i)
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no {kind} {match} within {timeout} s; got {self.backlog}")
            try:
                message = json.loads(self.ws.recv(timeout=left))
            except TimeoutError:
                raise AssertionError(f"no {kind} {match} within {timeout} s; got {self.backlog}") from None
            if message["type"] == kind and all(message["payload"].get(k) == v for k, v in match.items()):
                return message
            if message["type"] not in NOISE:
                self.backlog.append(message)

    def quiet(self, kind: str, wait: float = 0.5) -> None:
        """Assert that no message of `kind` arrives within `wait` seconds."""
        with pytest.raises(AssertionError):
            self.expect(kind, timeout=wait)

    def hello_booth(self, session_id: str | None = None) -> dict[str, Any]:
        self.send("hello", {"role": "booth", "session_id": session_id})
        return self.expect("welcome")

    def hello_console(self, **extra: Any) -> dict[str, Any]:
        self.send("hello", {"role": "console", **extra})
        return self.expect("welcome")

    def close(self) -> None:
        self.ws.close()
