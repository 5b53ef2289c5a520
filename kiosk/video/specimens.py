"""Specimen documents for the demo, the tests and the benchmark: an e-KTP, a savings book page, a KPJ card.

Drawn with a real typeface (DejaVu Sans, which the booth installs) at the layout of the real documents, so that
card reading (`kiosk.vision.card_reading`) meets what it will meet at a booth: printed text on a tinted card,
a portrait on the right, a slight tilt. Every specimen says "SPESIMEN"; the faces come from `assets/faces`
(see its README for where they come from and why they may be shipped).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from kiosk.paths import ASSETS_DIR

FACES_DIR = ASSETS_DIR / "faces"
_FONT_DIRS = (Path("/usr/share/fonts/truetype/dejavu"), Path("/usr/share/fonts/dejavu"))
#: Width of a rendered e-KTP in pixels: an ID-1 card (85.6 mm) at 10 px/mm, about what a 1080p still gives.
CARD_WIDTH = 856
CARD_ASPECT = 85.6 / 53.98


@dataclass(frozen=True)
class CardHolder:
    """What an e-KTP specimen prints: sample identity data only."""

    nik: str
    name: str
    birth_place: str
    birth_date: str  # DD-MM-YYYY, as the card prints it
    sex: str = "LAKI-LAKI"
    address: str = "JL. CONTOH NO. 1"
    portrait: str | None = "obama"  # a file name in assets/faces, without .jpg


@functools.cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    for folder in _FONT_DIRS:
        if (folder / name).exists():
            return ImageFont.truetype(str(folder / name), size)
    return ImageFont.load_default(size)


def face_photo(name: str) -> np.ndarray:
    """A face photograph from assets/faces (BGR)."""
    image = cv2.imread(str(FACES_DIR / f"{name}.jpg"))
    if image is None:
        raise FileNotFoundError(FACES_DIR / f"{name}.jpg")
    return image


def _to_bgr(image: Image.Image) -> np.ndarray:
    return cv2.cvtColor(np.asarray(image.convert("RGB")), cv2.COLOR_RGB2BGR)


def _tinted(width: int, height: int, top: tuple[int, int, int], bottom: tuple[int, int, int]) -> Image.Image:
    rows = np.linspace(0, 1, height, dtype=np.float32)[:, None, None]
    field = np.array(top, np.float32) * (1 - rows) + np.array(bottom, np.float32) * rows
    return Image.fromarray(np.repeat(field, width, axis=1).astype(np.uint8), "RGB")


def render_ektp(holder: CardHolder, width: int = CARD_WIDTH) -> np.ndarray:
    """An e-KTP specimen for `holder` (BGR, `width` px wide, ID-1 aspect)."""
    height = round(width / CARD_ASPECT)
    u = width / 856  # layout unit: the layout below is drawn for an 856 px wide card
    card = _tinted(width, height, (160, 205, 235), (200, 230, 248))
    draw = ImageDraw.Draw(card)
    ink = (20, 20, 20)

    def put(text: str, x: float, y: float, size: float, bold: bool = False) -> None:
        draw.text((x * u, y * u), text, fill=ink, font=_font(max(8, round(size * u)), bold))

    put("PROVINSI JAWA TIMUR", 250, 14, 30, bold=True)
    put("KABUPATEN KEDIRI", 290, 52, 28, bold=True)
    put("NIK", 30, 100, 34, bold=True)
    put(": " + holder.nik, 130, 100, 34, bold=True)
    rows = [
        ("Nama", holder.name),
        ("Tempat/Tgl Lahir", f"{holder.birth_place}, {holder.birth_date}"),
        ("Jenis Kelamin", holder.sex),
        ("Alamat", holder.address),
        ("Agama", "ISLAM"),
        ("Status Perkawinan", "KAWIN"),
        ("Pekerjaan", "KARYAWAN SWASTA"),
        ("Berlaku Hingga", "SEUMUR HIDUP"),
    ]
    for i, (label, value) in enumerate(rows):
        y = 160 + i * 36
        put(label, 30, y, 21)
        put(": " + value, 250, y, 21)
    x0, y0, x1, y1 = round(640 * u), round(130 * u), round(820 * u), round(370 * u)
    if holder.portrait is not None:
        photo = face_photo(holder.portrait)
        ph, pw = photo.shape[:2]
        # Head and shoulders, as an ID portrait shows them: the photos are half-length, so take the middle
        # two-thirds of the width from near the top, at the frame's aspect.
        want = (x1 - x0) / (y1 - y0)
        cut_w = round(pw * 0.66)
        cut_h = min(ph, round(cut_w / want))
        left, top = (pw - cut_w) // 2, min(round(ph * 0.03), ph - cut_h)
        photo = photo[top : top + cut_h, left : left + cut_w]
        fitted = cv2.resize(photo, (x1 - x0, y1 - y0), interpolation=cv2.INTER_AREA)
        card.paste(Image.fromarray(cv2.cvtColor(fitted, cv2.COLOR_BGR2RGB)), (x0, y0))
    else:
        draw.rectangle((x0, y0, x1, y1), fill=(200, 60, 60))
    put("KEDIRI", 680, 380, 18)
    put("SPESIMEN", 30, 470, 26, bold=True)
    draw.rectangle((0, 0, width - 1, height - 1), outline=(100, 110, 120), width=max(1, round(3 * u)))
    return _to_bgr(card)


def render_savings_book(account_number: str, name: str, bank: str = "BANK CONTOH", width: int = 1000) -> np.ndarray:
    """The first page of a savings book (buku tabungan) specimen: bank, account number, holder's name."""
    height = round(width * 0.7)
    u = width / 1000
    page = _tinted(width, height, (250, 248, 240), (240, 238, 228))
    draw = ImageDraw.Draw(page)
    ink = (25, 25, 60)
    font = functools.partial(lambda s, b=False: _font(max(8, round(s * u)), b))
    draw.text((40 * u, 30 * u), bank, fill=ink, font=font(44, True))
    draw.text((40 * u, 100 * u), "BUKU TABUNGAN", fill=ink, font=font(30))
    draw.text((40 * u, 200 * u), "No. Rekening", fill=ink, font=font(30))
    draw.text((320 * u, 200 * u), ": " + account_number, fill=ink, font=font(34, True))
    draw.text((40 * u, 260 * u), "Nama", fill=ink, font=font(30))
    draw.text((320 * u, 260 * u), ": " + name, fill=ink, font=font(30))
    draw.text((40 * u, 320 * u), "Cabang", fill=ink, font=font(30))
    draw.text((320 * u, 320 * u), ": KEDIRI", fill=ink, font=font(30))
    draw.text((40 * u, 600 * u), "SPESIMEN", fill=ink, font=font(28, True))
    return _to_bgr(page)


