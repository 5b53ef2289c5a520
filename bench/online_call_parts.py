"""Parts of bench/online_call.py: the console in a process of its own (the app's `ConsoleService`, synthetic officer
camera, tests/support/online_console.py's `ConsoleThread`) driven through a pipe, booths that call it through a
real hub (bench/console_capacity.py's booth process), and a Chromium participant on the Join page.

The console runs alone in its process so that its CPU time is its own (the hub, the browsers and the booths are
other processes or threads of the driver). Times are `time.monotonic()`, one clock for every process on Linux.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import statistics
import tempfile
import time
from collections.abc import Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from kiosk.domain.session import SessionState
from kiosk.server.repositories.web_sessions import COOKIE_NAME
from tests.support.chromium import ChromiumOptions, chromium, set_cookie
from tests.support.hub import RunningHub
from tests.support.online import OnlineVisit, online_visit

POLL_S = 0.002


# ----------------------------------------------------------------------------------------------------------------
# The console process


def _first_frame(console: Any, sid: str, timeout: float) -> dict[str, float | None]:
    """When the session's peer appeared (assignment), connected, and decoded its first frame."""
    marks: dict[str, float | None] = {"assigned": None, "connected": None, "first_frame": None}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        now = time.monotonic()
        peer = console.service.router.peers.get(sid)
        if peer is not None and marks["assigned"] is None:
            marks["assigned"] = now
        booth = console.state.booths.get(sid)
        if booth is not None and booth.connected and marks["connected"] is None:
            marks["connected"] = now
        latest = peer.remote_video.latest() if peer is not None else None
        if latest is not None:
            # The first frame's own arrival time when the poll caught it (else the poll's, at most POLL_S later).
            marks["first_frame"] = latest.received_at if latest.index == 0 else now
            return marks
        time.sleep(POLL_S)
    return marks


def _sample(console: Any, sids: list[str], seconds: float) -> dict[str, Any]:
    """Per second: each session's received size and frame rate; the process's CPU over the whole window."""
    rows: dict[str, list[tuple[int, int, float]]] = {sid: [] for sid in sids}
    cpu, wall = time.process_time(), time.monotonic()
    before = {sid: console.received(sid)[2] for sid in sids}
    mark = wall
    while time.monotonic() - wall < seconds:
        time.sleep(max(0.0, mark + 1.0 - time.monotonic()))
        elapsed, mark = time.monotonic() - mark, time.monotonic()
        for sid in sids:
            width, height, frames = console.received(sid)
            rows[sid].append((width, height, (frames - before[sid]) / elapsed))
            before[sid] = frames
    share = (time.process_time() - cpu) / (time.monotonic() - wall)
    quality = {sid: level.value for sid, level in console.service.router.quality.items()}
    return {"rows": rows, "cpu_share": share, "quality": quality}


def _command(console: Any, command: str, args: tuple[Any, ...]) -> Any:
    """Carry out one of the driver's commands."""
    if command == "first_frame":
        return _first_frame(console, *args)
    if command == "focus":
        return console.call(console.state.focus, *args)
    if command == "sample":
        return _sample(console, *args)
    if command == "up":  # every session connected and decoding
        sids, timeout = args
        console.wait(lambda: all(console.received(s)[2] > 0 for s in sids), timeout, "every call")
        return True
    if command == "assigned":
        count, timeout = args
        console.wait(lambda: len(console.service.router.peers) >= count, timeout, "assignments")
        return sorted(console.service.router.peers)
    if command == "end":
        (sid,) = args
        console.run(console.service._set_state(sid, SessionState.ABANDONED, "benchmark"))
        console.wait(lambda: sid not in console.service.router.peers, 20, "the call's end")
        return True
    raise ValueError(command)


def console_main(hub_url: str, cap: int, relay_only: bool, pipe: Connection) -> None:
    """The console process: sign in, then answer the driver's commands until ``close``."""
    from tests.support.online_console import ConsoleThread

    with tempfile.TemporaryDirectory(prefix="bench-console-") as data:
        console = ConsoleThread(hub_url, Path(data), cap=cap, relay_only=relay_only)
        pipe.send(("ready", None))
        while True:
            command, args = pipe.recv()
            if command == "close":
                break
            try:
                pipe.send(("ok", _command(console, command, args)))
            except Exception as exc:  # the driver raises it
                pipe.send(("error", f"{type(exc).__name__}: {exc}"))
        console.close()
    pipe.send(("closed", None))


