"""The Join page's call through a real coturn with relay-only ICE in the browser (the hub's ``turn.relay_only``,
handed to the page in ``welcome.ice_relay_only``) and at the console (``video.ice_relay_only``): the browser's
selected candidate pair is relay on both sides, coturn granted the allocations, and the officer sees the video."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from kiosk.config import TurnSettings
from kiosk.domain.session import SessionState
from kiosk.server.repositories.web_sessions import COOKIE_NAME
from tests.support.chromium import console_errors, set_cookie
from tests.support.hub import running_hub
from tests.support.online import online_visit
from tests.support.online_console import console_thread
from tests.support.turn import TurnServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _until(driver: Any, script: str, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = driver.execute_async_script(script)
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out: {script}; browser log: {console_errors(driver)}")
        time.sleep(0.3)


def test_relay_only_needs_a_turn_server() -> None:
    with pytest.raises(ValidationError, match="relay_only needs TURN urls"):
        TurnSettings(relay_only=True)


def test_the_browser_calls_the_console_through_the_relay_only(
    chromium_factory: Any, turn_server: TurnServer, tmp_path: Path
) -> None:
    turn = turn_server.settings().model_copy(update={"relay_only": True})
    with running_hub(turn=turn) as hub, console_thread(hub.base_url, tmp_path, relay_only=True) as officer:
        visit = online_visit(hub, state=SessionState.CHECKED_IN)
        sid = visit.session_id
        driver = chromium_factory(width=1280, height=800)
        set_cookie(driver, hub.base_url, COOKIE_NAME, visit.token)
        driver.get(f"{hub.base_url}/online/join")
        _until(driver, "arguments[0](!document.getElementById('join').disabled)")
        driver.find_element("id", "join").click()
        officer.wait(lambda: officer.received(sid)[2] > 0, 40, "the browser's video at the console, relayed")
        stats = _until(
            driver,
            "window.kioskJoin.stats().then((s) => arguments[0](s && s.candidates && s.inbound && s.inbound.frames"
            " ? s : null))",
        )
        # The browser took the relay path itself (not only the console): its own candidate is coturn's.
        assert stats["gathered"] == ["relay"], stats  # no host candidate was even offered
        assert stats["candidates"] == {"local": "relay", "remote": "relay"}, stats
        assert stats["inbound"]["frames"] > 0  # the officer's video came back the same way
        assert turn_server.allocations() >= 2  # one allocation per side
