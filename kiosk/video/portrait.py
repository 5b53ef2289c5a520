"""The face on an ID card and the face in a live still, cropped alike so the officer compares them at one scale.

The officer's question is "is the person in the booth the person on the card?". Shown as a whole card beside a
live picture, the card's portrait was about 50x65 px against a face five times its size. Both faces are cropped
here to the same frame: a 3:4 portrait whose width is `FACE_WIDTHS` face widths, the face centred a little
above the middle. Faces are found with OpenCV's Haar cascade where this OpenCV has one (4.x wheels, Debian's
``opencv-data``); otherwise, or when no face is found, the card's photo is cut from the e-KTP's known layout
(photo on the right, below the header) and a live still is framed on its centre. Blocking but quick (a few
milliseconds by layout, tens with the cascade, on a card-sized still), and cached.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from kiosk.video.camera import CARD_ASPECT

log = logging.getLogger(__name__)

#: A portrait is this many face widths wide (the face with hair, ears and a little shoulder).
FACE_WIDTHS = 1.9
#: Portraits are 3:4 (width:height), the shape of the photo on the card.
PORTRAIT_ASPECT = 3 / 4
#: The face's centre sits this far down the portrait.
FACE_CENTRE_Y = 0.45
#: Where the photo sits on a deskewed e-KTP, as fractions of the card (x0, y0, x1, y1): the right-hand
#: column below the province and regency header; generous, so a slightly off crop still holds the whole face.
EKTP_PHOTO = (0.70, 0.18, 0.97, 0.80)
#: A still this close to the card's aspect is taken as a deskewed card (the booth crops cards to the card).
CARD_ASPECT_RANGE = (0.85 * CARD_ASPECT, 1.15 * CARD_ASPECT)

Box = tuple[int, int, int, int]  # x, y, width, height


#: The frontal-face cascade's file name, and where to look for it: the wheel's own data folder (OpenCV 4
#: wheels ship it; 5.x wheels have neither the file nor `CascadeClassifier`), then Debian's ``opencv-data``.
CASCADE_FILE = "haarcascade_frontalface_default.xml"
CASCADE_DIRS: tuple[Path, ...] = (
    Path(getattr(getattr(cv2, "data", None), "haarcascades", "") or "."),
    Path("/usr/share/opencv4/haarcascades"),
    Path("/usr/share/opencv/haarcascades"),
)


@functools.cache
def _cascade() -> Any | None:
    classifier = getattr(cv2, "CascadeClassifier", None)
    if classifier is not None:
        for folder in CASCADE_DIRS:
            path = folder / CASCADE_FILE
            if path.is_file():
                cascade = classifier(str(path))
                if not cascade.empty():
                    return cascade
    log.info("no face cascade in this OpenCV: ID portraits are cut from the card's layout")
    return None


def find_face(image: np.ndarray) -> Box | None:
    """The largest frontal face in `image` (BGR or grey), or None."""
    cascade = _cascade()
    if cascade is None or image.size == 0:
        return None
    gray = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    gray = cv2.equalizeHist(gray)
    smallest = max(20, min(gray.shape[:2]) // 8)
    faces = cascade.detectMultiScale(gray, scaleFactor=1.1, minNeighbors=5, minSize=(smallest, smallest))
    if len(faces) == 0:
        return None
    x, y, w, h = max(faces, key=lambda f: int(f[2]) * int(f[3]))
    return int(x), int(y), int(w), int(h)


def portrait_box(shape: tuple[int, ...], face: Box) -> Box:
    """The 3:4 portrait around `face`, moved (then, if need be, shrunk) to stay inside an image of `shape`."""
    height, width = shape[:2]
    fx, fy, fw, fh = face
    crop_w = fw * FACE_WIDTHS
    crop_h = crop_w / PORTRAIT_ASPECT
    scale = min(1.0, width / crop_w, height / crop_h)
    crop_w, crop_h = crop_w * scale, crop_h * scale
    x = min(max(0.0, fx + fw / 2 - crop_w / 2), width - crop_w)
    y = min(max(0.0, fy + fh / 2 - crop_h * FACE_CENTRE_Y), height - crop_h)
    return round(x), round(y), max(1, round(crop_w)), max(1, round(crop_h))


def layout_box(shape: tuple[int, ...]) -> Box:
    """The 3:4 portrait in the middle of a deskewed e-KTP's photo area (`EKTP_PHOTO`)."""
    height, width = shape[:2]
    x0, y0, x1, y1 = EKTP_PHOTO[0] * width, EKTP_PHOTO[1] * height, EKTP_PHOTO[2] * width, EKTP_PHOTO[3] * height
    box_w = min(x1 - x0, (y1 - y0) * PORTRAIT_ASPECT)
    box_h = box_w / PORTRAIT_ASPECT
    x = (x0 + x1) / 2 - box_w / 2
    y = (y0 + y1) / 2 - box_h / 2
    return round(x), round(y), max(1, round(box_w)), max(1, round(box_h))


def _cut(image: np.ndarray, box: Box) -> np.ndarray:
    x, y, w, h = box
    return image[y : y + h, x : x + w].copy()


def is_card(image: np.ndarray) -> bool:
    """True when `image` has the ID card's shape (the booth deskews cards to it)."""
    height, width = image.shape[:2]
    return bool(height > 0 and CARD_ASPECT_RANGE[0] <= width / height <= CARD_ASPECT_RANGE[1])


def card_portrait(image: np.ndarray) -> np.ndarray | None:
    """The photo on an ID card still: the face found on the card's photo side, else the e-KTP's photo area;
    None when the still is not card-shaped and shows no face (the officer then sees the whole still)."""
    width = image.shape[1]
    if is_card(image):
        # Look only in the photo's half of the card: the hologram and the text lines make false faces.
        x0 = int(width * 0.5)
        face = find_face(image[:, x0:])
        if face is not None:
            return _cut(image, portrait_box(image.shape, (face[0] + x0, face[1], face[2], face[3])))
        return _cut(image, layout_box(image.shape))
    face = find_face(image)
    return None if face is None else _cut(image, portrait_box(image.shape, face))


def live_portrait(image: np.ndarray) -> np.ndarray:
    """The face in a live still, framed like the card's portrait; the middle of the picture when none is found."""
    face = find_face(image)
    if face is None:
        height, width = image.shape[:2]
        # A participant sits facing the camera: assume a face a third of the picture's height, centred.
        size = height // 3
        face = (width // 2 - size // 2, height // 2 - size // 2, size, size)
    return _cut(image, portrait_box(image.shape, face))


@functools.lru_cache(maxsize=16)
def portrait_jpeg(data: bytes, card: bool) -> bytes | None:
    """A JPEG still's portrait as JPEG (card: the ID card's photo; else the live face), None if none can be cut.

    Cached: the workspace re-renders often, the stills it shows change rarely.
    """
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        return None
    cut = card_portrait(image) if card else live_portrait(image)
    if cut is None or cut.size == 0:
        return None
    ok, encoded = cv2.imencode(".jpg", cut, [cv2.IMWRITE_JPEG_QUALITY, 92])
    return bytes(encoded.tobytes()) if ok else None
