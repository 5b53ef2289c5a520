"""Step 7 of the setup wizard: what will be written, for a last look before saving."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QWidget,
)

from kiosk.app.setup.model import (
    SetupResult,
)
from kiosk.app.setup.sound import echo_cancel_used
from kiosk.config import Settings
from kiosk.ui.setup.pages.audio import AudioPage
from kiosk.ui.setup.pages.camera import CameraPage
from kiosk.ui.setup.pages.hub import HubPage
from kiosk.ui.setup.pages.step import StepPage


class SummaryPage(StepPage):
    """Everything chosen, in one list; the wizard writes the file when the admin confirms."""

    def __init__(
        self,
        result: SetupResult,
        settings: Settings,
        config_file: Path,
        token_file: Path,
        hub_page: HubPage,
        camera_page: CameraPage,
        audio_page: AudioPage,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(result, parent)
        self._settings = settings
        self._config_file = config_file
        self._token_file = token_file
        self._hub_page = hub_page
        self._camera_page = camera_page
        self._audio_page = audio_page
        self._measured = ""
        camera_page.measured.connect(self._remember_measurement)
        self.summary = QLabel(self)
        self.summary.setObjectName("summary")
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.summary)
        self.body.addStretch(1)
        self.retranslate()

    def step_name(self) -> str:
        return self.tr("Ringkasan")

    def _remember_measurement(self, width: int, height: int, fps: float, _brightness: float) -> None:
        self._measured = f"{width} × {height} @ {fps:.1f} fps"

    def enter(self) -> None:
        self.retranslate()

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Ringkasan"))
        self.intro.setText(self.tr("Periksa sekali lagi, lalu tekan Simpan. Konfigurasi ditulis ke %1.")
                           .replace("%1", str(self._config_file)))
        r = self.result
        probe = self._hub_page.probe
        hub = r.hub_url
        if probe is not None and probe.ok:
            tls = self.tr("TLS aktif") if probe.tls else self.tr("tanpa TLS")
            hub += " — " + self.tr("versi %1, %2").replace("%1", probe.version).replace("%2", tls)
        booth = "–"
        if r.enrollment is not None:
            booth = self.tr("Booth %1, cabang %2 (%3)").replace("%1", str(r.enrollment.booth_number)) \
                .replace("%2", r.enrollment.branch_name).replace("%3", r.enrollment.branch_code)
        camera = f"{self._camera_page.camera_box.currentText() or r.camera}: {r.camera_width} × {r.camera_height} " \
                 f"@ {r.camera_fps} fps"
        if self._measured:
            camera += " " + self.tr("(diterima %1)").replace("%1", self._measured)
        state = self._audio_page.state
        echo = "–"
        if state is not None and state.available:
            echo = self.tr("aktif") if echo_cancel_used(state, r.microphone) else self.tr("tidak aktif")
        rows = [
            (self.tr("Bahasa"), "Bahasa Indonesia" if r.language == "id" else "English"),
            (self.tr("Hub"), hub),
            (self.tr("Booth"), booth),
            (self.tr("Kamera"), camera),
            (self.tr("Mikrofon"), self._audio_page.mic_box.currentText() or r.microphone),
            (self.tr("Speaker"), self._audio_page.speaker_box.currentText() or r.speaker),
            (self.tr("Peredam gema"), echo),
            (self.tr("PIN admin"), self.tr("diatur (disimpan sebagai hash)") if r.pin_hash else "–"),
            (self.tr("Token perangkat"), str(self._token_file)),
            (self.tr("Konfigurasi"), str(self._config_file)),
        ]
        cells = "".join(
            f"<tr><td style='padding:4px 16px 4px 0; color:#3D4F58'>{_escape(k)}</td>"
            f"<td style='padding:4px 0'><b>{_escape(v)}</b></td></tr>"
            for k, v in rows
        )
        self.summary.setText(f"<table>{cells}</table>")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
