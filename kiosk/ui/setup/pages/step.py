"""What every step of the setup wizard shares: the `StepPage` base, `run_in_thread` for blocking work, and how a
page opens a camera (`CameraFactory`).

Blocking work (the hub, argon2, QR decoding, measuring the camera) runs in a thread through `run_in_thread`, whose
result comes back on the GUI thread through a queued signal.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QLabel,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.setup.model import (
    SetupResult,
)
from kiosk.ui.widgets.base import Retranslatable
from kiosk.ui.widgets.message_banner import MessageBanner
from kiosk.video.camera import CameraSource, open_camera

log = logging.getLogger(__name__)

T = TypeVar("T")

CameraFactory = Callable[[str, int, int, int], CameraSource]


class _Relay(QObject):
    finished = Signal(object)


def run_in_thread(owner: QObject, work: Callable[[], T], done: Callable[[Any], None]) -> None:
    """Run `work` in a thread; call `done(result)` (or `done(exception)`) on the GUI thread afterwards."""
    relay = _Relay(owner)

    def finish(result: object) -> None:
        relay.deleteLater()
        done(result)

    relay.finished.connect(finish)

    def target() -> None:
        try:
            result: object = work()
        except Exception as exc:  # handed to `done`, which shows it
            log.exception("setup task failed")
            result = exc
        with contextlib.suppress(RuntimeError):  # the wizard was closed meanwhile
            relay.finished.emit(result)

    threading.Thread(target=target, name="setup-task", daemon=True).start()


def default_camera_factory(spec: str, width: int, height: int, fps: int) -> CameraSource:
    """The booth's own way of opening a camera (the synthetic one without its burnt-in time code)."""
    return open_camera(spec, width, height, fps, timecode=False)


class StepPage(Retranslatable, QWidget):
    """One step: a title, a body, and whether the admin may go on."""

    #: The page's "may go on" changed.
    complete_changed = Signal()

    def __init__(self, result: SetupResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = result
        self.heading = QLabel(self)
        self.heading.setProperty("role", "title")
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setProperty("role", "muted")
        self.banner = MessageBanner(self, object_name=f"{type(self).__name__}Message")
        self.body = QVBoxLayout()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(14)
        outer.addWidget(self.heading)
        outer.addWidget(self.intro)
        outer.addLayout(self.body, 1)
        outer.addWidget(self.banner)

    def step_name(self) -> str:
        """The step's short name in the sidebar."""
        return ""

    def is_complete(self) -> bool:
        """True when the admin may go to the next step."""
        return True

    def enter(self) -> None:
        """The page is shown."""

    def leave(self) -> None:
        """The page is left (close devices)."""

    def accept(self) -> bool:
        """Called on "next": False keeps the admin on the page (the banner says why)."""
        return True
