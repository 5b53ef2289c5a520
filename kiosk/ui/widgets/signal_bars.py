"""`SignalBars`: three bars for a call's link, drawn from `kiosk.app.link_health.NetworkQuality` (the console's
tiles and the booth's call screen)."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QWidget

from kiosk.app.link_health import NetworkQuality

__all__ = ["NetworkQuality", "SignalBars"]


class SignalBars(QWidget):
    """Three bars for the network: all green (good), two amber (fair), one red (poor), grey (unknown)."""

    _COLORS: ClassVar[dict[NetworkQuality, QColor]] = {
        NetworkQuality.GOOD: QColor("#1E8E3E"),
        NetworkQuality.FAIR: QColor("#C77800"),
        NetworkQuality.POOR: QColor("#C5221F"),
        NetworkQuality.UNKNOWN: QColor("#8A969C"),
    }
    _LIT: ClassVar[dict[NetworkQuality, int]] = {
        NetworkQuality.GOOD: 3,
        NetworkQuality.FAIR: 2,
        NetworkQuality.POOR: 1,
        NetworkQuality.UNKNOWN: 0,
    }

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._quality = NetworkQuality.UNKNOWN
        self.setFixedSize(22, 18)

    def set_quality(self, quality: NetworkQuality) -> None:
        """Show `quality`."""
        if quality is not self._quality:
            self._quality = quality
            self.update()

    def quality(self) -> NetworkQuality:
        """The quality shown."""
        return self._quality

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Draw the bars."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        lit = self._LIT[self._quality]
        color = self._COLORS[self._quality]
        for i in range(3):
            height = 6 + i * 5
            rect = QRectF(i * 8, self.height() - height, 6, height)
            painter.fillRect(rect, color if i < lit else QColor("#C9D1D5"))
        painter.end()
