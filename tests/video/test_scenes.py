"""The synthetic booth scene drawn without a camera: full size, moving, and a card only when one is held up."""

from __future__ import annotations

import numpy as np

from kiosk.video.camera import CARD_ASPECT
from kiosk.video.scenes import BoothScene


def test_scene_is_full_size_and_moves() -> None:
    scene = BoothScene(320, 240, card_aspect=CARD_ASPECT)
    first, later = scene.render(0.0), scene.render(1.0)
    assert first.shape == (240, 320, 3) and first.dtype == np.uint8
    assert not np.array_equal(first, later)


def test_card_appears_only_when_held_up() -> None:
    scene = BoothScene(640, 360, card_aspect=CARD_ASPECT)
    bare, holding = scene.render(0.5), scene.render(0.5, card_visible=True)
    assert np.array_equal(bare, scene.render(0.5))  # the same moment draws the same picture
    changed = np.any(bare != holding, axis=2)
    # The card sits right of the figure and covers a good part of the frame, nothing more.
    assert 0.03 < changed.mean() < 0.2
    assert changed[:, 320:].sum() > changed[:, :320].sum()


def test_seeds_differ() -> None:
    one = BoothScene(320, 240, card_aspect=CARD_ASPECT, seed=1).render(0.0)
    two = BoothScene(320, 240, card_aspect=CARD_ASPECT, seed=2).render(0.0)
    assert not np.array_equal(one, two)
