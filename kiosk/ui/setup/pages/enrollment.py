"""Step 3 of the setup wizard: the one-time enrollment code, typed or read from a QR code with the camera."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.setup.model import (
    EnrollProblem,
    EnrollResult,
    SetupResult,
    clean_code,
    enroll,
    save_token,
)
from kiosk.ui.setup.pages.step import CameraFactory, StepPage, default_camera_factory, run_in_thread
from kiosk.ui.widgets.keypad import CodeKeypad
from kiosk.ui.widgets.video_view import VideoView
from kiosk.video.camera import CameraSource, CameraState

log = logging.getLogger(__name__)


class EnrollPage(StepPage):
    """The one-time enrollment code, typed or read as a QR, exchanged for the device token (saved at once)."""

    #: The QR scanner read a code (tests wait for it).
    qr_read = Signal(str)

    def __init__(
        self,
        result: SetupResult,
        token_file: Path,
        camera_spec: Callable[[], str],
        camera_factory: CameraFactory = default_camera_factory,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(result, parent)
        self._token_file = token_file
        self._camera_spec = camera_spec
        self._camera_factory = camera_factory
        self._camera: CameraSource | None = None
        self._scanning = False
        self._decoding = False
        self._busy = False
        self.enroll_result: EnrollResult | None = None
        self.code = QLineEdit(self)
        self.code.setObjectName("enrollCode")
        self.code.setPlaceholderText("K7QM-2XPA")
        self.code.setMaxLength(24)
        self.code.setProperty("role", "digits")
        self.enroll_button = QPushButton(self)
        self.enroll_button.setObjectName("enrollButton")
        self.enroll_button.setProperty("kind", "primary")
        self.scan_button = QPushButton(self)
        self.scan_button.setObjectName("scanButton")
        self.identity = QLabel(self)
        self.identity.setObjectName("boothIdentity")
        self.identity.setProperty("role", "identity")
        self.identity.setWordWrap(True)
        self.identity.hide()
        self.keypad = CodeKeypad(self)
        self.keypad.set_target(self.code)
        self.preview = VideoView(self, fps=10)
        self.preview.set_mirrored(False)
        self.preview.setMinimumSize(360, 240)
        self.right = QStackedWidget(self)
        self.right.addWidget(self.keypad)
        self.right.addWidget(self.preview)
        self.label = QLabel(self)
        left = QVBoxLayout()
        left.addWidget(self.label)
        left.addWidget(self.code)
        buttons = QHBoxLayout()
        buttons.addWidget(self.enroll_button, 1)
        buttons.addWidget(self.scan_button, 1)
        left.addLayout(buttons)
        left.addWidget(self.identity)
        left.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(left, 2)
        row.addWidget(self.right, 3)
        self.body.addLayout(row, 1)
        self._scan_timer = QTimer(self)
        self._scan_timer.setInterval(300)
        self._scan_timer.timeout.connect(self._scan_tick)
        self.enroll_button.clicked.connect(self.submit)
        self.code.returnPressed.connect(self.submit)
        self.scan_button.clicked.connect(self.toggle_scan)
        self.retranslate()

    def step_name(self) -> str:
        return self.tr("Pendaftaran")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Daftarkan booth ini"))
        self.intro.setText(
            self.tr("Minta kode pendaftaran sekali pakai ke admin hub (kiosk server enroll-booth). Ketik kodenya, "
                    "atau tunjukkan QR-nya ke kamera.")
        )
        self.label.setText(self.tr("Kode pendaftaran"))
        self.enroll_button.setText(self.tr("Daftarkan"))
        self.scan_button.setText(self.tr("Berhenti memindai") if self._scanning else self.tr("Pindai QR"))
        if self.enroll_result is not None:
            self._show(self.enroll_result)

    def is_complete(self) -> bool:
        return self.result.enrollment is not None and not self._busy

    def leave(self) -> None:
        self.stop_scan()

    # -- typed or scanned code -----------------------------------------------------------------------------

    def submit(self) -> None:
        """Exchange the code in the field for the device token."""
        if self._busy or not self.result.hub_url:
            return
        code = self.code.text()
        self.stop_scan()
        self._busy = True
        self.enroll_button.setEnabled(False)
        self.banner.show_message("info", self.tr("Mendaftarkan booth..."))
        self.complete_changed.emit()
        url = self.result.hub_url
        run_in_thread(self, lambda: enroll(url, code), self._enrolled)

    def _enrolled(self, outcome: object) -> None:
        self._busy = False
        self.enroll_button.setEnabled(True)
        result = outcome if isinstance(outcome, EnrollResult) else EnrollResult(problem=EnrollProblem.OTHER,
                                                                                 detail=str(outcome))
        self.enroll_result = result
        if result.enrollment is not None:
            try:
                save_token(self._token_file, result.enrollment.device_token)
            except OSError as exc:
                self.banner.show_message(
                    "error",
                    self.tr("Booth terdaftar, tetapi token tidak bisa disimpan di %1: %2")
                    .replace("%1", str(self._token_file)).replace("%2", exc.strerror or str(exc)),
                )
                self.complete_changed.emit()
                return
            self.result.enrollment = result.enrollment
            self.code.clear()
            log.info("booth enrolled as %s booth %d", result.enrollment.branch_code, result.enrollment.booth_number)
        self._show(result)
        self.complete_changed.emit()

    def _show(self, result: EnrollResult) -> None:
        enrollment = result.enrollment
        if enrollment is not None:
            self.identity.setText(
                self.tr("Hub mengenal PC ini sebagai <b>Booth %1</b><br>Cabang %2 (%3)")
                .replace("%1", str(enrollment.booth_number))
                .replace("%2", enrollment.branch_name)
                .replace("%3", enrollment.branch_code)
            )
            self.identity.show()
            self.banner.show_message("ok", self.tr("Booth terdaftar. Token perangkat tersimpan di %1.")
                                     .replace("%1", str(self._token_file)))
            return
        messages = {
            EnrollProblem.FORMAT: self.tr("Kode terdiri dari 8 huruf dan angka, seperti K7QM-2XPA. Periksa ketikan."),
            EnrollProblem.UNKNOWN: self.tr("Hub tidak mengenal kode ini. Periksa ketikan, atau minta kode baru."),
            EnrollProblem.USED: self.tr("Kode ini sudah dipakai. Minta kode baru ke admin hub."),
            EnrollProblem.EXPIRED: self.tr("Kode ini sudah kedaluwarsa. Minta kode baru ke admin hub."),
            EnrollProblem.TOO_MANY: self.tr("Terlalu banyak kode salah. Tunggu %n detik lalu coba lagi.", "",
                                            int(result.retry_after_s or 60)),
            EnrollProblem.UNREACHABLE: self.tr("Hub tidak terjangkau. Periksa jaringan lalu coba lagi."),
            EnrollProblem.OTHER: self.tr("Pendaftaran gagal: %1").replace("%1", result.detail),
        }
        assert result.problem is not None
        self.banner.show_message("error", messages[result.problem])

    # -- QR from the camera --------------------------------------------------------------------------------

    def toggle_scan(self) -> None:
        """Start or stop reading a QR from the camera."""
        if self._scanning:
            self.stop_scan()
        else:
            self.start_scan()

    def start_scan(self) -> None:
        """Open the camera and look for a QR code three times a second."""
        spec = self._camera_spec()
        try:
            self._camera = self._camera_factory(spec, 1280, 720, 30)
            self._camera.start()
        except Exception as exc:  # an unusable camera spec must not crash the wizard
            log.warning("camera %s for the QR scan: %s", spec, exc)
            self.banner.show_message("error", self.tr("Kamera tidak bisa dibuka. Ketik kodenya."))
            self._camera = None
            return
        self._scanning = True
        self.preview.set_source(self._camera.latest_frame)
        self.right.setCurrentWidget(self.preview)
        self.banner.show_message("info", self.tr("Tunjukkan QR kode pendaftaran ke kamera."))
        self._scan_timer.start()
        self.retranslate()

    def stop_scan(self) -> None:
        """Close the camera, show the keypad again."""
        self._scan_timer.stop()
        if self._camera is not None:
            self.preview.set_source(None)
            self.preview.clear()
            camera, self._camera = self._camera, None
            camera.stop()
        self._scanning = False
        self.right.setCurrentWidget(self.keypad)
        self.retranslate()

    def _scan_tick(self) -> None:
        if self._camera is None or self._decoding:
            return
        frame = self._camera.latest_frame()
        if frame is None:
            if self._camera.state is CameraState.UNAVAILABLE:
                self.banner.show_message("error", self.tr("Kamera tidak memberi gambar. Ketik kodenya."))
            return
        self._decoding = True
        image = np.ascontiguousarray(frame)

        def decode() -> str | None:
            from kiosk.video.stills import read_qr

            return read_qr(image)

        run_in_thread(self, decode, self._decoded)

    def _decoded(self, text: object) -> None:
        self._decoding = False
        if not isinstance(text, str) or not text or not self._scanning:
            return
        code = clean_code(text)
        self.code.setText(code)
        self.qr_read.emit(code)
        self.stop_scan()
        self.submit()


# -- 4. camera ------------------------------------------------------------------------------------------------
