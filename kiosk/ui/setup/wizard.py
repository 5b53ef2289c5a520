"""`SetupWizard`: the window that walks an admin through setting up a booth PC, one step at a time.

A list of the steps on the left (where you are, what is done), the current step on the right, Back and Next
below. Next is enabled only when the step is complete (the hub answered, the booth is enrolled, the camera
delivers, ...). The last step writes the settings file; `finished` then carries the new settings.

The buttons are the wizard's own (not QWizard's), so every text is translated with the rest of the wizard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.setup.model import SetupResult, default_token_file, write_config
from kiosk.config import ConfigError, Settings
from kiosk.system.cameras import CameraChoice, list_cameras
from kiosk.system.sound import SoundServerState, sound_server_state
from kiosk.ui.app import Translations
from kiosk.ui.setup.pages.audio import AudioPage
from kiosk.ui.setup.pages.camera import CameraPage
from kiosk.ui.setup.pages.enrollment import EnrollPage
from kiosk.ui.setup.pages.hub import HubPage
from kiosk.ui.setup.pages.language import LanguagePage
from kiosk.ui.setup.pages.pin import PinPage
from kiosk.ui.setup.pages.step import CameraFactory, StepPage, default_camera_factory
from kiosk.ui.setup.pages.summary import SummaryPage
from kiosk.ui.widgets.base import Retranslatable

log = logging.getLogger(__name__)

#: Pixels between the Back and Next buttons.
BUTTON_GAP = 24


class SetupWizard(Retranslatable, QWidget):
    """The booth setup wizard (see the module doc)."""

    #: The settings file was written; carries the settings as read back from it.
    finished = Signal(object)
    #: The admin closed the wizard without saving.
    cancelled = Signal()

    def __init__(
        self,
        settings: Settings,
        config_file: Path,
        translations: Translations | None = None,
        *,
        cameras: Callable[[], list[CameraChoice]] = list_cameras,
        camera_factory: CameraFactory = default_camera_factory,
        sound: Callable[[], SoundServerState] = sound_server_state,
        test_devices: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("setupWizard")
        self.settings = settings
        self.config_file = config_file
        self.token_file = settings.booth.device_token_file or default_token_file(config_file)
        booth = settings.booth
        self.result = SetupResult(
            language=translations.language if translations else booth.language,
            hub_url="",
            camera=booth.camera,
            camera_width=booth.camera_width,
            camera_height=booth.camera_height,
            camera_fps=booth.camera_fps,
            microphone=booth.microphone,
            speaker=booth.speaker,
        )
        self.saved: Settings | None = None
        self.language_page = LanguagePage(self.result, translations)
        self.hub_page = HubPage(self.result, booth.hub_url if booth.hub_url != "http://127.0.0.1:8600" else "")
        first_camera = self._first_camera(cameras, test_devices)
        self.enroll_page = EnrollPage(self.result, self.token_file, first_camera, camera_factory)
        self.camera_page = CameraPage(self.result, cameras, camera_factory, test_devices)
        self.audio_page = AudioPage(self.result, sound, test_devices)
        self.pin_page = PinPage(self.result)
        self.summary_page = SummaryPage(
            self.result, settings, config_file, self.token_file, self.hub_page, self.camera_page, self.audio_page
        )
        self.pages: list[StepPage] = [
            self.language_page,
            self.hub_page,
            self.enroll_page,
            self.camera_page,
            self.audio_page,
            self.pin_page,
            self.summary_page,
        ]
        self.steps = QListWidget(self)
        self.steps.setObjectName("setupSteps")
        self.steps.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.steps.setSelectionMode(QListWidget.SelectionMode.NoSelection)
        self.steps.setFixedWidth(230)
        self.stack = QStackedWidget(self)
        for page in self.pages:
            self.stack.addWidget(page)
            self.steps.addItem(QListWidgetItem())
            page.complete_changed.connect(self._update_buttons)
        self.back_button = QPushButton(self)
        self.back_button.setObjectName("backButton")
        self.next_button = QPushButton(self)
        self.next_button.setObjectName("nextButton")
        self.next_button.setProperty("kind", "primary")
        self.step_label = QLabel(self)
        self.step_label.setObjectName("stepLabel")
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        buttons = QHBoxLayout()
        buttons.addWidget(self.step_label, 1)
        buttons.addWidget(self.back_button)
        buttons.addSpacing(BUTTON_GAP)  # Back and Next apart: a finger on the touchscreen must not hit both
        buttons.addWidget(self.next_button)
        content = QVBoxLayout()
        content.setContentsMargins(28, 24, 28, 20)
        content.addWidget(self.stack, 1)
        content.addSpacing(12)
        content.addLayout(buttons)
        side = QFrame(self)
        side.setObjectName("setupSide")
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(12, 24, 12, 12)
        self.brand = QLabel(side)
        self.brand.setObjectName("setupBrand")
        self.brand.setWordWrap(True)
        side_layout.addWidget(self.brand)
        side_layout.addWidget(self.steps, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(side)
        layout.addLayout(content, 1)
        self.resize(1180, 780)
        self.retranslate()
        self.go_to(0)

    @staticmethod
    def _first_camera(cameras: Callable[[], list[CameraChoice]], test_devices: bool) -> Callable[[], str]:
        def spec() -> str:
            found = cameras()
            if found:
                return found[0].spec
            return "synthetic" if test_devices else "0"

        return spec

    # -- navigation -----------------------------------------------------------------------------------------

    @property
    def index(self) -> int:
        """The step shown (0-based)."""
        return self.stack.currentIndex()

    def current(self) -> StepPage:
        """The page shown."""
        return self.pages[self.index]

    def go_to(self, index: int) -> None:
        """Show step `index` (leaving the current one)."""
        if 0 <= self.index < len(self.pages) and self.stack.currentWidget() is not None:
            self.current().leave()
        self.stack.setCurrentIndex(index)
        self.current().enter()
        self.current().setFocus()
        self._update_buttons()

    def next(self) -> None:
        """Go on (or, on the last step, save)."""
        page = self.current()
        if not page.is_complete() or not page.accept():
            return
        if self.index == len(self.pages) - 1:
            self.save()
            return
        self.go_to(self.index + 1)

    def back(self) -> None:
        """One step back."""
        if self.index > 0:
            self.go_to(self.index - 1)

    def save(self) -> bool:
        """Write the settings file; emit `finished` with the settings read back from it."""
        settings = self.result.apply(self.settings, self.token_file)
        try:
            self.saved = write_config(self.config_file, settings)
        except (OSError, ConfigError) as exc:
            text = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            self.summary_page.banner.show_message(
                "error", self.tr("Konfigurasi tidak bisa disimpan di %1: %2").replace("%1", str(self.config_file))
                .replace("%2", text),
            )
            return False
        log.info("setup wrote %s", self.config_file)
        self.summary_page.banner.show_message("ok", self.tr("Tersimpan. Booth siap dipakai."))
        self.finished.emit(self.saved)
        return True

    def _update_buttons(self) -> None:
        last = self.index == len(self.pages) - 1
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setEnabled(self.current().is_complete())
        self.next_button.setText(self.tr("Simpan") if last else self.tr("Lanjut"))
        self.step_label.setText(self.tr("Langkah %1 dari %2").replace("%1", str(self.index + 1))
                                .replace("%2", str(len(self.pages))))
        for i, page in enumerate(self.pages):
            item = self.steps.item(i)
            mark = "✓" if i < self.index else ("›" if i == self.index else " ")
            item.setText(f"{mark}  {i + 1}. {page.step_name()}")
            font = item.font()
            font.setBold(i == self.index)
            item.setFont(font)

    def retranslate(self) -> None:
        """Texts."""
        self.setWindowTitle(self.tr("Penyiapan booth"))
        self.brand.setText(self.tr("Penyiapan booth"))
        self.back_button.setText(self.tr("Kembali"))
        if self.stack.count():
            self._update_buttons()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Close devices; say the wizard was left without saving."""
        self.current().leave()
        if self.saved is None:
            self.cancelled.emit()
        super().closeEvent(event)
