"""The video call: the officer large, the participant small, the officer's prompts as large text, capture requests
with a countdown, and a hold card while the officer is with another booth (the recording sign is the window's)."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.ui.booth.call_controls import CallControls
from kiosk.ui.booth.screen import BoothScreen, label
from kiosk.ui.widgets.camera_preview import CameraPreview
from kiosk.ui.widgets.countdown import Countdown
from kiosk.ui.widgets.overlay import Overlay
from kiosk.ui.widgets.signal_bars import NetworkQuality, SignalBars
from kiosk.ui.widgets.video_view import FrameSource, VideoView


class CallScreen(BoothScreen):
    """Everything the officer drives; the participant only listens, shows and answers."""

    step = Step.CALL
    object_name = "callScreen"
    #: The capture countdown reached zero: take the still now.
    countdown_finished = Signal()

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent, navigation=False)
        self.title.hide()
        self.subtitle.hide()
        top = QHBoxLayout()
        self.officer_name = label("subtitle", "officerName", self)
        self.bars = SignalBars(self)
        self.bars.setObjectName("callSignal")
        top.addWidget(self.officer_name, 1)
        top.addWidget(self.bars, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(top)

        stage = QWidget(self)
        grid = QGridLayout(stage)
        grid.setContentsMargins(0, 0, 0, 0)
        self.officer_view = VideoView(stage, fps=25)
        self.officer_view.setObjectName("officerVideo")
        self.officer_view.set_color_order("rgb")  # the peer session converts remote frames to rgb24
        grid.addWidget(self.officer_view, 0, 0)
        self.self_view = CameraPreview(stage, fps=15)
        self.self_view.setObjectName("selfView")
        self.self_view.setFixedSize(320, 180)
        grid.addWidget(self.self_view, 0, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
        self.countdown = Countdown(stage)
        self.countdown.setObjectName("captureCountdown")
        self.countdown.hide()
        self.countdown.finished.connect(self._countdown_done)
        # Above the self-view (bottom right), where the participant looks while aiming: not over the officer.
        grid.addWidget(self.countdown, 0, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.body.addWidget(stage, 1)

        self.prompt = label("prompt", "officerPrompt", self)
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.prompt.hide()
        self.body.addWidget(self.prompt)
        self.controls = CallControls(self)
        self.body.addWidget(self.controls)

        self.hold = Overlay(self, "holdCard")
        self.hold_title = label("title", "holdTitle", self.hold.card())
        self.hold_text = label("body", "holdText", self.hold.card())
        self.hold_elapsed = label("subtitle", "holdElapsed", self.hold.card())
        self.hold.card_layout.addWidget(self.hold_title)
        self.hold.card_layout.addWidget(self.hold_text)
        self.hold.card_layout.addWidget(self.hold_elapsed)
        # How long the hold has lasted, as m:ss, so a wait that seems endless has a measure.
        self.clock: Callable[[], float] = time.monotonic
        self._hold_since: float | None = None
        self._hold_timer = QTimer(self)
        self._hold_timer.setInterval(1000)
        self._hold_timer.timeout.connect(self._show_hold_elapsed)
        # A fixed width lets the wrapped words work out their height (a maximum alone cuts them off).
        self.hold.card().setFixedWidth(820)
        self._capture_name = ""
        self._officer = ""
        self.retranslate()

    # ---------------------------------------------------------------------------------------------- API

    def set_officer_source(self, source: FrameSource | None) -> None:
        """The officer's incoming video."""
        self.officer_view.set_source(source)
        if source is None:
            self.officer_view.clear()

    def set_camera(self, source: FrameSource | None) -> None:
        """The participant's own picture (small)."""
        self.self_view.set_source(source)

    def set_officer_name(self, name: str) -> None:
        """Shown above the video (the officer's first name, as the hub gives it)."""
        self._officer = name
        self.retranslate()

    def set_recording(self, recording: bool) -> None:
        """Nothing to do here: the window's top bar shows the recording sign on every screen, this one too."""
        del recording

    def set_network(self, quality: NetworkQuality) -> None:
        """The call's signal bars (measured round trip and loss)."""
        self.bars.set_quality(quality)

    def show_prompt(self, text: str) -> None:
        """The officer's words, large (written by the officer in the participant's language)."""
        self.prompt.setText(text)
        self.prompt.setVisible(bool(text))

    def start_capture_countdown(self, document_name: str, seconds: float) -> None:
        """The officer asks for a still: show what and count down; `countdown_finished` at zero."""
        self._capture_name = document_name
        self.self_view.setFixedSize(640, 360)  # bigger so the participant can aim the document
        self.countdown.show()
        self.countdown.raise_()
        self.countdown.start(seconds)
        self.retranslate()

    def capture_done(self) -> None:
        """The still is taken."""
        self.countdown.cancel()
        self.countdown.hide()
        self._capture_name = ""
        self.self_view.setFixedSize(320, 180)
        self.retranslate()

    def _countdown_done(self) -> None:
        self.countdown.hide()
        self.countdown_finished.emit()

    def set_on_hold(self, on_hold: bool) -> None:
        """The officer is with another booth (True) or back (False)."""
        if on_hold:
            if self._hold_since is None:
                self._hold_since = self.clock()
                self._hold_timer.start()
            self._show_hold_elapsed()
            self.hold.open()
        else:
            self._hold_since = None
            self._hold_timer.stop()
            self.hold.close_overlay()

    def hold_elapsed_s(self) -> int:
        """Whole seconds the current hold has lasted (0 when not on hold)."""
        return int(self.clock() - self._hold_since) if self._hold_since is not None else 0

    def _show_hold_elapsed(self) -> None:
        seconds = self.hold_elapsed_s()
        shown = f"{seconds // 60}:{seconds % 60:02d}"
        self.hold_elapsed.setText(self.tr("Anda menunggu %1").replace("%1", shown))

    def on_hold(self) -> bool:
        """True while the hold card is shown."""
        return self.hold.isVisible()

    def on_enter(self) -> None:
        """Fresh call: no prompt, no countdown, not on hold."""
        self.show_prompt("")
        self.capture_done()
        self.set_on_hold(False)
        self.controls.reset()
        super().on_enter()

    def on_leave(self) -> None:
        """Stop both videos; forget the last frames."""
        self.countdown.cancel()
        self.set_on_hold(False)
        self.set_officer_source(None)
        self.set_camera(None)

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        self.controls.retranslate()
        if self._officer:
            self.officer_name.setText(self.tr("Petugas: %1").replace("%1", self._officer))
        else:
            self.officer_name.setText(self.tr("Petugas BPJS Ketenagakerjaan"))
        if self._capture_name:
            self.show_prompt(self.tr("Tunjukkan %1 ke kamera").replace("%1", self._capture_name))
        self.hold_title.setText(self.tr("Mohon tunggu sebentar"))
        self.hold_text.setText(
            self.tr("Petugas sedang membantu peserta lain dan akan kembali kepada Anda. "
                    "Tetap duduk di depan layar; data Anda aman.")
        )
        self._show_hold_elapsed()


