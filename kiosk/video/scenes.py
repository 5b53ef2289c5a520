"""Synthetic camera scenes: what `kiosk.video.camera.SyntheticCamera` shows instead of a real camera's picture.

A dim textured wall, a face-like figure that moves and blinks, and on request an e-KTP-like ID card (sample text
only) held up and drifting a little as if by hand. The scene exercises what the real system meets: the encoder
gets texture and motion, the still checker a card to find, the officer a face. Kept beside the camera sources,
not inside them (aiortc's habit: fakes and helpers next to the core), so `camera.py` holds only sources.
"""

from __future__ import annotations

import math

import cv2
import numpy as np


class BoothScene:
    """The booth's synthetic scene at one size; `render(t)` draws it at `t` seconds (a new array every call).

    `card_aspect` is the ID card's width / height (ID-1, `kiosk.video.camera.CARD_ASPECT`); `seed` varies the
    wall's texture and the card's text lengths, so several demo booths do not look alike.
    """

    def __init__(self, width: int, height: int, *, card_aspect: float, seed: int = 7) -> None:
        self.width = width
        self.height = height
        self.card_aspect = card_aspect
        self._seed = seed
        self._background = _wall(width, height, seed)
        self._card = _card_image(int(width * 0.36), seed, card_aspect)
        self._person: np.ndarray | None = None
        self._second: np.ndarray | None = None

    def dress(self, person: np.ndarray | None, card: np.ndarray | None, second: np.ndarray | None = None) -> None:
        """Put a photographed person in the booth (head and shoulders, BGR) instead of the drawn figure, hold up
        `card` (a specimen document, BGR) instead of the sample card, and let `second` (another person) lean in.
        None restores the drawn figure, the sample card, and no second person."""
        self._person = None if person is None else _fit_height(person, int(self.height * 0.72))
        self._second = None if second is None else _fit_height(second, int(self.height * 0.62))
        if card is None:
            self._card = _card_image(int(self.width * 0.36), self._seed, self.card_aspect)
        else:
            card_w = int(self.width * 0.36)
            self._card = cv2.resize(card, (card_w, int(card_w / self.card_aspect)), interpolation=cv2.INTER_AREA)

    def render(self, t: float, *, card_visible: bool = False) -> np.ndarray:
        """The scene at `t` seconds: the person always, the card held up when `card_visible`."""
        image = self._background.copy()
        if self._second is not None:
            _place(image, self._second, 0.78 + 0.01 * math.sin(t * 0.6), 0.30)
        if self._person is None:
            _draw_figure(image, t)
        else:
            _place(image, self._person, 0.42 + 0.03 * math.sin(t * 0.9), 0.28 + 0.01 * math.sin(t * 1.7))
        if card_visible:
            _paste_card(image, self._card, t)
        return image


