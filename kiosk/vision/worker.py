"""The checks run in a worker process, so neither the GUI nor the event loop waits for them.

dlib holds the interpreter lock while it detects and embeds (up to half a second on a still), which would stall the
console's video decoding and painting if it ran on a thread of the console's own process. One worker process,
started on first use (``spawn``: no copy of the caller's Qt or asyncio state), takes JPEG bytes and returns plain
results; its memory holds a session's images only while a check runs.
"""

from __future__ import annotations

import asyncio
import enum
import multiprocessing
import shutil
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import cv2
import numpy as np

from kiosk.domain.assist import CardField, FaceVerdict
from kiosk.vision.faces import FRAME_WIDTH, shrink


class DocumentKind(enum.Enum):
    """Which reader a document still needs (catalog document codes map to these)."""

    EKTP = "ektp"
    SAVINGS_BOOK = "savings_book"
    KPJ_CARD = "kpj_card"


@dataclass(frozen=True)
class FaceResult:
    """A face comparison as the console shows it: distance, verdict and the two aligned chips as JPEG."""

    distance: float | None
    verdict: FaceVerdict
    card_chip: bytes | None
    live_chip: bytes | None


def _decode(data: bytes) -> np.ndarray:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise ValueError("not an image")
    return image


def _jpeg(image: np.ndarray | None) -> bytes | None:
    if image is None:
        return None
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 90])
    return data.tobytes() if ok else None


def compare_faces_job(card: bytes, live: bytes) -> FaceResult:
    """In the worker: compare the card's portrait with the live still."""
    from kiosk.vision import face_match

    result = face_match.compare(_decode(card), _decode(live))
    return FaceResult(result.distance, result.verdict, _jpeg(result.card_chip), _jpeg(result.live_chip))


def read_document_job(kind: DocumentKind, still: bytes) -> dict[CardField, str | None]:
    """In the worker: read the fields of one document still."""
    from kiosk.vision import card_reading

    readers = {
        DocumentKind.EKTP: card_reading.read_ektp,
        DocumentKind.SAVINGS_BOOK: card_reading.read_savings_book,
        DocumentKind.KPJ_CARD: card_reading.read_kpj_card,
    }
    return readers[kind](_decode(still)).fields


def count_faces_job(frame: np.ndarray) -> int:
    """In the worker: count the faces in one video frame."""
    from kiosk.vision.faces import count_faces

    return count_faces(frame)


def _use_scratch(folder: str) -> None:
    """In the worker, at its start: every temporary file (Tesseract's copies of a document image) goes into
    `folder`, which the console removes whole when it closes the worker."""
    tempfile.tempdir = folder


def _warm() -> None:
    from kiosk.vision import face_match

    face_match.warm_up()


class VisionWorker:
    """One worker process for the checks; every method is awaited from the caller's event loop."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._scratch: str | None = None

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # pytesseract writes the image it reads and Tesseract's output to temporary files: in a folder of
            # our own, so that nothing of a participant's document is left behind, even by a check cut short.
            self._scratch = tempfile.mkdtemp(prefix="kiosk-vision-")
            self._pool = ProcessPoolExecutor(
                max_workers=1,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_use_scratch,
                initargs=(self._scratch,),
            )
        return self._pool

    async def warm_up(self) -> None:
        """Start the process and load the face models now, not at the first comparison."""
        await asyncio.get_running_loop().run_in_executor(self._executor(), _warm)

    async def compare_faces(self, card: bytes, live: bytes) -> FaceResult:
        """Compare the e-KTP still's portrait with a live still (both JPEG)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor(), compare_faces_job, card, live)

    async def read_document(self, kind: DocumentKind, still: bytes) -> dict[CardField, str | None]:
        """Read one document still (JPEG) with the reader for `kind` (a `DocumentKind`)."""
        return await asyncio.get_running_loop().run_in_executor(self._executor(), read_document_job, kind, still)

    async def count_faces(self, frame: np.ndarray) -> int:
        """Count the faces in a video frame (BGR)."""
        # Scaled here to the size the count works at: the frame crosses to the worker as a copy, twice a second.
        small, _ = shrink(frame, FRAME_WIDTH)
        return await asyncio.get_running_loop().run_in_executor(self._executor(), count_faces_job, small)

    def close(self) -> None:
        """Stop the worker process (queued checks are dropped, one running is let finish, a few seconds at most)
        and remove its temporary files."""
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        if self._scratch is not None:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
