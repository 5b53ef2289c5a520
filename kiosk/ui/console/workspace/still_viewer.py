"""`StillViewer`: a document still or a face, fitted, with zoom and rotation (shown, never altered)."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPixmap, QTransform
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


def image_from_bytes(data: bytes | None) -> QImage:
    """Decode a JPEG/PNG still (a null image when there is none or it is broken)."""
    image = QImage()
    if data:
        image.loadFromData(data)
    return image


class StillViewer(QLabel):
    """A document still with zoom and rotation (shown, never altered)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stillViewer")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumSize(240, 160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._image = QImage()
        self.zoom = 1.0
        self.rotation = 0

    def set_image(self, image: QImage, empty_text: str = "") -> None:
        """Show `image` fitted to the viewer (zoom and rotation reset)."""
        self._image, self.zoom, self.rotation = image, 1.0, 0
        if image.isNull():
            self.setPixmap(QPixmap())
            self.setText(empty_text)
        self._render()

    def zoom_by(self, factor: float) -> None:
        """Zoom in (>1) or out (<1), between fitted and 6x."""
        self.zoom = max(1.0, min(6.0, self.zoom * factor))
        self._render()

    def rotate(self) -> None:
        """Turn the still 90 degrees clockwise (participants hold documents any way up)."""
        self.rotation = (self.rotation + 90) % 360
        self._render()

    def _render(self) -> None:
        if self._image.isNull():
            return
        image = self._image.transformed(QTransform().rotate(self.rotation)) if self.rotation else self._image
        fitted = QSize(max(1, self.width() - 4), max(1, self.height() - 4))
        size = image.size().scaled(fitted, Qt.AspectRatioMode.KeepAspectRatio) * self.zoom
        scaled = image.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        if self.zoom > 1.0:
            # Zoom into the middle: the part a participant holds in the frame guide.
            x = max(0, (scaled.width() - fitted.width()) // 2)
            y = max(0, (scaled.height() - fitted.height()) // 2)
            scaled = scaled.copy(x, y, min(fitted.width(), scaled.width()), min(fitted.height(), scaled.height()))
        self.setPixmap(QPixmap.fromImage(scaled))

    def resizeEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        """Refit on resize."""
        self._render()
        super().resizeEvent(event)  # type: ignore[arg-type]
