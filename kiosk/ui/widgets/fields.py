"""Input fields for a touchscreen: large, digits-only where digits are meant, no context menu."""

from __future__ import annotations

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QFont, QRegularExpressionValidator
from PySide6.QtWidgets import QLineEdit, QWidget

from kiosk.ui.widgets.base import set_style_property


class DigitField(QLineEdit):
    """A field that accepts only digits up to `max_digits`, shown large with spaced-out digits."""

    def __init__(self, max_digits: int, parent: QWidget | None = None, letters: bool = False) -> None:
        super().__init__(parent)
        pattern = rf"[0-9A-Za-z\-]{{0,{max_digits}}}" if letters else rf"[0-9]{{0,{max_digits}}}"
        self.setValidator(QRegularExpressionValidator(QRegularExpression(pattern), self))
        self.setMaxLength(max_digits)
        self.setProperty("role", "digits")
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.NoContextMenu)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.font())
        font.setLetterSpacing(QFont.SpacingType.AbsoluteSpacing, 4)
        self.setFont(font)
        if letters:
            self.textEdited.connect(self._upper)

    def _upper(self, text: str) -> None:
        if text != text.upper():
            position = self.cursorPosition()
            self.setText(text.upper())
            self.setCursorPosition(position)

    def insert(self, text: str) -> None:
        before = self.text()
        super().insert(text)
        if self.text() != before:
            self.textEdited.emit(self.text())

    def set_valid(self, valid: bool | None) -> None:
        """Colour the border: None neutral, True good, False wrong."""
        set_style_property(self, "valid", "" if valid is None else ("true" if valid else "false"))
