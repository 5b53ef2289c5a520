"""Step 6 of the setup wizard: the admin PIN, typed twice, checked against easy guesses, stored as a hash."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from kiosk.app.setup.model import (
    PinProblem,
    SetupResult,
    hash_pin,
    pin_problem,
)
from kiosk.ui.setup.pages.step import StepPage
from kiosk.ui.widgets.keypad import NumericKeypad


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
