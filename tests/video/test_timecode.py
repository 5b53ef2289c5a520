"""The burnt-in capture time survives scaling and lossy compression and is refused when damaged."""

from __future__ import annotations

import cv2
import numpy as np

from kiosk.video.timecode import age_ms, burn_timecode, read_timecode


def _frame(width: int = 1280, height: int = 720) -> np.ndarray:
    rng = np.random.default_rng(1)
    return rng.integers(40, 200, (height, width, 3), dtype=np.uint8)


def test_round_trip_at_full_size() -> None:
    image = _frame()
    value = burn_timecode(image, 123_456_789)
    assert value == 123_456_789
    assert read_timecode(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)) == 123_456_789


def test_survives_thumbnail_scaling_and_jpeg() -> None:
    image = _frame()
    burn_timecode(image, 4_000_000_001)
    small = cv2.resize(image, (320, 180), interpolation=cv2.INTER_AREA)
    ok, data = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 30])
    assert ok
    decoded = cv2.imdecode(data, cv2.IMREAD_GRAYSCALE)
    assert read_timecode(decoded) == 4_000_000_001


def test_frame_without_code_reads_none() -> None:
    assert read_timecode(cv2.cvtColor(_frame(), cv2.COLOR_BGR2GRAY)) is None


def test_damaged_code_is_refused() -> None:
    image = _frame()
    burn_timecode(image, 77)
    side = image.shape[1] // 40
    # Flip one data bit: the check bits no longer match.
    block = image[:side, 10 * side : 11 * side]
    block[:] = 255 - block
    assert read_timecode(cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)) is None


def test_age_wraps_around() -> None:
    assert age_ms(2**32 - 10, now=5) == 15