def _fit_height(picture: np.ndarray, height: int) -> np.ndarray:
    """`picture` at `height`, with a soft oval alpha (4th channel): a photo pasted as a hard rectangle would give
    the still checker straight edges to mistake for a card's."""
    width = max(1, round(picture.shape[1] * height / picture.shape[0]))
    sized = cv2.resize(picture, (width, height), interpolation=cv2.INTER_AREA)
    alpha = np.zeros((height, width), np.float32)
    cv2.ellipse(alpha, (width // 2, int(height * 0.62)), (int(width * 0.46), int(height * 0.62)), 0, 0, 360, 1.0, -1)
    alpha = cv2.GaussianBlur(alpha, (0, 0), max(2.0, width * 0.04))
    return np.dstack([sized.astype(np.float32), alpha])


def _place(image: np.ndarray, picture: np.ndarray, centre_x: float, top: float) -> None:
    """Copy `picture` into `image` centred at `centre_x` (share of the width), from `top` (share of the height)."""
    height, width = image.shape[:2]
    ph, pw = picture.shape[:2]
    left, up = int(width * centre_x - pw / 2), int(height * top)
    x0, y0, x1, y1 = max(0, left), max(0, up), min(width, left + pw), min(height, up + ph)
    if x1 > x0 and y1 > y0:
        part = picture[y0 - up : y1 - up, x0 - left : x1 - left]
        alpha = part[:, :, 3:4]
        blended = part[:, :, :3] * alpha + image[y0:y1, x0:x1].astype(np.float32) * (1 - alpha)
        image[y0:y1, x0:x1] = blended.astype(np.uint8)


def _wall(width: int, height: int, seed: int) -> np.ndarray:
    """A dim textured wall: texture keeps the encoder honest, dimness keeps a card easy to find."""
    rng = np.random.default_rng(seed)
    ramp = np.linspace(50, 80, width, dtype=np.float32)[None, :]
    base = np.repeat(ramp, height, axis=0)
    noise = cv2.GaussianBlur(rng.normal(0, 6, (height, width)).astype(np.float32), (0, 0), 3)
    grey = np.clip(base + noise, 0, 255).astype(np.uint8)
    wall = cv2.merge([grey, (grey * 0.95).astype(np.uint8), (grey * 0.85).astype(np.uint8)])
    # A door frame and a poster give the scene edges that do not move.
    cv2.rectangle(wall, (int(width * 0.05), int(height * 0.15)), (int(width * 0.2), height), (40, 45, 60), 8)
    cv2.rectangle(
        wall, (int(width * 0.78), int(height * 0.12)), (int(width * 0.95), int(height * 0.4)), (70, 90, 110), -1
    )
    return np.asarray(wall, np.uint8)


def _draw_figure(image: np.ndarray, t: float) -> None:
    height, width = image.shape[:2]
    cx = int(width * 0.42 + width * 0.05 * math.sin(t * 0.9))
    cy = int(height * 0.45 + height * 0.02 * math.sin(t * 1.7))
    head_w, head_h = int(height * 0.14), int(height * 0.19)
    skin = (120, 160, 205)
    # Shoulders and body.
    cv2.ellipse(
        image, (cx, cy + int(head_h * 2.4)), (int(head_w * 2.6), int(head_h * 1.5)), 0, 180, 360, (90, 60, 40), -1
    )
    cv2.rectangle(
        image,
        (cx - int(head_w * 0.35), cy + int(head_h * 0.8)),
        (cx + int(head_w * 0.35), cy + int(head_h * 1.2)),
        skin,
        -1,
    )
    # Head, hair, eyes (blinking now and then), nose and mouth.
    cv2.ellipse(image, (cx, cy), (head_w, head_h), 0, 0, 360, skin, -1)
    cv2.ellipse(
        image, (cx, cy - int(head_h * 0.45)), (int(head_w * 1.05), int(head_h * 0.6)), 0, 180, 360, (30, 30, 35), -1
    )
    blink = (t % 4.0) < 0.15
    for side in (-1, 1):
        ex, ey = cx + side * int(head_w * 0.4), cy - int(head_h * 0.1)
        if blink:
            cv2.line(image, (ex - 12, ey), (ex + 12, ey), (40, 40, 40), 3)
        else:
            cv2.ellipse(image, (ex, ey), (int(head_w * 0.18), int(head_h * 0.09)), 0, 0, 360, (245, 245, 245), -1)
            cv2.circle(image, (ex + int(4 * math.sin(t)), ey), int(head_h * 0.06), (50, 30, 20), -1)
    cv2.line(image, (cx, cy), (cx - 6, cy + int(head_h * 0.25)), (90, 120, 170), 3)
    mouth = int(head_h * 0.08 * (1 + math.sin(t * 6)) / 2) + 2
    cv2.ellipse(image, (cx, cy + int(head_h * 0.5)), (int(head_w * 0.35), mouth), 0, 0, 360, (60, 60, 150), -1)


def _card_image(card_w: int, seed: int, aspect: float) -> np.ndarray:
    """An e-KTP-like card (sample text only): blue field, header, text lines, photo area."""
    card_h = int(card_w / aspect)
    card = np.zeros((card_h, card_w, 3), np.uint8)
    top, bottom = np.array([235, 215, 160], np.float32), np.array([250, 235, 200], np.float32)
    rows = np.linspace(0, 1, card_h, dtype=np.float32)[:, None]
    card[:] = (top * (1 - rows) + bottom * rows)[:, None, :].astype(np.uint8)
    scale = card_w / 460
    font = cv2.FONT_HERSHEY_SIMPLEX

    def text(s: str, x: float, y: float, size: float, thick: int = 1) -> None:
        cv2.putText(
            card, s, (int(x * scale), int(y * scale)), font, size * scale, (30, 30, 30), max(1, thick), cv2.LINE_AA
        )

    text("PROVINSI CONTOH", 130, 26, 0.6, 2)
    text("KOTA CONTOH", 160, 48, 0.55, 2)
    text("NIK   : 0000 0000 0000 0000", 18, 82, 0.55, 2)
    rng = np.random.default_rng(seed)
    labels = [
        "Nama",
        "Tempat/Tgl Lahir",
        "Jenis Kelamin",
        "Alamat",
        "RT/RW",
        "Kel/Desa",
        "Kecamatan",
        "Agama",
        "Status",
        "Pekerjaan",
    ]
    for i, label in enumerate(labels):
        y = 108 + i * 17
        text(label, 18, y, 0.38)
        text(": " + "X" * int(rng.integers(6, 16)), 120, y, 0.38)
    # Photo area with a small head, and a signature scribble.
    x0, y0, x1, y1 = int(340 * scale), int(70 * scale), int(440 * scale), int(200 * scale)
    cv2.rectangle(card, (x0, y0), (x1, y1), (200, 120, 60), -1)
    cv2.ellipse(
        card, ((x0 + x1) // 2, y0 + (y1 - y0) // 3), ((x1 - x0) // 4, (y1 - y0) // 5), 0, 0, 360, (120, 160, 205), -1
    )
    cv2.ellipse(card, ((x0 + x1) // 2, y1), ((x1 - x0) // 2 - 4, (y1 - y0) // 3), 0, 180, 360, (60, 40, 30), -1)
    pts = np.array([[x0 + 10 + i * 8, int(y1 + 20 * scale + 8 * math.sin(i))] for i in range(10)], np.int32)
    cv2.polylines(card, [pts], False, (60, 20, 20), 2)
    cv2.rectangle(card, (0, 0), (card_w - 1, card_h - 1), (120, 110, 100), 2)
    return card


def _paste_card(image: np.ndarray, card: np.ndarray, t: float) -> None:
    """Warp the card into the frame, tilted and drifting a little as if held by hand."""
    height, width = image.shape[:2]
    card_h, card_w = card.shape[:2]
    cx = width * 0.68 + width * 0.005 * math.sin(t * 1.3)
    cy = height * 0.6 + height * 0.005 * math.cos(t * 1.1)
    angle = math.radians(6 + 1.5 * math.sin(t * 0.7))
    cos, sin = math.cos(angle), math.sin(angle)
    half = np.array(
        [[-card_w / 2, -card_h / 2], [card_w / 2, -card_h / 2], [card_w / 2, card_h / 2], [-card_w / 2, card_h / 2]],
        np.float32,
    )
    rot = np.array([[cos, -sin], [sin, cos]], np.float32)
    dst = half @ rot.T + np.array([cx, cy], np.float32)
    # Warp into the card's bounding box only: warping the whole frame costs several milliseconds.
    x0, y0 = np.floor(dst.min(axis=0)).astype(int)
    x1, y1 = np.ceil(dst.max(axis=0)).astype(int)
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(width, x1), min(height, y1)
    src = np.array([[0, 0], [card_w, 0], [card_w, card_h], [0, card_h]], np.float32)
    matrix = cv2.getPerspectiveTransform(src, dst - np.array([x0, y0], np.float32))
    roi = image[y0:y1, x0:x1]
    cv2.warpPerspective(card, matrix, (x1 - x0, y1 - y0), dst=roi, borderMode=cv2.BORDER_TRANSPARENT)
