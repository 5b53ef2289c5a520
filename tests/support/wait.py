"""Waiting for a condition instead of sleeping: the one poll-until helper of the test suite."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable

#: Long enough for a WebRTC connection on a loaded two-core machine; a passing test returns much sooner.
DEFAULT_TIMEOUT_S = 30.0


def _failure(what: str | None, within_s: float) -> AssertionError:
    return AssertionError(f"{what or 'condition'} not met within {within_s:g} s")


async def wait_until(
    predicate: Callable[[], object],
    within_s: float = DEFAULT_TIMEOUT_S,
    interval: float = 0.02,
    what: str | None = None,
) -> None:
    """Await until ``predicate()`` is truthy, polling every ``interval`` s; fail the test after ``within_s`` s.

    ``predicate`` may be a coroutine function (its result is awaited): for a condition that must be fetched
    without blocking the loop, such as a REST listing read through ``asyncio.to_thread``.
    """
    deadline = time.monotonic() + within_s
    while not await _holds(predicate):
        if time.monotonic() > deadline:
            raise _failure(what, within_s)
        await asyncio.sleep(interval)


async def _holds(predicate: Callable[[], object]) -> bool:
    result = predicate()
    if inspect.isawaitable(result):
        result = await result
    return bool(result)


def wait_until_sync(
    predicate: Callable[[], object],
    within_s: float = DEFAULT_TIMEOUT_S,
    interval: float = 0.02,
    what: str | None = None,
) -> None:
    """Block until ``predicate()`` is truthy (for threads and other processes, outside any event loop)."""
    deadline = time.monotonic() + within_s
    while not predicate():
        if time.monotonic() > deadline:
            raise _failure(what, within_s)
        time.sleep(interval)
