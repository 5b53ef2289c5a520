"""Guided document capture: watch the camera, tell the participant what to fix, capture when the still is good.

No Qt here: `DocumentCapture` runs on the asyncio loop, assesses frames with `kiosk.video.stills` in a worker
thread (never on the GUI thread), and reports `Feedback` through a callback. A still is taken automatically
once the picture has been good for a few assessments in a row (so a card passing through the frame is not
taken), and `prepare_still` picks the best of the recent frames, crops and encodes it.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import logging
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from kiosk.app.blocking import run_blocking
from kiosk.config import VideoSettings
from kiosk.domain.claims import DocumentShape

if TYPE_CHECKING:
    import numpy as np

    from kiosk.video.stills import CapturedStill, StillQuality

log = logging.getLogger(__name__)

#: A card whose area is below this share of the frame is too far away to read.
MIN_CARD_AREA_SHARE = 0.12


class Feedback(enum.Enum):
    """What the participant is told while holding a document up."""

    NO_PICTURE = "no_picture"
    SEARCHING = "searching"
    MOVE_CLOSER = "move_closer"
    HOLD_STILL = "hold_still"
    GLARE = "glare"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"
    GOOD = "good"


class FrameSource(Protocol):
    """Anything with the camera's `latest_frame()`."""

    def latest_frame(self) -> np.ndarray | None:
        """The newest full-resolution BGR frame, or None."""
        ...


def _area_share(quality: StillQuality, frame: np.ndarray) -> float:
    if quality.corners is None:
        return 0.0
    xs = [p[0] for p in quality.corners]
    ys = [p[1] for p in quality.corners]
    # Shoelace formula over the four corners.
    area = 0.5 * abs(sum(xs[i] * ys[(i + 1) % 4] - xs[(i + 1) % 4] * ys[i] for i in range(4)))
    return area / float(frame.shape[0] * frame.shape[1])


def feedback_for(quality: StillQuality, frame: np.ndarray, settings: VideoSettings, shape: DocumentShape) -> Feedback:
    """Turn a still's measurements into the single most useful instruction (worst problem first)."""
    from kiosk.video.stills import StillProblem

    require_card = shape is DocumentShape.CARD
    problems = quality.problems(settings, require_card=require_card)
    if StillProblem.NO_CARD in problems:
        return Feedback.SEARCHING
    if require_card and _area_share(quality, frame) < MIN_CARD_AREA_SHARE:
        return Feedback.MOVE_CLOSER
    if StillProblem.GLARE in problems:
        return Feedback.GLARE
    if StillProblem.TOO_DARK in problems:
        return Feedback.TOO_DARK
    if StillProblem.TOO_BRIGHT in problems:
        return Feedback.TOO_BRIGHT
    if StillProblem.BLURRY in problems:
        return Feedback.HOLD_STILL
    return Feedback.GOOD


class DocumentCapture:
    """One document's capture loop. `start()` it; it calls `on_feedback` per assessment and `on_captured` once."""

    def __init__(
        self,
        camera: FrameSource,
        settings: VideoSettings,
        shape: DocumentShape,
        on_feedback: Callable[[Feedback], None],
        on_captured: Callable[[CapturedStill], None],
        *,
        interval_s: float = 0.25,
        stable_needed: int = 3,
    ) -> None:
        self._camera = camera
        self._settings = settings
        self._shape = shape
        self._on_feedback = on_feedback
        self._on_captured = on_captured
        self._interval = interval_s
        self._stable_needed = stable_needed
        self._recent: deque[Any] = deque(maxlen=6)
        self._task: asyncio.Task[None] | None = None
        self.last_feedback: Feedback | None = None

    def start(self) -> None:
        """Begin watching the camera."""
        if self._task is None or self._task.done():
            self._task = asyncio.get_event_loop().create_task(self._run(), name="document-capture")

    async def stop(self) -> None:
        """Stop watching (no callback after this returns)."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._recent.clear()

    def cancel(self) -> None:
        """Stop without waiting (from synchronous code)."""
        if self._task is not None:
            self._task.cancel()
            self._task = None
        self._recent.clear()

    @property
    def running(self) -> bool:
        """True while watching."""
        return self._task is not None and not self._task.done()

    async def capture_now(self) -> CapturedStill | None:
        """Take the best recent frame whatever its quality (the participant pressed "take photo")."""
        from kiosk.video.stills import prepare_still

        frames = list(self._recent)
        if not frames:
            frame = self._camera.latest_frame()
            frames = [frame] if frame is not None else []
        if not frames:
            return None
        return await run_blocking(
            prepare_still, frames, self._settings, self._shape is DocumentShape.CARD
        )

    async def _run(self) -> None:
        from kiosk.video.stills import assess_still, prepare_still

        good_in_a_row = 0
        last_frame: object = None
        require_card = self._shape is DocumentShape.CARD
        while True:
            frame = self._camera.latest_frame()
            if frame is None:
                good_in_a_row = 0
                self._report(Feedback.NO_PICTURE)
                await asyncio.sleep(self._interval)
                continue
            if frame is not last_frame:
                last_frame = frame
                quality = await run_blocking(assess_still, frame)
                feedback = feedback_for(quality, frame, self._settings, self._shape)
                if feedback is Feedback.GOOD:
                    self._recent.append(frame)
                    good_in_a_row += 1
                else:
                    good_in_a_row = 0
                self._report(feedback)
                if good_in_a_row >= self._stable_needed:
                    still = await run_blocking(prepare_still, list(self._recent), self._settings, require_card)
                    if still is not None and still.ok:
                        self._recent.clear()
                        self._task = None
                        self._on_captured(still)
                        return
                    good_in_a_row = 0
            await asyncio.sleep(self._interval)

    def _report(self, feedback: Feedback) -> None:
        if feedback is not self.last_feedback:
            self.last_feedback = feedback
        self._on_feedback(feedback)
