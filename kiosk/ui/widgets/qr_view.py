"""A QR code drawn crisply at any size (segno makes the matrix; Qt paints the modules)."""

from __future__ import annotations

import segno
from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget


class QrCodeView(QWidget):
    """Shows `payload` as a QR code with a quiet zone; empty payload draws nothing."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._payload = ""
        self._matrix: list[list[bool]] = []
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(160, 160)

    def set_payload(self, payload: str) -> None:
        """Encode `payload` (medium error correction: survives a scratched phone screen)."""
        self._payload = payload
        if payload:
            code = segno.make(payload, error="m", micro=False)
            self._matrix = [[bool(v) for v in row] for row in code.matrix]
        else:
            self._matrix = []
        self.update()

    def payload(self) -> str:
        """The encoded text."""
        return self._payload

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """A square that phones read easily from half a metre."""
        return QSize(260, 260)

    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt's name
        """Always square."""
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802 - Qt's name
        """Always square."""
        return width

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """White square with the dark modules and a four-module quiet zone."""
        if not self._matrix:
            return
        side = min(self.width(), self.height())
        modules = len(self._matrix) + 8
        unit = side / modules
        left = (self.width() - side) / 2
        top = (self.height() - side) / 2
        painter = QPainter(self)
        painter.fillRect(QRectF(left, top, side, side), QColor("white"))
        dark = QColor("#000000")
        for r, row in enumerate(self._matrix):
            for c, on in enumerate(row):
                if on:
                    painter.fillRect(QRectF(left + (c + 4) * unit, top + (r + 4) * unit, unit + 0.5, unit + 0.5), dark)
        painter.end()