class ConsoleProcess:
    """The driver's handle on the console process."""

    def __init__(self, hub_url: str, cap: int = 4, relay_only: bool = False) -> None:
        context = mp.get_context("spawn")
        self._pipe, child = context.Pipe()
        self.process = context.Process(target=console_main, args=(hub_url, cap, relay_only, child), name="console")
        self.process.start()
        self._answer(120)

    def _answer(self, timeout: float) -> Any:
        if not self._pipe.poll(timeout):
            raise RuntimeError("the console process did not answer")
        kind, value = self._pipe.recv()
        if kind == "error":
            raise RuntimeError(value)
        return value

    def send(self, command: str, *args: Any) -> None:
        """Send a command without waiting (read its answer with `result`)."""
        self._pipe.send((command, args))

    def result(self, timeout: float = 120.0) -> Any:
        """The answer to the command sent last."""
        return self._answer(timeout)

    def ask(self, command: str, *args: Any, timeout: float = 120.0) -> Any:
        """Send a command and wait for its answer."""
        self.send(command, *args)
        return self.result(timeout)

    def close(self) -> None:
        """Sign out and end the process."""
        with contextlib.suppress(Exception):
            self.send("close")
            self._answer(30)
        self.process.join(20)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join(10)


@contextlib.contextmanager
def console_process(hub_url: str, cap: int = 4, relay_only: bool = False) -> Iterator[ConsoleProcess]:
    """A console process for the block's duration."""
    console = ConsoleProcess(hub_url, cap, relay_only)
    try:
        yield console
    finally:
        console.close()


# ----------------------------------------------------------------------------------------------------------------
# Booths through the real hub


def booth_visits(hub: RunningHub, count: int, first_number: int = 1) -> list[tuple[str, str]]:
    """Enroll `count` booths, check each in (a walk-in) and put it in the branch queue: (token, session id)."""
    visits = []
    for number in range(first_number, first_number + count):
        token = hub.booth_token(number)
        api = hub.client(token)
        visit = api.check_in(walk_in=True)
        api.set_state(visit.id, SessionState.SELF_SERVICE)
        api.set_state(visit.id, SessionState.WAITING_CSO)
        visits.append((token, visit.id))
    return visits


@contextlib.contextmanager
def booth_processes(hub: RunningHub, visits: list[tuple[str, str]], nice: int = 10) -> Iterator[None]:
    """Booth processes (bench/console_capacity.py's, niced: they stand in for other PCs) calling through `hub`."""
    from bench.console_capacity import _booth_main

    context = mp.get_context("spawn")
    stop, report = context.Event(), context.Queue()
    port = int(hub.base_url.rsplit(":", 1)[1])
    procs = [
        context.Process(
            target=_booth_main, args=(i, port, stop, report, nice), kwargs={"token": token, "session_id": sid},
            name=f"booth-{i}", daemon=True,
        )
        for i, (token, sid) in enumerate(visits)
    ]
    for proc in procs:
        proc.start()
    try:
        yield
    finally:
        stop.set()
        for proc in procs:
            proc.join(20)
            if proc.is_alive():
                proc.terminate()


# ----------------------------------------------------------------------------------------------------------------
# Chromium participants


@contextlib.contextmanager
def browsers(count: int, nice: int = 10) -> Iterator[list[Any]]:
    """`count` headless Chromium browsers with a fake 1280x720 camera (niced as the booths)."""
    import psutil

    with contextlib.ExitStack() as stack:
        drivers = [stack.enter_context(chromium(ChromiumOptions(width=1280, height=800))) for _ in range(count)]
        for driver in drivers if nice else []:
            with contextlib.suppress(Exception):
                for child in psutil.Process(driver.service.process.pid).children(recursive=True):
                    child.nice(nice)
        yield drivers


def open_join(driver: Any, hub: RunningHub, visit: OnlineVisit) -> None:
    """The participant's Join page with its cookie, its camera open (the join button enabled)."""
    set_cookie(driver, hub.base_url, COOKIE_NAME, visit.token)
    driver.get(f"{hub.base_url}/online/join")
    until(driver, "return !document.getElementById('join').disabled || window.kioskJoin.phase() !== 'lobby'")


def until(driver: Any, script: str, timeout: float = 30.0) -> Any:
    """Poll a script until it returns something truthy."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.05)
    raise RuntimeError(f"timed out: {script}")


def page_stats(driver: Any) -> dict[str, Any]:
    """The call's statistics as the page reads them (call.js `stats()`)."""
    return driver.execute_async_script("window.kioskJoin.stats().then(arguments[0])") or {}


def new_visit(hub: RunningHub, state: SessionState, index: int = 0) -> OnlineVisit:
    """An online visit made in the hub's database (tests/support/online.py)."""
    return online_visit(hub, state=state, participant_index=index)


def medians(rows: list[tuple[int, int, float]]) -> dict[str, Any]:
    """Median size and frame rate of per-second samples."""
    if not rows:
        return {"width": 0, "height": 0, "fps": 0.0}
    return {
        "width": int(statistics.median(r[0] for r in rows)),
        "height": int(statistics.median(r[1] for r in rows)),
        "fps": round(statistics.median(r[2] for r in rows), 1),
        "fps_min": round(min(r[2] for r in rows), 1),
    }
