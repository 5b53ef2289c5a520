"""`VideoView`: a widget that shows the newest video frame of a source without ever blocking the GUI thread.

Stable API (the booth's live preview and the console's tiles both use it)::

    view = VideoView(parent, fps=15, frozen_after_s=2.0)
    view.set_source(session.latest_frame)   # any callable () -> np.ndarray | None, polled at `fps`
    view.push_frame(frame)                  # or push: thread-safe, keeps only the newest frame
    view.set_color_order("bgr")             # "bgr" (OpenCV, aiortc to_ndarray("bgr24")) or "rgb"
    view.set_fit("contain" | "cover")       # letterbox the whole frame, or fill the widget and crop
    view.set_mirrored(True)                 # a self-view is mirrored like a mirror
    view.set_overlay_text("...")            # a card drawn over the picture (e.g. "on hold"); "" clears it
    view.frozen_changed.connect(...)        # True when no new frame came for `frozen_after_s`
    view.clear()                            # forget the picture (a new session must never see the last one)

Frames are ``uint8`` arrays of shape (h, w, 3) in the chosen colour order, or (h, w) grey. How it stays
cheap: the widget *pulls* at timer time instead of being pushed every frame, so a 30 fps stream into a tile
shown at 10 fps costs 10 conversions, not 30; a frame is wrapped into a `QImage` without copying (Qt reads
the numpy buffer directly, BGR888 is native), scaled once per new frame to the widget's size, and painted.
Nothing is converted for frames nobody sees. A source callable is only ever called on the GUI thread, so it
must be quick: return a reference to the newest frame it already holds; never decode or wait in it.

A stream that stops does not leave a still picture that looks live: after `frozen_after_s` without a new
frame the picture is dimmed, turned grey and labelled "Gambar beku" with the time since the last frame (m:ss).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Literal

import numpy as np
from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTransform,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from kiosk.domain.durations import format_duration

ColorOrder = Literal["bgr", "rgb"]
Fit = Literal["contain", "cover"]
FrameSource = Callable[[], "np.ndarray | None"]

_FORMATS: dict[str, QImage.Format] = {
    "bgr": QImage.Format.Format_BGR888,
    "rgb": QImage.Format.Format_RGB888,
}


def frame_to_qimage(frame: np.ndarray, color_order: ColorOrder = "bgr") -> QImage:
    """Wrap a uint8 (h, w, 3) or (h, w) array as a `QImage` sharing its memory (keep `frame` alive)."""
    if frame.dtype != np.uint8:
        raise ValueError(f"frames must be uint8, not {frame.dtype}")
    if frame.ndim == 2:
        fmt = QImage.Format.Format_Grayscale8
    elif frame.ndim == 3 and frame.shape[2] == 3:
        fmt = _FORMATS[color_order]
    else:
        raise ValueError(f"frames must be (h, w, 3) or (h, w), not {frame.shape}")
    if not frame.flags["C_CONTIGUOUS"]:
        frame = np.ascontiguousarray(frame)
    height, width = frame.shape[:2]
    return QImage(frame.data, width, height, frame.strides[0], fmt)


class VideoView(QWidget):
    """Draws the newest frame of a pulled or pushed source; shows a frozen stream as frozen."""

    #: True when the stream stopped delivering new frames, False when frames flow again.
    frozen_changed = Signal(bool)
    #: Emitted once per new frame shown (cheap; tests and the tile's "live" mark use it).
    frame_shown = Signal()
    #: The left mouse button was released over the picture (tiles use it for click-to-focus).
    clicked = Signal()

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        fps: float = 15.0,
        frozen_after_s: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(160, 90)
        self._clock = clock
        self._frozen_after_s = frozen_after_s
        self._source: FrameSource | None = None
        self._color_order: ColorOrder = "bgr"
        self._fit: Fit = "contain"
        self._mirrored = False
        self._overlay = ""
        self._placeholder = self.tr("Menunggu video…")
        self._own_placeholder = True  # ours follows a language change; one set by the owner is the owner's
        # Pushed frames may come from any thread: only this slot is shared, guarded by the lock.
        self._lock = threading.Lock()
        self._pushed: np.ndarray | None = None
        self._pushed_seq = 0
        self._seen_seq = 0
        # Identity of the last pulled frame: a source that returns the same object has nothing new.
        self._last_pulled: np.ndarray | None = None
        self._frame: np.ndarray | None = None  # keeps the buffer `_image` points into alive
        self._image: QImage | None = None
        self._scaled: QImage | None = None
        self._last_frame_at: float | None = None
        self._frozen = False
        self._painted_second = -1
        self._timer = QTimer(self)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self.set_fps(fps)

    # ------------------------------------------------------------------------------------------------ API

    def set_source(self, source: FrameSource | None) -> None:
        """Poll `source` (returning the newest frame or None) on every tick; None stops polling."""
        self._source = source
        self._last_pulled = None
        if source is not None or self._frame is not None:
            self._timer.start()

    def push_frame(self, frame: np.ndarray) -> None:
        """Hand over a new frame from any thread; only the newest one is kept until the next tick."""
        with self._lock:
            self._pushed = frame
            self._pushed_seq += 1
        if threading.current_thread() is threading.main_thread() and not self._timer.isActive():
            self._timer.start()

    def set_fps(self, fps: float) -> None:
        """How often to look for a new frame (a tile needs fewer than the focused view)."""
        if fps <= 0:
            raise ValueError("fps must be positive")
        self._timer.setInterval(max(5, round(1000 / fps)))
        if self._source is not None:
            self._timer.start()

    def set_color_order(self, order: ColorOrder) -> None:
        """Channel order of incoming three-channel frames."""
        if order not in _FORMATS:
            raise ValueError(f"unknown colour order {order!r}")
        self._color_order = order
        self._rewrap()

    def set_fit(self, fit: Fit) -> None:
        """"contain": the whole frame with bars; "cover": fill the widget, cropping the edges."""
        self._fit = fit
        self._scaled = None
        self.update()

    def set_mirrored(self, mirrored: bool) -> None:
        """Flip horizontally (for a person watching themselves)."""
        self._mirrored = mirrored
        self._scaled = None
        self.update()

    def set_overlay_text(self, text: str) -> None:
        """A card drawn across the picture (e.g. "on hold"); an empty string removes it."""
        self._overlay = text
        self.update()

    def set_placeholder_text(self, text: str) -> None:
        """What to show before the first frame arrives."""
        self._placeholder = text
        self._own_placeholder = False
        self.update()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """The default caption in the new language (it showed Indonesian in English mode)."""
        if event.type() == QEvent.Type.LanguageChange and self._own_placeholder:
            self._placeholder = self.tr("Menunggu video…")
            self.update()
        super().changeEvent(event)

    def set_frozen_after(self, seconds: float) -> None:
        """Seconds without a new frame after which the stream counts as frozen."""
        self._frozen_after_s = seconds

    def clear(self) -> None:
        """Drop the current picture and any pending frame (the next session must not see the previous one)."""
        with self._lock:
            self._pushed = None
            self._seen_seq = self._pushed_seq
        self._last_pulled = None
        self._frame = self._image = self._scaled = None
        self._last_frame_at = None
        self._set_frozen(False)
        self.update()

    def is_frozen(self) -> bool:
        """True while the stream counts as frozen."""
        return self._frozen

    def has_frame(self) -> bool:
        """True once a frame has been shown (and not cleared)."""
        return self._image is not None

    def current_frame(self) -> np.ndarray | None:
        """The frame on screen (for a still of the live face), or None."""
        return self._frame

    def seconds_since_frame(self) -> float | None:
        """Seconds since the last new frame, or None before the first."""
        return None if self._last_frame_at is None else self._clock() - self._last_frame_at

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """16:9 at a size that suits a tile."""
        return QSize(480, 270)

    # ------------------------------------------------------------------------------------------ internals

    def _tick(self) -> None:
        frame = self._take_new_frame()
        if frame is not None:
            try:
                self._show(frame)
            except ValueError:
                # A malformed frame is the source's bug; drop it rather than break the whole console.
                frame = None
        frozen = (
            self._last_frame_at is not None and self._clock() - self._last_frame_at >= self._frozen_after_s
        )
        if frozen != self._frozen:
            self._set_frozen(frozen)
            self.update()
        elif frozen and frame is None:
            # Only the seconds counter changes; repaint once a second, not at the frame rate.
            second = int(self.seconds_since_frame() or 0.0)
            if second != self._painted_second:
                self._painted_second = second
                self.update()
        if self._source is None and self._frame is None and self._pushed is None:
            self._timer.stop()

    def _take_new_frame(self) -> np.ndarray | None:
        with self._lock:
            if self._pushed_seq != self._seen_seq and self._pushed is not None:
                self._seen_seq = self._pushed_seq
                return self._pushed
        if self._source is None:
            return None
        frame = self._source()
        if frame is None or frame is self._last_pulled:
            return None
        self._last_pulled = frame
        return frame

    def _show(self, frame: np.ndarray) -> None:
        image = frame_to_qimage(frame, self._color_order)
        self._frame, self._image, self._scaled = frame, image, None
        self._last_frame_at = self._clock()
        self.update()
        self.frame_shown.emit()

    def _rewrap(self) -> None:
        if self._frame is not None:
            self._image = frame_to_qimage(self._frame, self._color_order)
            self._scaled = None
            self.update()

    def _set_frozen(self, frozen: bool) -> None:
        if frozen != self._frozen:
            self._frozen = frozen
            self._scaled = None
            self.frozen_changed.emit(frozen)

    def _target_rect(self, image_size: QSize) -> QRect:
        """Where the scaled frame goes: letterboxed for "contain", overflowing (cropped) for "cover"."""
        area = self.rect()
        scaled = image_size.scaled(
            area.size(),
            Qt.AspectRatioMode.KeepAspectRatio
            if self._fit == "contain"
            else Qt.AspectRatioMode.KeepAspectRatioByExpanding,
        )
        rect = QRect(0, 0, scaled.width(), scaled.height())
        rect.moveCenter(area.center())
        return rect

    def _scaled_image(self) -> QImage | None:
        if self._image is None:
            return None
        target = self._target_rect(self._image.size())
        if self._scaled is None or self._scaled.size() != target.size():
            # Scaling once per new frame (not per paint) keeps repaints of overlays and timers cheap.
            scaled = self._image.scaled(
                target.size(),
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.SmoothTransformation,
            )
            if self._mirrored:
                scaled = scaled.transformed(QTransform().scale(-1, 1))
            if self._frozen:
                scaled = scaled.convertToFormat(QImage.Format.Format_Grayscale8)
            self._scaled = scaled
        return self._scaled

    def frozen_text(self) -> str:
        """The frozen marking's words: how long since the last frame, as m:ss."""
        return self.tr("Gambar beku · %1").replace("%1", format_duration(self.seconds_since_frame() or 0))

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        """Background, picture, then the frozen marking and any overlay card."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#15191e"))
        scaled = self._scaled_image()
        if scaled is None:
            self._draw_caption(painter, self._placeholder, QColor("#9aa4ae"))
        else:
            painter.drawImage(self._target_rect(self._image.size() if self._image else scaled.size()), scaled)
            if self._frozen:
                painter.fillRect(self.rect(), QColor(0, 0, 0, 120))
                self._draw_banner(painter, self.frozen_text(), QColor("#f0b429"))
        if self._overlay:
            painter.fillRect(self.rect(), QColor(10, 14, 18, 170))
            self._draw_caption(painter, self._overlay, QColor("#ffffff"))
        painter.end()

    def _font(self, scale: float) -> QFont:
        font = QFont(self.font())
        font.setPixelSize(max(11, int(min(self.width(), self.height() * 16 / 9) * scale)))
        font.setBold(True)
        return font

    def _draw_caption(self, painter: QPainter, text: str, color: QColor) -> None:
        painter.setFont(self._font(0.04))
        painter.setPen(color)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(QRectF(self.rect()).adjusted(8, 8, -8, -8), flags, text)

    def _draw_banner(self, painter: QPainter, text: str, color: QColor) -> None:
        painter.setFont(self._font(0.045))
        metrics = painter.fontMetrics()
        width = metrics.horizontalAdvance(text) + 24
        height = metrics.height() + 12
        box = QRect(0, 0, width, height)
        box.moveCenter(self.rect().center())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 200))
        painter.drawRoundedRect(box, 6, 6)
        painter.setPen(color)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """A new size needs a new scaled copy."""
        self._scaled = None
        super().resizeEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        """Forward a left click."""
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)
