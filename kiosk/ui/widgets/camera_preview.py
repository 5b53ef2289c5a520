"""A live camera preview with a frame guide drawn over it: where to hold a card, a page, or one's face.

The picture itself is a `VideoView` (pulled from the camera's newest frame, never blocking the GUI thread);
this widget adds the guide and its state colour: yellow while searching, green when the picture is good.
"""

from __future__ import annotations

import enum

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.domain.claims import DocumentShape
from kiosk.ui.widgets.video_view import FrameSource, VideoView

#: ID-1 card (e-KTP, KPJ card) width / height.
CARD_ASPECT = 85.6 / 54.0
#: A4 page held upright, width / height.
PAGE_ASPECT = 1 / 1.414


class GuideState(enum.Enum):
    """How the guide is drawn."""

    SEARCHING = "searching"
    GOOD = "good"
    CAPTURED = "captured"


_COLOURS = {
    GuideState.SEARCHING: QColor("#FFD400"),
    GuideState.GOOD: QColor("#3DDC84"),
    GuideState.CAPTURED: QColor("#3DDC84"),
}


def guide_rects(shape: DocumentShape, image: QRectF) -> list[QRectF]:
    """Where the guide sits inside the shown picture `image`: one rect, or face oval + card for a selfie."""
    w, h = image.width(), image.height()
    if shape is DocumentShape.PAGE:
        gh = h * 0.86
        gw = gh * PAGE_ASPECT
        return [QRectF(image.center().x() - gw / 2, image.top() + (h - gh) / 2, gw, gh)]
    if shape is DocumentShape.SELFIE:
        face_h = h * 0.62
        # Face a little left of centre, the card beside it at chin height (people hold it by their cheek).
        face = QRectF(image.left() + w * 0.42 - face_h * 0.38, image.top() + h * 0.10, face_h * 0.76, face_h)
        card_w = w * 0.24
        card = QRectF(image.left() + w * 0.64, image.top() + h * 0.40, card_w, card_w / CARD_ASPECT)
        return [face, card]
    gw = w * 0.56
    gh = gw / CARD_ASPECT
    return [QRectF(image.center().x() - gw / 2, image.center().y() - gh / 2, gw, gh)]


class _GuideOverlay(QWidget):
    """Transparent layer over the picture: darkens outside the guide and draws its outline."""

    def __init__(self, preview: CameraPreview) -> None:
        super().__init__(preview)
        self._preview = preview
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Scrim outside the guide, then the outline in the state's colour."""
        shape = self._preview.shape()
        if shape is None or shape is DocumentShape.SIGNATURE:
            return
        rects = guide_rects(shape, self._preview.image_rect())
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        outside = QPainterPath()
        outside.addRect(QRectF(self.rect()))
        holes = QPainterPath()
        for index, rect in enumerate(rects):
            if shape is DocumentShape.SELFIE and index == 0:
                holes.addEllipse(rect)
            else:
                holes.addRoundedRect(rect, 14, 14)
        painter.fillPath(outside.subtracted(holes), QColor(0, 0, 0, 110))
        state = self._preview.guide_state()
        pen = QPen(_COLOURS[state], 8)
        if state is GuideState.SEARCHING:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawPath(holes)
        painter.end()


class CameraPreview(QWidget):
    """`VideoView` of the local camera, mirrored like a mirror, with a document frame guide on top."""

    def __init__(self, parent: QWidget | None = None, fps: float = 15.0) -> None:
        super().__init__(parent)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(320, 180)
        self._video = VideoView(self, fps=fps, frozen_after_s=3.0)
        self._video.setObjectName("cameraView")
        self._video.set_mirrored(True)
        self._video.set_fit("contain")
        self._overlay = _GuideOverlay(self)
        self._shape: DocumentShape | None = None
        self._state = GuideState.SEARCHING
        self._aspect = 16 / 9

    def video(self) -> VideoView:
        """The picture widget (frozen/frame signals live there)."""
        return self._video

    def set_source(self, source: FrameSource | None, aspect: float = 16 / 9) -> None:
        """Show frames from `source` (None: stop; the last picture is cleared)."""
        self._aspect = aspect
        if source is None:
            self._video.set_source(None)
            self._video.clear()
        else:
            self._video.set_source(source)
        self._overlay.update()

    def set_shape(self, shape: DocumentShape | None) -> None:
        """Which guide to draw (None: no guide, e.g. the booking QR reader uses a card-shaped one anyway)."""
        self._shape = shape
        self._overlay.update()

    def shape(self) -> DocumentShape | None:
        """The guide drawn now."""
        return self._shape

    def set_guide_state(self, state: GuideState) -> None:
        """Searching (yellow, dashed), good or captured (green)."""
        if state is not self._state:
            self._state = state
            self._overlay.update()

    def guide_state(self) -> GuideState:
        """The guide's state."""
        return self._state

    def image_rect(self) -> QRectF:
        """Where the picture is shown inside the widget (letterboxed to the camera's aspect)."""
        w, h = self.width(), self.height()
        if w / max(h, 1) > self._aspect:
            iw = h * self._aspect
            return QRectF((w - iw) / 2, 0, iw, h)
        ih = w / self._aspect
        return QRectF(0, (h - ih) / 2, w, ih)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """16:9."""
        return QSize(800, 450)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Both layers fill the widget."""
        self._video.setGeometry(self.rect())
        self._overlay.setGeometry(self.rect())
        self._overlay.raise_()
        super().resizeEvent(event)