def render_kpj_card(kpj: str, name: str, width: int = CARD_WIDTH) -> np.ndarray:
    """A KPJ membership card specimen: the participant number (11 digits) and name."""
    height = round(width / CARD_ASPECT)
    u = width / 856
    card = _tinted(width, height, (235, 245, 235), (200, 230, 205))
    draw = ImageDraw.Draw(card)
    ink = (10, 60, 30)
    draw.text((30 * u, 30 * u), "BPJS KETENAGAKERJAAN", fill=ink, font=_font(round(38 * u), True))
    draw.text((30 * u, 90 * u), "KARTU PESERTA", fill=ink, font=_font(round(28 * u)))
    draw.text((30 * u, 220 * u), "No. KPJ : " + kpj, fill=ink, font=_font(round(40 * u), True))
    draw.text((30 * u, 290 * u), name, fill=ink, font=_font(round(32 * u)))
    draw.text((30 * u, 470 * u), "SPESIMEN", fill=ink, font=_font(round(24 * u), True))
    return _to_bgr(card)


def tilted(image: np.ndarray, degrees: float, background: tuple[int, int, int] = (60, 60, 60)) -> np.ndarray:
    """`image` rotated by `degrees` (counter-clockwise) on a larger canvas, as a hand-held card looks."""
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), degrees, 1.0)
    cos, sin = abs(matrix[0, 0]), abs(matrix[0, 1])
    new_w, new_h = int(height * sin + width * cos) + 40, int(height * cos + width * sin) + 40
    matrix[0, 2] += new_w / 2 - width / 2
    matrix[1, 2] += new_h / 2 - height / 2
    return cv2.warpAffine(image, matrix, (new_w, new_h), flags=cv2.INTER_CUBIC, borderValue=background)


#: Where each photo's face is (centre x and y as shares of the width and height, face height as a share of the
#: height), measured once with `kiosk.vision.faces.find_faces`: the scene crops head and shoulders around it.
FACE_CENTRES: dict[str, tuple[float, float, float]] = {
    "obama": (0.535, 0.229, 0.225),
    "obama2": (0.486, 0.354, 0.225),
    "obama3": (0.564, 0.19, 0.133),
    "biden": (0.595, 0.176, 0.156),
}


def head_and_shoulders(name: str, height: int) -> np.ndarray:
    """Head and shoulders from a photo in assets/faces, `height` px high (BGR): the face in the upper third."""
    photo = face_photo(name)
    ph, pw = photo.shape[:2]
    cx, cy, face = FACE_CENTRES.get(name, (0.5, 0.25, 0.2))
    face_h = face * ph
    top = max(0, round(cy * ph - face_h * 1.1))
    bottom = min(ph, top + round(face_h * 3.2))
    half = min(round(face_h * 1.4), round(cx * pw), round((1 - cx) * pw))
    part = photo[top:bottom, round(cx * pw) - half : round(cx * pw) + half]
    return cv2.resize(part, (round(part.shape[1] * height / part.shape[0]), height), interpolation=cv2.INTER_AREA)


def paste(frame: np.ndarray, picture: np.ndarray, left: int, top: int) -> np.ndarray:
    """`frame` with `picture` placed at (left, top), clipped to the frame (a new array)."""
    out = frame.copy()
    height, width = out.shape[:2]
    ph, pw = picture.shape[:2]
    right, bottom = min(width, left + pw), min(height, top + ph)
    out[top:bottom, left:right] = picture[: bottom - top, : right - left]
    return out
