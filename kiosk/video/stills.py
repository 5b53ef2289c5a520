"""Document stills: is this frame good enough (sharp, no glare, well lit, a card in view), pick the best of the
recent frames, crop and deskew the card, encode JPEG; and read booking-code QR codes from frames.

Stills are taken from the local camera at full resolution, never from the video stream. All functions here are
CPU work on numpy images: call them from a worker thread (``asyncio.to_thread``) when on an event loop;
`capture_still` does that itself.
"""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.config import VideoSettings
from kiosk.imaging.quality import (
    ANALYSIS_WIDTH,
    CARD_ASPECT,
    GLARE_LEVEL,
    Point,
    StillProblem,
    StillQuality,
    assess_still,
    find_card,
)
from kiosk.video.camera import CameraSource

__all__ = [
    "ANALYSIS_WIDTH",
    "GLARE_LEVEL",
    "CapturedStill",
    "StillProblem",
    "StillQuality",
    "assess_still",
    "capture_still",
    "choose_best",
    "deskew_card",
    "encode_jpeg",
    "find_card",
    "prepare_still",
    "read_qr",
]

def choose_best(
    frames: Iterable[np.ndarray], settings: VideoSettings, require_card: bool = True
) -> tuple[np.ndarray, StillQuality] | None:
    """The best of `frames`: passing ones first, then those with a card, then the sharpest."""
    best: tuple[tuple[bool, bool, float], np.ndarray, StillQuality] | None = None
    for frame in frames:
        quality = assess_still(frame)
        rank = (quality.passes(settings, require_card), quality.card_found, quality.sharpness)
        if best is None or rank > best[0]:
            best = (rank, frame, quality)
    return None if best is None else (best[1], best[2])


def deskew_card(image: np.ndarray, corners: Sequence[Point]) -> np.ndarray:
    """The card cut out and straightened to the ID-1 aspect ratio, at the resolution it was seen with."""
    src = np.array(corners, np.float32)
    width = int(max(np.linalg.norm(src[1] - src[0]), np.linalg.norm(src[2] - src[3])))
    height = round(width / CARD_ASPECT)
    dst = np.array([[0, 0], [width - 1, 0], [width - 1, height - 1], [0, height - 1]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst)
    return cv2.warpPerspective(image, matrix, (width, height), flags=cv2.INTER_CUBIC)


def encode_jpeg(image: np.ndarray, quality: int = 90) -> bytes:
    """JPEG bytes of a BGR image."""
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, int(quality)])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return data.tobytes()


@dataclass(frozen=True)
class CapturedStill:
    """A still ready for upload: JPEG bytes, their sha256, and the quality of the frame it came from."""

    jpeg: bytes
    sha256: str
    width: int
    height: int
    quality: StillQuality
    problems: tuple[StillProblem, ...]

    @property
    def ok(self) -> bool:
        """True when the still passed every check."""
        return not self.problems


def prepare_still(
    frames: Iterable[np.ndarray], settings: VideoSettings, require_card: bool = True
) -> CapturedStill | None:
    """Choose the best frame, crop and deskew the card when there is one, and encode it (blocking)."""
    chosen = choose_best(frames, settings, require_card)
    if chosen is None:
        return None
    frame, quality = chosen
    picture = deskew_card(frame, quality.corners) if quality.corners is not None else frame
    jpeg = encode_jpeg(picture, settings.still_jpeg_quality)
    return CapturedStill(
        jpeg,
        hashlib.sha256(jpeg).hexdigest(),
        picture.shape[1],
        picture.shape[0],
        quality,
        quality.problems(settings, require_card),
    )


async def capture_still(
    camera: CameraSource,
    settings: VideoSettings,
    *,
    samples: int = 6,
    interval_s: float = 0.1,
    require_card: bool = True,
) -> CapturedStill | None:
    """Collect `samples` distinct recent frames from `camera`, then pick, crop and encode the best off the loop.

    Returns None when the camera delivered no frame at all.
    """
    frames: list[np.ndarray] = []
    last_index = -1
    deadline = asyncio.get_running_loop().time() + max(1.0, samples * interval_s * 4)
    while len(frames) < samples and asyncio.get_running_loop().time() < deadline:
        captured = await asyncio.to_thread(camera.latest)
        if captured is not None and captured.index != last_index:
            frames.append(captured.image)
            last_index = captured.index
        await asyncio.sleep(interval_s)
    if not frames:
        return None
    return await asyncio.to_thread(prepare_still, frames, settings, require_card)


def read_qr(image: np.ndarray) -> str | None:
    """The text of a QR code in `image` (a booking code on a phone screen), or None."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    detector = cv2.QRCodeDetector()  # one per call: a detector is not safe to share between threads
    for candidate in (grey, cv2.resize(grey, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)):
        try:
            text, points, _ = detector.detectAndDecode(candidate)
        except cv2.error:
            continue
        if points is not None and text:
            return str(text)
    return None
