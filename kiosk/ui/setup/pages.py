"""The setup wizard's steps. Each page shows one thing, says in plain words what is wrong, and writes what the
admin chose into the shared `SetupResult`; the work itself (network, files, devices) is in `model` and `sound`.

Blocking work (the hub, argon2, QR decoding) runs in a thread through `run_in_thread`, whose result comes back
on the GUI thread through a queued signal.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.config import Settings
from kiosk.doctor import CameraMeasurement, SoundServerState, measure_camera, sound_server_state
from kiosk.ui.app import Translations
from kiosk.ui.setup.model import (
    FRAME_RATES,
    RESOLUTIONS,
    CameraChoice,
    EnrollProblem,
    EnrollResult,
    HubProbe,
    HubProblem,
    PinProblem,
    SetupResult,
    clean_code,
    enroll,
    hash_pin,
    pin_problem,
    probe_hub,
    save_token,
)
from kiosk.ui.setup.sound import MicrophoneMeter, play_test_tone_async
from kiosk.ui.widgets.base import Retranslatable, set_style_property
from kiosk.ui.widgets.keypad import CodeKeypad, NumericKeypad
from kiosk.ui.widgets.message_banner import MessageBanner
from kiosk.ui.widgets.video_view import VideoView
from kiosk.video.camera import CameraSource, CameraState, open_camera

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


# -- 1. language ----------------------------------------------------------------------------------------------


class LanguagePage(StepPage):
    """Bahasa Indonesia or English; switches the wizard at once."""

    def __init__(self, result: SetupResult, translations: Translations | None, parent: QWidget | None = None) -> None:
        super().__init__(result, parent)
        self._translations = translations
        self.indonesian = QPushButton("Bahasa Indonesia", self)
        self.english = QPushButton("English", self)
        self.indonesian.setObjectName("languageId")
        self.english.setObjectName("languageEn")
        group = QButtonGroup(self)
        for button in (self.indonesian, self.english):
            button.setCheckable(True)
            button.setProperty("choice", True)
            button.setMinimumHeight(90)
            group.addButton(button)
            self.body.addWidget(button)
        self.body.addStretch(1)
        (self.english if result.language == "en" else self.indonesian).setChecked(True)
        self.indonesian.clicked.connect(lambda: self._choose("id"))
        self.english.clicked.connect(lambda: self._choose("en"))
        self.retranslate()

    def _choose(self, language: str) -> None:
        self.result.language = language
        if self._translations is not None:
            self._translations.set_language(language)

    def step_name(self) -> str:
        return self.tr("Bahasa")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Selamat datang"))
        self.intro.setText(
            self.tr("Wizard ini menyiapkan PC booth dalam beberapa menit: hub cabang, pendaftaran booth, kamera, "
                    "suara dan PIN admin. Pilih bahasa.")
        )


# -- 2. hub ---------------------------------------------------------------------------------------------------


class HubPage(StepPage):
    """The hub's address and a connection test showing its version and TLS state."""

    def __init__(self, result: SetupResult, initial_url: str, parent: QWidget | None = None) -> None:
        super().__init__(result, parent)
        self.url = QLineEdit(initial_url, self)
        self.url.setObjectName("hubUrl")
        self.url.setPlaceholderText("https://hub.cabang.local:8600")
        self.test_button = QPushButton(self)
        self.test_button.setObjectName("hubTest")
        self.test_button.setProperty("kind", "primary")
        self.status = QLabel(self)
        self.status.setObjectName("hubStatus")
        self.status.setWordWrap(True)
        self.label = QLabel(self)
        row = QHBoxLayout()
        row.addWidget(self.url, 1)
        row.addWidget(self.test_button)
        self.body.addWidget(self.label)
        self.body.addLayout(row)
        self.body.addWidget(self.status)
        self.body.addStretch(1)
        self.probe: HubProbe | None = None
        self._testing = False
        self.test_button.clicked.connect(self.test)
        self.url.returnPressed.connect(self.test)
        self.url.textChanged.connect(self._edited)
        self.retranslate()

    def step_name(self) -> str:
        return self.tr("Hub")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Hub cabang"))
        self.intro.setText(self.tr("Alamat hub cabang, seperti yang diberikan admin TI. Tekan Uji koneksi."))
        self.label.setText(self.tr("Alamat hub"))
        self.test_button.setText(self.tr("Menguji...") if self._testing else self.tr("Uji koneksi"))
        if self.probe is not None:
            self._show(self.probe)

    def is_complete(self) -> bool:
        return self.probe is not None and self.probe.ok and not self._testing

    def _edited(self) -> None:
        if self.probe is not None:
            self.probe = None
            self.status.clear()
            self.banner.clear()
            self.complete_changed.emit()

    def test(self) -> None:
        """Test the connection in the background."""
        if self._testing:
            return
        self._testing = True
        self.probe = None
        self.banner.show_message("info", self.tr("Menghubungi hub..."))
        self.retranslate()
        self.test_button.setEnabled(False)
        self.complete_changed.emit()
        text = self.url.text()
        run_in_thread(self, lambda: probe_hub(text), self._tested)

    def _tested(self, probe: object) -> None:
        self._testing = False
        self.test_button.setEnabled(True)
        self.probe = probe if isinstance(probe, HubProbe) else HubProbe(self.url.text(), False,
                                                                       problem=HubProblem.UNREACHABLE)
        if self.probe.ok:
            self.result.hub_url = self.probe.url
            if self.url.text().strip() != self.probe.url:
                self.url.blockSignals(True)
                self.url.setText(self.probe.url)
                self.url.blockSignals(False)
        self.retranslate()
        self.complete_changed.emit()

    def _show(self, probe: HubProbe) -> None:
        if probe.ok:
            if probe.tls:
                tls = self.tr("TLS aktif (%1), sertifikat dipercaya.").replace("%1", probe.tls_version or "TLS")
            else:
                tls = self.tr("Tanpa TLS: hanya untuk hub di PC ini atau jaringan uji.")
            self.status.setText(self.tr("Hub versi %1.").replace("%1", probe.version) + " " + tls)
            self.banner.show_message("ok" if probe.tls else "warning", self.tr("Koneksi berhasil.") + " " + tls)
            return
        self.status.clear()
        messages = {
            HubProblem.BAD_URL: self.tr("Alamat ini tidak bisa dipakai. Tulis seperti https://hub.cabang.local:8600"),
            HubProblem.UNREACHABLE: self.tr(
                "Hub tidak terjangkau. Periksa kabel jaringan dan alamatnya, dan pastikan hub menyala."
            ),
            HubProblem.TLS: self.tr(
                "Sertifikat hub tidak dipercaya PC ini. Pasang sertifikat CA cabang (lihat panduan pemasangan)."
            ),
            HubProblem.NOT_A_HUB: self.tr("Alamat ini menjawab, tetapi bukan hub kiosk. Periksa alamat dan port."),
            HubProblem.DATABASE: self.tr("Hub menjawab tetapi basis datanya bermasalah. Hubungi admin hub."),
        }
        assert probe.problem is not None
        self.banner.show_message("error", messages[probe.problem])


