"""Inactivity during self-service: no touch for a while asks "are you still there?" with a countdown, then the
session ends as abandoned.

`InactivityWatcher` filters every input event of the application (touch, mouse, keys) to restart its timer,
so no screen has to remember to report activity. Timeouts come from settings (tests shorten them).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QWidget

from kiosk.ui.booth.screen import button, label
from kiosk.ui.widgets.base import Retranslatable
from kiosk.ui.widgets.countdown import Countdown
from kiosk.ui.widgets.overlay import Overlay

_ACTIVITY = frozenset(
    {
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.KeyPress,
        QEvent.Type.Wheel,
    }
)


class StillThereOverlay(Retranslatable, Overlay):
    """The question, the seconds left, and a big "I am still here" button."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, "inactivityOverlay")
        self.question = label("title", "stillThereQuestion", self.card())
        self.question.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation = label("body", "stillThereExplanation", self.card())
        self.countdown = Countdown(self.card())
        self.countdown.setObjectName("inactivityCountdown")
        self.still_here = button("stillHereButton", "primary", self.card(), size="huge")
        for widget in (self.question, self.explanation, self.countdown, self.still_here):
            self.card_layout.addWidget(widget)
        self.card().setFixedWidth(820)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts."""
        self.question.setText(self.tr("Apakah Anda masih di sini?"))
        self.explanation.setText(
            self.tr("Jika tidak ada sentuhan, sesi ini diakhiri dan data Anda dihapus demi keamanan.")
        )
        self.still_here.setText(self.tr("Ya, saya masih di sini"))


class InactivityWatcher(QObject):
    """Arm it on self-service screens; `timed_out` fires when the countdown ends without a touch."""

    asked = Signal()
    timed_out = Signal()

    def __init__(self, overlay: StillThereOverlay, timeout_s: float, countdown_s: float) -> None:
        super().__init__(overlay)
        self._overlay = overlay
        self._countdown_s = countdown_s
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(int(timeout_s * 1000))
        self._timer.timeout.connect(self._ask)
        overlay.countdown.finished.connect(self._expired)
        overlay.still_here.clicked.connect(self._still_here)
        self._armed = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def arm(self) -> None:
        """Start watching (a self-service screen is shown)."""
        self._armed = True
        self._timer.start()

    def disarm(self) -> None:
        """Stop watching (waiting, in a call, a problem screen, the welcome screen)."""
        self._armed = False
        self._timer.stop()
        self._overlay.countdown.cancel()
        self._overlay.close_overlay()

    def poke(self) -> None:
        """Someone is there without touching the screen (holding a document up to the camera)."""
        if self._armed and not self.asking():
            self._timer.start()

    def shutdown(self) -> None:
        """Stop watching for good and leave the application's event stream alone."""
        self.disarm()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    @property
    def armed(self) -> bool:
        """True while watching."""
        return self._armed

    def asking(self) -> bool:
        """True while the question is on screen."""
        return self._overlay.isVisible()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Any touch restarts the timer (a touch while asking does not count: only the button answers)."""
        if self._armed and event.type() in _ACTIVITY and not self.asking():
            self._timer.start()
        return False

    def _ask(self) -> None:
        if not self._armed:
            return
        self._overlay.open()
        self._overlay.countdown.start(self._countdown_s)
        self.asked.emit()

    def _still_here(self) -> None:
        self._overlay.countdown.cancel()
        self._overlay.close_overlay()
        if self._armed:
            self._timer.start()

    def _expired(self) -> None:
        self._overlay.close_overlay()
        if self._armed:
            self._armed = False
            self.timed_out.emit()
