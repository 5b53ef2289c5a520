"""Fixtures of every UI test (booth, console, setup, widgets): a qasync loop, Qt objects deleted on the GUI thread,
and the offscreen platform's own notice tolerated.

Why the teardown hook: pytest-qt closes a test's windows and only *posts* their deletion (``deleteLater``),
which runs whenever some later event loop gets to it. Until then a window, its screens and their timers live
on in reference cycles with the plain-Python objects of the test (flows, harness, lambdas). Python's cyclic
garbage collector frees such cycles in whichever thread happens to allocate when a collection is due: the
hub fixture's server thread, a camera's capture thread, an executor thread of `run_blocking`, aiortc's
threads. A QWidget destroyed there tears down timers and the backing store of another thread ("QObject::
~QObject: Timers cannot be stopped from another thread") and can crash the process: seen when
`pytest tests/ui/booth` ran alone, the warning during `test_call_with_a_console_peer` (the hub's server thread
collected 1,748 objects) and a segmentation fault in the GUI thread's next `processEvents`. Whether it happens
depends on when a collection falls due, so the whole suite, with a different history of allocations, passed.
Console and setup tests build windows next to hubs and cameras just the same, so the hook serves them all.

So after pytest-qt closed the test's windows, and before any other fixture tears down (the hub, the camera),
the posted deletions run and the cycles are collected, here, on the GUI thread.
"""

from __future__ import annotations

import asyncio
import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

#: The offscreen platform says this for every top-level window it shows; it is not a fault of ours.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"

_HERE = Path(__file__).parent


def _is_ui_test(item: pytest.Item) -> bool:
    return _HERE in Path(str(item.fspath)).parents


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tolerate the offscreen platform's own notice in the UI tests (and only there)."""
    for item in items:
        if _is_ui_test(item):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture(scope="session", autouse=True)
def _frozen_heap() -> Iterator[None]:
    """Keep what exists before the first UI test (imported modules, the session's hub) out of collections.

    The teardown hook below collects twice per test; scanning the whole heap of Qt, aiortc, NumPy and SQLAlchemy
    each time cost about a second per test on a loaded machine. Frozen objects are only skipped by the
    collector, never freed early, and they live for the whole session anyway.
    """
    gc.collect()
    gc.freeze()
    yield
    gc.unfreeze()


@pytest.fixture
def qt_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop of one test that runs whenever Qt processes events (qtbot.wait*, waitUntil), as under
    qasync.run (the console tests share one loop instead, see tests/ui/console/conftest.py)."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    try:
        yield loop
    finally:
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        # Let the cancellations run to their end while the loop still works, so nothing fires on a closed loop.
        from PySide6.QtCore import QCoreApplication

        for _ in range(20):
            QCoreApplication.processEvents()
            if all(t.done() for t in pending):
                break
        asyncio.events._set_running_loop(None)
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]  # let close() proceed
        loop.close()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> None:
    """Delete the test's closed windows and collect its cycles on the GUI thread (see the module docstring).

    A plain hook implementation runs after pytest-qt's teardown wrapper closed the windows and before the
    fixtures' finalizers (hub, camera, loop), whose threads would otherwise be the ones to free them.
    """
    if "qtbot" not in getattr(item, "fixturenames", ()) or not _is_ui_test(item):
        return
    from PySide6.QtCore import QCoreApplication, QEvent

    for _ in range(2):  # deleting a window may post more deletions (its children's own deleteLater calls)
        QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
