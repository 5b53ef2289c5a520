"""A signature pad for a finger: strokes drawn thick and smooth; exported as a PNG for upload."""

from __future__ import annotations

import itertools

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

_INK = QColor("#0B1F2A")
_PEN_WIDTH = 5.0


class SignaturePad(QWidget):
    """Draws what a finger (or mouse) traces; `changed` fires after each stroke and on clear."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, False)  # touches arrive as mouse events
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(480, 240)
        self._strokes: list[list[QPointF]] = []
        self._drawing = False
        self._baseline_text = ""

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """A wide pad."""
        return QSize(900, 320)

    def set_baseline_text(self, text: str) -> None:
        """The words under the signing line ("Tanda tangan di sini")."""
        self._baseline_text = text
        self.update()

    def is_empty(self) -> bool:
        """True when nothing was drawn (or only dots too short to be a signature)."""
        return self.ink_length() < 40.0

    def ink_length(self) -> float:
        """Total length of all strokes in pixels (a tap is not a signature)."""
        total = 0.0
        for stroke in self._strokes:
            for a, b in itertools.pairwise(stroke):
                total += (b - a).manhattanLength()
        return total

    def clear(self) -> None:
        """Remove every stroke."""
        self._strokes.clear()
        self._drawing = False
        self.update()
        self.changed.emit()

    def draw_stroke(self, points: list[tuple[float, float]]) -> None:
        """Add a stroke through `points` (widget coordinates); tests and demos sign with this."""
        self._strokes.append([QPointF(x, y) for x, y in points])
        self.update()
        self.changed.emit()

    def to_image(self, scale: float = 1.0) -> QImage:
        """The signature on white, as an image of the pad's size times `scale`."""
        size = self.size() * scale
        image = QImage(max(1, size.width()), max(1, size.height()), QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        painter = QPainter(image)
        painter.scale(scale, scale)
        self._paint_strokes(painter)
        painter.end()
        return image

    def to_png(self) -> bytes:
        """The signature as PNG bytes, ready to upload as a document."""
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        self.to_image().save(buffer, "PNG")  # type: ignore[call-overload]  # the stubs say bytes; Qt wants str
        buffer.close()
        return bytes(data.data())

    def _paint_strokes(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(_INK, _PEN_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """White pad, a signing line with words under it, and the strokes."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("white"))
        painter.setPen(QPen(QColor("#5B6B73"), 3))
        painter.drawRect(QRectF(self.rect()).adjusted(1.5, 1.5, -1.5, -1.5))
        line_y = self.height() * 0.75
        painter.setPen(QPen(QColor("#5B6B73"), 2, Qt.PenStyle.DashLine))
        painter.drawLine(QPointF(40, line_y), QPointF(self.width() - 40, line_y))
        if self._baseline_text:
            painter.setPen(QColor("#3D4F58"))
            painter.drawText(
                QRectF(40, line_y + 8, self.width() - 80, self.height() - line_y - 8),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                self._baseline_text,
            )
        self._paint_strokes(painter)
        painter.end()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Start a stroke."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._drawing = True
            self._strokes.append([event.position()])
            self.update()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Extend the stroke."""
        if self._drawing and self._strokes:
            self._strokes[-1].append(event.position())
            self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """End the stroke."""
        if self._drawing:
            self._drawing = False
            self.changed.emit()
