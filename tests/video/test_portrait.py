"""The ID card's portrait and the live face are cut to one frame, so the officer compares them at one scale."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from kiosk.video import portrait
from kiosk.video.camera import CARD_ASPECT
from kiosk.video.portrait import card_portrait, is_card, layout_box, live_portrait, portrait_box, portrait_jpeg


def _card(width: int = 856) -> np.ndarray:
    height = round(width / CARD_ASPECT)
    card = np.full((height, width, 3), 230, np.uint8)
    cv2.rectangle(card, (int(0.72 * width), int(0.22 * height)), (int(0.95 * width), int(0.76 * height)),
                  (60, 60, 200), -1)
    return card


def test_without_a_face_detector_the_card_photo_is_cut_from_the_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portrait, "find_face", lambda image: None)
    card = _card()
    assert is_card(card)
    cut = card_portrait(card)
    assert cut is not None
    assert cut.shape[0] / cut.shape[1] == pytest.approx(4 / 3, abs=0.02)
    assert cut.shape[1] == pytest.approx(0.27 * card.shape[1], rel=0.05)  # the photo column, not the card
    assert tuple(int(v) for v in cut[cut.shape[0] // 2, cut.shape[1] // 2]) == (60, 60, 200)


def test_a_found_face_is_framed_alike_on_the_card_and_live(monkeypatch: pytest.MonkeyPatch) -> None:
    card = _card()
    live = np.zeros((720, 1280, 3), np.uint8)
    # The card is searched on its photo half only (428 px wide): a 100 px face there; a 240 px one live.
    faces = {428: (232, 150, 100, 100), 1280: (560, 200, 240, 240)}
    monkeypatch.setattr(portrait, "find_face", lambda image: faces.get(image.shape[1]))
    on_card, in_booth = card_portrait(card), live_portrait(live)
    assert on_card is not None
    # Same frame: the face is the same share of each portrait's width, whatever the pictures' sizes.
    assert on_card.shape[1] / 100 == pytest.approx(in_booth.shape[1] / 240, rel=0.03)
    assert on_card.shape[0] / on_card.shape[1] == pytest.approx(in_booth.shape[0] / in_booth.shape[1], abs=0.02)


def test_the_portrait_stays_inside_the_picture() -> None:
    x, y, w, h = portrait_box((300, 400, 3), (350, 0, 60, 60))  # a face at the top right corner
    assert x >= 0 and x + w <= 400 and y >= 0 and y + h <= 300
    x, y, w, h = portrait_box((100, 100, 3), (0, 0, 100, 100))  # a face filling the picture: shrunk to fit
    assert w <= 100 and h <= 100


def test_a_layout_box_is_three_by_four_inside_the_card() -> None:
    x, y, w, h = layout_box((540, 856, 3))
    assert h / w == pytest.approx(4 / 3, abs=0.01) and x + w <= 856 and y + h <= 540


def test_a_broken_or_faceless_still_gives_no_portrait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(portrait, "find_face", lambda image: None)
    assert portrait_jpeg(b"not an image", True) is None
    _, square = cv2.imencode(".png", np.zeros((300, 300, 3), np.uint8))
    assert portrait_jpeg(bytes(square.tobytes()), True) is None  # not card-shaped, no face: shown whole
    assert portrait_jpeg(bytes(square.tobytes()), False) is not None  # a live still is framed on its centre
