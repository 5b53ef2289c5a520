"""The participant's small bar on every booth screen: "listen again", volume down / up, and large text.

One `AssistControls` per window holds what the bars show (speech and sound available, the volume step, large
text on or off) and forwards the touches (to `kiosk.app.booth.voice.VoiceGuide`, wired in
`kiosk.ui.booth.voice_binding`); each screen has its own `AssistBar` drawing it, beside the screen's title.
Large text scales the booth's fonts (`kiosk.ui.booth.large_text`) for the rest of the visit.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from kiosk.ui.app import icon
from kiosk.ui.booth.large_text import LargeText
from kiosk.ui.booth.screen import button
from kiosk.ui.widgets.base import Retranslatable


class AssistControls(QObject):
    """The state the bars show and the touches they forward; one per booth window."""

    repeat_requested = Signal()
    louder_requested = Signal()
    quieter_requested = Signal()
    # Something the bars show changed: redraw.
    changed = Signal()

    def __init__(self, parent: QObject | None = None, volume_steps: int = 5) -> None:
        super().__init__(parent)
        self.speech_available = True
        self.sound_available = True
        self.volume_steps = volume_steps
        self.volume_level = volume_steps - 2
        self.large_text = LargeText()

    def set_sound(self, *, speech_available: bool, sound_available: bool, volume_level: int) -> None:
        """What the voice guide can do now, and its volume step."""
        self.speech_available = speech_available
        self.sound_available = sound_available
        self.volume_level = volume_level
        self.changed.emit()

    @property
    def large_text_on(self) -> bool:
        """True while the fonts are enlarged."""
        return self.large_text.on

    def set_large_text(self, on: bool) -> None:
        """Enlarge the fonts (or back to normal)."""
        if on != self.large_text.on:
            self.large_text.apply(on)
            self.changed.emit()


class VolumeLevel(QWidget):
    """The volume step as rising bars (none lit: silent)."""

    def __init__(self, controls: AssistControls, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controls = controls
        self.setObjectName("volumeLevel")
        self.setFixedSize(44, 40)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw one bar per audible step, the lit ones dark green."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        steps = self._controls.volume_steps - 1  # step 0 is silence: no bar for it
        width = self.width() / steps
        for i in range(steps):
            height = self.height() * (i + 1) / steps
            rect = QRectF(i * width + 1, self.height() - height, width - 3, height)
            lit = i < self._controls.volume_level
            painter.fillRect(rect, QColor("#00594F") if lit else QColor("#C9D6DB"))
        painter.end()


class AssistBar(Retranslatable, QWidget):
    """Listen again, quieter, the volume level, louder, and the large-text switch (objectNames for tests).

    `labelled` bars (the welcome screen's) name "listen again" and "large text" in words, which introduces the
    icons; the others show the same icons only, so every screen's title keeps its room.
    """

    def __init__(self, controls: AssistControls, parent: QWidget | None = None, labelled: bool = False) -> None:
        super().__init__(parent)
        self.controls = controls
        self.labelled = labelled
        self.setObjectName("assistBar")
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        self.listen_button = button("listenButton", parent=self)
        self.listen_button.setIcon(icon("speaker"))
        self.quieter_button = button("quieterButton", parent=self)
        self.quieter_button.setIcon(icon("volume-down"))
        self.louder_button = button("louderButton", parent=self)
        self.louder_button.setIcon(icon("volume-up"))
        self.level = VolumeLevel(controls, self)
        self.large_text_button = button("largeTextButton", parent=self)
        self.large_text_button.setIcon(icon("text-size"))
        self.large_text_button.setCheckable(True)
        for widget in (self.quieter_button, self.louder_button, self.large_text_button, self.listen_button):
            widget.setIconSize(QSize(40, 40))
            if not (labelled and widget in (self.listen_button, self.large_text_button)):
                widget.setFixedWidth(68)  # icon only: square-ish, the title keeps the room
        for widget in (self.listen_button, self.quieter_button, self.louder_button, self.large_text_button):
            widget.setProperty("assist", True)  # QSS: smaller than the screen's own buttons
            widget.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a touch here must not take the keypad's field
        row.addWidget(self.listen_button)
        row.addSpacing(8)
        row.addWidget(self.quieter_button)
        row.addWidget(self.level)
        row.addWidget(self.louder_button)
        row.addSpacing(8)
        row.addWidget(self.large_text_button)
        self.listen_button.clicked.connect(controls.repeat_requested)
        self.quieter_button.clicked.connect(controls.quieter_requested)
        self.louder_button.clicked.connect(controls.louder_requested)
        self.large_text_button.clicked.connect(lambda checked: controls.set_large_text(bool(checked)))
        controls.changed.connect(self.refresh)
        self.refresh()
        self.retranslate()

    def retranslate(self) -> None:
        """Texts (the volume buttons speak through their icons; screen readers get names)."""
        listen, large = self.tr("Dengarkan lagi"), self.tr("Huruf besar")
        self.listen_button.setText(listen if self.labelled else "")
        self.large_text_button.setText(large if self.labelled else "")
        self._fit_words()
        self.listen_button.setAccessibleName(listen)
        self.large_text_button.setAccessibleName(large)
        self.quieter_button.setAccessibleName(self.tr("Suara lebih pelan"))
        self.louder_button.setAccessibleName(self.tr("Suara lebih keras"))
        self.level.setAccessibleName(self.tr("Volume"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """Fonts change with the style (large text): the worded buttons grow with them."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.FontChange):
            # After the buttons themselves took the new style's font (they hear of it after their parent).
            QTimer.singleShot(0, self._fit_words)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """The style's font is known now: fit the words."""
        self._fit_words()
        super().showEvent(event)

    def _fit_words(self) -> None:
        # A style sheet's padding and the icon's gap are left out of QPushButton's size hint: without this the
        # last letters of "Dengarkan lagi" would be cut off.
        for widget in (self.listen_button, self.large_text_button):
            text = widget.text()
            if text:
                needed = widget.fontMetrics().horizontalAdvance(text) + widget.iconSize().width() + 56
                widget.setMinimumWidth(needed)

    def refresh(self) -> None:
        """Show what the controls say: hide what cannot work (no speech engine, no speaker)."""
        c = self.controls
        self.listen_button.setVisible(c.speech_available)
        for widget in (self.quieter_button, self.level, self.louder_button):
            widget.setVisible(c.sound_available)
        self.quieter_button.setEnabled(c.volume_level > 0)
        self.louder_button.setEnabled(c.volume_level < c.volume_steps - 1)
        self.large_text_button.setChecked(c.large_text_on)
        self.level.update()
