"""Step 5 of the setup wizard: microphone (with a level meter), speaker (with a test tone) and echo
cancellation."""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from kiosk.app.setup.model import (
    SetupResult,
)
from kiosk.app.setup.sound import MicrophoneMeter, device_setting, echo_cancel_used, play_test_tone_async
from kiosk.system.sound import SoundServerState, sound_server_state
from kiosk.ui.setup.pages.step import StepPage
from kiosk.ui.widgets.base import set_style_property
from kiosk.ui.widgets.elided_combo import ElidedComboBox

log = logging.getLogger(__name__)


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
        self.mic_box = ElidedComboBox(self)
        self.mic_box.setObjectName("microphoneChoice")
        self.speaker_box = ElidedComboBox(self)
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
        self.result.microphone = device_setting(name, self.state, microphone=True)
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
            self.result.speaker = device_setting(name, self.state, microphone=False)
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
