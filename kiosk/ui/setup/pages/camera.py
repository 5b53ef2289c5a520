"""Step 4 of the setup wizard: which camera, at which resolution and frame rate, with a live picture and a
measurement of what it really delivers."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.setup.model import (
    FRAME_RATES,
    RESOLUTIONS,
    SetupResult,
)
from kiosk.system.cameras import CameraChoice, CameraMeasurement, measure_camera
from kiosk.ui.setup.pages.step import CameraFactory, StepPage, default_camera_factory, run_in_thread
from kiosk.ui.widgets.elided_combo import ElidedComboBox
from kiosk.ui.widgets.video_view import VideoView
from kiosk.video.camera import CameraSource, CameraState

log = logging.getLogger(__name__)


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
        self.camera_box = ElidedComboBox(self)
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
        # The camera's name gets a row of its own across the page: beside "Search again" in the side column a
        # webcam's name ("HD Pro Webcam C920 (usb-0000:00:14.0-1)") was cut off.
        choose = QHBoxLayout()
        choose.addWidget(self.camera_label)
        choose.addWidget(self.camera_box, 1)
        choose.addWidget(self.rescan)
        side = QVBoxLayout()
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
        self.body.addLayout(choose)
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


def _format_key(width: int, height: int, fps: int) -> str:
    """A camera format as combo box data (Qt compares strings reliably, tuples not)."""
    return f"{width}x{height}@{fps}"
