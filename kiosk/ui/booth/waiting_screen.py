"""Waiting for the officer: what happens next, an honest estimate, and a call-for-help button."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.ui.app import icon
from kiosk.ui.booth.screen import BoothScreen, button, label
from kiosk.ui.widgets.message_banner import MessageBanner
from kiosk.ui.widgets.video_view import FrameSource, VideoView


class WaitingScreen(BoothScreen):
    """Shown after self-service until the officer's video arrives."""

    step = Step.WAITING
    object_name = "waitingScreen"
    help_requested = Signal()

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent, navigation=False)
        row = QHBoxLayout()
        row.setSpacing(32)
        self.body.addLayout(row, 1)
        column = QVBoxLayout()
        panel = QFrame(self)
        panel.setProperty("panel", True)
        inside = QHBoxLayout(panel)
        inside.setContentsMargins(24, 24, 24, 24)
        clock = QLabel(panel)
        clock.setPixmap(icon("clock").pixmap(QSize(96, 96)))
        inside.addWidget(clock, 0, Qt.AlignmentFlag.AlignTop)
        texts = QVBoxLayout()
        self.next_text = label("body", "waitingNext", panel)
        self.estimate = label("body", "waitingEstimate", panel)
        texts.addWidget(self.next_text)
        texts.addWidget(self.estimate)
        inside.addLayout(texts, 1)
        column.addWidget(panel)
        column.addStretch(1)
        self.help_button = button("helpButton", parent=self, size="huge")
        self.help_button.setIcon(icon("help"))
        self.help_button.setIconSize(QSize(56, 56))
        self.help_button.clicked.connect(self._help)
        self.help_message = MessageBanner(self, "helpMessage")
        column.addWidget(self.help_message)
        column.addWidget(self.help_button)
        row.addLayout(column, 3)
        self.self_view = VideoView(self, fps=10)
        self.self_view.setObjectName("waitingSelfView")
        self.self_view.set_mirrored(True)
        self.self_view.setMinimumSize(320, 240)
        self.self_view.setMaximumWidth(420)
        self.self_caption = label("muted", "selfViewCaption", self)
        side = QVBoxLayout()
        side.addWidget(self.self_view)
        side.addWidget(self.self_caption)
        side.addStretch(1)
        row.addLayout(side, 2)
        self._waiting: int | None = None
        self._help_sent = False
        self.retranslate()

    def set_camera(self, source: FrameSource | None) -> None:
        """The participant sees themselves, as the officer will."""
        self.self_view.set_source(source)
        if source is None:
            self.self_view.clear()

    def set_queue(self, waiting_before: int | None) -> None:
        """How many visitors are ahead (None: not known)."""
        self._waiting = waiting_before
        self.retranslate()

    def _help(self) -> None:
        self._help_sent = True
        self.help_button.setEnabled(False)
        self.help_requested.emit()
        self.retranslate()

    def on_enter(self) -> None:
        """A fresh wait: help not asked yet."""
        self._help_sent = False
        self.help_button.setEnabled(True)
        self.help_message.clear()
        self.retranslate()
        super().on_enter()

    def on_leave(self) -> None:
        """Stop the self-view."""
        self.set_camera(None)

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        self.title.setText(self.tr("Terima kasih, data Anda lengkap"))
        self.subtitle.setText(self.tr("Mohon tetap duduk di depan layar."))
        self.next_text.setText(
            self.tr("Petugas akan menyapa Anda lewat video di layar ini, memeriksa dokumen asli Anda, "
                    "lalu mengajukan klaim.")
        )
        if self._waiting is None:
            self.estimate.setText(
                self.tr("Kami belum dapat memperkirakan lama menunggu: petugas sedang melayani beberapa "
                        "bilik sekaligus.")
            )
        elif self._waiting == 0:
            self.estimate.setText(self.tr("Anda yang berikutnya. Petugas akan segera menyapa Anda."))
        else:
            self.estimate.setText(
                self.tr("Ada %n peserta lain yang menunggu sebelum Anda.", "", self._waiting)
            )
        self.help_button.setText(self.tr("Minta bantuan petugas"))
        self.self_caption.setText(self.tr("Ini gambar Anda dari kamera."))
        if self._help_sent:
            self.help_message.show_message("ok", self.tr("Petugas sudah diberi tahu dan akan segera membantu."))
