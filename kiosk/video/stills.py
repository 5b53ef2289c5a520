"""Document stills: is this frame good enough (sharp, no glare, well lit, a card in view), pick the best of the
recent frames, crop and deskew the card, encode JPEG; and read booking-code QR codes from frames.

Stills are taken from the local camera at full resolution, never from the video stream. All functions here are
CPU work on numpy images: call them from a worker thread (``asyncio.to_thread``) when on an event loop;
`capture_still` does that itself.
"""

from __future__ import annotations

import asyncio
import enum
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.config import VideoSettings
from kiosk.video.camera import CARD_ASPECT, CameraSource

Point = tuple[float, float]

#: Card detection and sharpness run on a copy this wide: fast, and thresholds independent of the camera.
ANALYSIS_WIDTH = 960
#: Pixels at least this bright (all channels) count as glare.
GLARE_LEVEL = 250


class StillProblem(enum.Enum):
    """Why a still is refused; the booth turns each into an instruction for the participant."""

    NO_CARD = "no_card"
    BLURRY = "blurry"
    GLARE = "glare"
    TOO_DARK = "too_dark"
    TOO_BRIGHT = "too_bright"


@dataclass(frozen=True)
class StillQuality:
    """Measurements of one frame (on the card when one is found, else the whole frame).

    `corners` are the card's corners in the frame's pixel coordinates, clockwise from top-left.
    """

    sharpness: float
    glare_ratio: float
    brightness: float
    card_found: bool
    corners: tuple[Point, Point, Point, Point] | None = None

    def problems(self, settings: VideoSettings, require_card: bool = True) -> tuple[StillProblem, ...]:
        """What is wrong with this still under `settings` (empty: good)."""
        found: list[StillProblem] = []
        if require_card and not self.card_found:
            found.append(StillProblem.NO_CARD)
        if self.sharpness < settings.still_min_sharpness:
            found.append(StillProblem.BLURRY)
        if self.glare_ratio > settings.still_max_glare_ratio:
            found.append(StillProblem.GLARE)
        if self.brightness < settings.still_min_brightness:
            found.append(StillProblem.TOO_DARK)
        if self.brightness > settings.still_max_brightness:
            found.append(StillProblem.TOO_BRIGHT)
        return tuple(found)

    def passes(self, settings: VideoSettings, require_card: bool = True) -> bool:
        """True when the still has no problem."""
        return not self.problems(settings, require_card)


def _order_corners(points: np.ndarray) -> np.ndarray:
    """Clockwise from top-left: the smallest x+y is top-left, the smallest y-x is top-right."""
    pts = points.reshape(4, 2).astype(np.float32)
    total, diff = pts.sum(axis=1), np.diff(pts, axis=1).ravel()
    return np.array([pts[np.argmin(total)], pts[np.argmin(diff)], pts[np.argmax(total)], pts[np.argmax(diff)]])


def find_card(image: np.ndarray) -> np.ndarray | None:
    """The corners (4x2, frame pixels, clockwise from top-left) of the largest ID-card-shaped quadrilateral."""
    width = image.shape[1]
    scale = min(1.0, ANALYSIS_WIDTH / width)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    grey = cv2.GaussianBlur(grey, (5, 5), 0)
    edges = cv2.Canny(grey, 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    # RETR_LIST: the card outline is often a hole inside edges it touches (a hand, a face behind it).
    contours, _ = cv2.findContours(edges, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    frame_area = grey.shape[0] * grey.shape[1]
    best: np.ndarray | None = None
    best_area = 0.0
    for contour in contours:
        area = cv2.contourArea(contour)
        if area < 0.04 * frame_area or area < best_area:
            continue
        hull = cv2.convexHull(contour)
        quad = cv2.approxPolyDP(hull, 0.03 * cv2.arcLength(hull, True), True)
        if len(quad) != 4:
            continue
        corners = _order_corners(quad)
        top, bottom = np.linalg.norm(corners[1] - corners[0]), np.linalg.norm(corners[2] - corners[3])
        left, right = np.linalg.norm(corners[3] - corners[0]), np.linalg.norm(corners[2] - corners[1])
        long_side, short_side = max(top + bottom, left + right), min(top + bottom, left + right)
        if short_side == 0 or not 0.75 * CARD_ASPECT <= long_side / short_side <= 1.3 * CARD_ASPECT:
            continue
        best, best_area = corners, area
    return None if best is None else best / scale


def _card_mask(shape: tuple[int, ...], corners: np.ndarray) -> np.ndarray:
    mask = np.zeros(shape[:2], np.uint8)
    cv2.fillConvexPoly(mask, corners.astype(np.int32), 255)
    return mask


def assess_still(image: np.ndarray, locate_card: bool = True) -> StillQuality:
    """Measure sharpness (variance of the Laplacian), glare (share of blown-out pixels), brightness, card.

    With `locate_card=False` the whole image is measured as the document (an already cropped still).
    """
    corners = find_card(image) if locate_card else None
    width = image.shape[1]
    scale = min(1.0, ANALYSIS_WIDTH / width)
    small = cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else image
    grey = cv2.cvtColor(small, cv2.COLOR_BGR2GRAY) if small.ndim == 3 else small
    if corners is not None:
        mask = _card_mask(grey.shape, corners * scale)
        # Shrink the mask so the card's own border (a strong edge) does not count as sharpness.
        mask = cv2.erode(mask, np.ones((9, 9), np.uint8))
    else:
        mask = np.full(grey.shape, 255, np.uint8)
    selected = mask > 0
    if not selected.any():
        selected = np.ones(grey.shape, bool)
    laplacian = cv2.Laplacian(grey, cv2.CV_64F)
    sharpness = float(laplacian[selected].var())
    brightness = float(grey[selected].mean())
    blown = (small.min(axis=2) if small.ndim == 3 else small) >= GLARE_LEVEL
    glare_ratio = float(blown[selected].mean())
    corner_points = None
    if corners is not None:
        c = [(float(x), float(y)) for x, y in corners]
        corner_points = (c[0], c[1], c[2], c[3])
    return StillQuality(sharpness, glare_ratio, brightness, corners is not None, corner_points)


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
