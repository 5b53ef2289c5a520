"""Console UI tests: the offscreen platform's harmless size-hint notice is not a failure."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Ignore the offscreen notice in every console test (it appears whenever a top-level window is shown)."""
    for item in items:
        if "tests/ui/console" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


@pytest.fixture
def qt_loop(qapp: object) -> Iterator[asyncio.AbstractEventLoop]:
    """An asyncio loop that runs whenever Qt processes events (qtbot.wait*), as under qasync.run."""
    import qasync

    loop = qasync.QEventLoop(qapp, already_running=True)
    asyncio.set_event_loop(loop)
    try:
        yield loop
    finally:
        for task in [t for t in asyncio.all_tasks(loop) if not t.done()]:
            task.cancel()
        asyncio.events._set_running_loop(None)
        loop._QEventLoop__is_running = False  # type: ignore[attr-defined]  # let close() proceed
        loop.close()
        asyncio.set_event_loop(None)


@pytest.fixture(autouse=True)
def short_ice_timers(monkeypatch: pytest.MonkeyPatch) -> None:
    """ICE consent checks every ~0.3 s: a dead connection is noticed in about a second."""
    import aioice.ice

    monkeypatch.setattr(aioice.ice, "CONSENT_INTERVAL", 0.3)
    monkeypatch.setattr(aioice.ice, "CONSENT_FAILURES", 3)
