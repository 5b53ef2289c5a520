"""Console UI tests: one qasync loop for the session, short ICE timers (the offscreen notice and the GUI-thread
teardown of windows are in tests/ui/conftest.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest


@pytest.fixture(scope="session")
def _session_qt_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """One qasync loop for the whole session (see `qt_loop`)."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    # Plain Python threads for to_thread/run_in_executor: qasync's QThread executor waits for its workers in a
    # Qt call that keeps the GIL, so a worker still converting a frame at shutdown deadlocks the process.
    executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="test-executor")
    loop.set_default_executor(executor)
    asyncio.events._set_running_loop(None)  # only "running" inside the tests that use it
    yield loop
    executor.shutdown(wait=True, cancel_futures=True)
    loop._QEventLoop__default_executor = None  # type: ignore[attr-defined]
    loop._QEventLoop__is_running = False  # type: ignore[attr-defined]  # let close() proceed
    loop.close()


@pytest.fixture
def qt_loop(_session_qt_loop: asyncio.AbstractEventLoop) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop that runs whenever Qt processes events (qtbot.wait*), as under qasync.run.

    The loop is shared by the whole session: aiortc leaves socket watchers behind for a moment after a peer
    closes, and a watcher of a closed loop firing on a reused socket crashes the interpreter. Outside these
    tests no loop counts as running, so plain `asyncio.run` tests are unaffected.
    """
    loop = _session_qt_loop
    asyncio.events._set_running_loop(loop)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        asyncio.events._set_running_loop(None)
        asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def short_ice_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """ICE consent checks every ~0.3 s: a dead connection is noticed in about a second."""
    import aioice.ice

    monkeypatch.setattr(aioice.ice, "CONSENT_INTERVAL", 0.3)
    monkeypatch.setattr(aioice.ice, "CONSENT_FAILURES", 3)
