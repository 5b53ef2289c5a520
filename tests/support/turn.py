"""A real TURN server for tests: coturn on 127.0.0.1 (`kiosk.demo.turn`), as a fixture.

    def test_x(turn_server: TurnServer) -> None:
        turn_server.host, turn_server.port, turn_server.secret
        turn_server.ice_servers(peer_id="booth")        # [{"urls": [...], "username": ..., "credential": ...}]
        turn_server.settings()                          # TurnSettings for a hub that issues the credentials
        turn_server.allocations()                       # relay allocations coturn has logged so far

Without coturn installed the fixture skips, except on CI (``CI`` set), where it fails: ``./dev`` installs it.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest

from kiosk.demo import turn
from kiosk.demo.turn import TurnServer

__all__ = ["TurnServer", "running_turn", "turn_server"]


@contextlib.contextmanager
def running_turn(within_s: float = 15.0) -> Iterator[TurnServer]:
    """coturn on free loopback ports (`kiosk.demo.turn.running_turn`), or a skip without it (a failure on CI)."""
    if not turn.turn_available() and not os.environ.get("CI"):
        pytest.skip("coturn is not installed (apt-get install coturn)")
    with turn.running_turn(within_s) as server:
        yield server


@pytest.fixture
def turn_server() -> Iterator[TurnServer]:
    """A real coturn of its own for one test."""
    with running_turn() as server:
        yield server
