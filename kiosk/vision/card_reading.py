"""Reading the numbers and names off a document still: Tesseract (Indonesian data) after straightening.

A still is straightened first: a card the booth already cut out is read as it is; when the card's outline is
found (`kiosk.video.stills.find_card`) the card is cut out and warped flat; otherwise the text's own slant is
measured (the angle whose row profile is sharpest) and undone. Tesseract then reads the page, and the fields are
picked from its lines by the labels the documents print ("NIK", "Nama", "Tempat/Tgl Lahir", "No. Rekening", "KPJ").
What was read is returned as text; comparing it with what the participant typed is
`kiosk.domain.assist.compare_field`'s job. Nothing read is logged or stored here.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.domain.assist import CardField, digits_of
from kiosk.vision.faces import cut_card, is_card_still

#: Tesseract languages: Indonesian first (the labels and names), English for the digits' shapes.
LANGUAGES = "ind+eng"
#: Text is read at this width: Tesseract wants capital letters about 20-30 px high, which an ID-1 card gives
#: at roughly 1000-1300 px wide.
READ_WIDTH = 1200
#: Slants tried when no card outline is found, in degrees either way.
MAX_SLANT = 20


@dataclass(frozen=True)
class DocumentReading:
    """Fields read from one document still (None where a field was not found) and the page's text lines."""

    fields: dict[CardField, str | None]
    lines: tuple[str, ...]


def available() -> bool:
    """Whether the Tesseract program is installed (the console hides card reading without it)."""
    return shutil.which("tesseract") is not None


def _slant(grey: np.ndarray) -> float:
    """The angle (degrees) that makes the text's rows sharpest: text lines give peaky row sums when level."""
    small = cv2.resize(grey, (400, max(1, round(grey.shape[0] * 400 / grey.shape[1]))))
    ink = cv2.adaptiveThreshold(small, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    centre = (ink.shape[1] / 2, ink.shape[0] / 2)

    def sharpness(angle: float) -> float:
        matrix = cv2.getRotationMatrix2D(centre, angle, 1.0)
        turned = cv2.warpAffine(ink, matrix, (ink.shape[1], ink.shape[0]))
        return float(np.var(turned.sum(axis=1, dtype=np.float64)))

    coarse = max(range(-MAX_SLANT, MAX_SLANT + 1), key=sharpness)
    return max((coarse + step / 4 for step in range(-4, 5)), key=sharpness)


def straighten(image: np.ndarray) -> np.ndarray:
    """The document cut out and level: by its outline when one is found, else by its text's slant."""
    card = cut_card(image)
    if card is not image or is_card_still(image):
        return card
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
    angle = _slant(grey)
    if abs(angle) < 0.25:
        return image
    height, width = image.shape[:2]
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(image, matrix, (width, height), flags=cv2.INTER_CUBIC, borderMode=cv2.BORDER_REPLICATE)


def _ocr_lines(image: np.ndarray) -> tuple[str, ...]:
    import pytesseract

    height, width = image.shape[:2]
    factor = READ_WIDTH / width
    sized = cv2.resize(image, (READ_WIDTH, round(height * factor)), interpolation=cv2.INTER_CUBIC)
    # Grey, not binarised here: Tesseract's own (local) thresholding keeps the strokes of small print apart. An
    # Otsu threshold first read 7 of 30 NIKs of a 225 px wide card (a 640x360 camera) wrong, 5 as 3 and 8 as 6,
    # where grey read all 30 right, and it read no NIK of a 460 px card (a 720p camera) better.
    grey = cv2.cvtColor(sized, cv2.COLOR_BGR2GRAY)
    text = pytesseract.image_to_string(grey, lang=LANGUAGES, config="--psm 6")
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _after_label(lines: tuple[str, ...], label: str) -> str | None:
    pattern = re.compile(rf"^\W*{label}\W*[:;.]?\s*(.+)$", re.IGNORECASE)
    for line in lines:
        match = pattern.match(line)
        if match:
            return match.group(1).lstrip(":;. ").strip() or None
    return None


def _digits_after(lines: tuple[str, ...], label: str, length: int | tuple[int, int]) -> str | None:
    low, high = (length, length) if isinstance(length, int) else length
    for line in lines:
        match = re.search(rf"{label}\W*[:;.]?\s*([0-9OoIlSBDZ| ]+)", line, re.IGNORECASE)
        if match:
            digits = digits_of(match.group(1))
            if low <= len(digits) <= high:
                return digits
    return None


def _printed_name(text: str | None) -> str | None:
    """The name as the card prints it (capitals), without what the portrait beside it added to the line."""
    if text is None:
        return None
    match = re.match(r"[A-Z][A-Z'.,-]*(?:\s+[A-Z][A-Z'.,-]*)*", text.strip())
    return match.group(0) if match else None


def read_ektp(image: np.ndarray) -> DocumentReading:
    """NIK, name and birth date from an e-KTP still."""
    lines = _ocr_lines(straighten(image))
    nik = _digits_after(lines, r"N\s*[I1l]\s*K", 16)
    if nik is None:  # the label misread: the only 16-digit run on an e-KTP is the NIK
        runs = [digits_of(run) for line in lines for run in re.findall(r"[0-9OIlSB]{14,20}", line)]
        nik = next((run for run in runs if len(run) == 16), None)
    name = _printed_name(_after_label(lines, "Nama"))
    born = _after_label(lines, r"Tempat\s*/?\s*Tgl\s*Lahir")
    birth_date = None
    if born:
        match = re.search(r"(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*[-/.]\s*(\d{4})", born)
        if match:
            birth_date = "-".join(part.zfill(2) for part in match.groups())
    return DocumentReading(
        fields={CardField.NIK: nik, CardField.NAME: name, CardField.BIRTH_DATE: birth_date}, lines=lines
    )


def read_savings_book(image: np.ndarray) -> DocumentReading:
    """The account number (and name) from a savings book page."""
    lines = _ocr_lines(straighten(image))
    account = _digits_after(lines, r"(?:No\.?|Nomor)\s*Rek(?:ening)?", (6, 20))
    return DocumentReading(
        fields={CardField.ACCOUNT_NUMBER: account, CardField.NAME: _printed_name(_after_label(lines, "Nama"))},
        lines=lines,
    )


def read_kpj_card(image: np.ndarray) -> DocumentReading:
    """The participant number (KPJ, 11 digits) from a membership card."""
    lines = _ocr_lines(straighten(image))
    # "KPJ" is often read "KP)" or "KPI": any character after "KP" will do, and failing the label, the only
    # 11-digit run on the card is the number.
    kpj = _digits_after(lines, r"KP\S?", 11)
    if kpj is None:
        kpj = next((run for line in lines for run in re.findall(r"(?<!\d)\d{11}(?!\d)", line)), None)
    return DocumentReading(fields={CardField.KPJ: kpj}, lines=lines)
