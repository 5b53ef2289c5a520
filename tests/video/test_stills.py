"""Document stills on generated images: sharp vs blurred, glare vs none, card vs no card, QR round trip."""

from __future__ import annotations

import asyncio
import hashlib
import io

import cv2
import numpy as np
import pytest
import segno

from kiosk.config import VideoSettings
from kiosk.video.camera import CARD_ASPECT, SyntheticCamera
from kiosk.video.stills import (
    StillProblem,
    assess_still,
    capture_still,
    choose_best,
    deskew_card,
    prepare_still,
    read_qr,
)

SETTINGS = VideoSettings()


@pytest.fixture(scope="module")
def card_frame() -> np.ndarray:
    return SyntheticCamera(1280, 720, card_visible=True, timecode=False).render(1.0)


@pytest.fixture(scope="module")
def empty_frame() -> np.ndarray:
    return SyntheticCamera(1280, 720, card_visible=False, timecode=False).render(1.0)


def test_sharp_card_passes(card_frame: np.ndarray) -> None:
    quality = assess_still(card_frame)
    assert quality.card_found
    assert quality.corners is not None
    assert quality.passes(SETTINGS), quality.problems(SETTINGS)


def test_blurred_card_is_refused_as_blurry(card_frame: np.ndarray) -> None:
    blurred = assess_still(cv2.GaussianBlur(card_frame, (0, 0), 4))
    assert StillProblem.BLURRY in blurred.problems(SETTINGS)
    assert blurred.sharpness < assess_still(card_frame).sharpness / 10


def test_glare_on_the_card_is_refused(card_frame: np.ndarray) -> None:
    quality = assess_still(card_frame)
    assert quality.corners is not None
    xs, ys = zip(*quality.corners, strict=True)
    glared = card_frame.copy()
    cv2.circle(glared, (int(sum(xs) / 4), int(sum(ys) / 4)), 60, (255, 255, 255), -1)
    result = assess_still(glared)
    assert result.glare_ratio > SETTINGS.still_max_glare_ratio
    assert StillProblem.GLARE in result.problems(SETTINGS)
    assert quality.glare_ratio <= SETTINGS.still_max_glare_ratio


def test_no_card_is_reported(empty_frame: np.ndarray) -> None:
    quality = assess_still(empty_frame)
    assert not quality.card_found
    assert StillProblem.NO_CARD in quality.problems(SETTINGS)
    assert StillProblem.NO_CARD not in quality.problems(SETTINGS, require_card=False)


def test_darkness_is_reported(card_frame: np.ndarray) -> None:
    dark = (card_frame * 0.15).astype(np.uint8)
    assert StillProblem.TOO_DARK in assess_still(dark).problems(SETTINGS)


def test_best_of_recent_frames_prefers_the_sharp_one(card_frame: np.ndarray, empty_frame: np.ndarray) -> None:
    blurred = cv2.GaussianBlur(card_frame, (0, 0), 3)
    chosen = choose_best([blurred, empty_frame, card_frame], SETTINGS)
    assert chosen is not None
    assert chosen[0] is card_frame


def test_deskewed_card_has_the_id1_shape(card_frame: np.ndarray) -> None:
    quality = assess_still(card_frame)
    assert quality.corners is not None
    card = deskew_card(card_frame, quality.corners)
    assert card.shape[1] / card.shape[0] == pytest.approx(CARD_ASPECT, rel=0.02)
    # Straightened: the card's text header is near the top, so the top rows are brighter than the frame's wall.
    assert card.mean() > 150


def test_prepared_still_is_a_jpeg_of_the_card(card_frame: np.ndarray) -> None:
    still = prepare_still([card_frame], SETTINGS)
    assert still is not None and still.ok
    assert still.jpeg[:2] == b"\xff\xd8"
    assert hashlib.sha256(still.jpeg).hexdigest() == still.sha256
    decoded = cv2.imdecode(np.frombuffer(still.jpeg, np.uint8), cv2.IMREAD_COLOR)
    assert decoded.shape[:2] == (still.height, still.width)


def test_capture_still_from_a_camera() -> None:
    async def run() -> None:
        with SyntheticCamera(1280, 720, 30, card_visible=True) as camera:
            still = await capture_still(camera, SETTINGS, samples=3, interval_s=0.05)
        assert still is not None and still.ok, still and still.problems

    asyncio.run(run())


def test_qr_round_trip() -> None:
    buffer = io.BytesIO()
    segno.make_qr("BK-2026-000123").save(buffer, kind="png", scale=8, border=4)
    qr = cv2.imdecode(np.frombuffer(buffer.getvalue(), np.uint8), cv2.IMREAD_COLOR)
    scene = SyntheticCamera(1280, 720, timecode=False).render(0.5)
    scene[100 : 100 + qr.shape[0], 100 : 100 + qr.shape[1]] = qr
    assert read_qr(scene) == "BK-2026-000123"


def test_no_qr_reads_none(empty_frame: np.ndarray) -> None:
    assert read_qr(empty_frame) is None
