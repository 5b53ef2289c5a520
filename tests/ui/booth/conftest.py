"""Fixtures for the booth UI tests: a qasync loop driven by qtbot, the booth's app context."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

#: The offscreen platform says this for every top-level window it shows; it is not a fault of ours.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"

_HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tolerate the offscreen platform's own warning in the booth tests (and only there)."""
    for item in items:
        if _HERE in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


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
