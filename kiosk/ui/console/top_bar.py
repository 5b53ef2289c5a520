"""`TopBar`: the console's status line and shift controls: hub, branch queue, outbox, the shift, cap, break, sound.

It renders the `ConsoleState` and writes the officer's cap, break and mute back to it; the window passes the cap
and break on to the service (the hub must know them).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSpinBox, QWidget

from kiosk.app.console.state import ConsoleState
from kiosk.ui.console.tile import format_duration, named, set_prop

#: The texts were the window's when the catalog was written: they keep its translation context.
CONTEXT = "ConsoleWindow"


class TopBar(QFrame):
    """The bar across the top of the console (see the module docstring)."""

    cap_changed = Signal(int)
    paused_changed = Signal(bool)

    def __init__(self, state: ConsoleState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("topBar")
        self.state = state
        self.officer_name = ""
        self.title_label = named(QLabel(), "appTitle")
        self.officer_label = named(QLabel(), "officer")
        self.queue_label = named(QLabel(), "chip")
        self.outbox_label = named(QLabel(), "chip")
        self.hub_label = named(QLabel(), "chip")
        # The collective queue's window; shown only when the console has one (`ConsoleWindow.set_collective`).
        self.collective_button = named(QPushButton(), "collectiveButton")
        self.collective_button.hide()
        self.shift_label = named(QLabel(), "shift")
        self.cap_title = named(QLabel(), "capTitle")
        self.cap_spin = named(QSpinBox(), "capSpin")
        self.cap_spin.setRange(1, state.max_cap)
        self.cap_spin.setValue(state.cap)
        self.cap_spin.valueChanged.connect(self._on_cap)
        self.pause_button = named(QPushButton(), "pauseButton")
        self.pause_button.setCheckable(True)
        self.pause_button.toggled.connect(self._on_pause)
        self.mute_button = named(QPushButton(), "muteButton")
        self.mute_button.setCheckable(True)
        self.mute_button.toggled.connect(self._on_mute)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.setSpacing(12)
        layout.addWidget(self.title_label)
        layout.addWidget(self.officer_label)
        layout.addWidget(self.hub_label)
        layout.addWidget(self.queue_label)
        layout.addWidget(self.outbox_label)
        layout.addWidget(self.collective_button)
        layout.addStretch(1)
        layout.addWidget(self.shift_label)
        layout.addStretch(1)
        layout.addWidget(self.cap_title)
        layout.addWidget(self.cap_spin)
        layout.addWidget(self.pause_button)
        layout.addWidget(self.mute_button)

    def tr(self, source: str, disambiguation: str | None = None, n: int = -1) -> str:
        """`source` translated in the window's context."""
        return QCoreApplication.translate(CONTEXT, source, disambiguation, n)

    def set_officer(self, name: str) -> None:
        """The signed-in officer's name; the cap as the state has it."""
        self.officer_name = name
        self.cap_spin.setValue(self.state.cap)
        self.show_status()

    def retranslate(self) -> None:
        """Every fixed text."""
        self.title_label.setText(self.tr("Konsol CSO"))
        self.cap_title.setText(self.tr("Bilik sekaligus"))
        self.collective_button.setText(self.tr("Antrean kolektif"))
        self.collective_button.setToolTip(self.tr("Pengajuan kolektif pemberi kerja: setujui dan kirim per baris"))
        self.show_status()

    def show_status(self) -> None:
        """Render the state's status: hub, queue, outbox, shift, break and sound."""
        c = self.state
        self.officer_label.setText(self.officer_name)
        self.queue_label.setText(self.tr("Antrean cabang: %1").replace("%1", str(c.queue_waiting)))
        self.outbox_label.setText(self.tr("Klaim belum terkirim: %1").replace("%1", str(c.outbox_pending)))
        set_prop(self.outbox_label, "level", "warn" if c.outbox_pending else "ok")
        self.hub_label.setText(self.tr("Hub terhubung") if c.hub_online else self.tr("Hub terputus"))
        set_prop(self.hub_label, "level", "ok" if c.hub_online else "bad")
        shift = c.shift
        average = shift.average_handle_s()
        self.shift_label.setText(
            self.tr("Ditangani %1 · Terkirim %2 · Rata-rata %3 · Sejak istirahat %4")
            .replace("%1", str(shift.sessions_handled))
            .replace("%2", str(shift.claims_submitted))
            .replace("%3", format_duration(average) if average is not None else "–")
            .replace("%4", self.tr("sedang istirahat") if c.paused else format_duration(shift.since_break_s(c.now())))
        )
        self.pause_button.blockSignals(True)
        self.pause_button.setChecked(c.paused)
        self.pause_button.blockSignals(False)
        self.pause_button.setText(self.tr("Lanjut bekerja") if c.paused else self.tr("Istirahat"))
        self.pause_button.setToolTip(self.tr("Berhenti menerima bilik baru (Ctrl+Shift+B)"))
        set_prop(self.pause_button, "paused", c.paused)
        self.mute_button.setText(self.tr("Suara mati") if c.muted else self.tr("Suara hidup"))
        self.mute_button.setToolTip(self.tr("Bunyi saat bilik minta perhatian (Ctrl+M)"))

    def _on_cap(self, value: int) -> None:
        if value != self.state.cap:
            self.state.set_cap(value)
            self.cap_changed.emit(self.state.cap)

    def _on_pause(self, paused: bool) -> None:
        if paused != self.state.paused:
            self.state.set_paused(paused)
            self.paused_changed.emit(paused)
        self.show_status()

    def _on_mute(self, muted: bool) -> None:
        self.state.set_muted(muted)
        self.show_status()
