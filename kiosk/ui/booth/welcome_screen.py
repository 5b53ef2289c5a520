"""Welcome: what this booth does in three steps, the language, and one big Start button."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QWidget

from kiosk.app.booth.state import Step, VisitState
from kiosk.ui.app import icon
from kiosk.ui.booth.screen import BoothScreen, button, label


class WelcomeScreen(BoothScreen):
    """First screen of every visit (and the one the booth returns to after a visit)."""

    step = Step.WELCOME
    object_name = "welcomeScreen"
    start_requested = Signal()
    language_requested = Signal(str)

    def __init__(self, state: VisitState, parent: QWidget | None = None) -> None:
        super().__init__(state, parent, navigation=False)
        steps = QFrame(self)
        steps.setProperty("panel", True)
        grid = QGridLayout(steps)
        grid.setContentsMargins(32, 24, 32, 24)
        grid.setHorizontalSpacing(24)
        grid.setVerticalSpacing(16)
        self._step_labels: list[QLabel] = []
        for row, icon_name in enumerate(("checkin", "document", "officer")):
            picture = QLabel(steps)
            picture.setPixmap(icon(icon_name).pixmap(QSize(72, 72)))
            number = label("huge", parent=steps, wrap=False)
            number.setText(str(row + 1))
            text = label("body", f"welcomeStep{row + 1}", steps)
            grid.addWidget(number, row, 0, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(picture, row, 1, Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(text, row, 2)
            self._step_labels.append(text)
        grid.setColumnStretch(2, 1)
        self.body.addWidget(steps)
        self.body.addStretch(1)

        self.start_button = button("startButton", "primary", self, size="huge")
        self.start_button.clicked.connect(self.start_requested)
        self.body.addWidget(self.start_button)

        languages = QHBoxLayout()
        self.indonesian_button = button("languageIdButton", parent=self)
        self.english_button = button("languageEnButton", parent=self)
        # Language names are written in their own language, so they never change with the translation.
        self.indonesian_button.setText("Bahasa Indonesia")
        self.english_button.setText("English")
        for widget, code in ((self.indonesian_button, "id"), (self.english_button, "en")):
            widget.setIcon(icon("globe"))
            widget.setIconSize(QSize(40, 40))
            widget.setCheckable(True)
            widget.clicked.connect(lambda _checked=False, c=code: self.language_requested.emit(c))
            languages.addWidget(widget)
        self.body.addLayout(languages)
        self.retranslate()

    def retranslate(self) -> None:
        """Texts."""
        super().retranslate()
        self.title.setText(self.tr("Selamat datang"))
        self.subtitle.setText(
            self.tr("Di bilik ini Anda dapat mengajukan klaim BPJS Ketenagakerjaan tanpa antre di loket.")
        )
        texts = (
            self.tr("Daftar dengan kode booking, atau antre langsung."),
            self.tr("Isi NIK dan nomor KPJ, lalu foto dokumen Anda di depan kamera."),
            self.tr("Petugas memeriksa lewat video dan mengajukan klaim Anda."),
        )
        for widget, text in zip(self._step_labels, texts, strict=True):
            widget.setText(text)
        self.start_button.setText(self.tr("Mulai"))

    def refresh(self) -> None:
        """Mark the language in use."""
        self.indonesian_button.setChecked(self.state.language == "id")
        self.english_button.setChecked(self.state.language == "en")
