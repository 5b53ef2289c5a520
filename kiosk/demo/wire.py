"""How the demo's processes talk: JSON lines, orchestrator -> child on stdin, child -> orchestrator on stdout.

A child keeps its original stdout for these messages only and points file descriptor 1 at stderr, so a stray
print (ours or a library's) lands in the child's log instead of corrupting the message stream. Messages are
small dicts with a ``type``; they never carry personal data except the visitor handed to a booth.

A child whose stdin closes (the orchestrator went away, even by SIGKILL) quits by itself: nothing of a demo is
left running behind its orchestrator.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from collections.abc import Callable
from typing import IO, Any, NoReturn

Message = dict[str, Any]


class EventWriter:
    """Writes one JSON object per line to the orchestrator (thread-safe, flushed per message)."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._lock = threading.Lock()

    def send(self, type_: str, **fields: Any) -> None:
        """Send ``{"type": type_, **fields}``; a closed pipe (orchestrator gone) is ignored."""
        line = json.dumps({"type": type_, **fields}, default=str)
        with self._lock:
            try:
                self._stream.write(line + "\n")
                self._stream.flush()
            except (BrokenPipeError, ValueError, OSError):
                pass


def take_stdout() -> EventWriter:
    """Keep the process's stdout for messages and send everything else written to fd 1 to stderr."""
    sys.stdout.flush()
    events = os.fdopen(os.dup(1), "w", encoding="utf-8", buffering=1)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return EventWriter(events)


def read_commands(on_message: Callable[[Message], object], on_eof: Callable[[], object]) -> threading.Thread:
    """Read JSON lines from stdin in a daemon thread; call `on_message` per line and `on_eof` at the end.

    The callbacks run in the reader thread: hand them to the app's loop (``loop.call_soon_threadsafe``).
    """

    def run() -> None:
        for line in sys.stdin:
            line = line.strip()
            if not line:
                continue
            try:
                message = json.loads(line)
            except ValueError:
                continue
            if isinstance(message, dict):
                on_message(message)
        on_eof()

    thread = threading.Thread(target=run, name="demo-commands", daemon=True)
    thread.start()
    return thread


def leave(code: int) -> NoReturn:
    """End the child now: its app has shut down cleanly; the interpreter's own teardown is skipped.

    Tearing down a PySide6 app on Python 3.11 may free objects in an order its bindings do not expect; the work
    is done, so exit at once.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
