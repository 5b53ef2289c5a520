"""Finding faces: on a card still (the e-KTP portrait), on a live still, and cheaply in video frames.

One detector, dlib's HOG detector (shipped inside dlib, no model file): OpenCV 5 dropped the Haar cascades and
its YuNet detector needs a model file no package ships. Stills are searched with upsampling (small portraits);
video frames are counted at `FRAME_WIDTH` without it, which finds faces from about 80 px high at that width (about
110 px in a 1280x720 frame: the participant, or someone standing close behind), a few times a second;
`SecondFaceWatch` debounces mistakes.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.video.camera import CARD_ASPECT
from kiosk.video.stills import deskew_card, find_card

#: Stills are searched at most this wide and high: dlib's time grows with pixels, and a face that fills an
#: ID portrait or a booth still is far larger than the detector's 80x80 px minimum at this size.
STILL_MAX_SIDE = 800
#: Video frames are counted at this width: the detector's time grows with pixels.
FRAME_WIDTH = 960


@dataclass(frozen=True)
class FaceBox:
    """A face's bounding box in the image's pixels."""

    left: int
    top: int
    width: int
    height: int

    @property
    def area(self) -> int:
        """The box's area in pixels (the largest face is the participant's)."""
        return self.width * self.height

    def scaled(self, factor: float) -> FaceBox:
        """The box in an image `factor` times the size of the one it was found in."""
        return FaceBox(*(round(v * factor) for v in (self.left, self.top, self.width, self.height)))


@functools.cache
def _dlib_detector():  # type: ignore[no-untyped-def]
    import dlib

    return dlib.get_frontal_face_detector()


def shrink(image: np.ndarray, max_side: int) -> tuple[np.ndarray, float]:
    """`image` scaled down so its longer side is at most `max_side`, and the factor applied (1.0 if none)."""
    height, width = image.shape[:2]
    factor = min(1.0, max_side / max(height, width))
    if factor == 1.0:
        return image, 1.0
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    return cv2.resize(image, size, interpolation=cv2.INTER_AREA), factor


def find_faces(image: np.ndarray, *, upsample: int = 1) -> list[FaceBox]:
    """Faces in a BGR still, largest first, in the still's own pixels (dlib's HOG detector)."""
    small, factor = shrink(image, STILL_MAX_SIDE)
    rgb = cv2.cvtColor(small, cv2.COLOR_BGR2RGB)
    boxes = [
        FaceBox(r.left(), r.top(), r.width(), r.height()).scaled(1 / factor) for r in _dlib_detector()(rgb, upsample)
    ]
    return sorted(boxes, key=lambda b: b.area, reverse=True)


def count_faces(frame: np.ndarray) -> int:
    """How many faces a video frame (BGR) shows, scaled to `FRAME_WIDTH` and without upsampling."""
    small, _ = shrink(frame, FRAME_WIDTH)
    return len(_dlib_detector()(cv2.cvtColor(small, cv2.COLOR_BGR2RGB), 0))


def crop(image: np.ndarray, box: FaceBox, *, margin: float = 0.35) -> np.ndarray:
    """The face in `box` with a margin around it (a share of the box), clipped to the image."""
    height, width = image.shape[:2]
    dx, dy = round(box.width * margin), round(box.height * margin)
    left, top = max(0, box.left - dx), max(0, box.top - round(dy * 1.2))
    right, bottom = min(width, box.left + box.width + dx), min(height, box.top + box.height + dy)
    return image[top:bottom, left:right].copy()


def is_card_still(image: np.ndarray) -> bool:
    """Whether a still is a card already cut out and straightened (its aspect is ID-1's, within 6 %)."""
    height, width = image.shape[:2]
    return bool(abs(width / height - CARD_ASPECT) / CARD_ASPECT < 0.06)


def cut_card(image: np.ndarray) -> np.ndarray:
    """The card of a document still, straightened. A still that already is a card (the booth uploads the card cut
    out and straightened when it found one, at the ID-1 aspect) is returned as it is: looking for a card inside it
    would find the portrait's frame or the text block instead. Otherwise the card's outline is looked for in the
    frame; without one, the whole still is the document."""
    if is_card_still(image):
        return image
    corners = find_card(image)
    return image if corners is None else deskew_card(image, [(float(x), float(y)) for x, y in corners])


def card_portrait(card: np.ndarray) -> np.ndarray | None:
    """The portrait on an ID card still, cropped with a margin, or None when the card shows no face.

    The detector looks without upsampling first, then at an upsampled copy if the portrait is too small to find;
    the largest face wins (an e-KTP has one portrait, but a hand or a background may add false small ones).
    """
    card = cut_card(card)
    faces = find_faces(card, upsample=0) or find_faces(card, upsample=1)
    return crop(card, faces[0]) if faces else None
