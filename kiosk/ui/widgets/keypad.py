"""On-screen keypads for a touchscreen: digits (NIK, KPJ, account numbers) and letters+digits (booking codes).

A keypad types into a target `QLineEdit` exactly as a hardware keyboard would (insert at the cursor, respect
its validator and maximum length), so a physical keyboard and the keypad are interchangeable.
"""

from __future__ import annotations

import string

from PySide6.QtCore import QCoreApplication, QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QGridLayout, QLineEdit, QPushButton, QSizePolicy, QWidget

from kiosk.ui.app import icon
from kiosk.ui.widgets.base import Retranslatable

BACKSPACE = "\b"
CLEAR = "\x7f"


class _KeypadBase(Retranslatable, QWidget):
    """Common behaviour: a target field, key buttons, backspace and clear."""

    #: Emitted with the character typed, `BACKSPACE` or `CLEAR`, after the target was changed.
    key_pressed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._target: QLineEdit | None = None
        self._grid = QGridLayout(self)
        self._grid.setSpacing(10)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._clear = self._key_button(CLEAR, kind="keypad")
        self._clear.setObjectName("keypadClear")
        self._backspace = self._key_button(BACKSPACE, kind="keypad")
        self._backspace.setObjectName("keypadBackspace")
        self._backspace.setIcon(icon("backspace"))
        self._backspace.setIconSize(QSize(44, 44))

    def set_target(self, field: QLineEdit | None) -> None:
        """Type into `field` from now on (None: the keypad does nothing)."""
        self._target = field

    def target(self) -> QLineEdit | None:
        """The field the keypad types into."""
        return self._target

    def _key_button(self, key: str, kind: str) -> QPushButton:
        button = QPushButton(self)
        button.setProperty("keypad", kind)
        button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keep the caret in the field being typed into
        button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        button.setAutoRepeat(key == BACKSPACE)
        if key not in (BACKSPACE, CLEAR):
            button.setText(key)
            button.setObjectName(f"key_{key}")
        button.clicked.connect(lambda: self.press(key))
        return button

    def press(self, key: str) -> None:
        """Act as if `key` was touched."""
        field = self._target
        if field is None or not field.isEnabled():
            return
        if key == BACKSPACE:
            field.backspace()
        elif key == CLEAR:
            field.clear()
        else:
            field.insert(key)
        self.key_pressed.emit(key)

    def retranslate(self) -> None:
        """Texts of the clear and backspace keys."""
        # One context for both keypads (self.tr() would use each subclass's name).
        self._clear.setText(QCoreApplication.translate("Keypad", "Hapus"))
        self._clear.setToolTip(QCoreApplication.translate("Keypad", "Hapus semua"))
        self._backspace.setAccessibleName(QCoreApplication.translate("Keypad", "Hapus satu angka"))


class NumericKeypad(_KeypadBase):
    """1-9 in three rows, then clear, 0, backspace: the layout of a phone, which most people know."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for index, digit in enumerate("123456789"):
            self._grid.addWidget(self._key_button(digit, "true"), index // 3, index % 3)
        self._grid.addWidget(self._clear, 3, 0)
        self._grid.addWidget(self._key_button("0", "true"), 3, 1)
        self._grid.addWidget(self._backspace, 3, 2)
        self.retranslate()


class CodeKeypad(_KeypadBase):
    """Digits and the letters A-Z in alphabetical order (easier to find than QWERTY for non-typists)."""

    COLUMNS = 10

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        keys = list(string.digits[1:] + "0" + string.ascii_uppercase + "-")
        for index, key in enumerate(keys):
            button = self._key_button(key, "letter")
            self._grid.addWidget(button, index // self.COLUMNS, index % self.COLUMNS)
        last_row = (len(keys) - 1) // self.COLUMNS
        used = len(keys) % self.COLUMNS
        self._clear.setProperty("keypad", "letter")
        self._backspace.setProperty("keypad", "letter")
        self._grid.addWidget(self._clear, last_row, used, 1, 2)
        self._grid.addWidget(self._backspace, last_row, used + 2, 1, self.COLUMNS - used - 2)
        self.retranslate()


def keypad_icon() -> QIcon:
    """Icon for 'type it in' choices."""
    return icon("keypad")
