"""Coroutines and timers of one visit, on the app's asyncio loop, without Qt.

`TaskGroup` starts coroutines with result and error callbacks and cancels them together when a visit ends;
`Timer` calls a function once after a delay, `Ticker` every interval. Under qasync the loop is the Qt main
thread's, so a callback may touch the view directly; under plain asyncio (the app-layer tests) nothing else
is needed.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Collection, Coroutine
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")


class TaskGroup:
    """Coroutines started on behalf of one owner, all cancellable together (e.g. when a visit ends)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def __len__(self) -> int:
        return len(self._tasks)

    def start(
        self,
        coro: Coroutine[Any, Any, T],
        on_result: Callable[[T], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        name: str | None = None,
    ) -> asyncio.Task[T]:
        """Run `coro` on the loop; call `on_result` or `on_error` when it ends (not when cancelled)."""
        task = asyncio.get_event_loop().create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(functools.partial(self._finished, on_result=on_result, on_error=on_error))
        return task

    def _finished(
        self,
        task: asyncio.Task[Any],
        on_result: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
    ) -> None:
        self._tasks.discard(task)
        if task.cancelled():
            return
        error = task.exception()
        if error is not None:
            if on_error is not None:
                on_error(error)
            else:
                # Only the type: an exception's text may quote data the participant typed.
                log.error("background task %s failed: %s", task.get_name(), type(error).__name__)
            return
        if on_result is not None:
            on_result(task.result())

    def cancel_all(self, keep: Collection[str] = ()) -> None:
        """Cancel every running task of this group except those named in `keep` (callbacks are not called)."""
        for task in list(self._tasks):
            if task.get_name() not in keep:
                task.cancel()
                self._tasks.discard(task)

    async def wait_idle(self) -> None:
        """Wait until every task of the group has ended (tests and shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


class Timer:
    """Calls `callback` once, `start(delay_s)` after; `stop()` forgets it."""

    def __init__(self, callback: Callable[[], None]) -> None:
        self._callback = callback
        self._handle: asyncio.TimerHandle | None = None

    def start(self, delay_s: float) -> None:
        """(Re)start the countdown."""
        self.stop()
        self._handle = asyncio.get_event_loop().call_later(delay_s, self._fire)

    def stop(self) -> None:
        """Do not call back."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @property
    def active(self) -> bool:
        """True while counting down."""
        return self._handle is not None

    def _fire(self) -> None:
        self._handle = None
        self._callback()


class Ticker:
    """Calls `callback` every `interval_s` while started."""

    def __init__(self, interval_s: float, callback: Callable[[], None]) -> None:
        self.interval_s = interval_s
        self._callback = callback
        self._handle: asyncio.TimerHandle | None = None

    def start(self) -> None:
        """Start ticking (restarts the interval)."""
        self.stop()
        self._handle = asyncio.get_event_loop().call_later(self.interval_s, self._tick)

    def stop(self) -> None:
        """Stop ticking."""
        if self._handle is not None:
            self._handle.cancel()
            self._handle = None

    @property
    def active(self) -> bool:
        """True while ticking."""
        return self._handle is not None

    def _tick(self) -> None:
        self._handle = asyncio.get_event_loop().call_later(self.interval_s, self._tick)
        self._callback()
