"""The admin's menu over the booth window: run the doctor, show the configuration with secrets hidden, restart,
exit. It closes itself after two idle minutes, so a booth is never left unlocked."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QGridLayout, QLabel, QPlainTextEdit, QPushButton, QWidget

from kiosk.config import Settings
from kiosk.ui.widgets.base import Retranslatable
from kiosk.ui.widgets.overlay import Overlay

if TYPE_CHECKING:
    from kiosk.doctor.report import Report
    from kiosk.video.camera import CameraSource

log = logging.getLogger(__name__)

#: The admin menu locks itself after this long without a touch.
ADMIN_IDLE_S = 120.0


class _DoctorRunner(QObject):
    """Runs the doctor in a thread and hands the report back on the GUI thread."""

    finished = Signal(object)

    def start(self, settings: Settings, language: str, camera: CameraSource | None) -> None:
        def work() -> None:
            from kiosk.doctor.checks import run_checks

            self.finished.emit(run_checks(settings, language=language, camera=camera))

        threading.Thread(target=work, name="admin-doctor", daemon=True).start()


class AdminMenu(Retranslatable, Overlay):
    """The admin's menu over the booth window: doctor, configuration (secrets hidden), restart, exit."""

    restart_requested = Signal()
    exit_requested = Signal()
    #: The doctor's report arrived (the `kiosk.doctor.Report`).
    doctor_finished = Signal(object)

    def __init__(
        self,
        parent: QWidget,
        settings: Settings,
        camera: Callable[[], CameraSource | None] | None = None,
        language: Callable[[], str] | None = None,
    ) -> None:
        super().__init__(parent, "adminMenu")
        self._settings = settings
        self._camera = camera or (lambda: None)
        self._language = language or (lambda: settings.booth.language)
        self._armed: QPushButton | None = None
        self.title = QLabel(self.card())
        self.title.setProperty("role", "subtitle")
        self.doctor_button = self._button("adminDoctor", self.run_doctor)
        self.config_button = self._button("adminConfig", self.show_config)
        self.restart_button = self._button("adminRestart", lambda: self._confirm(self.restart_button))
        self.exit_button = self._button("adminExit", lambda: self._confirm(self.exit_button))
        self.close_button = self._button("adminClose", self.lock)
        self.output = QPlainTextEdit(self.card())
        self.output.setObjectName("adminOutput")
        self.output.setReadOnly(True)
        self.output.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        mono = QFont("DejaVu Sans Mono")
        mono.setStyleHint(QFont.StyleHint.Monospace)
        mono.setPointSize(11)
        self.output.setFont(mono)
        self.output.setStyleSheet("font-size: 11pt;")
        self.output.setMinimumSize(600, 400)
        grid = QGridLayout()
        for index, button in enumerate(
            (self.doctor_button, self.config_button, self.restart_button, self.exit_button, self.close_button)
        ):
            grid.addWidget(button, index, 0)
        grid.addWidget(self.output, 0, 1, 5, 1)
        self.card_layout.addWidget(self.title)
        self.card_layout.addLayout(grid)
        self._runner = _DoctorRunner(self)
        self._runner.finished.connect(self._doctor_done)
        self._idle = QTimer(self)
        self._idle.setSingleShot(True)
        self._idle.setInterval(int(ADMIN_IDLE_S * 1000))
        self._idle.timeout.connect(self.lock)
        self._disarm = QTimer(self)
        self._disarm.setSingleShot(True)
        self._disarm.setInterval(5000)
        self._disarm.timeout.connect(self._reset_confirm)
        self.retranslate()

    def _button(self, name: str, slot: Callable[[], object]) -> QPushButton:
        button = QPushButton(self.card())
        button.setMinimumWidth(400)  # the booth theme's large type: "Tampilkan konfigurasi" must fit
        button.setObjectName(name)
        button.clicked.connect(self._idle_restart)
        button.clicked.connect(slot)
        return button

    def retranslate(self) -> None:
        """Texts."""
        self.title.setText(self.tr("Menu admin"))
        self.doctor_button.setText(self.tr("Periksa booth"))
        self.config_button.setText(self.tr("Tampilkan konfigurasi"))
        self.close_button.setText(self.tr("Tutup dan kunci"))
        self._reset_confirm()

    def open(self) -> None:
        """Show the menu and start its idle timer."""
        self.output.clear()
        self._reset_confirm()
        super().open()
        self._idle.start()

    def lock(self) -> None:
        """Close the menu: the booth is locked again."""
        self._idle.stop()
        self.output.clear()
        self.close_overlay()
        log.info("admin menu closed")

    def run_doctor(self) -> None:
        """Run `kiosk doctor`'s checks (in a thread) and show the table."""
        self.doctor_button.setEnabled(False)
        self.output.setPlainText(self.tr("Memeriksa kamera, suara, hub dan disk..."))
        self._runner.start(self._settings, self._language(), self._camera())

    def show_config(self) -> None:
        """Show the booth's settings with every secret hidden."""
        from kiosk.doctor.redaction import redacted_settings_toml

        self.output.setPlainText(redacted_settings_toml(
            self._settings, hidden="•••• " + self.tr("(disembunyikan)"), empty=self.tr("(kosong)")
        ))

    def _doctor_done(self, report: Report) -> None:
        self.doctor_button.setEnabled(True)
        self.output.setPlainText(report.table(width=96))
        self.doctor_finished.emit(report)

    def _confirm(self, button: QPushButton) -> None:
        # Restart and exit end a participant's session: the first touch arms, the second (within 5 s) acts.
        if self._armed is not button:
            self._reset_confirm()
            self._armed = button
            button.setText(self.tr("Sentuh lagi untuk memastikan"))
            self._disarm.start()
            return
        self._reset_confirm()
        self._idle.stop()
        if button is self.restart_button:
            log.info("admin chose restart")
            self.restart_requested.emit()
        else:
            log.info("admin chose exit")
            self.exit_requested.emit()

    def _reset_confirm(self) -> None:
        self._armed = None
        self.restart_button.setText(self.tr("Mulai ulang aplikasi"))
        self.exit_button.setText(self.tr("Keluar dari aplikasi"))

    def _idle_restart(self) -> None:
        self._idle.start()
