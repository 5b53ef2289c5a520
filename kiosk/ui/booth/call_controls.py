"""The participant's controls during the video call: volume down / up, "I can't hear", and leave (with a
confirmation). "Call staff" is in the window's top bar, as on every screen.

The widgets only forward: `volume_changed(percent)`, `cannot_hear_requested`, and `leave_confirmed` once the
participant said yes to "leave the call?". Leaving ends the visit cleanly (`VisitFlow.leave`): the session is
closed on the hub, which tells the officer's console, and everything of the visit is wiped from the booth.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Signal
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from kiosk.ui.app import icon
from kiosk.ui.booth.screen import button, label
from kiosk.ui.widgets.overlay import Overlay

#: Volume steps (percent of the officer's voice as received) and where a call starts.
VOLUME_STEPS = (50, 75, 100, 125, 150, 200)
DEFAULT_VOLUME = 100


class CallControls(QWidget):
    """A row of large buttons under the call, and the leave confirmation over `screen`."""

    volume_changed = Signal(int)
    cannot_hear_requested = Signal()
    leave_confirmed = Signal()

    def __init__(self, screen: QWidget) -> None:
        super().__init__(screen)
        self.setObjectName("callControls")
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(16)
        self.volume_down = button("volumeDownButton", parent=self)
        self.volume_label = label("body", "volumeLabel", self, wrap=False)
        self.volume_up = button("volumeUpButton", parent=self)
        self.cannot_hear_button = button("cannotHearButton", parent=self)
        self.cannot_hear_button.setIcon(icon("help"))
        self.cannot_hear_button.setIconSize(QSize(36, 36))
        self.leave_button = button("leaveCallButton", "danger", self)
        for widget in (self.volume_down, self.volume_up):
            widget.setMinimumWidth(96)
        for widget in (self.volume_down, self.volume_up, self.cannot_hear_button, self.leave_button):
            widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row.addWidget(self.volume_down)
        row.addWidget(self.volume_label)
        row.addWidget(self.volume_up)
        row.addSpacing(24)
        row.addWidget(self.cannot_hear_button)
        row.addStretch(1)
        row.addWidget(self.leave_button)
        self.volume_down.clicked.connect(lambda: self._step(-1))
        self.volume_up.clicked.connect(lambda: self._step(1))
        self.cannot_hear_button.clicked.connect(self._cannot_hear)
        self.leave_button.clicked.connect(self.ask_leave)

        self.confirm = Overlay(screen, "leaveConfirm")
        self.confirm_title = label("title", "leaveConfirmTitle", self.confirm.card())
        self.confirm_text = label("body", "leaveConfirmText", self.confirm.card())
        self.stay_button = button("stayButton", "primary", self.confirm.card(), size="huge")
        self.confirm_leave_button = button("confirmLeaveButton", "danger", self.confirm.card(), size="huge")
        self.stay_button.clicked.connect(self.confirm.close_overlay)
        self.confirm_leave_button.clicked.connect(self._leave)
        buttons = QHBoxLayout()
        buttons.setSpacing(24)
        buttons.addWidget(self.confirm_leave_button)
        buttons.addWidget(self.stay_button)
        self.confirm.card_layout.addWidget(self.confirm_title)
        self.confirm.card_layout.addWidget(self.confirm_text)
        self.confirm.card_layout.addLayout(buttons)
        self.confirm.card().setFixedWidth(900)
        self.volume = DEFAULT_VOLUME
        self._heard_asked = False
        self.retranslate()

    def reset(self) -> None:
        """A fresh call: the usual volume, nothing asked, no confirmation open."""
        self.volume = DEFAULT_VOLUME
        self._heard_asked = False
        self.confirm.close_overlay()
        self.retranslate()

    def _step(self, direction: int) -> None:
        index = VOLUME_STEPS.index(self.volume) + direction
        if 0 <= index < len(VOLUME_STEPS):
            self.volume = VOLUME_STEPS[index]
            self.volume_changed.emit(self.volume)
        self.retranslate()

    def _cannot_hear(self) -> None:
        self._heard_asked = True
        self.cannot_hear_requested.emit()
        self.retranslate()

    def ask_leave(self) -> None:
        """"Leave": ask first (a touch by mistake must not end the visit)."""
        self.confirm.open()

    def _leave(self) -> None:
        self.confirm.close_overlay()
        self.leave_confirmed.emit()

    def retranslate(self) -> None:
        """Texts."""
        self.volume_down.setText("−")
        self.volume_up.setText("+")
        self.volume_down.setToolTip(QCoreApplication.translate("CallControls", "Suara lebih pelan"))
        self.volume_up.setToolTip(QCoreApplication.translate("CallControls", "Suara lebih keras"))
        self.volume_down.setEnabled(self.volume > VOLUME_STEPS[0])
        self.volume_up.setEnabled(self.volume < VOLUME_STEPS[-1])
        volume = QCoreApplication.translate("CallControls", "Suara %1%")
        self.volume_label.setText(volume.replace("%1", str(self.volume)))
        self.cannot_hear_button.setText(QCoreApplication.translate("CallControls", "Saya tidak bisa mendengar"))
        self.cannot_hear_button.setEnabled(not self._heard_asked)
        self.leave_button.setText(QCoreApplication.translate("CallControls", "Keluar"))
        self.confirm_title.setText(QCoreApplication.translate("CallControls", "Keluar dari panggilan?"))
        self.confirm_text.setText(
            QCoreApplication.translate(
                "CallControls",
                "Kunjungan Anda akan berakhir dan klaim belum diajukan. Petugas akan diberi tahu, dan semua data "
                "Anda dihapus dari bilik ini.",
            )
        )
        self.stay_button.setText(QCoreApplication.translate("CallControls", "Tidak, tetap di sini"))
        self.confirm_leave_button.setText(QCoreApplication.translate("CallControls", "Ya, keluar"))