# -- 3. enrollment --------------------------------------------------------------------------------------------


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
            EnrollProblem.TOO_MANY: self.tr("Terlalu banyak kode salah. Tunggu %1 detik lalu coba lagi.")
            .replace("%1", str(result.retry_after_s or 60)),
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


class CameraPage(StepPage):
    """Choose the camera and its format, see it live, and what it really delivers, with hints on light and angle."""

    #: Measured once a second: (width, height, fps, brightness 0..255).
    measured = Signal(int, int, float, float)

    def __init__(
        self,
        result: SetupResult,
        cameras: Callable[[], list[CameraChoice]],
        camera_factory: CameraFactory = default_camera_factory,
        test_devices: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(result, parent)
        self._list_cameras = cameras
        self._camera_factory = camera_factory
        self._test_devices = test_devices
        self._camera: CameraSource | None = None
        self._measuring = False
        self._fps: float | None = None
        self._brightness = 128.0
        self.delivering = False
        self.camera_box = QComboBox(self)
        self.camera_box.setObjectName("cameraChoice")
        self.format_box = QComboBox(self)
        self.format_box.setObjectName("cameraFormat")
        for width, height in RESOLUTIONS:
            for fps in FRAME_RATES:
                self.format_box.addItem(f"{width} × {height} @ {fps} fps", _format_key(width, height, fps))
        self.rescan = QPushButton(self)
        self.rescan.setObjectName("cameraRescan")
        self.preview = VideoView(self, fps=15)
        self.preview.setMinimumSize(480, 270)
        self.preview.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.actual = QLabel(self)
        self.actual.setObjectName("cameraActual")
        self.actual.setWordWrap(True)
        self.hints = QLabel(self)
        self.hints.setObjectName("cameraHints")
        self.hints.setWordWrap(True)
        self.hints.setProperty("role", "muted")
        self.light = QLabel(self)
        self.light.setObjectName("cameraLight")
        self.light.setWordWrap(True)
        self.camera_label = QLabel(self)
        self.format_label = QLabel(self)
        for box in (self.camera_box, self.format_box):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(18)
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        choose = QHBoxLayout()
        choose.addWidget(self.camera_box, 1)
        choose.addWidget(self.rescan)
        side = QVBoxLayout()
        side.addWidget(self.camera_label)
        side.addLayout(choose)
        side.addWidget(self.format_label)
        side.addWidget(self.format_box)
        side.addSpacing(8)
        side.addWidget(self.actual)
        side.addWidget(self.light)
        side.addWidget(self.hints)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.preview, 4)
        row.addLayout(side, 3)
        self.body.addLayout(row, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(1000)
        self._timer.timeout.connect(self._measure)
        self.rescan.clicked.connect(self.refresh_cameras)
        self.camera_box.activated.connect(lambda _index: self._reopen())
        self.format_box.activated.connect(lambda _index: self._reopen())
        self._choose_format(result.camera_width, result.camera_height, result.camera_fps)
        self.retranslate()

    def step_name(self) -> str:
        return self.tr("Kamera")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Kamera"))
        self.intro.setText(self.tr("Pilih kamera booth. Gambarnya tampil di sini seperti yang akan dilihat petugas."))
        self.camera_label.setText(self.tr("Kamera"))
        self.format_label.setText(self.tr("Resolusi"))
        self.rescan.setText(self.tr("Cari ulang"))
        self.hints.setText(
            self.tr("Petunjuk: pasang kamera setinggi mata peserta yang duduk, tepat di atas layar. Wajah harus "
                    "terang dari depan; jangan ada jendela atau lampu terang di belakang peserta. Seluruh kepala "
                    "dan bahu masuk gambar, dengan sedikit ruang di atas kepala.")
        )
        if self._test_devices and self.camera_box.count():
            index = self.camera_box.findData("synthetic")
            if index >= 0:
                self.camera_box.setItemText(index, self.tr("Kamera uji (gambar buatan)"))

    def is_complete(self) -> bool:
        return self.delivering

    def enter(self) -> None:
        self.refresh_cameras()

    def leave(self) -> None:
        self._close()

    def refresh_cameras(self) -> None:
        """List the cameras again (after plugging one in) and open the chosen one."""
        current = self.camera_box.currentData() or self.result.camera
        self.camera_box.clear()
        for choice in self._list_cameras():
            self.camera_box.addItem(choice.name, choice.spec)
        if self._test_devices:
            self.camera_box.addItem(self.tr("Kamera uji (gambar buatan)"), "synthetic")
        index = self.camera_box.findData(current)
        if index >= 0:
            self.camera_box.setCurrentIndex(index)
        if self.camera_box.count() == 0:
            self._close()
            self.actual.clear()
            self.light.clear()
            self.banner.show_message(
                "error",
                self.tr("Tidak ada kamera. Colokkan kamera USB, tunggu sebentar, lalu tekan Cari ulang."),
            )
            self.delivering = False
            self.complete_changed.emit()
            return
        self._reopen()

    def _choose_format(self, width: int, height: int, fps: int) -> None:
        index = self.format_box.findData(_format_key(width, height, fps))
        self.format_box.setCurrentIndex(index if index >= 0 else self.format_box.findData(_format_key(1280, 720, 30)))

    def _close(self) -> None:
        self._timer.stop()
        if self._camera is not None:
            self.preview.set_source(None)
            self.preview.clear()
            camera, self._camera = self._camera, None
            camera.stop()

    def _reopen(self) -> None:
        self._close()
        spec = self.camera_box.currentData()
        width, height, fps = (int(part) for part in str(self.format_box.currentData()).replace("@", "x").split("x"))
        self.result.camera, self.result.camera_width, self.result.camera_height, self.result.camera_fps = (
            spec, width, height, fps,
        )
        self.delivering = False
        self._fps = None
        self.complete_changed.emit()
        try:
            self._camera = self._camera_factory(spec, width, height, fps)
            self._camera.start()
        except Exception as exc:  # a broken device must not crash the wizard
            log.warning("camera %s cannot be opened: %s", spec, exc)
            self._camera = None
            self.banner.show_message("error", self.tr("Kamera ini tidak bisa dibuka. Pilih kamera lain."))
            return
        self.preview.set_source(self._camera.latest_frame)
        self.actual.setText(self.tr("Membuka kamera..."))
        self.banner.clear()
        self._timer.start()
        self._start_measuring()

    def _start_measuring(self) -> None:
        # The doctor's measurement polls the camera every few milliseconds for two seconds, in a thread: the
        # preview's own polling (15 fps) would otherwise decide how many frames a synthetic camera renders.
        camera = self._camera
        if camera is None or self._measuring:
            return
        self._measuring = True

        def measure() -> CameraMeasurement:
            return measure_camera(camera, 2.0)

        run_in_thread(self, measure, lambda outcome: self._measured(camera, outcome))

    def _measured(self, camera: CameraSource, outcome: object) -> None:
        self._measuring = False
        if camera is not self._camera:
            return  # another camera was chosen meanwhile
        if isinstance(outcome, CameraMeasurement) and outcome.opened:
            self._fps = outcome.fps
            self._show_measurement(outcome.width, outcome.height, outcome.fps, self._brightness)
            self.measured.emit(outcome.width, outcome.height, outcome.fps, self._brightness)
        QTimer.singleShot(3000, self._start_measuring)

    def _measure(self) -> None:
        camera = self._camera
        if camera is None:
            return
        captured = camera.latest()
        if captured is None:
            if camera.state is CameraState.UNAVAILABLE:
                self.banner.show_message("error", self.tr("Kamera ini tidak memberi gambar. Periksa kabelnya, atau "
                                                          "pilih kamera lain."))
                self.delivering = False
                self.complete_changed.emit()
            return
        self._brightness = float(captured.image[::8, ::8].mean())
        if self._fps is not None:
            height, width = captured.image.shape[:2]
            self._show_measurement(width, height, self._fps, self._brightness)

    def _show_measurement(self, width: int, height: int, fps: float, brightness: float) -> None:
        want_w, want_h, want_fps = self.result.camera_width, self.result.camera_height, self.result.camera_fps
        self.actual.setText(
            self.tr("Diterima: %1 × %2 @ %3 fps (diminta %4 × %5 @ %6)")
            .replace("%1", str(width)).replace("%2", str(height)).replace("%3", f"{fps:.1f}")
            .replace("%4", str(want_w)).replace("%5", str(want_h)).replace("%6", str(want_fps))
        )
        if brightness < 60:
            self.light.setText(self.tr("Gambar terlalu gelap: tambah lampu di depan peserta."))
        elif brightness > 200:
            self.light.setText(self.tr("Gambar terlalu terang: kurangi cahaya langsung ke kamera."))
        else:
            self.light.setText(self.tr("Cahaya cukup."))
        problems = []
        if (width, height) != (want_w, want_h):
            problems.append(self.tr("Kamera tidak mendukung resolusi ini; pilih resolusi lain."))
        if fps < want_fps * 0.8:
            problems.append(self.tr("Laju gambar rendah; ruangan mungkin terlalu gelap, atau pilih fps lebih rendah."))
        if problems:
            self.banner.show_message("warning", " ".join(problems))
        else:
            self.banner.show_message("ok", self.tr("Kamera bekerja."))
        if not self.delivering:
            self.delivering = True
            self.complete_changed.emit()


# -- 5. sound -------------------------------------------------------------------------------------------------


class AudioPage(StepPage):
    """Microphone with a level meter, speaker with a test tone, and whether echo cancellation is active."""

    def __init__(
        self,
        result: SetupResult,
        sound: Callable[[], SoundServerState] = sound_server_state,
        test_devices: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(result, parent)
        self._sound = sound
        self._test_devices = test_devices
        self._meter: MicrophoneMeter | None = None
        self.state: SoundServerState | None = None
        self.mic_box = QComboBox(self)
        self.mic_box.setObjectName("microphoneChoice")
        self.speaker_box = QComboBox(self)
        self.speaker_box.setObjectName("speakerChoice")
        self.level = QProgressBar(self)
        self.level.setObjectName("microphoneLevel")
        self.level.setRange(0, 100)
        self.level.setTextVisible(False)
        self.tone_button = QPushButton(self)
        self.tone_button.setObjectName("toneButton")
        self.echo = QLabel(self)
        self.echo.setObjectName("echoCancel")
        self.echo.setWordWrap(True)
        self.echo.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.mic_label, self.level_label, self.speaker_label = QLabel(self), QLabel(self), QLabel(self)
        self.rescan = QPushButton(self)
        self.rescan.setObjectName("soundRescan")
        grid = QGridLayout()
        grid.addWidget(self.mic_label, 0, 0)
        grid.addWidget(self.mic_box, 0, 1)
        grid.addWidget(self.level_label, 1, 0)
        grid.addWidget(self.level, 1, 1)
        grid.addWidget(self.speaker_label, 2, 0)
        speaker_row = QHBoxLayout()
        speaker_row.addWidget(self.speaker_box, 1)
        speaker_row.addWidget(self.tone_button)
        grid.addLayout(speaker_row, 2, 1)
        grid.setColumnStretch(1, 1)
        self.body.addLayout(grid)
        self.body.addWidget(self.echo)
        self.body.addWidget(self.rescan, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._update_level)
        self.mic_box.activated.connect(lambda _index: self._choose_microphone())
        self.speaker_box.activated.connect(lambda _index: self._choose_speaker())
        self.tone_button.clicked.connect(self.play_tone)
        self.rescan.clicked.connect(self.refresh)
        self.retranslate()

    def step_name(self) -> str:
        return self.tr("Suara")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("Suara"))
        self.intro.setText(self.tr("Bicaralah ke mikrofon: bilahnya harus bergerak. Tekan Putar nada uji: nadanya "
                                   "harus terdengar dari speaker booth."))
        self.mic_label.setText(self.tr("Mikrofon"))
        self.level_label.setText(self.tr("Level"))
        self.speaker_label.setText(self.tr("Speaker"))
        self.tone_button.setText(self.tr("Putar nada uji"))
        self.rescan.setText(self.tr("Cari ulang"))
        if self.state is not None:
            self._show_state()

    def is_complete(self) -> bool:
        return self.mic_box.count() > 0 and self.speaker_box.count() > 0

    def enter(self) -> None:
        self.refresh()

    def leave(self) -> None:
        self._stop_meter()

    def refresh(self) -> None:
        """Ask the sound server again which devices there are."""
        self._stop_meter()
        self.state = self._sound()
        self.mic_box.clear()
        self.speaker_box.clear()
        if self.state.available:
            for device in self.state.microphones:
                self.mic_box.addItem(device.description, device.name)
            for device in self.state.sinks:
                self.speaker_box.addItem(device.description, device.name)
            # The echo-cancelling source is what the booth should record from, when it exists.
            preferred = self.state.echo_cancel_source or next(
                (d for d in self.state.microphones if d.name == self.state.default_source), None
            )
            if preferred is not None:
                self.mic_box.setCurrentIndex(self.mic_box.findData(preferred.name))
            sink = self.state.default_sink
            if self.state.echo_cancel_source is not None:
                sink = next((s.name for s in self.state.sinks if s.is_echo_cancel), sink)
            if self.speaker_box.findData(sink) >= 0:
                self.speaker_box.setCurrentIndex(self.speaker_box.findData(sink))
        if self._test_devices:
            self.mic_box.addItem(self.tr("Nada uji (tanpa mikrofon, hanya untuk uji)"), "tone")
            self.speaker_box.addItem(self.tr("Tanpa speaker (hanya untuk uji)"), "null")
        self._show_state()
        self._choose_microphone()
        self._choose_speaker()
        self.tone_button.setEnabled(self.speaker_box.count() > 0)
        self.complete_changed.emit()

    def _show_state(self) -> None:
        state = self.state
        assert state is not None
        problems = []
        if not state.available and state.error.startswith("pactl is not installed"):
            problems.append(self.tr("Alat pactl belum terpasang, jadi suara tidak bisa diperiksa. Pasang paket "
                                    "pulseaudio-utils, lalu tekan Cari ulang."))
        elif not state.available:
            problems.append(self.tr("Server suara tidak berjalan (%1). Pasang PipeWire atau PulseAudio untuk "
                                    "pengguna booth.").replace("%1", state.error))
        elif not state.microphones:
            problems.append(self.tr("Tidak ada mikrofon. Colokkan mikrofon atau webcam bermikrofon, lalu tekan "
                                    "Cari ulang."))
        if state.available and not state.sinks:
            problems.append(self.tr("Tidak ada speaker. Colokkan speaker, lalu tekan Cari ulang."))
        if problems:
            self.banner.show_message("error", " ".join(problems))
        else:
            self.banner.clear()
        if not state.available:
            self.echo.setText(self.tr("Peredam gema: tidak bisa diperiksa tanpa server suara."))
            set_style_property(self.echo, "level", "warning")
        elif echo_cancel_used(state, self.result.microphone):
            self.echo.setText(self.tr("Peredam gema aktif: petugas tidak akan mendengar suaranya sendiri."))
            set_style_property(self.echo, "level", "ok")
        else:
            self.echo.setText(
                self.tr("Peredam gema TIDAK aktif: petugas akan mendengar suaranya sendiri dari speaker booth. "
                        "Untuk mengaktifkan (PipeWire): salin deploy/pulseaudio/99-echo-cancel.conf ke "
                        "/etc/pipewire/pipewire.conf.d/ lalu jalankan systemctl --user restart pipewire "
                        "pipewire-pulse. PulseAudio: salin deploy/pulseaudio/echo-cancel.pa ke "
                        "/etc/pulse/default.pa.d/. Lalu tekan Cari ulang.")
            )
            set_style_property(self.echo, "level", "warning")

    def _choose_microphone(self) -> None:
        self._stop_meter()
        name = self.mic_box.currentData()
        if name is None:
            return
        self.result.microphone = _device_setting(name, self.state, microphone=True)
        try:
            self._meter = MicrophoneMeter(name)
            self._meter.start()
        except Exception as exc:  # a device that cannot be opened is shown, not raised
            log.warning("microphone %s cannot be opened: %s", name, exc)
            self._meter = None
            self.banner.show_message("error", self.tr("Mikrofon ini tidak bisa dibuka. Pilih yang lain."))
            return
        self._timer.start()
        if self.state is not None:
            self._show_state()

    def _choose_speaker(self) -> None:
        name = self.speaker_box.currentData()
        if name is not None:
            self.result.speaker = _device_setting(name, self.state, microphone=False)
        self.tone_button.setEnabled(name not in (None, "null"))

    def _update_level(self) -> None:
        if self._meter is None:
            return
        self.level.setValue(int(self._meter.level() * 100))
        if self._meter.error and self.banner.level() != "error":
            self.banner.show_message("error", self.tr("Mikrofon ini tidak bisa dibuka. Pilih yang lain."))

    def _stop_meter(self) -> None:
        self._timer.stop()
        self.level.setValue(0)
        if self._meter is not None:
            meter, self._meter = self._meter, None
            meter.stop()

    def play_tone(self) -> None:
        """Play the test tone on the chosen speaker (in the background)."""
        name = self.speaker_box.currentData()
        if name is not None and name != "null":
            play_test_tone_async(name)


# -- 6. admin PIN ---------------------------------------------------------------------------------------------


class PinPage(StepPage):
    """The admin PIN, typed twice; stored only as an argon2 hash."""

    def __init__(self, result: SetupResult, parent: QWidget | None = None) -> None:
        super().__init__(result, parent)
        self.pin = QLineEdit(self)
        self.pin.setObjectName("pinFirst")
        self.repeat = QLineEdit(self)
        self.repeat.setObjectName("pinRepeat")
        for field in (self.pin, self.repeat):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(12)
            field.setProperty("role", "digits")
            field.textChanged.connect(self._changed)
            field.installEventFilter(self)
        self.keypad = NumericKeypad(self)
        self.keypad.set_target(self.pin)
        self.pin_label, self.repeat_label = QLabel(self), QLabel(self)
        form = QVBoxLayout()
        form.addWidget(self.pin_label)
        form.addWidget(self.pin)
        form.addWidget(self.repeat_label)
        form.addWidget(self.repeat)
        form.addStretch(1)
        row = QHBoxLayout()
        row.addLayout(form, 1)
        row.addWidget(self.keypad, 1)
        self.body.addLayout(row, 1)
        self.retranslate()

    def step_name(self) -> str:
        return self.tr("PIN admin")

    def retranslate(self) -> None:
        """Texts."""
        self.heading.setText(self.tr("PIN admin"))
        self.intro.setText(
            self.tr("PIN ini membuka menu admin di booth (ketuk pojok kiri atas lima kali). Minimal 6 angka, bukan "
                    "urutan seperti 123456. Simpan PIN ini di tempat aman.")
        )
        self.pin_label.setText(self.tr("PIN baru"))
        self.repeat_label.setText(self.tr("Ulangi PIN"))
        self._changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """The keypad types into the field that was touched last."""
        if event.type() == QEvent.Type.FocusIn and watched in (self.pin, self.repeat):
            assert isinstance(watched, QLineEdit)
            self.keypad.set_target(watched)
        return False

    def problem(self) -> PinProblem | None:
        """What is wrong with the PIN as typed (None: fine)."""
        return pin_problem(self.pin.text(), self.repeat.text())

    def is_complete(self) -> bool:
        return self.problem() is None

    def _changed(self) -> None:
        problem = self.problem()
        pin = self.pin.text()
        if problem is None:
            self.banner.show_message("ok", self.tr("PIN bisa dipakai."))
        elif problem is PinProblem.MISMATCH and self.repeat.text():
            self.banner.show_message("error", self.tr("Kedua PIN tidak sama."))
        elif problem is PinProblem.TOO_SIMPLE:
            self.banner.show_message("error", self.tr("PIN ini terlalu mudah ditebak."))
        elif problem is PinProblem.NOT_DIGITS and pin:
            self.banner.show_message("error", self.tr("PIN hanya berisi angka."))
        elif problem is PinProblem.TOO_SHORT and pin:
            self.banner.show_message("info", self.tr("Minimal 6 angka."))
        else:
            self.banner.clear()
        self.complete_changed.emit()

    def accept(self) -> bool:
        if self.problem() is not None:
            return False
        self.result.pin_hash = hash_pin(self.pin.text())
        return True


# -- 7. summary -----------------------------------------------------------------------------------------------


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


def _format_key(width: int, height: int, fps: int) -> str:
    """A camera format as combo box data (Qt compares strings reliably, tuples not)."""
    return f"{width}x{height}@{fps}"


def _device_setting(name: str, state: SoundServerState | None, *, microphone: bool) -> str:
    """What goes into the settings for a chosen device: the echo-cancel device by its (stable) name, the system's
    default as ``"default"`` (it follows the sound server's choice), any other device by name."""
    if state is None or not state.available:
        return name
    devices = state.microphones if microphone else state.sinks
    chosen = next((d for d in devices if d.name == name), None)
    if chosen is not None and chosen.is_echo_cancel:
        return name
    default = state.default_source if microphone else state.default_sink
    return "default" if name == default else name


def echo_cancel_used(state: SoundServerState, microphone: str) -> bool:
    """True when the booth will record from the echo-cancelling source."""
    source = state.echo_cancel_source
    if source is None:
        return False
    return microphone == source.name or (microphone == "default" and state.echo_cancel_active)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
