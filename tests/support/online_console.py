"""The console app's own `ConsoleService` (no window, a synthetic officer camera) signed in as a demo officer, on
an event loop in a background thread: the officer's end of a real WebRTC call for browser tests.

::

    with console_thread(hub.base_url, tmp_path) as officer:
        officer.wait(lambda: officer.connected(session_id))
        officer.run(officer.service.request_capture(session_id, "ektp"))
        officer.call(officer.state.focus, session_id)
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from pathlib import Path
from typing import Any, TypeVar

from kiosk.app.console.hub_adapter import HubAdapter
from kiosk.app.console.service import ConsoleService
from kiosk.app.console.state import ConsoleState
from kiosk.config import ConsoleSettings, Settings, VideoSettings
from kiosk.server.seed import DEMO_USERS
from kiosk.video.camera import open_camera

T = TypeVar("T")


class _NoWindow:
    """The console's `ConsoleView` without a window."""

    def show_login(self, problem: Any = None, detail: str = "") -> None:
        """Sign-in refused."""
        raise RuntimeError(f"sign-in refused: {problem} {detail}")

    def show_console(self, officer_name: str) -> None:
        """Signed in."""


class ConsoleThread:
    """A signed-in console on its own loop; `call`/`run` hand work to that loop and wait for it."""

    def __init__(
        self, hub_url: str, data_dir: Path, username: str = "cso1", cap: int = 4, *, relay_only: bool = False
    ) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, name="console", daemon=True)
        self._thread.start()
        password = next(u.password for u in DEMO_USERS if u.username == username)
        settings = Settings(
            console=ConsoleSettings(
                hub_url=hub_url, data_dir=data_dir, record_sessions=False, camera="synthetic", microphone="null",
                speaker="null",
            ),
            video=VideoSettings(
                ice_host_addresses=["127.0.0.1"], reconnect_backoff_s=[0.5, 1.0, 2.0], ice_relay_only=relay_only
            ),
        )
        self.state = ConsoleState(cap=cap)
        # The officer's camera: a synthetic 1280x720 picture (the console app opens its camera the same way).
        self.camera = open_camera("synthetic", 1280, 720, 30)
        self.camera.start()

        async def start() -> ConsoleService:
            service = ConsoleService(
                self.state, _NoWindow(), settings, HubAdapter(hub_url), data_dir=data_dir, officer_camera=self.camera
            )
            if not await service.login(username, password, cap):
                raise RuntimeError("the console could not sign in")
            return service

        self.service: ConsoleService = self.run(start())

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60.0) -> T:
        """Run a coroutine on the console's loop and wait for its result."""
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Call a plain function on the console's loop (the state is not thread-safe) and wait for it."""

        async def wrapped() -> T:
            return fn(*args)

        return self.run(wrapped())

    def connected(self, session_id: str) -> bool:
        """Whether the session's peer connection is up."""
        booth = self.state.booths.get(session_id)
        return booth is not None and booth.connected

    def received(self, session_id: str) -> tuple[int, int, int]:
        """Width, height and frame count of the participant's video as the console decoded it."""

        async def read() -> tuple[int, int, int]:
            peer = self.service.router.peers.get(session_id)
            latest = peer.remote_video.latest() if peer is not None else None
            if latest is None:
                return 0, 0, 0
            return latest.frame.width, latest.frame.height, peer.remote_video.frames_received

        return self.run(read())

    def measure(self, session_id: str, seconds: float = 3.0) -> tuple[int, int, float]:
        """Width, height and frames per second received over `seconds`."""
        _, _, before = self.received(session_id)
        started = time.monotonic()
        time.sleep(seconds)
        width, height, after = self.received(session_id)
        return width, height, (after - before) / (time.monotonic() - started)

    def wait(self, condition: Callable[[], bool], timeout: float = 30.0, what: str = "") -> None:
        """Poll until `condition` holds."""
        deadline = time.monotonic() + timeout
        while not condition():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what or condition}")
            time.sleep(0.2)

    def close(self) -> None:
        """Sign out and stop the loop."""
        with contextlib.suppress(Exception):
            self.run(self.service.close(), timeout=15)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(10)
        self.camera.stop()


@contextlib.contextmanager
def console_thread(
    hub_url: str, data_dir: Path, username: str = "cso1", cap: int = 4, *, relay_only: bool = False
) -> Iterator[ConsoleThread]:
    """A console signed in for the block's duration (`relay_only`: its media only through the hub's TURN)."""
    console = ConsoleThread(hub_url, data_dir, username, cap, relay_only=relay_only)
    try:
        yield console
    finally:
        console.close()
