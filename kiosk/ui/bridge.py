"""Between asyncio (the video layer, the hub client) and Qt widgets.

Everything in an app runs on the Qt main thread's qasync loop, so a coroutine may touch widgets directly once
it is back from an ``await``. Two things still need a bridge:

- values produced on other threads (camera capture, executor callbacks) must reach widgets as queued Qt
  signals: `Relay`;
- coroutines started by widgets must not outlive what they belong to (a participant's session, a screen):
  `TaskGroup` starts them, reports results and errors through callbacks, and cancels them all at once.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable, Coroutine
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal

log = logging.getLogger(__name__)

T = TypeVar("T")


class Relay(QObject):
    """Calling the relay from any thread emits `fired` on the relay's own (GUI) thread."""

    fired = Signal(object)

    def __call__(self, value: object = None) -> None:
        # AutoConnection queues the emission when the caller is another thread.
        self.fired.emit(value)


class TaskGroup(QObject):
    """Coroutines started on behalf of one owner, all cancellable together (e.g. when a session ends)."""

    #: Emitted with the exception when a task fails and no error callback took it.
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
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
        """Run `coro` on the app's loop; call `on_result` or `on_error` when it ends (not when cancelled)."""
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
                self.failed.emit(error)
            return
        if on_result is not None:
            on_result(task.result())

    def cancel_all(self) -> None:
        """Cancel every running task of this group (their callbacks are not called)."""
        for task in list(self._tasks):
            task.cancel()
        self._tasks.clear()
