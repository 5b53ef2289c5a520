"""A Qt process that delivers many signals survives PySide6 6.12.0's lost references to True, and exits cleanly."""

from __future__ import annotations

import os
import subprocess
import sys

SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication, QObject, Signal
from kiosk.ui.singleton_guard import protect
guard = protect()
app = QCoreApplication([])
class Emitter(QObject):
    fired = Signal(bool)
emitter = Emitter()
emitter.fired.connect(lambda value: None)
for _ in range(300_000):
    emitter.fired.emit(True)
print("lost", guard.taken["True"])
"""


def test_many_signals_and_a_normal_exit_do_not_abort_the_process() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.startswith("lost ")
