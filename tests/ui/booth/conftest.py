"""Fixtures for the booth UI tests: a qasync loop driven by qtbot, one per test (the GUI-thread teardown of
windows is in tests/ui/conftest.py)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest


@pytest.fixture
def qt_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop that runs whenever Qt processes events (qtbot.wait*, waitUntil), as under qasync.run."""
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
