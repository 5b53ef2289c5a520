"""The booth's Qt-free task group and timers, under plain asyncio."""

from __future__ import annotations

import asyncio

import pytest

from kiosk.app.blocking import run_blocking
from kiosk.app.booth.tasks import TaskGroup, Ticker, Timer
from tests.support.wait import wait_until


@pytest.mark.asyncio
async def test_task_group_reports_results_and_errors_and_cancels() -> None:
    group = TaskGroup()
    results: list[int] = []
    errors: list[BaseException] = []

    async def slow() -> int:
        await asyncio.sleep(10)
        return 1

    async def broken() -> int:
        raise ValueError("no")

    group.start(run_blocking(sum, [1, 2, 3]), on_result=results.append)
    group.start(broken(), on_error=errors.append)
    group.start(slow(), on_result=results.append, name="keep")
    group.start(slow(), on_result=results.append)
    await wait_until(lambda: results == [6] and len(errors) == 1)
    assert len(group) == 2
    group.cancel_all(keep=("keep",))
    assert len(group) == 1
    group.cancel_all()
    assert len(group) == 0 and results == [6]


@pytest.mark.asyncio
async def test_timer_fires_once_and_can_be_stopped() -> None:
    fired: list[str] = []
    timer = Timer(lambda: fired.append("t"))
    timer.start(0.01)
    assert timer.active
    await wait_until(lambda: fired == ["t"])
    assert not timer.active
    timer.start(0.05)
    timer.stop()
    await asyncio.sleep(0.1)  # long enough for a stopped timer to have fired: it must not
    assert fired == ["t"]


@pytest.mark.asyncio
async def test_ticker_ticks_until_stopped() -> None:
    ticks: list[int] = []
    ticker = Ticker(0.01, lambda: ticks.append(1))
    ticker.start()
    await wait_until(lambda: len(ticks) >= 3)
    ticker.stop()
    seen = len(ticks)
    await asyncio.sleep(0.05)  # five periods of a stopped ticker: it must not tick again
    assert len(ticks) == seen and not ticker.active
