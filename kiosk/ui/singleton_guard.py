"""Keeps `True`, `False` and `None` alive in the demo's Qt processes, against reference-counting bugs of
PySide6 6.12.0.

Under PySide6 6.12.0 every delivery of a Qt signal to a Python slot drops one reference to `True` that it never
took, and the console's video path drops references to `None` the same way. On Python 3.11, where these are
ordinary objects, a busy app (timers, video frames, executor results all arrive as signals) takes one of them to
zero within a minute and the process aborts with "Fatal Python error: bool_dealloc: deallocating True or False"
(or "none_dealloc"). Python 3.12 made them immortal, so there the bugs are harmless.

The guard holds extra references and adds more before a count runs low, checked on a plain `threading` timer
(a Qt timer would itself be a signal). Each lost reference costs 8 bytes of a list, about as much as the bugs
leak anyway; nothing else changes. Remove it once PySide6 is fixed (`SingletonGuard.taken` then stays at 0).

`protect()` starts the one guard of the process; `kiosk.ui.app.run_app` calls it, so every Qt app of the project
(booth, console, setup wizard, demo processes) is covered. The guard's lists are never freed, not even at
interpreter exit: freeing them would hand back references PySide6 already took, and the exit would abort.
"""

from __future__ import annotations

import ctypes
import logging
import sys
import threading

log = logging.getLogger(__name__)

#: Top up when fewer than this many references remain (a busy app loses a few thousand a second).
LOW_WATER = 2_000_000
#: References added per top-up.
CHUNK = 4_000_000
GUARDED: tuple[object, ...] = (True, False, None)


class SingletonGuard:
    """Tops up the reference counts of True, False and None from a daemon thread (see the module docstring)."""

    def __init__(self, interval_s: float = 1.0) -> None:
        self.interval_s = interval_s
        self._refs: dict[int, list[object]] = {i: [] for i in range(len(GUARDED))}
        # One reference the interpreter does not know about: the lists outlive module teardown at exit.
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(self._refs))
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._start = [sys.getrefcount(obj) for obj in GUARDED]

    @property
    def needed(self) -> bool:
        """False where these objects cannot die (Python 3.12 and later)."""
        return sys.version_info < (3, 12)

    @property
    def taken(self) -> dict[str, int]:
        """References lost since the guard started, per object (all 0 when PySide6 behaves)."""
        return {
            repr(obj): max(0, start + len(self._refs[i]) - sys.getrefcount(obj))
            for i, (obj, start) in enumerate(zip(GUARDED, self._start, strict=True))
        }

    def check(self) -> None:
        """Add references where a count is low."""
        for i, obj in enumerate(GUARDED):
            if sys.getrefcount(obj) < LOW_WATER:
                self._refs[i].extend([obj] * CHUNK)

    def start(self) -> SingletonGuard:
        """Top up now and then every `interval_s` (does nothing where not needed)."""
        if not self.needed or self._thread is not None:
            return self
        self.check()
        self._thread = threading.Thread(target=self._run, name="singleton-guard", daemon=True)
        self._thread.start()
        return self

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            self.check()

    def stop(self) -> None:
        """Stop checking (the references stay: the process is about to end, see `kiosk.demo.wire.leave`)."""
        self._stop.set()
        if self.needed:
            log.info("singleton guard: references PySide6 dropped: %s", self.taken)


_GUARD: SingletonGuard | None = None


def protect() -> SingletonGuard:
    """Start the process's guard once (later calls return the same one)."""
    global _GUARD
    if _GUARD is None:
        _GUARD = SingletonGuard().start()
    return _GUARD
