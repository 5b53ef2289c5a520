"""Still quality: is this image good enough for a document (sharp, no glare, well lit, a card in view)?

Used by the booth on its camera's frames (`kiosk.video.stills`) and by the hub on photos uploaded from a phone
(online channel): the same measures and thresholds (`VideoSettings.still_*`) on both sides. CPU work on numpy
images; callers on an event loop run it in a worker thread.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.config import VideoSettings

#: ID-1 card format (85.6 x 53.98 mm), the e-KTP's: the still checker looks for it, the synthetic scene shows it.
CARD_ASPECT = 85.6 / 53.98

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
